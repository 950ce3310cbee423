//! Drafts in a space: the list on the space page, a draft page (any revision, its history,
//! restore, status, comments) and the diff between two revisions.

use super::load;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::drafts::{get_draft, get_draft_diff};
use crate::components::format::day;
use crate::components::live::{Live, LiveLabels};
use crate::error::AppError;
use crate::i18n::{use_locale, Locale};
use crate::model::draft::{DraftDiff, DraftList, DraftStatus, DraftView};
use crate::model::user::CurrentUser;
use crate::tr;

pub fn status_label(locale: Locale, status: DraftStatus) -> String {
    match status {
        DraftStatus::Draft => tr!(locale, "drafts.status_draft"),
        DraftStatus::InReview => tr!(locale, "drafts.status_in_review"),
        DraftStatus::Approved => tr!(locale, "drafts.status_approved"),
    }
}

fn status_badge(locale: Locale, status: DraftStatus) -> impl IntoView {
    let class = match status {
        DraftStatus::Draft => "badge",
        DraftStatus::InReview => "badge badge-new",
        DraftStatus::Approved => "badge badge-public",
    };
    view! { <span class=class>{status_label(locale, status)}</span> }
}

#[component]
pub fn DraftsSection(slug: String, list: DraftList) -> impl IntoView {
    let locale = use_locale();
    let base = format!("/spaces/{slug}/drafts");
    view! {
        <section id="drafts" aria-labelledby="drafts-title" class="drafts">
            <h2 id="drafts-title">{tr!(locale, "drafts.title")}</h2>
            {list.can_create.then(|| view! {
                <p><a class="button primary" href=format!("{base}/new")>{tr!(locale, "drafts.new")}</a></p>
            })}
            {if list.drafts.is_empty() {
                view! { <p class="empty">{tr!(locale, "drafts.none")}</p> }.into_any()
            } else {
                view! {
                    <ul class="thread-list">
                        {list.drafts.into_iter().map(|d| view! {
                            <li>
                                <a class="title" href=format!("{base}/{}", d.id)>{d.title.clone()}</a>
                                {status_badge(locale, d.status)}
                                <span class="meta">
                                    {tr!(locale, "drafts.revisions", count = d.revisions)}
                                    " · "
                                    {day(d.updated_at)}
                                </span>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

/// The outcome of the last form post on the draft page.
fn outcome(locale: Locale) -> impl IntoView {
    let query = use_query_map();
    let q = query.read_untracked();
    let done = q.get("done").and_then(|d| match d.as_str() {
        "saved" => Some(tr!(locale, "drafts.done_saved")),
        "restored" => Some(tr!(locale, "drafts.done_restored")),
        "status" => Some(tr!(locale, "drafts.done_status")),
        _ => None,
    });
    let error = q.get("error").map(|e| error_message(locale, &e));
    super::form_outcome(done, error)
}

pub fn error_message(locale: Locale, code: &str) -> String {
    crate::model::refusal::Refusal::message_for(code, locale)
}

fn num(s: Option<String>) -> Option<i64> {
    s.and_then(|v| v.parse::<i64>().ok())
}

#[component]
pub fn DraftPage() -> impl IntoView {
    let locale = use_locale();
    let params = use_params_map();
    let query = use_query_map();
    let draft = Resource::new_blocking(
        move || {
            let p = params.read();
            (
                p.get("slug").unwrap_or_default(),
                num(p.get("draft")),
                num(query.read().get("revision")),
            )
        },
        |(slug, draft, revision)| async move {
            match draft {
                Some(id) => get_draft(slug, id, revision).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        {load(draft, move |d| draft_view(locale, d))}
    }
}

fn draft_view(locale: Locale, d: DraftView) -> impl IntoView {
    let base = format!("/spaces/{}/drafts/{}", d.space_slug, d.id);
    // Who else is reading or editing, and word of a newer revision (signed in).
    let live = use_context::<Option<CurrentUser>>().flatten().map(|me| {
        view! {
            <Live
                room=format!("draft:{}", d.id)
                base=base.clone()
                since=d.live_since
                last_page=false
                me=me.username
                labels=LiveLabels::new(locale)
            />
        }
        .into_any()
    });
    let old = d.shown != d.current;
    let status_form = d.can_set_status.then(|| {
        let current = d.status;
        view! {
            <form method="post" action=format!("{base}/status") class="inline watch">
                <label for="draft-status">{tr!(locale, "drafts.status")}</label>
                <select id="draft-status" name="status">
                    {DraftStatus::ALL.into_iter().map(|s| view! {
                        <option value=s.as_str() selected=s == current>{status_label(locale, s)}</option>
                    }).collect_view()}
                </select>
                <button type="submit">{tr!(locale, "drafts.set_status")}</button>
            </form>
        }
    });
    let compare = (d.current > 1).then(|| {
        let options = move |selected: i64| {
            (1..=d.current)
                .rev()
                .map(|n| view! { <option value=n.to_string() selected=n == selected>{n.to_string()}</option> })
                .collect_view()
        };
        view! {
            <form method="get" action=format!("{base}/diff") class="inline watch">
                <label for="diff-from">{tr!(locale, "drafts.compare_from")}</label>
                <select id="diff-from" name="from">{options(d.current - 1)}</select>
                <label for="diff-to">{tr!(locale, "drafts.compare_to")}</label>
                <select id="diff-to" name="to">{options(d.current)}</select>
                <button type="submit">{tr!(locale, "drafts.compare")}</button>
            </form>
        }
    });
    let can_edit = d.can_edit;
    let current = d.current;
    let history = d.history.into_iter().map(|r| {
        let n = r.number;
        view! {
            <li>
                <a href=format!("{base}?revision={n}")>{tr!(locale, "drafts.revision", n = n)}</a>
                <span class="meta">{format!("{} · {}", r.author_name, day(r.created_at))}</span>
                {(!r.summary.is_empty()).then(|| view! { <span class="summary">{r.summary.clone()}</span> })}
                {(n > 1).then(|| view! {
                    <a href=format!("{base}/diff?from={}&to={n}", n - 1)>{tr!(locale, "drafts.changes")}</a>
                })}
                {(can_edit && n != current).then(|| view! {
                    <form method="post" action=format!("{base}/restore") class="inline">
                        <input type="hidden" name="number" value=n.to_string() />
                        <button type="submit" class="secondary">{tr!(locale, "drafts.restore")}</button>
                    </form>
                })}
            </li>
        }
    }).collect_view();
    view! {
        <Title text=d.title.clone() />
        <article class="draft">
            <p class="breadcrumb"><a href=format!("/spaces/{}", d.space_slug)>{d.space_name.clone()}</a></p>
            <h1>{d.title.clone()} " " {status_badge(locale, d.status)}</h1>
            {outcome(locale)}
            {live}
            <p class="meta">
                {tr!(locale, "drafts.showing", n = d.shown, total = d.current, name = d.author_name.clone(), date = day(d.created_at))}
                {old.then(|| view! { " " <a href=base.clone()>{tr!(locale, "drafts.see_newest")}</a> })}
            </p>
            <p class="post-actions">
                {d.can_edit.then(|| view! { <a class="button primary" href=format!("{base}/edit")>{tr!(locale, "drafts.edit")}</a> })}
                {d.thread_id.map(|t| view! {
                    <a href=format!("/spaces/{}/threads/{t}", d.space_slug)>{tr!(locale, "drafts.comments", count = d.comments)}</a>
                })}
                {d.can_propose.then(|| view! {
                    <a href=format!("/library/submit?space={}&draft={}", d.space_slug, d.id)>{tr!(locale, "publish.propose")}</a>
                })}
            </p>
            {status_form}
            <div class="markdown draft-body" inner_html=d.body_html></div>
            <section aria-labelledby="history-title" class="history">
                <h2 id="history-title">{tr!(locale, "drafts.history")}</h2>
                {compare}
                <ol class="revisions">{history}</ol>
            </section>
        </article>
    }
}

/// A draft's diff as lines.
pub fn diff_view(locale: Locale, diff: &DraftDiff) -> impl IntoView {
    diff_lines_view(locale, &diff.lines, diff.added, diff.removed)
}

/// A diff as lines: removed lines and words struck out, added ones marked (drafts and
/// plans alike).
pub fn diff_lines_view(
    locale: Locale,
    lines: &[crate::model::draft::DiffLine],
    added: usize,
    removed: usize,
) -> impl IntoView {
    let empty = lines.is_empty();
    let lines = lines.iter().map(|l| {
        let (class, sign) = match l.tag {
            '+' => ("line add", "+"),
            '-' => ("line del", "−"),
            '~' => ("line hunk", "…"),
            _ => ("line ctx", " "),
        };
        let tag = l.tag;
        let segments = l.segments.iter().map(|(changed, text)| {
            let text = text.clone();
            match (changed, tag) {
                (true, '+') => view! { <ins>{text}</ins> }.into_any(),
                (true, '-') => view! { <del>{text}</del> }.into_any(),
                _ => view! { <span>{text}</span> }.into_any(),
            }
        }).collect_view();
        view! { <div class=class><span class="sign" aria-hidden="true">{sign}</span>{segments}</div> }
    }).collect_view();
    view! {
        <p class="meta">{tr!(locale, "drafts.diff_counts", added = added, removed = removed)}</p>
        {if empty {
            view! { <p class="empty">{tr!(locale, "drafts.no_changes")}</p> }.into_any()
        } else {
            view! { <div class="diff" role="region" aria-label=tr!(locale, "drafts.changes")>{lines}</div> }.into_any()
        }}
    }
}

/// The newer revision as readers see it, with added words marked and removed ones struck
/// out where they stood (built and sanitised on the server, see `backend::html_diff`).
fn rendered_diff(locale: Locale, diff: &DraftDiff) -> impl IntoView {
    let coarse = diff
        .coarse
        .then(|| view! { <p class="notice">{tr!(locale, "drafts.diff_coarse")}</p> });
    let marked = match diff.rendered.clone() {
        None if diff.coarse => ().into_any(),
        Some(html) => view! {
            <p class="meta diff-legend">
                <ins class="diff-ins">{tr!(locale, "drafts.legend_added")}</ins>
                " "
                <del class="diff-del">{tr!(locale, "drafts.legend_removed")}</del>
            </p>
            <div class="markdown diff-rendered" role="region" aria-label=tr!(locale, "drafts.changes") inner_html=html></div>
        }
        .into_any(),
        None => view! { <p class="empty">{tr!(locale, "drafts.no_changes")}</p> }.into_any(),
    };
    view! { {coarse} {marked} }
}

#[component]
pub fn DraftDiffPage() -> impl IntoView {
    let locale = use_locale();
    let params = use_params_map();
    let query = use_query_map();
    let diff = Resource::new_blocking(
        move || {
            let p = params.read();
            let q = query.read();
            (
                p.get("slug").unwrap_or_default(),
                num(p.get("draft")),
                num(q.get("from")),
                num(q.get("to")),
            )
        },
        |(slug, draft, from, to)| async move {
            match (draft, from, to) {
                (Some(d), Some(f), Some(t)) => get_draft_diff(slug, d, f, t).await,
                _ => Err(AppError::NotFound),
            }
        },
    );
    view! {
        {load(diff, move |d| {
                let base = format!("/spaces/{}/drafts/{}", d.space_slug, d.id);
                view! {
                    <Title text=d.title.clone() />
                    <article class="draft-diff">
                        <p class="breadcrumb"><a href=base.clone()>{d.title.clone()}</a></p>
                        <h1>{tr!(locale, "drafts.diff_title", from = d.from, to = d.to)}</h1>
                        {rendered_diff(locale, &d)}
                        <details class="diff-source">
                            <summary>{tr!(locale, "drafts.source_changes")}</summary>
                            {diff_view(locale, &d)}
                        </details>
                    </article>
                }.into_any()
        })}
    }
}
