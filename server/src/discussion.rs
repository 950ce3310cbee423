//! Form posts of the discussion: start a thread, reply, edit, delete, moderate, and the
//! "first unread post" jump. The rules live in `app::backend::discussion`.
//!
//! Compose forms have two buttons: "Preview" keeps the text and shows it rendered; "Post"
//! posts it. When a post is refused (empty, too long, thread locked…) the text is kept too
//! and the form comes back with the message, so nothing typed is ever lost.

use app::backend::discussion::{self, ComposeFor};
use app::backend::{access::Viewer, now, AppState, ServerError};
use axum::{
    extract::{Path, State},
    response::{IntoResponse, Redirect, Response},
    Extension, Form,
};
use serde::Deserialize;

use crate::forms::{path_id as id, safe_slug as clean_slug, with_query};

/// A thread id and a post id from the path, both valid.
fn ids(thread: &str, post: &str) -> Option<(i64, i64)> {
    Some((id(thread).ok()?, id(post).ok()?))
}

fn thread_url(slug: &str, thread: i64) -> String {
    format!("/spaces/{}/threads/{thread}", clean_slug(slug))
}

/// Where each compose form lives.
fn compose_url(slug: &str, what: ComposeFor) -> String {
    match what {
        ComposeFor::NewThread => format!("/spaces/{}/threads/new", clean_slug(slug)),
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

/// What every compose post does: preview, or post and go to `done`, or keep the text and
/// return to the form with the refusal.
async fn compose_post<F, Fut>(
    state: &AppState,
    viewer: &Viewer,
    slug: &str,
    what: ComposeFor,
    form: &ComposeForm,
    post: F,
) -> Response
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = Result<String, ServerError>>,
{
    let form_url = compose_url(slug, what);
    let keep = || async {
        discussion::save_compose(
            &state.db,
            viewer,
            slug,
            what,
            &form.title,
            &form.body,
            state.max_post_bytes,
            now(),
        )
        .await
    };
    if form.intent == "preview" {
        return match keep().await {
            Ok(()) => Redirect::to(&with_query(&form_url, "preview=1")).into_response(),
            Err(e) => e.into_response(),
        };
    }
    match post().await {
        Ok(done) => {
            let _ = discussion::clear_compose(&state.db, viewer, slug, what).await;
            Redirect::to(&done).into_response()
        }
        Err(ServerError::Invalid(code))
            if code.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') =>
        {
            match keep().await {
                Ok(()) => {
                    Redirect::to(&with_query(&form_url, &format!("error={code}"))).into_response()
                }
                Err(e) => e.into_response(),
            }
        }
        Err(e) => e.into_response(),
    }
}

/// `POST /spaces/{slug}/threads`
pub async fn start(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    Path(slug): Path<String>,
    Form(form): Form<ComposeForm>,
) -> Response {
    compose_post(
        &state,
        &viewer,
        &slug,
        ComposeFor::NewThread,
        &form,
        || async {
            let id = discussion::start(
                &state.db,
                &viewer,
                &slug,
                &form.title,
                &form.body,
                state.max_post_bytes,
                now(),
            )
            .await?;
            Ok(thread_url(&slug, id))
        },
    )
    .await
}

/// `POST /spaces/{slug}/threads/{thread}/reply`
pub async fn reply(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    Path((slug, thread)): Path<(String, String)>,
    Form(form): Form<ComposeForm>,
) -> Response {
    let thread_id = match id(&thread) {
        Ok(t) => t,
        Err(e) => return e.into_response(),
    };
    let parent = match form.parent.trim() {
        "" => None,
        p => match p.parse::<i64>() {
            Ok(p) => Some(p),
            Err(_) => {
                return ServerError::Invalid(discussion::REFUSED_BAD_PARENT.into()).into_response()
            }
        },
    };
    let what = ComposeFor::Reply {
        thread_id,
        parent,
        quote: false,
    };
    compose_post(&state, &viewer, &slug, what, &form, || async {
        let post = discussion::reply(
            &state.db,
            &viewer,
            &slug,
            thread_id,
            parent,
            &form.body,
            state.max_post_bytes,
            now(),
        )
        .await?;
        Ok(format!("{}#p{post}", thread_url(&slug, thread_id)))
    })
    .await
}

/// `POST /spaces/{slug}/threads/{thread}/posts/{post}/edit`
pub async fn edit(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    Path((slug, thread, post)): Path<(String, String, String)>,
    Form(form): Form<ComposeForm>,
) -> Response {
    let Some((thread_id, post_id)) = ids(&thread, &post) else {
        return ServerError::NotFound.into_response();
    };
    let what = ComposeFor::Edit { thread_id, post_id };
    compose_post(&state, &viewer, &slug, what, &form, || async {
        discussion::edit(
            &state.db,
            &viewer,
            &slug,
            thread_id,
            post_id,
            &form.body,
            state.max_post_bytes,
            now(),
        )
        .await?;
        Ok(format!("{}#p{post_id}", thread_url(&slug, thread_id)))
    })
    .await
}

/// `POST /spaces/{slug}/threads/{thread}/posts/{post}/delete`
pub async fn delete(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    Path((slug, thread, post)): Path<(String, String, String)>,
) -> Response {
    let Some((thread_id, post_id)) = ids(&thread, &post) else {
        return ServerError::NotFound.into_response();
    };
    match discussion::delete(&state.db, &viewer, &slug, thread_id, post_id, now()).await {
        // The opening post took its thread with it: back to the space.
        Ok(true) => Redirect::to(&format!(
            "/spaces/{}?done=thread_deleted",
            clean_slug(&slug)
        ))
        .into_response(),
        Ok(false) => crate::forms::back_to(
            &thread_url(&slug, thread_id),
            &format!("#p{post_id}"),
            Ok("deleted"),
        ),
        Err(e) => crate::forms::back_to(&thread_url(&slug, thread_id), "", Err(e)),
    }
}

#[derive(Deserialize)]
pub struct ActionForm {
    action: String,
}

/// `POST /spaces/{slug}/threads/{thread}/posts/{post}/moderate` (action `hide` or `show`)
pub async fn moderate_post(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    Path((slug, thread, post)): Path<(String, String, String)>,
    Form(form): Form<ActionForm>,
) -> Response {
    let Some((thread_id, post_id)) = ids(&thread, &post) else {
        return ServerError::NotFound.into_response();
    };
    let hide = match form.action.as_str() {
        "hide" => Some(true),
        "show" => Some(false),
        _ => None,
    };
    let outcome =
        discussion::moderate_post(&state.db, &viewer, &slug, thread_id, post_id, hide, now()).await;
    crate::forms::back_to(
        &thread_url(&slug, thread_id),
        &format!("#p{post_id}"),
        outcome,
    )
}

/// `POST /spaces/{slug}/threads/{thread}/moderate` (pin, unpin, lock, unlock, hide, unhide)
pub async fn moderate_thread(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    Path((slug, thread)): Path<(String, String)>,
    Form(form): Form<ActionForm>,
) -> Response {
    let thread_id = match id(&thread) {
        Ok(t) => t,
        Err(e) => return e.into_response(),
    };
    let outcome =
        discussion::moderate_thread(&state.db, &viewer, &slug, thread_id, &form.action, now())
            .await;
    crate::forms::back_to(&thread_url(&slug, thread_id), "", outcome)
}

/// `GET /spaces/{slug}/threads/{thread}/unread`: to the page and post where the viewer
/// stopped reading (the thread's first page when nothing is unread).
pub async fn first_unread(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    Path((slug, thread)): Path<(String, String)>,
) -> Response {
    let thread_id = match id(&thread) {
        Ok(t) => t,
        Err(e) => return e.into_response(),
    };
    match discussion::first_unread(&state.db, &viewer, &slug, thread_id).await {
        Ok((page, post)) => {
            let mut url = thread_url(&slug, thread_id);
            if page > 1 {
                url.push_str(&format!("?page={page}"));
            }
            if let Some(post) = post {
                url.push_str(&format!("#p{post}"));
            }
            Redirect::to(&url).into_response()
        }
        Err(e) => e.into_response(),
    }
}

/// `GET /spaces/{slug}/threads/{thread}/posts/{post}`: a post's own address (search
/// results use it), redirecting to the page of the thread that shows it.
pub async fn permalink(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    Path((slug, thread, post)): Path<(String, String, String)>,
) -> Response {
    let Some((thread_id, post_id)) = ids(&thread, &post) else {
        return ServerError::NotFound.into_response();
    };
    match discussion::post_page(&state.db, &viewer, &slug, thread_id, post_id).await {
        Ok(page) => {
            let mut url = thread_url(&slug, thread_id);
            if page > 1 {
                url.push_str(&format!("?page={page}"));
            }
            url.push_str(&format!("#p{post_id}"));
            Redirect::to(&url).into_response()
        }
        Err(e) => e.into_response(),
    }
}

/// `GET /spaces/{slug}/threads/{thread}/posts/{post}/fragment`: one post's `<li>`, as the
/// thread page shows it to this viewer (the live updater inserts it in place).
pub async fn fragment(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    Path((slug, thread, post)): Path<(String, String, String)>,
    headers: axum::http::HeaderMap,
) -> Response {
    let (thread_id, post_id) = match (id(&thread), id(&post)) {
        (Ok(t), Ok(p)) => (t, p),
        (Err(e), _) | (_, Err(e)) => return e.into_response(),
    };
    match discussion::post_fragment(&state.db, &viewer, &slug, thread_id, post_id).await {
        Ok((perms, post)) => {
            use app::pages::post_tree;
            let labels = post_tree::Labels::new(crate::router::request_locale(&headers));
            let base = thread_url(&slug, thread_id);
            let cx = post_tree::Context {
                labels: &labels,
                base: &base,
                can_reply: perms.can_reply,
                can_moderate: perms.can_moderate,
                // Live posts arrive plain; the answer is marked when the page reloads.
                answer: None,
            };
            let html = post_tree::render(&cx, std::slice::from_ref(&post));
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
