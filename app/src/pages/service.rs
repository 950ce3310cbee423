//! A treatment service's page: the whole record (identity, licence, place, contact and
//! hours, level and modalities, what it offers, who it serves, languages, payment,
//! capacity and waiting time), when it was last confirmed and whether that is too long
//! ago, the library documents that describe it, the history of its changes, and the
//! "report a correction" form. Editors also confirm it, edit it, link documents and
//! review the corrections readers sent.

use leptos::prelude::*;
use leptos_meta::Title;

use super::directory::{label, nav, outcome};
use super::load;
use crate::api::directory::read_service;
use crate::components::format::day;
use crate::i18n::use_locale;
use crate::model::service::{term_label, ServicePage, TERM_KINDS};
use crate::tr;

#[component]
pub fn ServiceView() -> impl IntoView {
    let page = Resource::new_blocking(super::id_and_form(), |(id, form)| read_service(id, form));
    view! { {load(page, move |p| view! { <Service page=p /> })} }
}

#[component]
fn Service(page: ServicePage) -> impl IntoView {
    let locale = use_locale();
    let r = page.record.clone();
    let id = r.id;
    let yes_no = |b: bool| {
        if b {
            tr!(locale, "directory.yes")
        } else {
            tr!(locale, "directory.no")
        }
    };
    let or_dash = |s: &str| {
        if s.is_empty() {
            "—".to_string()
        } else {
            s.to_string()
        }
    };
    let number = |n: Option<i64>| n.map_or_else(|| "—".to_string(), |n| n.to_string());
    let terms_of = |kind: &str| {
        let list: Vec<String> = r
            .terms(kind)
            .iter()
            .map(|c| term_label(&page.terms, kind, c, locale))
            .collect();
        if list.is_empty() {
            "—".to_string()
        } else {
            list.join(" · ")
        }
    };
    let term_rows = TERM_KINDS
        .iter()
        .map(|kind| {
            view! {
                <tr><th scope="row">{label(locale, "terms", kind)}</th><td>{terms_of(kind)}</td></tr>
            }
        })
        .collect_view();
    let place = r
        .latitude
        .zip(r.longitude)
        .map(|(lat, lon)| format!("{lat:.4}, {lon:.4}"))
        .unwrap_or_else(|| "—".to_string());
    let licence = if r.licence_number.is_empty() && r.licence_body.is_empty() {
        "—".to_string()
    } else {
        let mut parts = vec![r.licence_number.clone(), r.licence_body.clone()];
        if !r.licence_issued.is_empty() || !r.licence_expires.is_empty() {
            parts.push(format!("{} – {}", r.licence_issued, r.licence_expires));
        }
        parts.retain(|p| !p.is_empty());
        parts.join(" · ")
    };
    let record = view! {
        <table class="record">
            <tbody>
                <tr><th scope="row">{tr!(locale, "directory.level")}</th><td>{label(locale, "level", &r.level)}</td></tr>
                <tr><th scope="row">{label(locale, "field", "operator")}</th><td>{label(locale, "operator", &r.operator)}</td></tr>
                <tr><th scope="row">{tr!(locale, "directory.licence")}</th><td>{licence}</td></tr>
                <tr><th scope="row">{label(locale, "field", "address")}</th><td>{or_dash(&r.address)}</td></tr>
                <tr><th scope="row">{tr!(locale, "directory.region")}</th><td>{[r.district.clone(), r.region.clone(), page.country.get(locale).to_string()].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(", ")}</td></tr>
                <tr><th scope="row">{tr!(locale, "directory.coordinates")}</th><td>{place}</td></tr>
                <tr><th scope="row">{label(locale, "field", "phone")}</th><td>{or_dash(&r.phone)}</td></tr>
                <tr><th scope="row">{label(locale, "field", "email")}</th><td>{or_dash(&r.email)}</td></tr>
                <tr><th scope="row">{label(locale, "field", "website")}</th><td>{
                    if r.website.is_empty() { view! { "—" }.into_any() } else { view! { <a href=r.website.clone() rel="nofollow noopener">{r.website.clone()}</a> }.into_any() }
                }</td></tr>
                <tr><th scope="row">{label(locale, "field", "hours")}</th><td>{or_dash(&r.hours)}</td></tr>
                <tr><th scope="row">{tr!(locale, "directory.intake_24h")}</th><td>{yes_no(r.intake_24h)}</td></tr>
                <tr><th scope="row">{label(locale, "field", "services_offered")}</th><td>{or_dash(&r.services_offered)}</td></tr>
                {term_rows}
                <tr><th scope="row">{label(locale, "field", "beds")}</th><td>{number(r.beds)}</td></tr>
                <tr><th scope="row">{label(locale, "field", "outpatient_places")}</th><td>{number(r.outpatient_places)}</td></tr>
                <tr><th scope="row">{label(locale, "field", "waiting_days")}</th><td>{number(r.waiting_days)}</td></tr>
                <tr><th scope="row">{label(locale, "field", "public_listing")}</th><td>{yes_no(r.public_listing)}</td></tr>
            </tbody>
        </table>
    }
    .into_any();
    let editor_tools = page.can_edit.then(|| {
        view! {
            <div class="actions">
                <a class="button" href=format!("/directory/{id}/edit")>{tr!(locale, "directory.edit")}</a>
                <form method="post" action=format!("/directory/{id}/verify") class="inline">
                    <button type="submit">{tr!(locale, "directory.verify")}</button>
                </form>
            </div>
        }
    });
    let documents = {
        let list = page
            .documents
            .iter()
            .map(|d| {
                let remove = page.can_edit.then(|| {
                    view! {
                        <form method="post" action=format!("/directory/{id}/documents") class="inline">
                            <input type="hidden" name="document" value=d.slug.clone() />
                            <input type="hidden" name="remove" value="1" />
                            <button type="submit" class="link">{tr!(locale, "directory.unlink")}</button>
                        </form>
                    }
                });
                view! { <li><a href=format!("/library/{}", d.slug)>{d.title.clone()}</a>" "{remove}</li> }
            })
            .collect_view();
        let add = page.can_edit.then(|| {
            view! {
                <form method="post" action=format!("/directory/{id}/documents") class="stacked">
                    <label for="document">{tr!(locale, "directory.link_document")}</label>
                    <input id="document" name="document" required placeholder="/library/es/…" />
                    <button type="submit">{tr!(locale, "directory.link")}</button>
                </form>
            }
        });
        view! {
            <section id="documents" aria-labelledby="documents-title">
                <h2 id="documents-title">{tr!(locale, "directory.documents")}</h2>
                {if page.documents.is_empty() { Some(view! { <p class="empty">{tr!(locale, "directory.no_documents")}</p> }) } else { None }}
                <ul>{list}</ul>
                {add}
            </section>
        }
    }
    .into_any();
    let corrections = {
        let can_edit = page.can_edit;
        let items = page
            .corrections
            .iter()
            .map(|c| {
                let review = (can_edit && c.status == "open").then(|| {
                    view! {
                        <form method="post" action=format!("/directory/corrections/{}", c.id) class="stacked">
                            <label for=format!("response-{}", c.id)>{tr!(locale, "directory.response")}</label>
                            <textarea id=format!("response-{}", c.id) name="response" rows="2"></textarea>
                            <div class="actions">
                                <button type="submit" name="status" value="applied">{tr!(locale, "directory.applied")}</button>
                                <button type="submit" name="status" value="dismissed">{tr!(locale, "directory.dismissed")}</button>
                            </div>
                        </form>
                    }
                });
                view! {
                    <li class="correction">
                        <p class="meta">
                            {c.reporter.clone().unwrap_or_default()}" · "{day(c.reported_at)}" · "
                            <span class="badge">{label(locale, "correction", &c.status)}</span>
                        </p>
                        <p class="body">{c.body.clone()}</p>
                        {(!c.response.is_empty()).then(|| view! { <p class="meta">{c.reviewer.clone().unwrap_or_default()}": "{c.response.clone()}</p> })}
                        {review}
                    </li>
                }
            })
            .collect_view();
        let form = page.signed_in.then(|| {
            view! {
                <form method="post" action=format!("/directory/{id}/corrections") class="stacked">
                    <label for="correction">{tr!(locale, "directory.report_label")}</label>
                    <textarea id="correction" name="correction" rows="3" required maxlength="4000"></textarea>
                    <button type="submit">{tr!(locale, "directory.report")}</button>
                </form>
            }
        });
        view! {
            <section id="corrections" aria-labelledby="corrections-title">
                <h2 id="corrections-title">{tr!(locale, "directory.corrections")}</h2>
                <p>{tr!(locale, "directory.corrections_intro")}</p>
                <ul class="corrections">{items}</ul>
                {form}
                {(!page.signed_in).then(|| view! { <p><a href="/signin">{tr!(locale, "directory.sign_in_to_report")}</a></p> })}
            </section>
        }
    }
    .into_any();
    let history = page
        .history
        .iter()
        .map(|v| {
            let what = if v.changed.is_empty() {
                label(locale, "origin", &v.origin)
            } else {
                let fields: Vec<String> = v
                    .changed
                    .iter()
                    .map(|f| label(locale, "field", f))
                    .collect();
                format!(
                    "{}: {}",
                    label(locale, "origin", &v.origin),
                    fields.join(", ")
                )
            };
            view! {
                <tr>
                    <td class="number">{v.version}</td>
                    <td>{day(v.at)}</td>
                    <td>{v.by.clone().unwrap_or_default()}</td>
                    <td>{what}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <Title text=r.name.clone() />
        {nav(locale, page.can_edit)}
        {outcome(locale)}
        <h1>{r.name.clone()}</h1>
        <p class="meta">
            {tr!(locale, "directory.verified_on", date = r.verified_on.clone())}
            {page.stale.then(|| view! { " "<span class="badge warn">{tr!(locale, "directory.stale")}</span> })}
            {(!r.public_listing).then(|| view! { " "<span class="badge warn">{tr!(locale, "directory.unlisted")}</span> })}
        </p>
        {page.stale.then(|| view! { <p class="notice">{tr!(locale, "directory.stale_note")}</p> })}
        {editor_tools}
        {record}
        <section aria-labelledby="assessment-title">
            <h2 id="assessment-title">{tr!(locale, "directory.assessment")}</h2>
            {match page.assessment.clone() {
                Some(a) => view! {
                    <p>
                        <a href=format!("/quality/assessments/{}", a.id)>{tr!(locale, "quality.latest_assessment")}</a>
                        " · "{a.campaign.clone()}" · "{super::quality::status_label(locale, a.status)}
                    </p>
                }
                .into_any(),
                None => view! { <p class="empty">{tr!(locale, "directory.no_assessment")}</p> }.into_any(),
            }}
        </section>
        {documents}
        {corrections}
        <section aria-labelledby="history-title">
            <h2 id="history-title">{tr!(locale, "directory.history")}</h2>
            <div class="table-scroll">
                <table>
                    <thead><tr>
                        <th scope="col">{tr!(locale, "directory.version")}</th>
                        <th scope="col">{tr!(locale, "directory.when")}</th>
                        <th scope="col">{tr!(locale, "directory.who")}</th>
                        <th scope="col">{tr!(locale, "directory.what")}</th>
                    </tr></thead>
                    <tbody>{history}</tbody>
                </table>
            </div>
        </section>
    }
}
