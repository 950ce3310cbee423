//! The deciders' queue of country affiliation requests (`/affiliations`): staff and admins
//! see every country's, focal points their countries'. Plain forms posted to
//! `/affiliations/{id}/decide`.

use super::load;
use crate::model::refusal::Refusal;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::account::get_affiliation_queue;
use crate::dates::day;
use crate::i18n::{use_locale, Locale};
use crate::model::affiliation::{AffiliationQueue, AffiliationStatus, MAX_NOTE_CHARS};
use crate::tr;

#[component]
pub fn AffiliationsPage() -> impl IntoView {
    let locale = use_locale();
    let query = use_query_map();
    let q = query.read_untracked();
    let done = q.get("done").and_then(|d| match d.as_str() {
        "approved" => Some(tr!(locale, "affiliation.done_approved")),
        "declined" => Some(tr!(locale, "affiliation.done_declined")),
        _ => None,
    });
    let error = q.get("error").map(|e| Refusal::message_for(&e, locale));
    let outcome = super::form_outcome(done, error);
    let data = Resource::new_blocking(|| (), |_| get_affiliation_queue());
    view! {
        <Title text=tr!(locale, "affiliation.queue_title") />
        <h1>{tr!(locale, "affiliation.queue_title")}</h1>
        {outcome}
        {load(data, move |q| queue(locale, q))}
    }
}

fn queue(locale: Locale, q: AffiliationQueue) -> impl IntoView {
    let intro = if q.all_countries {
        tr!(locale, "affiliation.queue_intro_all")
    } else {
        tr!(locale, "affiliation.queue_intro_focal")
    };
    view! {
        <p class="lead">{intro}</p>
        {q.pending.is_empty().then(|| view! { <p>{tr!(locale, "affiliation.queue_none")}</p> })}
        <ul class="cards">
            {q.pending.into_iter().map(|r| {
                let reason_id = format!("aff-reason-{}", r.id);
                view! {
                    <li class="card">
                        <h2 class="card-title">
                            <a href=format!("/people/{}", r.username)>{r.display_name.clone()}</a>
                            " → "{r.country.get(locale).to_string()}
                        </h2>
                        <p class="meta">
                            <span>{format!("@{}", r.username)}</span>
                            {(!r.organisation.is_empty()).then(|| view! { <span>{r.organisation.clone()}</span> })}
                            {r.email.clone().map(|e| view! { <span>{e}</span> })}
                            <span>{tr!(locale, "affiliation.asked_on", date = day(r.created_at))}</span>
                        </p>
                        {(!r.note.is_empty()).then(|| view! { <p>{r.note.clone()}</p> })}
                        <form method="post" action=format!("/affiliations/{}/decide", r.id) class="stacked">
                            <label for=reason_id.clone()>{tr!(locale, "affiliation.decision_reason")}</label>
                            <input id=reason_id name="reason" type="text" maxlength=MAX_NOTE_CHARS.to_string() />
                            <div class="actions">
                                <button type="submit" name="decision" value="approve" class="primary">{tr!(locale, "affiliation.approve")}</button>
                                <button type="submit" name="decision" value="decline" class="secondary">{tr!(locale, "affiliation.decline")}</button>
                            </div>
                        </form>
                    </li>
                }
            }).collect_view()}
        </ul>
        {(!q.recent.is_empty()).then(|| view! {
            <h2>{tr!(locale, "affiliation.recent")}</h2>
            <div class="table-wrap">
                <table class="data">
                    <thead><tr>
                        <th scope="col">{tr!(locale, "affiliation.col_person")}</th>
                        <th scope="col">{tr!(locale, "affiliation.col_country")}</th>
                        <th scope="col">{tr!(locale, "affiliation.col_decision")}</th>
                        <th scope="col">{tr!(locale, "affiliation.col_by")}</th>
                        <th scope="col">{tr!(locale, "affiliation.col_date")}</th>
                    </tr></thead>
                    <tbody>
                        {q.recent.into_iter().map(|r| view! {
                            <tr>
                                <td>{r.display_name.clone()}" "<span class="meta">{format!("@{}", r.username)}</span></td>
                                <td>{r.country.get(locale).to_string()}</td>
                                <td>
                                    {match r.status {
                                        AffiliationStatus::Approved => tr!(locale, "affiliation.status_approved"),
                                        _ => tr!(locale, "affiliation.status_declined"),
                                    }}
                                    {(!r.reason.is_empty()).then(|| format!(" — {}", r.reason))}
                                </td>
                                <td>{r.decided_by.clone().unwrap_or_default()}</td>
                                <td>{r.decided_at.map(day).unwrap_or_default()}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        })}
    }
}
