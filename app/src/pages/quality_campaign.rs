//! A campaign: its instrument, period, lead and assessors; the area scores of its closed
//! assessments as a chart rendered on the server (median and range per area, the
//! self-assessed median beside it) with the same figures as a table; medians by region;
//! the weakest criteria; and every service with its step, respondent and scores. Its
//! results download as CSV; the country's publishers may publish them to the library.

use leptos::prelude::*;
use leptos_meta::Title;

use super::load;
use super::quality::{label, nav, outcome, status_label};
use crate::api::quality::read_campaign;
use crate::i18n::{use_locale, Locale};
use crate::model::quality::{percent, text_in, CampaignPage, Instrument, Spread};
use crate::tr;

#[component]
pub fn CampaignView() -> impl IntoView {
    let page = Resource::new_blocking(super::id_and_form(), |(id, form)| read_campaign(id, form));
    view! { {load(page, move |p| view! { <Campaign page=p /> })} }
}

fn area_name(instrument: &Instrument, code: &str, locale: Locale) -> String {
    instrument
        .items
        .iter()
        .find(|i| i.kind == "area" && i.code == code)
        .map(|i| text_in(&i.text, locale).to_string())
        .unwrap_or_else(|| code.to_string())
}

fn range(s: &Option<Spread>) -> String {
    s.as_ref()
        .map_or_else(|| "—".into(), |s| format!("{:.0}–{:.0} %", s.min, s.max))
}

/// Verified area scores across closed assessments: for each area the range (bar) and
/// median (mark), the self-assessed median as a hollow mark; the same as a table.
pub fn area_chart(
    locale: Locale,
    instrument: &Instrument,
    areas: &[(String, Option<Spread>, Option<Spread>)],
) -> AnyView {
    let (label_w, row_h, scale) = (60.0, 30.0, 2.5);
    let height = areas.len() as f64 * row_h + 30.0;
    let rows = areas
        .iter()
        .enumerate()
        .map(|(i, (code, verified, own))| {
            let y = i as f64 * row_h + 5.0;
            let x = |v: f64| label_w + v * scale;
            let range_bar = verified.as_ref().map(|s| {
                view! {
                    <rect x=x(s.min) y=y + 5.0 width=((s.max - s.min) * scale).max(2.0) height="10" class="chart-bar" />
                    <rect x=x(s.median) - 2.0 y=y width="4" height="20" class="chart-median" />
                }
            });
            let own_mark = own.as_ref().map(|s| {
                view! { <circle cx=x(s.median) cy=y + 10.0 r="5" class="chart-self" /> }
            });
            view! {
                <text x="0" y=y + 15.0 class="chart-label">{code.clone()}</text>
                <rect x=label_w y=y + 5.0 width=100.0 * scale height="10" class="chart-track" />
                {range_bar}
                {own_mark}
                <title>{area_name(instrument, code, locale)}</title>
            }
        })
        .collect_view();
    let axis_y = areas.len() as f64 * row_h + 20.0;
    let ticks = [0, 25, 50, 75, 100]
        .into_iter()
        .map(|t| view! { <text x=label_w + t as f64 * scale - 8.0 y=axis_y class="chart-value">{format!("{t}%")}</text> })
        .collect_view();
    let table_rows = areas
        .iter()
        .map(|(code, verified, own)| {
            view! {
                <tr>
                    <th scope="row">{code.clone()}" "{area_name(instrument, code, locale)}</th>
                    <td>{percent(verified.as_ref().map(|s| s.median))}</td>
                    <td>{range(verified)}</td>
                    <td>{verified.as_ref().map_or(0, |s| s.n)}</td>
                    <td>{percent(own.as_ref().map(|s| s.median))}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <figure class="chart chart-wide">
            <svg viewBox=format!("0 0 {} {height}", label_w + 100.0 * scale + 20.0) role="img" aria-labelledby="areas-caption" class="bar-chart">
                {rows}
                {ticks}
            </svg>
            <figcaption id="areas-caption">{tr!(locale, "quality.chart_caption")}</figcaption>
            <table class="chart-data">
                <thead><tr>
                    <th scope="col">{tr!(locale, "quality.area")}</th>
                    <th scope="col">{tr!(locale, "quality.median")}</th>
                    <th scope="col">{tr!(locale, "quality.range")}</th>
                    <th scope="col">{tr!(locale, "quality.services_n")}</th>
                    <th scope="col">{tr!(locale, "quality.self_median")}</th>
                </tr></thead>
                <tbody>{table_rows}</tbody>
            </table>
        </figure>
    }
    .into_any()
}

#[component]
fn Campaign(page: CampaignPage) -> impl IntoView {
    let locale = use_locale();
    let s = &page.summary;
    let i = &page.instrument;
    let area_codes = i.area_codes();
    let any_closed = page.scores.areas.iter().any(|(_, v, _)| v.is_some());
    let results = if any_closed {
        let region_rows = page
            .scores
            .regions
            .iter()
            .map(|(r, medians)| {
                view! {
                    <tr><th scope="row">{r.clone()}</th>{medians.iter().map(|m| view! { <td>{percent(*m)}</td> }).collect_view()}</tr>
                }
            })
            .collect_view();
        let weakest = page
            .scores
            .weakest
            .iter()
            .map(|c| {
                let text = i
                    .items
                    .iter()
                    .find(|x| x.id == c.criterion_id)
                    .map(|x| text_in(&x.text, locale).to_string())
                    .unwrap_or_default();
                view! {
                    <tr>
                        <th scope="row"><span class="code">{c.code.clone()}</span>" "{text}</th>
                        <td>{format!("{:.0} %", c.mean)}</td>
                        <td>{format!("{} / {}", c.not_met, c.rated)}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            {area_chart(locale, i, &page.scores.areas)}
            <h3>{tr!(locale, "quality.regions")}</h3>
            <table class="list">
                <thead><tr><th scope="col">{tr!(locale, "quality.region")}</th>
                    {area_codes.iter().map(|c| view! { <th scope="col">{c.clone()}</th> }).collect_view()}
                </tr></thead>
                <tbody>{region_rows}</tbody>
            </table>
            <h3>{tr!(locale, "quality.weakest")}</h3>
            <table class="list">
                <thead><tr>
                    <th scope="col">{tr!(locale, "quality.criterion")}</th>
                    <th scope="col">{tr!(locale, "quality.mean")}</th>
                    <th scope="col">{tr!(locale, "quality.not_met_count")}</th>
                </tr></thead>
                <tbody>{weakest}</tbody>
            </table>
        }
        .into_any()
    } else {
        view! { <p class="empty">{tr!(locale, "quality.no_results")}</p> }.into_any()
    };
    let services = (!page.scores.services.is_empty()).then(|| {
        let rows = page
            .scores
            .services
            .iter()
            .map(|row| {
                let a = &row.assessment;
                let respondent = if page.can_manage {
                    view! {
                        <form method="post" action=format!("/quality/campaigns/{}/respondent", s.id) class="inline-form">
                            <input type="hidden" name="assessment" value=a.id.to_string() />
                            <input name="respondent" value=a.respondent.clone().unwrap_or_default() aria-label=tr!(locale, "quality.field_respondent") size="12" />
                            <button type="submit" class="secondary">{tr!(locale, "quality.save")}</button>
                        </form>
                    }
                    .into_any()
                } else {
                    view! { {a.respondent.clone().unwrap_or_else(|| "—".into())} }.into_any()
                };
                view! {
                    <tr>
                        <td><a href=format!("/quality/assessments/{}", a.id)>{a.service.clone()}</a></td>
                        <td>{a.region.clone()}</td>
                        <td>{status_label(locale, a.status)}</td>
                        <td>{respondent}</td>
                        {row.areas.iter().map(|x| view! { <td>{percent(x.verified.or(x.self_score))}</td> }).collect_view()}
                        <td>{row.disagreements}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <section id="services" aria-labelledby="services-title">
                <h2 id="services-title">{tr!(locale, "quality.services")}</h2>
                <p class="hint">{tr!(locale, "quality.services_scores_hint")}</p>
                <div class="table-scroll">
                    <table class="list">
                        <thead><tr>
                            <th scope="col">{tr!(locale, "quality.service")}</th>
                            <th scope="col">{tr!(locale, "quality.region")}</th>
                            <th scope="col">{tr!(locale, "quality.step")}</th>
                            <th scope="col">{tr!(locale, "quality.field_respondent")}</th>
                            {area_codes.iter().map(|c| view! { <th scope="col">{c.clone()}</th> }).collect_view()}
                            <th scope="col">{tr!(locale, "quality.disagreements")}</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            </section>
        }
        .into_any()
    });
    let publish = page.can_publish.then(|| {
        view! { <a class="button secondary" href=format!("/library/submit?campaign={}", s.id)>{tr!(locale, "quality.publish")}</a> }
            .into_any()
    });
    view! {
        <Title text=s.title.clone() />
        {nav(locale)}
        {outcome(locale)}
        <h1>{s.title.clone()}</h1>
        <table class="record">
            <tbody>
                <tr><th scope="row">{label(locale, "field", "country")}</th><td>{s.country.get(locale).to_string()}</td></tr>
                <tr><th scope="row">{tr!(locale, "quality.instrument")}</th><td>
                    <a href=format!("/quality/versions/{}", i.version_id)>{text_in(&i.name, locale).to_string()}" · "{tr!(locale, "quality.version", n = i.number.to_string())}</a>
                </td></tr>
                <tr><th scope="row">{tr!(locale, "quality.period")}</th><td>{format!("{} – {}", s.starts_on, s.ends_on)}</td></tr>
                <tr><th scope="row">{tr!(locale, "quality.lead")}</th><td>{s.lead.clone()}</td></tr>
                <tr><th scope="row">{tr!(locale, "quality.assessors")}</th><td>{page.assessors.join(", ")}</td></tr>
                <tr><th scope="row">{tr!(locale, "quality.progress")}</th><td>{tr!(locale, "quality.closed_of", closed = s.closed.to_string(), n = s.services.to_string())}</td></tr>
            </tbody>
        </table>
        <section id="results" aria-labelledby="results-title">
            <h2 id="results-title">{tr!(locale, "quality.results")}</h2>
            {results}
            <p class="actions">
                <a class="button secondary" href=format!("/quality/campaigns/{}/results.csv", s.id) download>{tr!(locale, "quality.download_csv")}</a>
                {publish}
            </p>
        </section>
        {services}
    }
}
