//! Compose forms of the discussion (a new thread, a reply, an edit): what each starts with
//! — the text the viewer typed and kept (after a preview or a refusal), a post's current
//! text to edit, or a quoted post — and keeping or forgetting that text.

use super::{post_in, post_view, readable, render};
use crate::backend::access::{place, thread_in};
use crate::backend::store::compose;
use crate::backend::{Cx, ServerError};
use crate::model::thread::{Compose, MAX_TITLE_CHARS};

/// Which form is being written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ComposeFor {
    NewThread,
    /// A reply to the thread (`None`) or to one of its posts.
    Reply {
        thread_id: i64,
        parent: Option<i64>,
        quote: bool,
    },
    Edit {
        thread_id: i64,
        post_id: i64,
    },
}

/// Where the kept text of a form is filed, for one person.
pub(super) fn target(space_id: i64, what: ComposeFor) -> String {
    match what {
        ComposeFor::NewThread => format!("space:{space_id}"),
        ComposeFor::Reply {
            thread_id, parent, ..
        } => format!("reply:{thread_id}:{}", parent.unwrap_or(0)),
        ComposeFor::Edit { post_id, .. } => format!("edit:{post_id}"),
    }
}

/// What a compose form starts with: the viewer's saved text for it, or for an edit the
/// post's current text, or for a quoting reply the quoted post; with a preview if asked.
pub async fn compose(
    cx: &Cx,
    slug: &str,
    what: ComposeFor,
    preview: bool,
) -> Result<Compose, ServerError> {
    let user = cx.user()?;
    let viewer = &cx.viewer;
    let (place, thread, context) = match what {
        ComposeFor::NewThread => (place(cx, slug).await?, None, None),
        ComposeFor::Reply {
            thread_id, parent, ..
        } => {
            let (place, thread) = thread_in(cx, slug, thread_id).await?;
            // A parent that is not in this thread (a refused reply coming back) leaves a
            // reply to the thread itself.
            let context = match parent {
                Some(id) => match post_in(cx, thread.id, id).await {
                    Ok(p) => Some(p),
                    Err(ServerError::NotFound) => None,
                    Err(e) => return Err(e),
                },
                None => None,
            };
            (place, Some(thread), context)
        }
        ComposeFor::Edit { thread_id, post_id } => {
            let (place, thread) = thread_in(cx, slug, thread_id).await?;
            let post = post_in(cx, thread.id, post_id).await?;
            if post.author_id != user.id || !readable(&post, place.can_moderate(viewer)) {
                return Err(ServerError::Forbidden);
            }
            (place, Some(thread), Some(post))
        }
    };
    let allowed = match what {
        ComposeFor::Edit { .. } => true,
        _ => place.can_participate(viewer),
    };
    if !allowed {
        return Err(ServerError::Forbidden);
    }
    let saved = compose::get(&cx.db().pool, user.id, &target(place.space.id, what)).await?;
    let moderator = place.can_moderate(viewer);
    let (title, body) = match (saved, what, &context) {
        (Some(s), _, _) => (s.title, s.body),
        (None, ComposeFor::Edit { .. }, Some(post)) => (String::new(), post.body_md.clone()),
        // Only text the viewer may read is quoted: a hidden post's is for moderators.
        (None, ComposeFor::Reply { quote: true, .. }, Some(post)) if readable(post, moderator) => {
            (String::new(), quote(&post.author_username, &post.body_md))
        }
        _ => (String::new(), String::new()),
    };
    let preview_html = if preview && !body.trim().is_empty() {
        Some(render(cx, &body).await?.html)
    } else {
        None
    };
    let locked = thread.as_ref().is_some_and(|t| t.locked);
    Ok(Compose {
        space_slug: place.space.slug.clone(),
        space_name: place.space.name.clone(),
        thread_id: thread.as_ref().map(|t| t.id),
        thread_title: thread.map(|t| t.title).unwrap_or_default(),
        context: context.map(|p| post_view(&p, viewer, moderator, locked, None)),
        title,
        body,
        preview_html,
        max_body_bytes: cx.max_post_bytes(),
    })
}

/// `> ` before every line of the quoted text, after a line naming its author.
fn quote(author: &str, body: &str) -> String {
    let mut out = format!("@{author}:\n");
    for line in body.lines() {
        out.push_str("> ");
        out.push_str(line);
        out.push('\n');
    }
    out.push('\n');
    out
}

/// Keeps what the viewer typed for this form (after a preview or a refusal). The text is
/// bounded so a refused oversized post is kept only up to a little over the limit.
pub async fn save_compose(
    cx: &Cx,
    slug: &str,
    what: ComposeFor,
    title: &str,
    body: &str,
) -> Result<(), ServerError> {
    let user = cx.user()?;
    let place = place(cx, slug).await?;
    let saved = compose::Saved {
        title: compose::truncate(title, 4 * MAX_TITLE_CHARS),
        body: compose::truncate(body, cx.max_post_bytes() + 1024),
    };
    let target = target(place.space.id, what);
    compose::save(&cx.db().pool, user.id, &target, &saved, cx.now).await?;
    Ok(())
}

/// Forgets the saved text once it has been posted.
pub async fn clear_compose(cx: &Cx, slug: &str, what: ComposeFor) -> Result<(), ServerError> {
    let user = cx.user()?;
    let place = place(cx, slug).await?;
    compose::delete(&cx.db().pool, user.id, &target(place.space.id, what)).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_name_the_author() {
        assert_eq!(quote("ana", "a\nb"), "@ana:\n> a\n> b\n\n");
    }
}
