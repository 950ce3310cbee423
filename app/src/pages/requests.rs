//! Technical assistance: what countries can ask the programme for and how; a signed-in
//! member's country's requests; and the form that files one. The words every request page
//! shares (status, urgency, refusals) live here too.

use super::load;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::ErrorMessage;
use crate::api::requests::{list_country_requests, open_request_form};
use crate::dates::day;
use crate::i18n::{use_locale, Locale};
use crate::model::request::{CountryRequests, RequestForm, RequestSummary, Status, Urgency};
use crate::tr;

pub use crate::model::request::TOPICS;

/// A topic's name in the reader's language.
pub fn topic_label(locale: Locale, topic: &str) -> String {
    match topic {
        "treatment_guidelines" => tr!(locale, "topic.treatment_guidelines"),
        "workforce_training" => tr!(locale, "topic.workforce_training"),
        "quality_assurance" => tr!(locale, "topic.quality_assurance"),
        "indicators" => tr!(locale, "topic.indicators"),
        "operational_planning" => tr!(locale, "topic.operational_planning"),
        "funding" => tr!(locale, "topic.funding"),
        _ => tr!(locale, "topic.other"),
    }
}

pub fn status_label(locale: Locale, status: Status) -> String {
    match status {
        Status::New => tr!(locale, "requests.status_new"),
        Status::Triaged => tr!(locale, "requests.status_triaged"),
        Status::InProgress => tr!(locale, "requests.status_in_progress"),
        Status::Waiting => tr!(locale, "requests.status_waiting"),
        Status::Answered => tr!(locale, "requests.status_answered"),
        Status::Closed => tr!(locale, "requests.status_closed"),
    }
}

pub fn urgency_label(locale: Locale, urgency: Urgency) -> String {
    match urgency {
        Urgency::Low => tr!(locale, "requests.urgency_low"),
        Urgency::Normal => tr!(locale, "requests.urgency_normal"),
        Urgency::High => tr!(locale, "requests.urgency_high"),
        Urgency::Urgent => tr!(locale, "requests.urgency_urgent"),
    }
}

/// The sentence for a refusal code from `backend::requests` (or the discussion's, for the
/// text of a reply or note).
pub fn error_message(locale: Locale, code: &str) -> String {
    crate::model::refusal::Refusal::message_for(code, locale)
}

/// The `?error=` of the page's address as a message box.
pub fn error_box(locale: Locale) -> impl IntoView {
    let query = use_query_map();
    let error = query.read_untracked().get("error");
    error.map(|code| {
        super::set_status(400);
        view! { <div class="error-box" role="alert"><p>{error_message(locale, &code)}</p></div> }
    })
}

/// A request's status as a badge, with "overdue" beside it when it is.
pub fn status_badges(locale: Locale, r: &RequestSummary) -> impl IntoView {
    view! {
        <span class=format!("badge request-status status-{}", r.status.as_str())>{status_label(locale, r.status)}</span>
        {r.overdue.then(|| view! { <span class="badge badge-overdue">{tr!(locale, "requests.overdue")}</span> })}
    }
}

/// Requests as a table: the queue's and a country's list alike.
#[component]
pub fn RequestTable(
    items: Vec<RequestSummary>,
    #[prop(optional)] show_country: bool,
) -> impl IntoView {
    let locale = use_locale();
    if items.is_empty() {
        return view! { <p class="empty">{tr!(locale, "requests.none")}</p> }.into_any();
    }
    let rows = items
        .into_iter()
        .map(|r| {
            let country =
                show_country.then(|| view! { <td>{r.country.get(locale).to_string()}</td> });
            view! {
                <tr class=if r.overdue { "overdue" } else { "" }>
                    <td>"#"{r.id}</td>
                    <td><a href=format!("/requests/{}", r.id)>{r.title.clone()}</a></td>
                    {country}
                    <td>{topic_label(locale, &r.topic)}</td>
                    <td>{urgency_label(locale, r.urgency)}</td>
                    <td>{status_badges(locale, &r)}</td>
                    <td>{r.assignee_name.clone().unwrap_or_else(|| "—".into())}</td>
                    <td>{day(r.created_at)}</td>
                    <td>{day(r.due_at)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table class="requests">
                <thead><tr>
                    <th scope="col">"#"</th>
                    <th scope="col">{tr!(locale, "requests.field_title")}</th>
                    {show_country.then(|| view! { <th scope="col">{tr!(locale, "search.facet_country")}</th> })}
                    <th scope="col">{tr!(locale, "requests.field_topic")}</th>
                    <th scope="col">{tr!(locale, "requests.field_urgency")}</th>
                    <th scope="col">{tr!(locale, "requests.field_status")}</th>
                    <th scope="col">{tr!(locale, "requests.field_assignee")}</th>
                    <th scope="col">{tr!(locale, "requests.field_filed")}</th>
                    <th scope="col">{tr!(locale, "requests.field_due")}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
pub fn RequestsPage() -> impl IntoView {
    let locale = use_locale();
    let mine = Resource::new_blocking(|| (), |_| list_country_requests());
    view! {
        <Title text=tr!(locale, "requests.title") />
        <h1>{tr!(locale, "requests.title")}</h1>
        <p class="lead">{tr!(locale, "requests.intro")}</p>
        <Suspense>
            {move || Suspend::new(async move {
                match mine.await {
                    Ok(Some(m)) => view! { <CountryList mine=m /> }.into_any(),
                    Ok(None) => view! { <p><a class="button" href="/signin">{tr!(locale, "requests.sign_in")}</a></p> }.into_any(),
                    Err(e) => view! { <ErrorMessage error=e /> }.into_any(),
                }
            })}
        </Suspense>
        <div class="columns">
            <section aria-labelledby="ta-topics">
                <h2 id="ta-topics">{tr!(locale, "requests.topics_title")}</h2>
                <ul class="plain-list">
                    {TOPICS
                        .iter()
                        .map(|t| view! { <li>{topic_label(locale, t)}</li> })
                        .collect_view()}
                </ul>
            </section>
            <section aria-labelledby="ta-how">
                <h2 id="ta-how">{tr!(locale, "requests.how_title")}</h2>
                <ol class="steps">
                    <li>{tr!(locale, "requests.step_ask")}</li>
                    <li>{tr!(locale, "requests.step_triage")}</li>
                    <li>{tr!(locale, "requests.step_answer")}</li>
                </ol>
            </section>
        </div>
    }
}

#[component]
fn CountryList(mine: CountryRequests) -> impl IntoView {
    let locale = use_locale();
    let staff = mine.staff.then(|| {
        view! {
            <nav class="tabs" aria-label=tr!(locale, "requests.staff_tools")>
                <a href="/requests/queue">{tr!(locale, "requests.queue_title")}</a>
                <a href="/requests/figures">{tr!(locale, "requests.figures_title")}</a>
                <a href="/requests/canned">{tr!(locale, "requests.canned_title")}</a>
            </nav>
        }
    });
    let can_file = mine.staff || mine.country.is_some();
    let list = mine.country.map(|c| {
        let heading = tr!(
            locale,
            "requests.of_country",
            country = c.get(locale).to_string()
        );
        view! {
            <section aria-labelledby="country-requests">
                <h2 id="country-requests">{heading}</h2>
                <RequestTable items=mine.items />
            </section>
        }
    });
    view! {
        {staff}
        {can_file.then(|| view! { <p><a class="button primary" href="/requests/new">{tr!(locale, "requests.new_title")}</a></p> })}
        {(!can_file).then(|| view! { <p class="notice">{tr!(locale, "requests.no_country")}</p> })}
        {list}
    }
}

#[component]
pub fn NewRequestPage() -> impl IntoView {
    let locale = use_locale();
    let query = use_query_map();
    let form = Resource::new_blocking(
        move || {
            let q = query.read();
            (
                q.get("action").and_then(|a| a.parse::<i64>().ok()),
                q.get("indicator"),
            )
        },
        |(action, indicator)| open_request_form(action, indicator),
    );
    view! {
        <Title text=tr!(locale, "requests.new_title") />
        <p class="breadcrumb"><a href="/requests">{tr!(locale, "requests.title")}</a></p>
        <h1>{tr!(locale, "requests.new_title")}</h1>
        {load(form, move |f| view! { <FilingForm form=f /> })}
    }
}

#[component]
fn FilingForm(form: RequestForm) -> impl IntoView {
    let locale = use_locale();
    if form.countries.is_empty() {
        return view! { <p class="notice">{tr!(locale, "requests.no_country")}</p> }.into_any();
    }
    let single = form.countries.len() == 1;
    let countries = form
        .countries
        .iter()
        .map(|c| view! { <option value=c.code.clone() selected=single>{c.get(locale).to_string()}</option> })
        .collect_view();
    let topics = TOPICS
        .iter()
        .map(|t| view! { <option value=*t>{topic_label(locale, t)}</option> })
        .collect_view();
    let urgencies = Urgency::ALL
        .iter()
        .map(|u| {
            let label = format!(
                "{} — {}",
                urgency_label(locale, *u),
                tr!(locale, "requests.urgency_days", days = u.days().to_string())
            );
            view! { <option value=u.as_str() selected=*u == Urgency::Normal>{label}</option> }
        })
        .collect_view();
    let action = form.action.clone().map(|a| {
        view! {
            <p class="notice">
                {tr!(locale, "plans.request_for_action")}" "
                <a href=format!("/plans/{}#action-{}", a.plan_id, a.action_id)>{a.action_title.clone()}</a>
                " — "{a.plan_title.clone()}
            </p>
        }
    });
    let action_id = form
        .action
        .as_ref()
        .map(|a| a.action_id.to_string())
        .unwrap_or_default();
    view! {
        {error_box(locale)}
        <p class="lead">{tr!(locale, "requests.new_intro")}</p>
        {action}
        <form class="stacked" method="post" action="/requests">
            <input type="hidden" name="action" value=action_id />
            <label for="req-country">{tr!(locale, "search.facet_country")}</label>
            <select id="req-country" name="country" required>
                {(!single).then(|| view! { <option value="">{tr!(locale, "publish.choose")}</option> })}
                {countries}
            </select>
            <label for="req-topic">{tr!(locale, "requests.field_topic")}</label>
            <select id="req-topic" name="topic" required>
                <option value="">{tr!(locale, "publish.choose")}</option>
                {topics}
            </select>
            <label for="req-title">{tr!(locale, "requests.field_title")}</label>
            <input id="req-title" name="title" value=form.kept_title maxlength="200" required />
            <label for="req-description">{tr!(locale, "requests.field_description")}</label>
            <p class="hint" id="req-description-hint">{tr!(locale, "requests.hint_description")}</p>
            <textarea id="req-description" name="description" rows="10" aria-describedby="req-description-hint" required>{form.kept_description}</textarea>
            <label for="req-urgency">{tr!(locale, "requests.field_urgency")}</label>
            <select id="req-urgency" name="urgency">{urgencies}</select>
            <label for="req-date">{tr!(locale, "requests.field_desired_date")}</label>
            <input id="req-date" name="desired_date" type="date" />
            <label for="req-indicator">{tr!(locale, "requests.field_indicator")}</label>
            <p class="hint" id="req-indicator-hint">{tr!(locale, "requests.hint_indicator")}" "<a href="/indicators">{tr!(locale, "nav.indicators")}</a></p>
            <input id="req-indicator" name="indicator" maxlength="20" size="12" aria-describedby="req-indicator-hint" value=form.indicator.clone().unwrap_or_default() />
            <label for="req-links">{tr!(locale, "requests.field_links")}</label>
            <p class="hint" id="req-links-hint">{tr!(locale, "requests.hint_links")}</p>
            <textarea id="req-links" name="links" rows="3" aria-describedby="req-links-hint"></textarea>
            <button type="submit" class="primary">{tr!(locale, "requests.file")}</button>
        </form>
    }
    .into_any()
}
