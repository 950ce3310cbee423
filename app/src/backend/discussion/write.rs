//! Writing in discussions: starting a thread, replying, editing one's post, deleting, and
//! moderating threads and posts. Each is one [`Change`]: the rows, the notifications, the
//! live events and the search updates commit together or not at all.

use serde_json::json;

use super::ComposeFor;
use super::{check_body, check_title, post_in, render};
use crate::backend::access::{thread_in, Place};
use crate::backend::events::{self, Kind, Room};
use crate::backend::notify;
use crate::backend::search::queue::Entity;
use crate::backend::store::{audit, compose, posts, threads};
use crate::backend::{Change, Cx, ServerError};
use crate::markdown;
use crate::model::refusal::Refusal;
use crate::model::space::Space;
use crate::model::thread::MAX_DEPTH;

/// Starts a thread with its opening post; returns the thread's id.
pub async fn start(cx: &Cx, slug: &str, title: &str, body: &str) -> Result<i64, ServerError> {
    let user = cx.user()?;
    let place = crate::backend::access::place(cx, slug).await?;
    if !place.can_participate(&cx.viewer) {
        return Err(ServerError::Forbidden);
    }
    // A request space's threads are its requests: they start with a request.
    if place.space.ta_country.is_some() {
        return Err(Refusal::RequestsOnly.into());
    }
    let title = check_title(title)?;
    check_body(body, cx.max_post_bytes())?;
    let rendered = render(cx, body).await?;
    let mut change = cx.change().await?;
    let (thread_id, _) = start_in(
        &mut change,
        &place.space,
        user.id,
        title,
        body,
        &rendered,
        cx.now,
    )
    .await?;
    // Posted: the text kept for the form is no longer needed.
    let kept = super::compose::target(place.space.id, super::ComposeFor::NewThread);
    compose::delete(change.conn(), user.id, &kept).await?;
    change.commit().await?;
    Ok(thread_id)
}

/// Writes a new thread and its opening post in `change` (checked by the caller), with its
/// notifications, live event and index update; returns the thread's and the post's ids.
pub(crate) async fn start_in(
    change: &mut Change,
    space: &Space,
    author_id: i64,
    title: &str,
    body: &str,
    rendered: &markdown::Rendered,
    now: i64,
) -> Result<(i64, i64), ServerError> {
    let thread_id = threads::create(change.conn(), space.id, title, author_id, now).await?;
    let seq = threads::next_seq(change.conn(), thread_id, now).await?;
    let new = posts::NewPost {
        thread_id,
        seq,
        parent: None,
        author_id,
        body_md: body,
        body_html: &rendered.html,
    };
    let post_id = posts::insert(change.conn(), &new, now).await?;
    threads::mark_read(change.conn(), author_id, thread_id, seq).await?;
    let told = notify::NewPost {
        space,
        post_id,
        author_id,
        parent_author: None,
        mentions: &rendered.mentions,
        fresh: true,
    };
    notify::after_post(change, &told, now).await?;
    let data = json!({ "thread": thread_id, "post": post_id });
    change
        .event(Room::Space(space.id), Kind::ThreadCreated, data, now)
        .await?;
    change.index(Entity::Thread(thread_id), now).await?;
    Ok((thread_id, post_id))
}

/// A reply checked and rendered, ready to be written (see [`reply_in`]).
pub(crate) struct Reply {
    place: Place,
    thread_id: i64,
    /// Where it goes in the tree, and whose post it answers.
    attach_to: Option<posts::PostRow>,
    replied_to: Option<i64>,
    body: String,
    rendered: markdown::Rendered,
}

/// Checks a reply to the thread (`parent` None) or to one of its posts, and renders it.
pub(crate) async fn prepare_reply(
    cx: &Cx,
    slug: &str,
    thread_id: i64,
    parent: Option<i64>,
    body: &str,
) -> Result<Reply, ServerError> {
    cx.user()?;
    let (place, thread) = thread_in(cx, slug, thread_id).await?;
    if !place.can_participate(&cx.viewer) {
        return Err(ServerError::Forbidden);
    }
    let moderator = place.can_moderate(&cx.viewer);
    if thread.locked && !moderator {
        return Err(Refusal::Locked.into());
    }
    let parent = match parent {
        None => None,
        Some(id) => {
            let p = posts::by_id(&cx.db().pool, id)
                .await?
                .filter(|p| p.thread_id == thread.id)
                .ok_or(Refusal::BadParent)?;
            if p.deleted {
                return Err(Refusal::Deleted.into());
            }
            if p.hidden && !moderator {
                return Err(Refusal::Hidden.into());
            }
            Some(p)
        }
    };
    check_body(body, cx.max_post_bytes())?;
    let rendered = render(cx, body).await?;
    let replied_to = parent.as_ref().map(|p| p.author_id);
    // Past the deepest level, a reply joins its parent's siblings (still answering it).
    let attach_to = match parent {
        Some(p) if p.depth >= MAX_DEPTH => match p.parent_id {
            Some(grand) => Some(post_in(cx, thread.id, grand).await?),
            None => Some(p),
        },
        other => other,
    };
    Ok(Reply {
        place,
        thread_id: thread.id,
        attach_to,
        replied_to,
        body: body.to_string(),
        rendered,
    })
}

/// Writes a prepared reply in `change`, with its notifications, live events and index
/// update; returns the new post's id.
pub(crate) async fn reply_in(
    cx: &Cx,
    change: &mut Change,
    reply: &Reply,
) -> Result<i64, ServerError> {
    let (user, now) = (cx.user()?, cx.now);
    let seq = threads::next_seq(change.conn(), reply.thread_id, now).await?;
    let new = posts::NewPost {
        thread_id: reply.thread_id,
        seq,
        parent: reply
            .attach_to
            .as_ref()
            .map(|p| (p.id, p.path.as_str(), p.depth)),
        author_id: user.id,
        body_md: &reply.body,
        body_html: &reply.rendered.html,
    };
    let id = posts::insert(change.conn(), &new, now).await?;
    let told = notify::NewPost {
        space: &reply.place.space,
        post_id: id,
        author_id: user.id,
        parent_author: reply.replied_to,
        mentions: &reply.rendered.mentions,
        fresh: true,
    };
    notify::after_post(change, &told, now).await?;
    let parent_id = reply.attach_to.as_ref().map(|p| p.id);
    let space_id = reply.place.space.id;
    events::post_created(
        change,
        space_id,
        reply.thread_id,
        id,
        parent_id,
        user.id,
        now,
    )
    .await?;
    change.index(Entity::Post(id), now).await?;
    Ok(id)
}

/// Replies to the thread (`parent` None) or to one of its posts; returns the new post's id.
pub async fn reply(
    cx: &Cx,
    slug: &str,
    thread_id: i64,
    parent: Option<i64>,
    body: &str,
) -> Result<i64, ServerError> {
    let reply = prepare_reply(cx, slug, thread_id, parent, body).await?;
    let mut change = cx.change().await?;
    let id = reply_in(cx, &mut change, &reply).await?;
    let form = ComposeFor::Reply {
        thread_id,
        parent,
        quote: false,
    };
    let kept = super::compose::target(reply.place.space.id, form);
    compose::delete(change.conn(), cx.user()?.id, &kept).await?;
    change.commit().await?;
    Ok(id)
}

/// Replaces the text of one's own post; the old text stays in its history.
pub async fn edit(
    cx: &Cx,
    slug: &str,
    thread_id: i64,
    post_id: i64,
    body: &str,
) -> Result<(), ServerError> {
    let user = cx.user()?;
    let (place, thread) = thread_in(cx, slug, thread_id).await?;
    let post = post_in(cx, thread.id, post_id).await?;
    if post.author_id != user.id {
        return Err(ServerError::Forbidden);
    }
    if post.deleted {
        return Err(Refusal::Deleted.into());
    }
    let moderator = place.can_moderate(&cx.viewer);
    // A hidden post stays as the moderators left it: its author may not rewrite it.
    if post.hidden && !moderator {
        return Err(Refusal::Hidden.into());
    }
    if thread.locked && !moderator {
        return Err(Refusal::Locked.into());
    }
    check_body(body, cx.max_post_bytes())?;
    if body == post.body_md {
        return Ok(());
    }
    let rendered = render(cx, body).await?;
    let mut change = cx.change().await?;
    posts::replace_body(change.tx(), &post, body, &rendered.html, cx.now).await?;
    // People newly mentioned hear about it; those already told are not told twice.
    let told = notify::NewPost {
        space: &place.space,
        post_id: post.id,
        author_id: user.id,
        parent_author: None,
        mentions: &rendered.mentions,
        fresh: false,
    };
    notify::after_post(&mut change, &told, cx.now).await?;
    post_changed(&mut change, thread.id, post.id, cx.now).await?;
    let kept = super::compose::target(place.space.id, ComposeFor::Edit { thread_id, post_id });
    compose::delete(change.conn(), user.id, &kept).await?;
    change.commit().await?;
    Ok(())
}

/// A post's text or state changed: readers of the thread fetch it again.
async fn post_changed(
    change: &mut Change,
    thread_id: i64,
    post_id: i64,
    now: i64,
) -> Result<(), ServerError> {
    let data = json!({ "thread": thread_id, "post": post_id });
    change
        .event(Room::Thread(thread_id), Kind::PostEdited, data, now)
        .await?;
    change.index(Entity::Post(post_id), now).await?;
    Ok(())
}

/// Deletes a post (its author, or a moderator), leaving a placeholder in the tree.
/// Deleting the opening post deletes the thread; returns whether it did.
pub async fn delete(
    cx: &Cx,
    slug: &str,
    thread_id: i64,
    post_id: i64,
) -> Result<bool, ServerError> {
    let (user, now) = (cx.user()?, cx.now);
    let (place, thread) = thread_in(cx, slug, thread_id).await?;
    let post = post_in(cx, thread.id, post_id).await?;
    let moderator = place.can_moderate(&cx.viewer);
    if post.author_id != user.id && !moderator {
        return Err(ServerError::Forbidden);
    }
    if post.deleted {
        return Err(Refusal::Deleted.into());
    }
    let opening = post.parent_id.is_none() && post.seq == 1;
    let mut change = cx.change().await?;
    posts::mark_deleted(change.conn(), post.id, now).await?;
    if opening {
        threads::mark_deleted(change.conn(), thread.id, now).await?;
        // The whole thread leaves search, replies included, and its live room empties.
        change.index(Entity::Thread(thread.id), now).await?;
        change.access_changed(Room::Thread(thread.id), now).await?;
    }
    if post.author_id != user.id {
        let detail = format!(
            "space {}: post {} in thread {} by {}",
            place.space.slug, post.id, thread.id, post.author_username
        );
        audit::record(
            change.conn(),
            Some(user.id),
            "post_deleted",
            &detail,
            "",
            now,
        )
        .await?;
    }
    post_changed(&mut change, thread.id, post.id, now).await?;
    change.commit().await?;
    Ok(opening)
}

/// Pins, locks or hides a thread, or undoes it (moderators). Returns the done-code.
pub async fn moderate_thread(
    cx: &Cx,
    slug: &str,
    thread_id: i64,
    action: &str,
) -> Result<&'static str, ServerError> {
    let (user, now) = (cx.user()?, cx.now);
    let (place, thread) = thread_in(cx, slug, thread_id).await?;
    if !place.can_moderate(&cx.viewer) {
        return Err(ServerError::Forbidden);
    }
    use threads::Flag;
    let (flag, on, done) = match action {
        "pin" => (Flag::Pinned, true, "pinned"),
        "unpin" => (Flag::Pinned, false, "unpinned"),
        "lock" => (Flag::Locked, true, "locked"),
        "unlock" => (Flag::Locked, false, "unlocked"),
        "hide" => (Flag::Hidden, true, "hidden"),
        "unhide" => (Flag::Hidden, false, "unhidden"),
        _ => return Err(Refusal::BadAction.into()),
    };
    let mut change = cx.change().await?;
    threads::set_flag(change.conn(), thread.id, flag, on).await?;
    let detail = format!("space {}: thread {} {action}", place.space.slug, thread.id);
    audit::record(
        change.conn(),
        Some(user.id),
        "thread_moderated",
        &detail,
        "",
        now,
    )
    .await?;
    // Hiding or showing a thread takes it (and its replies) out of search or back.
    change.index(Entity::Thread(thread.id), now).await?;
    if flag == Flag::Hidden && on {
        // Readers who are not moderators leave its live room.
        change.access_changed(Room::Thread(thread.id), now).await?;
    }
    change.commit().await?;
    Ok(done)
}

/// Hides a post from everyone but moderators, or shows it again.
pub async fn moderate_post(
    cx: &Cx,
    slug: &str,
    thread_id: i64,
    post_id: i64,
    hide: Option<bool>,
) -> Result<&'static str, ServerError> {
    let (user, now) = (cx.user()?, cx.now);
    let (place, thread) = thread_in(cx, slug, thread_id).await?;
    if !place.can_moderate(&cx.viewer) {
        return Err(ServerError::Forbidden);
    }
    let post = post_in(cx, thread.id, post_id).await?;
    let hide = hide.ok_or(Refusal::BadAction)?;
    let mut change = cx.change().await?;
    posts::set_hidden(change.conn(), post.id, hide).await?;
    let detail = format!(
        "space {}: post {} in thread {} by {} {}",
        place.space.slug,
        post.id,
        thread.id,
        post.author_username,
        if hide { "hidden" } else { "shown" }
    );
    audit::record(
        change.conn(),
        Some(user.id),
        "post_moderated",
        &detail,
        "",
        now,
    )
    .await?;
    post_changed(&mut change, thread.id, post.id, now).await?;
    change.commit().await?;
    Ok(if hide { "post_hidden" } else { "post_shown" })
}
