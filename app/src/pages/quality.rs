//! The quality page: what waits for the viewer (self-assessments to fill, verifications,
//! assessments to close), the campaigns they may see, the instruments and their
//! versions, and — for staff and focal points — the form that starts a campaign. Also
//! the area's shared pieces: its navigation, form outcomes, labels.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{keyed, load};
use crate::api::quality::read_quality;
use crate::i18n::{use_locale, Locale};
use crate::model::plan::KeptForm;
use crate::model::quality::{text_in, AssessmentStatus, AssessmentSummary, QualityHome};
use crate::tr;

/// A label of the area: `quality.{group}_{code}` (statuses, sources, fields…).
pub fn label(locale: Locale, group: &str, code: &str) -> String {
    keyed(locale, &format!("quality.{group}_{code}"), code)
}

pub fn status_label(locale: Locale, s: AssessmentStatus) -> String {
    label(locale, "status", s.as_str())
}

/// The outcome of the form post that led here.
pub fn outcome(locale: Locale) -> impl IntoView {
    let done = [
        "saved",
        "submitted",
        "verified",
        "closed",
        "copied",
        "deleted",
    ];
    super::outcome_of(locale, &done, move |group, code| label(locale, group, code))
}

pub fn nav(locale: Locale) -> impl IntoView {
    view! {
        <nav class="subnav" aria-label=tr!(locale, "quality.title")>
            <a href="/quality">{tr!(locale, "quality.title")}</a>
            <a href="/quality#campaigns">{tr!(locale, "quality.campaigns")}</a>
            <a href="/quality#instruments">{tr!(locale, "quality.instruments")}</a>
        </nav>
    }
}

/// The value a kept form had in field `name`, else `default`.
pub fn kept_or(kept: Option<&KeptForm>, key: &str, name: &str, default: &str) -> String {
    KeptForm::value(kept, key, name).unwrap_or_else(|| default.to_string())
}

/// Whether a kept form had `value` among the values of field `name`.
pub fn kept_has(kept: Option<&KeptForm>, key: &str, name: &str, value: &str) -> Option<bool> {
    kept.filter(|k| k.key == key)
        .map(|k| k.fields.iter().any(|(n, v)| n == name && v == value))
}

#[component]
pub fn QualityView() -> impl IntoView {
    let query = use_query_map();
    let page = Resource::new_blocking(move || query.read().get("form"), read_quality);
    view! { {load(page, move |p| view! { <Home page=p /> })} }
}

fn task_line(locale: Locale, a: AssessmentSummary) -> impl IntoView {
    let what = match a.status {
        AssessmentStatus::SelfAssessment => tr!(locale, "quality.task_self"),
        AssessmentStatus::Submitted => tr!(locale, "quality.task_verify"),
        _ => tr!(locale, "quality.task_close"),
    };
    view! {
        <li>
            <a href=format!("/quality/assessments/{}", a.id)>{a.service.clone()}</a>
            " — "{what}
            <span class="meta">" · "{a.campaign.clone()}</span>
        </li>
    }
}

#[component]
fn Home(page: QualityHome) -> impl IntoView {
    let locale = use_locale();
    let title = tr!(locale, "quality.title");
    let tasks = if page.tasks.is_empty() {
        view! { <p class="empty">{tr!(locale, "quality.no_tasks")}</p> }.into_any()
    } else {
        view! { <ul class="tasks">{page.tasks.iter().cloned().map(|a| task_line(locale, a)).collect_view()}</ul> }
            .into_any()
    };
    let campaigns = if page.campaigns.is_empty() {
        view! { <p class="empty">{tr!(locale, "quality.no_campaigns")}</p> }.into_any()
    } else {
        let rows = page
            .campaigns
            .iter()
            .map(|c| {
                view! {
                    <tr>
                        <td><a href=format!("/quality/campaigns/{}", c.id)>{c.title.clone()}</a></td>
                        <td>{c.country.get(locale).to_string()}</td>
                        <td>{text_in(&c.instrument, locale).to_string()}" · v"{c.version_number}</td>
                        <td>{format!("{} – {}", c.starts_on, c.ends_on)}</td>
                        <td>{tr!(locale, "quality.closed_of", closed = c.closed.to_string(), n = c.services.to_string())}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <table class="list">
                <thead><tr>
                    <th scope="col">{tr!(locale, "quality.field_title")}</th>
                    <th scope="col">{tr!(locale, "quality.field_country")}</th>
                    <th scope="col">{tr!(locale, "quality.instrument")}</th>
                    <th scope="col">{tr!(locale, "quality.period")}</th>
                    <th scope="col">{tr!(locale, "quality.progress")}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        }
        .into_any()
    };
    let instruments = page
        .instruments
        .iter()
        .map(|i| {
            let versions = i
                .versions
                .iter()
                .map(|v| {
                    let state = if v.campaigns > 0 {
                        tr!(locale, "quality.used_by", n = v.campaigns.to_string())
                    } else {
                        tr!(locale, "quality.not_used")
                    };
                    view! {
                        <li>
                            <a href=format!("/quality/versions/{}", v.id)>{tr!(locale, "quality.version", n = v.number.to_string())}</a>
                            " — "{tr!(locale, "quality.counts", areas = v.areas.to_string(), criteria = v.criteria.to_string())}
                            " · "{state}
                            {(!v.note.is_empty()).then(|| view! { <span class="meta">" · "{v.note.clone()}</span> })}
                        </li>
                    }
                })
                .collect_view();
            view! {
                <li class="instrument">
                    <h3>{text_in(&i.name, locale).to_string()}</h3>
                    <ul>{versions}</ul>
                </li>
            }
        })
        .collect_view();
    let instruments = instruments.into_any();
    let new_instrument = page
        .staff
        .then(|| new_instrument_form(locale, page.kept.as_ref()));
    let new_campaign = (!page.can_start_in.is_empty()).then(|| new_campaign_form(locale, &page));
    view! {
        <Title text=title.clone() />
        {nav(locale)}
        {outcome(locale)}
        <h1>{title}</h1>
        <p class="lead">{tr!(locale, "quality.intro")}</p>
        <section aria-labelledby="tasks-title">
            <h2 id="tasks-title">{tr!(locale, "quality.tasks")}</h2>
            {tasks}
        </section>
        <section id="campaigns" aria-labelledby="campaigns-title">
            <h2 id="campaigns-title">{tr!(locale, "quality.campaigns")}</h2>
            {campaigns}
            {new_campaign}
        </section>
        <section id="instruments" aria-labelledby="instruments-title">
            <h2 id="instruments-title">{tr!(locale, "quality.instruments")}</h2>
            <ul class="instruments">{instruments}</ul>
            {new_instrument}
        </section>
    }
}

fn new_instrument_form(locale: Locale, kept: Option<&KeptForm>) -> AnyView {
    let v = |name: &str| kept_or(kept, "instrument", name, "");
    let names = ["en", "es", "pt", "fr"]
        .into_iter()
        .map(|l| {
            let field = format!("name_{l}");
            view! {
                <label>{label(locale, "field", &field)}
                    <input name=field.clone() value=v(&field) maxlength="200" required=l == "en" />
                </label>
            }
        })
        .collect_view();
    view! {
        <details class="form-block" open=kept.is_some_and(|k| k.key == "instrument")>
            <summary>{tr!(locale, "quality.new_instrument")}</summary>
            <form method="post" action="/quality/instruments" class="stacked">
                <label>{label(locale, "field", "code")}
                    <input name="code" value=v("code") maxlength="24" required pattern="[A-Za-z0-9._-]+" />
                </label>
                {names}
                <button type="submit">{tr!(locale, "quality.new_instrument")}</button>
            </form>
        </details>
    }
    .into_any()
}

fn new_campaign_form(locale: Locale, page: &QualityHome) -> AnyView {
    let kept = page.kept.as_ref();
    let v = |name: &str, default: &str| kept_or(kept, "campaign", name, default);
    let chosen_country = v("country", &page.can_start_in[0].code);
    let countries = page
        .can_start_in
        .iter()
        .map(|c| {
            view! { <option value=c.code.clone() selected=c.code == chosen_country>{c.get(locale).to_string()}</option> }
        })
        .collect_view();
    let chosen_version = v("version", "");
    let versions = page
        .instruments
        .iter()
        .flat_map(|i| {
            let chosen_version = chosen_version.clone();
            i.versions.iter().map(move |ver| {
                let id = ver.id.to_string();
                let name = format!("{} · v{}", text_in(&i.name, locale), ver.number);
                view! { <option value=id.clone() selected=id == chosen_version>{name}</option> }
            })
        })
        .collect_view();
    let services = page
        .services
        .iter()
        .map(|(code, list)| {
            let country = page
                .can_start_in
                .iter()
                .find(|c| &c.code == code)
                .map(|c| c.get(locale).to_string())
                .unwrap_or_default();
            let boxes = list
                .iter()
                .map(|(id, name, region)| {
                    let id = id.to_string();
                    let checked = kept_has(kept, "campaign", "service", &id).unwrap_or(false);
                    view! {
                        <label class="check">
                            <input type="checkbox" name="service" value=id checked=checked />
                            {name.clone()}<span class="meta">" · "{region.clone()}</span>
                        </label>
                    }
                })
                .collect_view();
            view! {
                <fieldset class="services-pick">
                    <legend>{country}</legend>
                    {boxes}
                </fieldset>
            }
        })
        .collect_view();
    view! {
        <details class="form-block" id="new-campaign" open=kept.is_some_and(|k| k.key == "campaign")>
            <summary>{tr!(locale, "quality.new_campaign")}</summary>
            <form method="post" action="/quality/campaigns" class="stacked">
                <label>{label(locale, "field", "country")}<select name="country">{countries}</select></label>
                <label>{label(locale, "field", "version")}<select name="version" required>{versions}</select></label>
                <label>{label(locale, "field", "title")}<input name="title" value=v("title", "") maxlength="200" required /></label>
                <div class="pair">
                    <label>{label(locale, "field", "starts_on")}<input type="date" name="starts_on" value=v("starts_on", "") required /></label>
                    <label>{label(locale, "field", "ends_on")}<input type="date" name="ends_on" value=v("ends_on", "") required /></label>
                </div>
                <label>{label(locale, "field", "lead")}<input name="lead" value=v("lead", "") required /></label>
                <label>{label(locale, "field", "assessors")}<input name="assessors" value=v("assessors", "") required /></label>
                <p class="hint">{tr!(locale, "quality.services_hint")}</p>
                {services}
                <button type="submit">{tr!(locale, "quality.start_campaign")}</button>
            </form>
        </details>
    }
    .into_any()
}
