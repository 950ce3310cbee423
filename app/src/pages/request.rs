//! One technical-assistance request: its details and status, the conversation between
//! the country and staff (with live updates), the country's close-and-rate and reopen,
//! staff's changes, answer marking, canned replies and internal notes, and the history.
//! Plain forms posting to `server::requests`; all of it works without script.

use super::load;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::post_tree;
use super::requests::{error_box, status_badges, status_label, topic_label, urgency_label};
use crate::api::requests::read_request;
use crate::components::live::{Live, LiveLabels};
use crate::dates::day;
use crate::error::AppError;
use crate::i18n::{use_locale, Locale};
use crate::model::request::{RequestEvent, RequestPage, Status};
use crate::model::user::CurrentUser;
use crate::tr;

#[component]
pub fn RequestView() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let page = Resource::new_blocking(
        move || {
            let q = query.read();
            let num = |k: &str| q.get(k).and_then(|v| v.parse::<i64>().ok());
            (
                params.read().get("id").and_then(|i| i.parse::<i64>().ok()),
                num("page"),
                num("insert"),
            )
        },
        |(id, page, insert)| async move {
            match id {
                Some(id) => read_request(id, page, insert).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        {load(page, move |p| view! { <Request page=p /> })}
    }
}

fn done_message(locale: Locale, code: &str) -> Option<String> {
    Some(match code {
        "filed" => tr!(locale, "requests.done_filed"),
        "replied" => tr!(locale, "requests.done_replied"),
        "updated" => tr!(locale, "requests.done_updated"),
        "answered" => tr!(locale, "requests.done_answered"),
        "closed" => tr!(locale, "requests.done_closed"),
        "reopened" => tr!(locale, "requests.done_reopened"),
        "noted" => tr!(locale, "requests.done_noted"),
        _ => return None,
    })
}

fn event_line(locale: Locale, e: &RequestEvent) -> String {
    let who = e.actor.clone().unwrap_or_else(|| "—".into());
    let status = |s: &Option<String>| {
        s.as_deref()
            .and_then(Status::parse)
            .map(|s| status_label(locale, s))
            .unwrap_or_default()
    };
    match e.action.as_str() {
        "filed" => tr!(locale, "requests.event_filed", name = who),
        "status" => tr!(
            locale,
            "requests.event_status",
            name = who,
            from = status(&e.from),
            to = status(&e.to)
        ),
        "reopened" => tr!(locale, "requests.event_reopened", name = who),
        "assigned" => match &e.to {
            Some(to) => tr!(
                locale,
                "requests.event_assigned",
                name = who,
                to = to.clone()
            ),
            None => tr!(locale, "requests.event_unassigned", name = who),
        },
        "due" => tr!(
            locale,
            "requests.event_due",
            name = who,
            to = e.to.clone().unwrap_or_default()
        ),
        "answer" => tr!(locale, "requests.event_answer", name = who),
        "rated" => match e.to.as_deref() {
            Some("satisfied") => tr!(locale, "requests.event_satisfied", name = who),
            _ => tr!(locale, "requests.event_unsatisfied", name = who),
        },
        _ => who,
    }
}

#[component]
fn Request(page: RequestPage) -> impl IntoView {
    let locale = use_locale();
    let query = use_query_map();
    let done = query.read_untracked().get("done");
    let s = page.summary.clone();
    let id = s.id;
    let base = format!("/requests/{id}");
    let t = page.thread;
    let thread_base = format!("/spaces/{}/threads/{}", t.space_slug, t.id);
    let perms = page.permissions;

    let links = (!page.links.is_empty()).then(|| {
        let items = page
            .links
            .iter()
            // Links stored before the check was tightened are shown, never followed.
            .map(|l| match crate::links::is_link_to_follow(l) {
                true => {
                    view! { <li><a href=l.clone() rel="noopener nofollow">{l.clone()}</a></li> }
                        .into_any()
                }
                false => view! { <li>{l.clone()}</li> }.into_any(),
            })
            .collect_view();
        view! {
            <h2>{tr!(locale, "requests.field_links")}</h2>
            <ul class="plain-list links">{items}</ul>
        }
    });

    let mark = tr!(locale, "requests.mark_answer");
    let badge = tr!(locale, "requests.answer_badge");
    let answer_action = format!("{base}/answer");
    let labels = post_tree::Labels::new(locale);
    let may_mark = perms.staff && s.status != Status::Closed;
    let zone = crate::dates::reader_zone();
    let posts = post_tree::render(
        &post_tree::Context {
            labels: &labels,
            base: &thread_base,
            can_reply: t.permissions.can_reply,
            can_moderate: t.permissions.can_moderate,
            zone: &zone,
            answer: Some(post_tree::Answer {
                current: page.answer_post_id,
                action: may_mark.then_some(answer_action.as_str()),
                mark_label: &mark,
                badge_label: &badge,
            }),
        },
        &t.posts,
    );
    let pager = (t.pages > 1).then(|| {
        let pages = (1..=t.pages)
            .map(|p| {
                if p == t.page {
                    view! { <span aria-current="page">{p}</span> }.into_any()
                } else {
                    view! { <a href=format!("{base}?page={p}")>{p}</a> }.into_any()
                }
            })
            .collect_view();
        view! { <nav class="pager" aria-label=tr!(locale, "discussion.pages")>{pages}</nav> }
    });
    let live = use_context::<Option<CurrentUser>>().flatten().map(|me| {
        view! {
            <Live
                room=format!("thread:{}", t.id)
                base=thread_base.clone()
                since=t.live_since
                last_page=t.page == t.pages
                me=me.username
                labels=LiveLabels::new(locale)
            />
        }
    });

    let canned = (perms.staff && !page.canned.is_empty()).then(|| {
        let options = page
            .canned
            .iter()
            .map(|c| view! { <option value=c.id.to_string()>{c.title.clone()}</option> })
            .collect_view();
        view! {
            <form method="get" action=base.clone() class="inline canned-insert">
                <label for="canned-pick">{tr!(locale, "requests.canned_insert")}</label>
                <select id="canned-pick" name="insert">{options}</select>
                <button type="submit" class="secondary">{tr!(locale, "requests.canned_insert_button")}</button>
                <a href="/requests/canned">{tr!(locale, "requests.canned_manage")}</a>
            </form>
        }
    });
    let reply_box = if t.permissions.can_reply {
        view! {
            <section id="reply" aria-labelledby="reply-title">
                <h2 id="reply-title">{tr!(locale, "discussion.reply_to_thread")}</h2>
                {canned}
                <form method="post" action=format!("{base}/reply") class="stacked compose">
                    <label for="reply-body">{tr!(locale, "discussion.body")}</label>
                    <textarea id="reply-body" name="body" rows="6" required>{page.reply_text.clone()}</textarea>
                    <p class="meta">{tr!(locale, "discussion.markdown_hint")}</p>
                    <div class="buttons">
                        <button type="submit" class="primary">{tr!(locale, "discussion.post")}</button>
                    </div>
                </form>
            </section>
        }
        .into_any()
    } else {
        view! { <p class="meta">{tr!(locale, "requests.closed_note")}</p> }.into_any()
    };

    // The country's side: close with a rating, or reopen.
    let close = (perms.can_close && !perms.staff).then(|| {
        view! {
            <form method="post" action=format!("{base}/close") class="stacked close-request">
                <fieldset>
                    <legend>{tr!(locale, "requests.close_title")}</legend>
                    <p class="hint">{tr!(locale, "requests.close_hint")}</p>
                    <label class="choice"><input type="radio" name="rating" value="satisfied" required />" "{tr!(locale, "requests.rating_satisfied")}</label>
                    <label class="choice"><input type="radio" name="rating" value="unsatisfied" />" "{tr!(locale, "requests.rating_unsatisfied")}</label>
                </fieldset>
                <button type="submit" class="primary">{tr!(locale, "requests.close")}</button>
            </form>
        }
    });
    let reopen = perms.can_reopen.then(|| {
        view! {
            <form method="post" action=format!("{base}/reopen") class="inline">
                <button type="submit">{tr!(locale, "requests.reopen")}</button>
            </form>
        }
    });

    let me = use_context::<Option<CurrentUser>>()
        .flatten()
        .map(|u| u.username);
    let staff_panel = perms.staff.then(|| {
        let statuses = std::iter::once(s.status)
            .chain(s.status.next().iter().copied())
            .map(|st| view! { <option value=st.as_str() selected=st == s.status>{status_label(locale, st)}</option> })
            .collect_view();
        let assignees = page
            .staff
            .iter()
            .map(|m| {
                let current = s.assignee_username.as_deref() == Some(m.username.as_str());
                view! { <option value=m.username.clone() selected=current>{m.display_name.clone()}</option> }
            })
            .collect_view();
        let assign_me = me
            .clone()
            .filter(|m| s.assignee_username.as_deref() != Some(m.as_str()))
            .map(|m| {
                view! {
                    <form method="post" action=format!("{base}/update") class="inline">
                        <input type="hidden" name="assignee" value=m />
                        <button type="submit" class="secondary">{tr!(locale, "requests.assign_me")}</button>
                    </form>
                }
            });
        let status_field = if s.status == Status::Closed {
            view! { <p class="meta">{tr!(locale, "requests.closed_staff_note")}</p> }.into_any()
        } else {
            view! {
                <label for="req-status">{tr!(locale, "requests.field_status")}</label>
                <select id="req-status" name="status">{statuses}</select>
            }
            .into_any()
        };
        let notes = page
            .notes
            .clone()
            .unwrap_or_default()
            .into_iter()
            .map(|n| view! {
                <li>
                    <p class="meta"><strong>{n.author}</strong>" · "{day(n.at)}</p>
                    <div class="markdown" inner_html=n.body_html></div>
                </li>
            })
            .collect_view();
        view! {
            <section class="staff-panel" aria-labelledby="staff-title">
                <h2 id="staff-title">{tr!(locale, "requests.staff_panel")}</h2>
                {assign_me}
                <form method="post" action=format!("{base}/update") class="stacked">
                    {status_field}
                    <label for="req-assignee">{tr!(locale, "requests.field_assignee")}</label>
                    <select id="req-assignee" name="assignee">
                        <option value="none" selected=s.assignee_username.is_none()>{tr!(locale, "requests.unassigned")}</option>
                        {assignees}
                    </select>
                    <label for="req-due">{tr!(locale, "requests.field_due")}</label>
                    <input id="req-due" name="due" type="date" value=day(s.due_at) />
                    <button type="submit" class="primary">{tr!(locale, "requests.save")}</button>
                </form>
            </section>
            <section id="notes" class="internal-notes" aria-labelledby="notes-title">
                <h2 id="notes-title">{tr!(locale, "requests.notes_title")}</h2>
                <p class="hint">{tr!(locale, "requests.notes_hint")}</p>
                <ol class="notes">{notes}</ol>
                <form method="post" action=format!("{base}/notes") class="stacked">
                    <label for="note-body">{tr!(locale, "requests.note_body")}</label>
                    <textarea id="note-body" name="body" rows="3" required></textarea>
                    <button type="submit" class="secondary">{tr!(locale, "requests.add_note")}</button>
                </form>
            </section>
        }
    });

    let history = page
        .events
        .iter()
        .map(|e| view! { <li><time>{day(e.at)}</time>" · "{event_line(locale, e)}</li> })
        .collect_view();
    let rating = page.rating.clone().map(|r| {
        let text = if r == "satisfied" {
            tr!(locale, "requests.rating_satisfied")
        } else {
            tr!(locale, "requests.rating_unsatisfied")
        };
        view! { <div><dt>{tr!(locale, "requests.rating")}</dt><dd>{text}</dd></div> }
    });
    view! {
        <Title text=format!("#{id} {}", s.title) />
        <p class="breadcrumb"><a href="/requests">{tr!(locale, "requests.title")}</a></p>
        {done.and_then(|d| done_message(locale, &d)).map(|m| view! { <div class="notice" role="status"><p>{m}</p></div> })}
        {error_box(locale)}
        <article class="request">
            <h1>{s.title.clone()}" "<span class="meta">"#"{id}</span></h1>
            <p class="meta">{status_badges(locale, &s)}</p>
            <dl class="request-facts">
                <div><dt>{tr!(locale, "search.facet_country")}</dt><dd>{s.country.get(locale).to_string()}</dd></div>
                <div><dt>{tr!(locale, "requests.field_topic")}</dt><dd>{topic_label(locale, &s.topic)}</dd></div>
                <div><dt>{tr!(locale, "requests.field_urgency")}</dt><dd>{urgency_label(locale, s.urgency)}</dd></div>
                <div><dt>{tr!(locale, "requests.requested_by")}</dt><dd><a href=format!("/people/{}", page.requester_username)>{s.requester_name.clone()}</a></dd></div>
                <div><dt>{tr!(locale, "requests.field_filed")}</dt><dd>{day(s.created_at)}</dd></div>
                <div><dt>{tr!(locale, "requests.field_due")}</dt><dd>{day(s.due_at)}</dd></div>
                {page.desired_date.clone().map(|d| view! { <div><dt>{tr!(locale, "requests.field_desired_date")}</dt><dd>{d}</dd></div> })}
                <div><dt>{tr!(locale, "requests.field_assignee")}</dt><dd>{s.assignee_name.clone().unwrap_or_else(|| tr!(locale, "requests.unassigned"))}</dd></div>
                {rating}
                {page.indicator.clone().map(|code| view! {
                    <div><dt>{tr!(locale, "requests.field_indicator")}</dt><dd><a href=format!("/indicators/{code}/{}", s.country.code)>{code.clone()}</a></dd></div>
                })}
                {page.plan_action.clone().map(|a| view! {
                    <div><dt>{tr!(locale, "plans.from_action")}</dt><dd><a href=format!("/plans/{}#action-{}", a.plan_id, a.action_id)>{a.action_title}</a>" — "{a.plan_title}</dd></div>
                })}
            </dl>
            {links}
            <h2>{tr!(locale, "requests.conversation")}</h2>
            {live}
            <ol class="posts" inner_html=posts></ol>
            {pager}
            {reply_box}
            <div class="request-actions">{close}{reopen}</div>
        </article>
        {staff_panel}
        <section aria-labelledby="history-title">
            <h2 id="history-title">{tr!(locale, "requests.history")}</h2>
            <ol class="history">{history}</ol>
        </section>
    }
}
