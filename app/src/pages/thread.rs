//! A thread page: the opening post and its replies as a tree (see `post_tree`), a page at
//! a time, with the forms to reply, edit, delete and moderate. Everything is plain HTML
//! and forms, so it all works without script.

use super::load;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::post_tree;
use crate::api::threads::get_thread;
use crate::components::live::{Live, LiveLabels};
use crate::error::AppError;
use crate::i18n::{use_locale, Locale};
use crate::model::thread::ThreadView;
use crate::model::user::CurrentUser;
use crate::tr;

/// The outcome of the last form post on this page, from `?done=` / `?error=`.
fn outcome(locale: Locale) -> impl IntoView {
    let query = use_query_map();
    let q = query.read_untracked();
    let done = q.get("done").and_then(|d| {
        let key = match d.as_str() {
            "deleted" => "discussion.done_deleted",
            "pinned" => "discussion.done_pinned",
            "unpinned" => "discussion.done_unpinned",
            "locked" => "discussion.done_locked",
            "unlocked" => "discussion.done_unlocked",
            "hidden" => "discussion.done_hidden",
            "unhidden" => "discussion.done_unhidden",
            "post_hidden" => "discussion.done_post_hidden",
            "post_shown" => "discussion.done_post_shown",
            _ => return None,
        };
        Some(tr!(locale, key))
    });
    let error = q.get("error").map(|e| error_message(locale, &e));
    super::form_outcome(done, error)
}

/// A refusal code from the discussion rules, as a sentence.
/// The message for a refusal code from the page's address.
pub fn error_message(locale: Locale, code: &str) -> String {
    crate::model::refusal::Refusal::message_for(code, locale)
}

#[component]
pub fn ThreadPage() -> impl IntoView {
    let locale = use_locale();
    let params = use_params_map();
    let query = use_query_map();
    let thread = Resource::new_blocking(
        move || {
            let p = params.read();
            let page = query
                .read()
                .get("page")
                .and_then(|p| p.parse::<i64>().ok())
                .unwrap_or(1);
            (
                p.get("slug").unwrap_or_default(),
                p.get("thread").and_then(|t| t.parse::<i64>().ok()),
                page,
            )
        },
        |(slug, thread, page)| async move {
            match thread {
                Some(id) => get_thread(slug, id, page).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        {load(thread, move |t| thread_view(locale, t))}
    }
}

fn thread_view(locale: Locale, t: ThreadView) -> impl IntoView {
    let base = format!("/spaces/{}/threads/{}", t.space_slug, t.id);
    let perms = t.permissions;
    let flags = view! {
        {t.pinned.then(|| view! { <span class="badge">{tr!(locale, "discussion.pinned")}</span> })}
        {t.locked.then(|| view! { <span class="badge badge-private">{tr!(locale, "discussion.locked")}</span> })}
        {t.hidden.then(|| view! { <span class="badge badge-private">{tr!(locale, "discussion.hidden")}</span> })}
    };
    let pager_top = pager(locale, &base, t.page, t.pages);
    let pager_bottom = pager(locale, &base, t.page, t.pages);
    let moderation = perms.can_moderate.then(|| {
        let toggle = |on: bool, yes: &'static str, no: &'static str| if on { no } else { yes };
        let actions = [
            toggle(t.pinned, "pin", "unpin"),
            toggle(t.locked, "lock", "unlock"),
            toggle(t.hidden, "hide", "unhide"),
        ];
        view! {
            <form method="post" action=format!("{base}/moderate") class="inline moderation">
                <span class="meta">{tr!(locale, "discussion.moderate")}</span>
                {actions.into_iter().map(|a| view! {
                    <button type="submit" name="action" value=a>{action_label(locale, a)}</button>
                }).collect_view()}
            </form>
        }
    });
    let reply_box = if perms.can_reply {
        view! {
            <form method="post" action=format!("{base}/reply") class="stacked compose" id="reply">
                <h2>{tr!(locale, "discussion.reply_to_thread")}</h2>
                <label for="reply-body">{tr!(locale, "discussion.body")}</label>
                <textarea id="reply-body" name="body" rows="6" required></textarea>
                <p class="meta">{tr!(locale, "discussion.markdown_hint")}</p>
                <div class="buttons">
                    <button type="submit" name="intent" value="preview" class="secondary">{tr!(locale, "discussion.preview")}</button>
                    <button type="submit" name="intent" value="post" class="primary">{tr!(locale, "discussion.post")}</button>
                </div>
            </form>
        }
        .into_any()
    } else if t.locked {
        view! { <p class="notice">{tr!(locale, "discussion.locked_note")}</p> }.into_any()
    } else if !perms.signed_in {
        view! { <p class="meta"><a href="/signin">{tr!(locale, "discussion.sign_in_to_reply")}</a></p> }.into_any()
    } else {
        view! { <p class="meta">{tr!(locale, "discussion.members_reply")}</p> }.into_any()
    };
    // Live presence and replies for signed-in readers (an island; the page works without).
    let live = use_context::<Option<CurrentUser>>().flatten().map(|me| {
        view! {
            <Live
                room=format!("thread:{}", t.id)
                base=base.clone()
                since=t.live_since
                last_page=t.page == t.pages
                me=me.username
                labels=LiveLabels::new(locale)
            />
        }
        .into_any()
    });
    let labels = post_tree::Labels::new(locale);
    let zone = crate::dates::reader_zone();
    let posts = post_tree::render(
        &post_tree::Context {
            labels: &labels,
            base: &base,
            can_reply: perms.can_reply,
            can_moderate: perms.can_moderate,
            zone: &zone,
            answer: None,
        },
        &t.posts,
    );
    view! {
        <Title text=t.title.clone() />
        <article class="thread">
            {match t.request_id {
                Some(r) => view! {
                    <p class="breadcrumb"><a href=format!("/requests/{r}")>{tr!(locale, "requests.conversation_of", id = r.to_string())}</a></p>
                }.into_any(),
                None => view! {
                    <p class="breadcrumb"><a href=format!("/spaces/{}", t.space_slug)>{t.space_name.clone()}</a></p>
                }.into_any(),
            }}
            <h1>{t.title.clone()} " " {flags}</h1>
            <p class="meta">{tr!(locale, "discussion.post_count", count = t.total)}</p>
            {live}
            {outcome(locale)}
            {moderation}
            {pager_top}
            <ol class="posts" inner_html=posts></ol>
            {pager_bottom}
            {reply_box}
        </article>
    }
}

fn action_label(locale: Locale, action: &str) -> String {
    match action {
        "pin" => tr!(locale, "discussion.pin"),
        "unpin" => tr!(locale, "discussion.unpin"),
        "lock" => tr!(locale, "discussion.lock"),
        "unlock" => tr!(locale, "discussion.unlock"),
        "hide" => tr!(locale, "discussion.hide"),
        _ => tr!(locale, "discussion.unhide"),
    }
}

fn pager(locale: Locale, base: &str, page: i64, pages: i64) -> Option<AnyView> {
    if pages <= 1 {
        return None;
    }
    let link = |p: i64| format!("{base}?page={p}");
    Some(
        view! {
            <nav class="pager" aria-label=tr!(locale, "discussion.pages")>
                {(page > 1).then(|| view! { <a rel="prev" href=link(page - 1)>{tr!(locale, "discussion.previous")}</a> })}
                <span>{tr!(locale, "discussion.page_of", page = page, pages = pages)}</span>
                {(page < pages).then(|| view! { <a rel="next" href=link(page + 1)>{tr!(locale, "discussion.next")}</a> })}
            </nav>
        }
        .into_any(),
    )
}
