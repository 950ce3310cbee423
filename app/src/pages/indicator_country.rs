//! A country's page for one indicator: its series against its baseline and target as a
//! chart with its table, every value with where it came from, its status and the values
//! it replaced; the technical-assistance requests about it; and, for staff and the
//! country's focal points, the forms that enter or correct a value, set the goal and the
//! availability (staff also validate). Plain forms posting to `server::indicators`.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::indicator_charts::{series, with_unit};
use super::indicators::{availability_label, label, nav, origin_label, outcome, status_label};
use super::load;
use crate::api::indicators::read_country_series;
use crate::components::format::day;
use crate::i18n::use_locale;
use crate::model::indicator::{show, CountrySeries, AVAILABILITY};
use crate::model::plan::KeptForm;
use crate::tr;

#[component]
pub fn IndicatorCountryView() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let page = Resource::new_blocking(
        move || {
            let p = params.read();
            (
                p.get("code").unwrap_or_default(),
                p.get("country").unwrap_or_default(),
                query.read().get("form"),
            )
        },
        |(code, country, form)| read_country_series(code, country, form),
    );
    view! { {load(page, move |s| view! { <Series page=s /> })} }
}

#[component]
fn Series(page: CountrySeries) -> impl IntoView {
    let locale = use_locale();
    let d = page.definition.clone();
    let country = page.country.get(locale).to_string();
    let title = format!("{} — {country}", d.name(locale));
    let base = format!("/indicators/{}/{}", d.code, page.country.code);
    let unit = d.unit.clone();
    let chart = series(locale, &page.values, page.goal.as_ref(), &unit);
    let number = |v: Option<f64>| v.map(show).unwrap_or_default();
    let rows = page
        .values
        .iter()
        .map(|v| {
            let validate = (page.can_validate && v.status != "validated").then(|| {
                view! {
                    <form method="post" action=format!("/indicators/values/{}/validate", v.id) class="inline">
                        <button type="submit">{tr!(locale, "indicators.validate")}</button>
                    </form>
                }
            });
            let provenance = match v.plan {
                Some(plan) => view! { <a href=format!("/plans/{plan}")>{origin_label(locale, &v.origin)}</a> }.into_any(),
                None => view! { <span>{origin_label(locale, &v.origin)}</span> }.into_any(),
            };
            let history = (!v.history.is_empty()).then(|| {
                let items = v
                    .history
                    .iter()
                    .map(|h| view! {
                        <li>
                            {with_unit(h.value, &unit)}
                            {h.numerator.map(|n| format!(" ({} / {})", show(n), number(h.denominator)))}
                            " · "{status_label(locale, &h.status)}" · "{h.entered_by.clone().unwrap_or_default()}" "<time>{day(h.entered_at)}</time>
                            " → "{tr!(locale, "indicators.replaced_by", who = h.replaced_by.clone().unwrap_or_default())}" "<time>{day(h.replaced_at)}</time>
                        </li>
                    })
                    .collect_view();
                view! {
                    <details>
                        <summary>{tr!(locale, "indicators.corrections", count = v.history.len().to_string())}</summary>
                        <ul class="history">{items}</ul>
                    </details>
                }
            });
            view! {
                <tr id=format!("value-{}", v.id)>
                    <td>{v.period.clone()}</td>
                    <td>{if v.disaggregation.is_empty() { tr!(locale, "indicators.total") } else { v.disaggregation.clone() }}</td>
                    <td class="number">{with_unit(v.value, &unit)}</td>
                    <td class="number">{number(v.numerator)}</td>
                    <td class="number">{number(v.denominator)}</td>
                    <td><span class=format!("badge value-{}", v.status)>{status_label(locale, &v.status)}</span>{validate}</td>
                    <td>
                        {provenance}" · "{v.source.clone()}
                        <br /><span class="meta">{v.entered_by.clone().unwrap_or_default()}" · "<time>{day(v.entered_at)}</time></span>
                        {v.validated_by.clone().map(|w| view! { <br /><span class="meta">{tr!(locale, "indicators.validated_by", who = w)}</span> })}
                        {history}
                    </td>
                </tr>
            }
        })
        .collect_view();
    let table = if page.values.is_empty() {
        view! { <p class="empty">{tr!(locale, "indicators.no_values")}</p> }.into_any()
    } else {
        view! {
            <div class="table-scroll">
                <table class="values">
                    <caption class="visually-hidden">{tr!(locale, "indicators.values_title")}</caption>
                    <thead><tr>
                        <th scope="col">{tr!(locale, "indicators.period")}</th>
                        <th scope="col">{tr!(locale, "indicators.field_disaggregation")}</th>
                        <th scope="col">{tr!(locale, "indicators.value")}</th>
                        <th scope="col">{tr!(locale, "indicators.field_numerator")}</th>
                        <th scope="col">{tr!(locale, "indicators.field_denominator")}</th>
                        <th scope="col">{tr!(locale, "indicators.status")}</th>
                        <th scope="col">{tr!(locale, "indicators.provenance")}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    let goal = page.goal.clone().unwrap_or_default();
    let kept = page.kept.clone();
    let typed = move |key: &str, name: &str, now: String| {
        KeptForm::value(kept.as_ref(), key, name).unwrap_or(now)
    };
    let open = |key: &str| page.kept.as_ref().is_some_and(|k| k.key == key);
    let forms = page.can_enter.then(|| {
        let t = typed.clone();
        let value_form = view! {
            <details class="add" open=open("value") id="enter-value">
                <summary>{tr!(locale, "indicators.enter_value")}</summary>
                <form class="stacked" method="post" action=format!("{base}/values")>
                    <p class="hint">{tr!(locale, "indicators.enter_hint")}</p>
                    <label for="v-period">{tr!(locale, "indicators.period")}</label>
                    <input id="v-period" name="period" required maxlength="10" placeholder=label(locale, "period_example", &d.frequency) value=t("value", "period", String::new()) />
                    <label for="v-disaggregation">{tr!(locale, "indicators.field_disaggregation")}</label>
                    <input id="v-disaggregation" name="disaggregation" maxlength="200" placeholder="sex=female" value=t("value", "disaggregation", String::new()) />
                    <label for="v-value">{tr!(locale, "indicators.value")}</label>
                    <input id="v-value" name="value" inputmode="decimal" maxlength="30" value=t("value", "value", String::new()) />
                    {d.ratio.then(|| view! {
                        <label for="v-numerator">{tr!(locale, "indicators.field_numerator")}</label>
                        <input id="v-numerator" name="numerator" inputmode="decimal" maxlength="30" value=t("value", "numerator", String::new()) />
                        <label for="v-denominator">{tr!(locale, "indicators.field_denominator")}</label>
                        <input id="v-denominator" name="denominator" inputmode="decimal" maxlength="30" value=t("value", "denominator", String::new()) />
                    })}
                    <label for="v-source">{tr!(locale, "indicators.field_source")}</label>
                    <input id="v-source" name="source" maxlength="300" value=t("value", "source", String::new()) />
                    <button type="submit" class="primary">{tr!(locale, "indicators.save_value")}</button>
                </form>
            </details>
        }
        .into_any();
        let t = typed.clone();
        let (status, system) = page.availability.clone().unwrap_or_default();
        let chosen = t("availability", "availability", status);
        let statuses = AVAILABILITY
            .iter()
            .map(|s| view! { <option value=*s selected=*s == chosen>{availability_label(locale, s)}</option> })
            .collect_view();
        view! {
            {value_form}
            <details class="add" open=open("goal")>
                <summary>{tr!(locale, "indicators.set_goal")}</summary>
                <form class="stacked" method="post" action=format!("{base}/goal")>
                    <label for="g-baseline">{tr!(locale, "indicators.baseline")}</label>
                    <input id="g-baseline" name="baseline" inputmode="decimal" maxlength="30" value=t("goal", "baseline", goal.baseline.map(show).unwrap_or_default()) />
                    <label for="g-baseline-period">{tr!(locale, "indicators.baseline_period")}</label>
                    <input id="g-baseline-period" name="baseline_period" maxlength="10" value=t("goal", "baseline_period", goal.baseline_period.clone()) />
                    <label for="g-target">{tr!(locale, "indicators.target")}</label>
                    <input id="g-target" name="target" inputmode="decimal" maxlength="30" value=t("goal", "target", goal.target.map(show).unwrap_or_default()) />
                    <label for="g-target-period">{tr!(locale, "indicators.target_period")}</label>
                    <input id="g-target-period" name="target_period" maxlength="10" value=t("goal", "target_period", goal.target_period.clone()) />
                    <button type="submit" class="primary">{tr!(locale, "indicators.save_goal")}</button>
                </form>
            </details>
            <details class="add" open=open("availability")>
                <summary>{tr!(locale, "indicators.set_availability")}</summary>
                <form class="stacked" method="post" action=format!("{base}/availability")>
                    <label for="a-status">{tr!(locale, "indicators.availability")}</label>
                    <select id="a-status" name="availability">{statuses}</select>
                    <label for="a-system">{tr!(locale, "indicators.field_system")}</label>
                    <input id="a-system" name="system" maxlength="200" value=t("availability", "system", system) />
                    <button type="submit" class="primary">{tr!(locale, "indicators.save_availability")}</button>
                </form>
            </details>
        }
        .into_any()
    });
    let goal_line = page.goal.as_ref().map(|g| {
        let part = |label: &str, v: Option<f64>, p: &str| {
            v.map(|v| format!("{}: {} ({p})", tr!(locale, label), with_unit(v, &unit)))
        };
        let parts: Vec<String> = [
            part("indicators.baseline", g.baseline, &g.baseline_period),
            part("indicators.target", g.target, &g.target_period),
        ]
        .into_iter()
        .flatten()
        .collect();
        view! { <p class="goal">{parts.join(" · ")}</p> }
    });
    let availability = page.availability.as_ref().map(|(s, system)| {
        view! {
            <p>
                <span class=format!("badge heat-{s}")>{availability_label(locale, s)}</span>
                {(!system.is_empty()).then(|| format!(" · {system}"))}
            </p>
        }
    });
    let ask = page.can_ask.then(|| {
        view! { <p><a class="button secondary" href=format!("/requests/new?indicator={}", d.code)>{tr!(locale, "indicators.ask_help")}</a></p> }
    });
    let requests = (!page.requests.is_empty()).then(|| {
        let items = page
            .requests
            .iter()
            .map(|(id, title)| view! { <li><a href=format!("/requests/{id}")>{title.clone()}</a></li> })
            .collect_view();
        view! {
            <section aria-labelledby="requests-title">
                <h2 id="requests-title">{tr!(locale, "indicators.requests_title")}</h2>
                <ul>{items}</ul>
            </section>
        }
    });
    let export = format!(
        "/indicators/values.csv?indicator={}&country={}",
        d.code, page.country.code
    );
    view! {
        <Title text=title.clone() />
        {nav(locale, page.can_enter)}
        <p class="breadcrumb"><a href=format!("/indicators/{}", d.code)>{d.name(locale)}</a></p>
        {outcome(locale)}
        <h1>{title}</h1>
        {goal_line}
        {availability}
        {chart}
        <section aria-labelledby="values-title">
            <h2 id="values-title">{tr!(locale, "indicators.values_title")}</h2>
            {table}
            <p><a href=export>{tr!(locale, "indicators.export_view")}</a></p>
        </section>
        {requests}
        {ask}
        {forms}
    }
}
