//! Writing in a space: a new thread, a reply (to the thread or to one post, optionally
//! quoting it) and an edit. Each is a plain form with "Preview" and "Post" buttons; the
//! preview is rendered on the server by the same markdown renderer the post will use.
//! Text kept after a preview or a refused attempt comes back in the form.

use super::load;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::thread::error_message;
use crate::api::threads::{compose_form, ComposeKind};
use crate::components::format::day;
use crate::error::AppError;
use crate::i18n::{use_locale, Locale};
use crate::model::thread::{Compose, PostState, MAX_TITLE_CHARS};
use crate::tr;

#[component]
pub fn NewThreadPage() -> impl IntoView {
    view! { <ComposePage kind=ComposeKind::NewThread /> }
}

#[component]
pub fn ReplyPage() -> impl IntoView {
    view! { <ComposePage kind=ComposeKind::Reply /> }
}

#[component]
pub fn EditPostPage() -> impl IntoView {
    view! { <ComposePage kind=ComposeKind::Edit /> }
}

#[component]
fn ComposePage(kind: ComposeKind) -> impl IntoView {
    let locale = use_locale();
    let params = use_params_map();
    let query = use_query_map();
    let data = Resource::new_blocking(
        move || {
            let p = params.read();
            let q = query.read();
            let num = |s: Option<String>| s.and_then(|v| v.parse::<i64>().ok());
            let post = match kind {
                ComposeKind::Edit => num(p.get("post")),
                _ => num(q.get("to")),
            };
            (
                p.get("slug").unwrap_or_default(),
                num(p.get("thread")),
                post,
                q.get("quote").is_some(),
                q.get("preview").is_some(),
                q.get("error"),
            )
        },
        move |(slug, thread, post, quote, preview, error)| async move {
            let c = compose_form(slug, kind, thread, post, quote, preview).await?;
            Ok::<_, AppError>((c, error))
        },
    );
    view! {
        {load(data, move |(c, error)| compose_view(locale, kind, c, error))}
    }
}

fn compose_view(
    locale: Locale,
    kind: ComposeKind,
    c: Compose,
    error: Option<String>,
) -> impl IntoView {
    let space_url = format!("/spaces/{}", c.space_slug);
    let thread_url = c.thread_id.map(|t| format!("{space_url}/threads/{t}"));
    let (heading, action) = match (kind, &thread_url, &c.context) {
        (ComposeKind::NewThread, _, _) => (
            tr!(locale, "discussion.new_thread"),
            format!("{space_url}/threads"),
        ),
        (ComposeKind::Reply, Some(t), _) => (
            tr!(locale, "discussion.reply_to_thread"),
            format!("{t}/reply"),
        ),
        (ComposeKind::Edit, Some(t), Some(p)) => (
            tr!(locale, "discussion.edit_post"),
            format!("{t}/posts/{}/edit", p.id),
        ),
        _ => (String::new(), String::new()),
    };
    let parent = match (kind, &c.context) {
        (ComposeKind::Reply, Some(p)) => p.id.to_string(),
        _ => String::new(),
    };
    let context = c.context.clone().filter(|_| kind == ComposeKind::Reply).map(|p| {
        let body = if p.state == PostState::Visible {
            view! { <div class="markdown" inner_html=p.body_html.clone()></div> }.into_any()
        } else {
            view! { <p class="placeholder">{tr!(locale, "discussion.deleted_post")}</p> }.into_any()
        };
        view! {
            <blockquote class="in-reply-to">
                <p class="meta">{tr!(locale, "discussion.in_reply_to", name = p.author_name.clone(), date = day(p.created_at))}</p>
                {body}
            </blockquote>
        }
    });
    if error.is_some() {
        super::set_status(422);
    }
    let error = error.map(
        |e| view! { <div class="error-box" role="alert"><p>{error_message(locale, &e)}</p></div> },
    );
    let preview = c.preview_html.clone().map(|html| {
        view! {
            <section class="preview" aria-labelledby="preview-title">
                <h2 id="preview-title">{tr!(locale, "discussion.preview")}</h2>
                <div class="markdown" inner_html=html></div>
            </section>
        }
    });
    let limit_kib = c.max_body_bytes / 1024;
    view! {
        <Title text=heading.clone() />
        <article class="compose-page">
            <p class="breadcrumb">
                <a href=space_url.clone()>{c.space_name.clone()}</a>
                {thread_url.clone().map(|t| view! { " › " <a href=t>{c.thread_title.clone()}</a> })}
            </p>
            <h1>{heading}</h1>
            {context}
            {error}
            {preview}
            <form method="post" action=action class="stacked compose">
                {(kind == ComposeKind::NewThread).then(|| view! {
                    <label for="compose-title">{tr!(locale, "discussion.thread_title")}</label>
                    <input id="compose-title" name="title" type="text" required maxlength=MAX_TITLE_CHARS.to_string() value=c.title.clone() />
                })}
                <input type="hidden" name="parent" value=parent />
                <label for="compose-body">{tr!(locale, "discussion.body")}</label>
                <textarea id="compose-body" name="body" rows="12" required>{c.body.clone()}</textarea>
                <p class="meta">{tr!(locale, "discussion.markdown_hint")} " " {tr!(locale, "discussion.limit", kib = limit_kib)}</p>
                <div class="buttons">
                    <button type="submit" name="intent" value="preview" class="secondary">{tr!(locale, "discussion.preview")}</button>
                    <button type="submit" name="intent" value="post" class="primary">
                        {if kind == ComposeKind::Edit { tr!(locale, "discussion.save") } else { tr!(locale, "discussion.post") }}
                    </button>
                </div>
            </form>
        </article>
    }
}
