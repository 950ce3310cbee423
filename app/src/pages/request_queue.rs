//! Staff's side of technical assistance: the queue (saved views, filters, sorting), the
//! programme's figures with their CSV export, and the canned replies.

use super::load;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::requests::{status_label, topic_label, urgency_label, RequestTable, TOPICS};
use crate::api::requests::{canned_replies, request_figures, request_queue};
use crate::dates::day;
use crate::i18n::{use_locale, Locale};
use crate::model::request::{CannedReply, Figures, Queue, QueueFilters, Status, Urgency};
use crate::tr;

fn staff_tabs(locale: Locale) -> impl IntoView {
    view! {
        <nav class="tabs" aria-label=tr!(locale, "requests.staff_tools")>
            <a href="/requests/queue">{tr!(locale, "requests.queue_title")}</a>
            <a href="/requests/figures">{tr!(locale, "requests.figures_title")}</a>
            <a href="/requests/canned">{tr!(locale, "requests.canned_title")}</a>
        </nav>
    }
}

#[component]
pub fn QueuePage() -> impl IntoView {
    let locale = use_locale();
    let query = use_query_map();
    let queue = Resource::new_blocking(
        move || {
            let q = query.read();
            let get = |k: &str| q.get(k).unwrap_or_default();
            QueueFilters {
                view: get("view"),
                status: get("status"),
                country: get("country"),
                topic: get("topic"),
                urgency: get("urgency"),
                assignee: get("assignee"),
                sort: get("sort"),
            }
        },
        request_queue,
    );
    view! {
        <Title text=tr!(locale, "requests.queue_title") />
        <p class="breadcrumb"><a href="/requests">{tr!(locale, "requests.title")}</a></p>
        <h1>{tr!(locale, "requests.queue_title")}</h1>
        {staff_tabs(locale)}
        {load(queue, move |q| view! { <QueueView queue=q /> })}
    }
}

#[component]
fn QueueView(queue: Queue) -> impl IntoView {
    let locale = use_locale();
    let f = queue.filters.clone();
    let view_link = |key: &'static str, label: String, count: Option<i64>| {
        let current = f.view == key;
        let href = if key.is_empty() {
            "/requests/queue".to_string()
        } else {
            format!("/requests/queue?view={key}")
        };
        let text = match count {
            Some(n) => format!("{label} ({n})"),
            None => label,
        };
        view! { <a href=href aria-current=current.then_some("page")>{text}</a> }
    };
    let select = |name: &'static str,
                  id: &'static str,
                  label: String,
                  current: &str,
                  options: Vec<(String, String)>| {
        let any = tr!(locale, "requests.any");
        let opts = options
            .into_iter()
            .map(|(v, l)| {
                let selected = v == current;
                view! { <option value=v selected=selected>{l}</option> }
            })
            .collect_view();
        view! {
            <div class="field">
                <label for=id>{label}</label>
                <select id=id name=name><option value="">{any}</option>{opts}</select>
            </div>
        }
    };
    let statuses = Status::ALL
        .iter()
        .map(|s| (s.as_str().to_string(), status_label(locale, *s)))
        .collect();
    let countries = queue
        .countries
        .iter()
        .map(|c| (c.code.clone(), c.get(locale).to_string()))
        .collect();
    let topics = TOPICS
        .iter()
        .map(|t| (t.to_string(), topic_label(locale, t)))
        .collect();
    let urgencies = Urgency::ALL
        .iter()
        .map(|u| (u.as_str().to_string(), urgency_label(locale, *u)))
        .collect();
    let mut assignees: Vec<(String, String)> =
        vec![("none".into(), tr!(locale, "requests.unassigned"))];
    assignees.extend(
        queue
            .staff
            .iter()
            .map(|s| (s.username.clone(), s.display_name.clone())),
    );
    let sorts = [
        ("due", tr!(locale, "requests.sort_due")),
        ("urgency", tr!(locale, "requests.sort_urgency")),
        ("oldest", tr!(locale, "requests.sort_oldest")),
        ("newest", tr!(locale, "requests.sort_newest")),
        ("updated", tr!(locale, "requests.sort_updated")),
    ]
    .map(|(v, l)| view! { <option value=v selected=f.sort == v>{l}</option> })
    .collect_view();
    let count = queue.items.len();
    view! {
        <nav class="tabs saved-views" aria-label=tr!(locale, "requests.saved_views")>
            {view_link("", tr!(locale, "requests.view_all"), None)}
            {view_link("open", tr!(locale, "requests.view_open"), None)}
            {view_link("mine", tr!(locale, "requests.view_mine"), Some(queue.mine))}
            {view_link("unassigned", tr!(locale, "requests.view_unassigned"), Some(queue.unassigned))}
            {view_link("overdue", tr!(locale, "requests.view_overdue"), Some(queue.overdue))}
        </nav>
        <form method="get" action="/requests/queue" class="filters">
            <input type="hidden" name="view" value=f.view.clone() />
            {select("status", "q-status", tr!(locale, "requests.field_status"), &f.status, statuses)}
            {select("country", "q-country", tr!(locale, "search.facet_country"), &f.country, countries)}
            {select("topic", "q-topic", tr!(locale, "requests.field_topic"), &f.topic, topics)}
            {select("urgency", "q-urgency", tr!(locale, "requests.field_urgency"), &f.urgency, urgencies)}
            {select("assignee", "q-assignee", tr!(locale, "requests.field_assignee"), &f.assignee, assignees)}
            <div class="field">
                <label for="q-sort">{tr!(locale, "requests.sort")}</label>
                <select id="q-sort" name="sort">{sorts}</select>
            </div>
            <button type="submit" class="primary">{tr!(locale, "requests.apply")}</button>
        </form>
        <p class="meta" role="status">{tr!(locale, "requests.count", count = count.to_string())}</p>
        <RequestTable items=queue.items show_country=true />
    }
}

/// A duration in days and hours, for the figures.
fn duration(locale: Locale, seconds: Option<i64>) -> String {
    match seconds {
        None => "—".into(),
        Some(s) => {
            let hours = s / 3600;
            tr!(
                locale,
                "requests.duration",
                days = (hours / 24).to_string(),
                hours = (hours % 24).to_string()
            )
        }
    }
}

#[component]
pub fn FiguresPage() -> impl IntoView {
    let locale = use_locale();
    let figures = Resource::new_blocking(|| (), |_| request_figures());
    view! {
        <Title text=tr!(locale, "requests.figures_title") />
        <p class="breadcrumb"><a href="/requests">{tr!(locale, "requests.title")}</a></p>
        <h1>{tr!(locale, "requests.figures_title")}</h1>
        {staff_tabs(locale)}
        {load(figures, move |f| view! { <FiguresView figures=f /> })}
    }
}

#[component]
fn FiguresView(figures: Figures) -> impl IntoView {
    let locale = use_locale();
    let table = |caption: String, rows: Vec<(String, i64)>| {
        let body = rows
            .into_iter()
            .map(|(k, n)| view! { <tr><th scope="row">{k}</th><td class="number">{n}</td></tr> })
            .collect_view();
        view! {
            <table class="figures">
                <caption>{caption}</caption>
                <tbody>{body}</tbody>
            </table>
        }
    };
    let by_status = figures
        .by_status
        .iter()
        .filter_map(|(s, n)| Status::parse(s).map(|s| (status_label(locale, s), *n)))
        .collect();
    let by_topic = figures
        .by_topic
        .iter()
        .map(|(t, n)| (topic_label(locale, t), *n))
        .collect();
    let by_country = figures
        .by_country
        .iter()
        .map(|(c, n)| (c.get(locale).to_string(), *n))
        .collect();
    view! {
        <dl class="stats">
            <div><dt>{tr!(locale, "requests.figures_total")}</dt><dd id="figure-total">{figures.total}</dd></div>
            <div><dt>{tr!(locale, "requests.figures_overdue")}</dt><dd id="figure-overdue">{figures.overdue}</dd></div>
            <div><dt>{tr!(locale, "requests.figures_first_response")}</dt><dd>{duration(locale, figures.median_first_response)}</dd></div>
            <div><dt>{tr!(locale, "requests.figures_answer")}</dt><dd>{duration(locale, figures.median_answer)}</dd></div>
        </dl>
        <p><a class="button" href="/requests/figures.csv" download="ta-requests.csv">{tr!(locale, "requests.figures_csv")}</a></p>
        <div class="columns">
            {table(tr!(locale, "requests.figures_by_status"), by_status)}
            {table(tr!(locale, "requests.figures_by_topic"), by_topic)}
            {table(tr!(locale, "requests.figures_by_country"), by_country)}
        </div>
    }
}

#[component]
pub fn CannedPage() -> impl IntoView {
    let locale = use_locale();
    let list = Resource::new_blocking(|| (), |_| canned_replies());
    view! {
        <Title text=tr!(locale, "requests.canned_title") />
        <p class="breadcrumb"><a href="/requests">{tr!(locale, "requests.title")}</a></p>
        <h1>{tr!(locale, "requests.canned_title")}</h1>
        {staff_tabs(locale)}
        {load(list, move |items| view! { <CannedList items=items /> })}
    }
}

/// The form for one canned reply: a new one when `reply` is None.
fn canned_form(locale: Locale, reply: Option<&CannedReply>) -> impl IntoView {
    let key = reply.map_or("new".to_string(), |r| r.id.to_string());
    let (title_id, body_id) = (format!("canned-title-{key}"), format!("canned-body-{key}"));
    view! {
        <form method="post" action="/requests/canned" class="stacked">
            {reply.map(|r| view! { <input type="hidden" name="id" value=r.id.to_string() /> })}
            <label for=title_id.clone()>{tr!(locale, "requests.canned_name")}</label>
            <input id=title_id name="title" maxlength="120" required value=reply.map(|r| r.title.clone()).unwrap_or_default() />
            <label for=body_id.clone()>{tr!(locale, "discussion.body")}</label>
            <textarea id=body_id name="body" rows="5" required>{reply.map(|r| r.body_md.clone()).unwrap_or_default()}</textarea>
            <button type="submit" class="primary">{tr!(locale, "requests.save")}</button>
        </form>
    }
}

#[component]
fn CannedList(items: Vec<CannedReply>) -> impl IntoView {
    let locale = use_locale();
    let query = use_query_map();
    let done = query
        .read_untracked()
        .get("done")
        .map(|d| match d.as_str() {
            "deleted" => tr!(locale, "requests.canned_deleted"),
            _ => tr!(locale, "requests.canned_saved"),
        });
    let list = items
        .iter()
        .map(|r| {
            let meta = tr!(
                locale,
                "requests.canned_meta",
                name = r.updated_by.clone().unwrap_or_default(),
                date = day(r.updated_at)
            );
            view! {
                <li class="card">
                    <details>
                        <summary><strong>{r.title.clone()}</strong>" "<span class="meta">{meta}</span></summary>
                        {canned_form(locale, Some(r))}
                        <form method="post" action=format!("/requests/canned/{}/delete", r.id) class="inline">
                            <button type="submit" class="danger">{tr!(locale, "discussion.delete")}</button>
                        </form>
                    </details>
                </li>
            }
        })
        .collect_view();
    view! {
        {done.map(|m| view! { <div class="notice" role="status"><p>{m}</p></div> })}
        {super::requests::error_box(locale)}
        <p class="lead">{tr!(locale, "requests.canned_intro")}</p>
        <ul class="cards canned">{list}</ul>
        <section aria-labelledby="canned-new">
            <h2 id="canned-new">{tr!(locale, "requests.canned_new")}</h2>
            {canned_form(locale, None)}
        </section>
    }
}
