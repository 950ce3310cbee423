//! Threads and replies in a space: who may read, start, reply, edit, delete and moderate,
//! and what a thread page holds for the viewer.
//!
//! Reading follows the space (the one access rule, `access::place`); hidden threads exist
//! only for moderators. Taking part needs a per-space role of member or above, or the
//! platform roles that work across spaces (TA staff, admins); observers read. Owners,
//! moderators and admins moderate. Every write is one [`Change`](crate::backend::Change);
//! refusals are [`Refusal`]s, which pages explain in the reader's language.
//!
//! - `read`: the thread list, a thread's pages, one post, unread and permalink jumps, a
//!   post's history;
//! - `write`: starting, replying, editing, deleting, moderating;
//! - `compose`: what a compose form starts with, and the typed text kept across a preview
//!   or a refusal.

mod compose;
mod read;
mod write;

pub use compose::{clear_compose, compose, save_compose, ComposeFor};
pub use read::{first_unread, history, list, post_fragment, post_page, view};
pub use write::{delete, edit, moderate_post, moderate_thread, reply, start};
pub(crate) use write::{prepare_reply, reply_in, start_in};

use crate::backend::access::Viewer;
use crate::backend::store::{posts, users};
use crate::backend::{Cx, ServerError};
use crate::markdown;
use crate::model::refusal::Refusal;
use crate::model::thread::{PostState, PostView, ThreadPermissions, MAX_TITLE_CHARS};

/// The default largest post, in bytes of markdown (configurable).
pub const DEFAULT_MAX_POST_BYTES: usize = 64 * 1024;

/// A post of this thread, or "not found".
async fn post_in(cx: &Cx, thread_id: i64, post_id: i64) -> Result<posts::PostRow, ServerError> {
    posts::by_id(&cx.db().pool, post_id)
        .await?
        .filter(|p| p.thread_id == thread_id)
        .ok_or(ServerError::NotFound)
}

/// Checks a post body: not blank, not over `max_bytes`.
pub fn check_body(body: &str, max_bytes: usize) -> Result<(), ServerError> {
    if body.trim().is_empty() {
        return Err(Refusal::Empty.into());
    }
    if body.len() > max_bytes {
        return Err(Refusal::TooLong.into());
    }
    Ok(())
}

/// Checks a thread title: 1–200 characters once trimmed, no control characters.
pub fn check_title(title: &str) -> Result<&str, ServerError> {
    let title = title.trim();
    if title.is_empty()
        || title.chars().count() > MAX_TITLE_CHARS
        || title.chars().any(char::is_control)
    {
        return Err(Refusal::Title.into());
    }
    Ok(title)
}

/// Renders a body, linking mentions of people who exist.
pub async fn render(cx: &Cx, body: &str) -> Result<markdown::Rendered, ServerError> {
    let mut names: Vec<String> = markdown::mention_candidates(body).into_iter().collect();
    names.sort();
    names.truncate(50);
    let known = users::existing_usernames(&cx.db().pool, &names).await?;
    Ok(markdown::render(body, &|n| known.contains(n)))
}

/// What the viewer may do in this thread: reply (participants; in a locked thread only
/// moderators) and moderate.
fn permissions(
    place: &crate::backend::access::Place,
    viewer: &Viewer,
    thread: &crate::backend::store::threads::ThreadRow,
) -> ThreadPermissions {
    let moderator = place.can_moderate(viewer);
    ThreadPermissions {
        signed_in: viewer.user().is_some(),
        can_reply: place.can_participate(viewer) && (!thread.locked || moderator),
        can_moderate: moderator,
    }
}

/// Whether a post's text may be shown to a viewer: deleted text to nobody, hidden text to
/// the space's moderators only. Every way to a post's text (the page, its live fragment,
/// quoting, editing, its history) asks here.
fn readable(p: &posts::PostRow, moderator: bool) -> bool {
    !p.deleted && (!p.hidden || moderator)
}

/// What one post shows this viewer.
fn post_view(
    p: &posts::PostRow,
    viewer: &Viewer,
    moderator: bool,
    locked: bool,
    last_read: Option<i64>,
) -> PostView {
    let mine = viewer.user().is_some_and(|u| u.id == p.author_id);
    let state = if p.deleted {
        PostState::Deleted
    } else if p.hidden {
        PostState::Hidden
    } else {
        PostState::Visible
    };
    PostView {
        id: p.id,
        seq: p.seq,
        parent_id: p.parent_id,
        depth: p.depth,
        author_username: p.author_username.clone(),
        author_name: p.author_name.clone(),
        body_html: if readable(p, moderator) {
            p.body_html.clone()
        } else {
            String::new()
        },
        created_at: p.created_at,
        edited_at: p.edited_at,
        state,
        // One's own posts are never news to oneself.
        unread: !mine && last_read.is_some_and(|r| p.seq > r),
        can_edit: mine && state == PostState::Visible && (!locked || moderator),
        can_delete: (mine || moderator) && state != PostState::Deleted,
        can_see_history: (mine || moderator)
            && p.edited_at.is_some()
            && state != PostState::Deleted,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_and_bodies_are_checked() {
        assert!(check_title("  Plan 2026  ").is_ok_and(|t| t == "Plan 2026"));
        assert!(check_title("   ").is_err());
        assert!(check_title(&"x".repeat(201)).is_err());
        assert!(
            check_title(&"é".repeat(200)).is_ok(),
            "characters, not bytes"
        );
        assert!(check_title("tab\there").is_err());
        assert!(check_body("\n \t", 100).is_err());
        assert!(check_body(&"x".repeat(101), 100).is_err());
        assert!(check_body("ok", 100).is_ok());
    }
}
