//! Form posts of the discussion: start a thread, reply, edit, delete, moderate, and the
//! "first unread post" and permalink jumps; the live updater's post fragment. The rules
//! live in `app::backend::discussion`.
//!
//! Compose forms have two buttons: "Preview" keeps the text and shows it rendered; "Post"
//! posts it. When a post is refused (empty, too long, thread locked…) the text is kept too
//! and the form comes back with the message, so nothing typed is ever lost
//! (`forms::compose`).

use app::backend::discussion::{self, ComposeFor};
use app::backend::{Cx, ServerError};
use app::model::refusal::Refusal;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use serde::Deserialize;

use crate::forms::{back_to, safe_slug, Ids};

fn thread_url(slug: &str, thread: i64) -> String {
    format!("/spaces/{}/threads/{thread}", safe_slug(slug))
}

/// Where each compose form lives.
fn compose_url(slug: &str, what: ComposeFor) -> String {
    match what {
        ComposeFor::NewThread => format!("/spaces/{}/threads/new", safe_slug(slug)),
        ComposeFor::Reply {
            thread_id, parent, ..
        } => match parent {
            Some(p) => format!("{}/reply?to={p}", thread_url(slug, thread_id)),
            None => format!("{}/reply", thread_url(slug, thread_id)),
        },
        ComposeFor::Edit { thread_id, post_id } => {
            format!("{}/posts/{post_id}/edit", thread_url(slug, thread_id))
        }
    }
}

#[derive(Deserialize)]
pub struct ComposeForm {
    #[serde(default)]
    title: String,
    body: String,
    #[serde(default)]
    intent: String,
    #[serde(default)]
    parent: String,
}

/// Answers a compose form for `what`: `post` does the work and says where to go.
async fn compose(
    cx: &Cx,
    slug: &str,
    what: ComposeFor,
    form: &ComposeForm,
    post: impl AsyncFnOnce() -> Result<String, ServerError>,
) -> Response {
    let keep = async || discussion::save_compose(cx, slug, what, &form.title, &form.body).await;
    crate::forms::compose(&form.intent, &compose_url(slug, what), keep, post).await
}

/// `POST /spaces/{slug}/threads`
pub async fn start(cx: Cx, ids: Ids, Form(form): Form<ComposeForm>) -> Response {
    let slug = ids.slug();
    compose(&cx, slug, ComposeFor::NewThread, &form, async || {
        let id = discussion::start(&cx, slug, &form.title, &form.body).await?;
        Ok(thread_url(slug, id))
    })
    .await
}

/// `POST /spaces/{slug}/threads/{thread}/reply`
pub async fn reply(cx: Cx, ids: Ids, Form(form): Form<ComposeForm>) -> Response {
    let (slug, thread_id) = match ids.id("thread") {
        Ok(t) => (ids.slug(), t),
        Err(e) => return e.into_response(),
    };
    let parent = match form.parent.trim() {
        "" => None,
        p => match p.parse::<i64>() {
            Ok(p) => Some(p),
            Err(_) => return ServerError::from(Refusal::BadParent).into_response(),
        },
    };
    let what = ComposeFor::Reply {
        thread_id,
        parent,
        quote: false,
    };
    compose(&cx, slug, what, &form, async || {
        let post = discussion::reply(&cx, slug, thread_id, parent, &form.body).await?;
        Ok(format!("{}#p{post}", thread_url(slug, thread_id)))
    })
    .await
}

/// `POST /spaces/{slug}/threads/{thread}/posts/{post}/edit`
pub async fn edit(cx: Cx, ids: Ids, Form(form): Form<ComposeForm>) -> Response {
    let (thread_id, post_id) = match (ids.id("thread"), ids.id("post")) {
        (Ok(t), Ok(p)) => (t, p),
        (Err(e), _) | (_, Err(e)) => return e.into_response(),
    };
    let slug = ids.slug();
    let what = ComposeFor::Edit { thread_id, post_id };
    compose(&cx, slug, what, &form, async || {
        discussion::edit(&cx, slug, thread_id, post_id, &form.body).await?;
        Ok(format!("{}#p{post_id}", thread_url(slug, thread_id)))
    })
    .await
}

/// `POST /spaces/{slug}/threads/{thread}/posts/{post}/delete`
pub async fn delete(cx: Cx, ids: Ids) -> Response {
    let (thread_id, post_id) = match (ids.id("thread"), ids.id("post")) {
        (Ok(t), Ok(p)) => (t, p),
        (Err(e), _) | (_, Err(e)) => return e.into_response(),
    };
    let slug = ids.slug();
    match discussion::delete(&cx, slug, thread_id, post_id).await {
        // The opening post took its thread with it: back to the space.
        Ok(true) => Redirect::to(&format!("/spaces/{}?done=thread_deleted", safe_slug(slug)))
            .into_response(),
        Ok(false) => back_to(
            &thread_url(slug, thread_id),
            &format!("#p{post_id}"),
            Ok("deleted"),
        ),
        Err(e) => back_to(&thread_url(slug, thread_id), "", Err(e)),
    }
}

#[derive(Deserialize)]
pub struct ActionForm {
    action: String,
}

/// `POST /spaces/{slug}/threads/{thread}/posts/{post}/moderate` (action `hide` or `show`)
pub async fn moderate_post(cx: Cx, ids: Ids, Form(form): Form<ActionForm>) -> Response {
    let (thread_id, post_id) = match (ids.id("thread"), ids.id("post")) {
        (Ok(t), Ok(p)) => (t, p),
        (Err(e), _) | (_, Err(e)) => return e.into_response(),
    };
    let hide = match form.action.as_str() {
        "hide" => Some(true),
        "show" => Some(false),
        _ => None,
    };
    let outcome = discussion::moderate_post(&cx, ids.slug(), thread_id, post_id, hide).await;
    back_to(
        &thread_url(ids.slug(), thread_id),
        &format!("#p{post_id}"),
        outcome,
    )
}

/// `POST /spaces/{slug}/threads/{thread}/moderate` (pin, unpin, lock, unlock, hide, unhide)
pub async fn moderate_thread(cx: Cx, ids: Ids, Form(form): Form<ActionForm>) -> Response {
    let thread_id = match ids.id("thread") {
        Ok(t) => t,
        Err(e) => return e.into_response(),
    };
    let outcome = discussion::moderate_thread(&cx, ids.slug(), thread_id, &form.action).await;
    back_to(&thread_url(ids.slug(), thread_id), "", outcome)
}

/// A thread's address at the page (and post) given.
fn at(slug: &str, thread_id: i64, page: i64, post: Option<i64>) -> String {
    let mut url = thread_url(slug, thread_id);
    if page > 1 {
        url.push_str(&format!("?page={page}"));
    }
    if let Some(post) = post {
        url.push_str(&format!("#p{post}"));
    }
    url
}

/// `GET /spaces/{slug}/threads/{thread}/unread`: to the page and post where the viewer
/// stopped reading (the thread's first page when nothing is unread).
pub async fn first_unread(cx: Cx, ids: Ids) -> Response {
    let thread_id = match ids.id("thread") {
        Ok(t) => t,
        Err(e) => return e.into_response(),
    };
    match discussion::first_unread(&cx, ids.slug(), thread_id).await {
        Ok((page, post)) => Redirect::to(&at(ids.slug(), thread_id, page, post)).into_response(),
        Err(e) => e.into_response(),
    }
}

/// `GET /spaces/{slug}/threads/{thread}/posts/{post}`: a post's own address (search
/// results use it), redirecting to the page of the thread that shows it.
pub async fn permalink(cx: Cx, ids: Ids) -> Response {
    let (thread_id, post_id) = match (ids.id("thread"), ids.id("post")) {
        (Ok(t), Ok(p)) => (t, p),
        (Err(e), _) | (_, Err(e)) => return e.into_response(),
    };
    match discussion::post_page(&cx, ids.slug(), thread_id, post_id).await {
        Ok(page) => Redirect::to(&at(ids.slug(), thread_id, page, Some(post_id))).into_response(),
        Err(e) => e.into_response(),
    }
}

/// `GET /spaces/{slug}/threads/{thread}/posts/{post}/fragment`: one post's `<li>`, as the
/// thread page shows it to this viewer (the live updater inserts it in place).
pub async fn fragment(cx: Cx, ids: Ids, headers: axum::http::HeaderMap) -> Response {
    let (thread_id, post_id) = match (ids.id("thread"), ids.id("post")) {
        (Ok(t), Ok(p)) => (t, p),
        (Err(e), _) | (_, Err(e)) => return e.into_response(),
    };
    match discussion::post_fragment(&cx, ids.slug(), thread_id, post_id).await {
        Ok((perms, post)) => {
            use app::pages::post_tree;
            let labels = post_tree::Labels::new(crate::router::request_locale(&headers));
            let base = thread_url(ids.slug(), thread_id);
            let tree = post_tree::Context {
                labels: &labels,
                base: &base,
                can_reply: perms.can_reply,
                can_moderate: perms.can_moderate,
                zone: &cx.zone(),
                // Live posts arrive plain; the answer is marked when the page reloads.
                answer: None,
            };
            let html = post_tree::render(&tree, std::slice::from_ref(&post));
            (
                [
                    (axum::http::header::CONTENT_TYPE, "text/html; charset=utf-8"),
                    (axum::http::header::CACHE_CONTROL, "no-store"),
                ],
                html,
            )
                .into_response()
        }
        Err(e) => e.into_response(),
    }
}
