//! Server functions for discussion threads: a space's list, a thread page, compose forms
//! and a post's history. Writes arrive as form posts (see the server's `discussion`).

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::thread::{Compose, PostHistory, ThreadList, ThreadView};

/// The threads of a space the viewer may see.
#[server(endpoint = "threads/list")]
pub async fn list_threads(slug: String) -> Result<ThreadList, AppError> {
    let cx = super::ssr::cx()?;
    Ok(crate::backend::discussion::list(&cx, &slug).await?)
}

/// One page of a thread (marks it read for the viewer).
#[server(endpoint = "threads/get")]
pub async fn get_thread(slug: String, thread: i64, page: i64) -> Result<ThreadView, AppError> {
    let cx = super::ssr::cx()?;
    Ok(crate::backend::discussion::view(&cx, &slug, thread, page).await?)
}

/// Which compose form to fill: a new thread, a reply (to the thread or one post, maybe
/// quoting it) or an edit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ComposeKind {
    NewThread,
    Reply,
    Edit,
}

/// What a compose form starts with (saved text, the post answered or edited, a preview).
#[server(endpoint = "threads/compose")]
pub async fn compose_form(
    slug: String,
    kind: ComposeKind,
    thread: Option<i64>,
    post: Option<i64>,
    quote: bool,
    preview: bool,
) -> Result<Compose, AppError> {
    use crate::backend::discussion::{self, ComposeFor};
    use crate::backend::ServerError;
    let cx = super::ssr::cx()?;
    let what = match (kind, thread, post) {
        (ComposeKind::NewThread, _, _) => ComposeFor::NewThread,
        (ComposeKind::Reply, Some(thread_id), parent) => ComposeFor::Reply {
            thread_id,
            parent,
            quote,
        },
        (ComposeKind::Edit, Some(thread_id), Some(post_id)) => {
            ComposeFor::Edit { thread_id, post_id }
        }
        _ => return Err(ServerError::NotFound.into()),
    };
    Ok(discussion::compose(&cx, &slug, what, preview).await?)
}

/// A post's earlier versions (its author and the space's moderators).
#[server(endpoint = "threads/history")]
pub async fn get_post_history(
    slug: String,
    thread: i64,
    post: i64,
) -> Result<PostHistory, AppError> {
    let cx = super::ssr::cx()?;
    Ok(crate::backend::discussion::history(&cx, &slug, thread, post).await?)
}
