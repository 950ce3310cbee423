//! Reading discussions: a space's thread list, a page of a thread, one post as the live
//! updater fetches it, where the first unread post is, which page holds a post, and a
//! post's history.

use super::{permissions, post_in, post_view, readable};
use crate::backend::access::{place, thread_in};
use crate::backend::events::{self, Room};
use crate::backend::store::{notifications, posts, threads};
use crate::backend::{Cx, ServerError};
use crate::model::thread::{
    PostHistory, PostVersion, PostView, ThreadList, ThreadPermissions, ThreadView, POSTS_PER_PAGE,
};

pub async fn list(cx: &Cx, slug: &str) -> Result<ThreadList, ServerError> {
    let place = place(cx, slug).await?;
    let reader = cx.viewer.user().map(|u| u.id);
    // Read before the list: whatever commits after it has a later event id.
    let live_since = match reader {
        Some(_) => events::latest_in(cx.db(), Room::Space(place.space.id)).await?,
        None => 0,
    };
    let threads = threads::list(
        &cx.db().pool,
        place.space.id,
        reader,
        place.can_moderate(&cx.viewer),
        200,
    )
    .await?;
    Ok(ThreadList {
        space_id: place.space.id,
        live_since,
        threads,
        // A request space's threads start with a request, not here.
        can_start: place.can_participate(&cx.viewer) && place.space.ta_country.is_none(),
        watch: crate::backend::notifications::watch_level(cx, place.space.id).await?,
    })
}

/// One page of a thread (1-based; out-of-range pages are clamped). Marks what it shows
/// as read for a signed-in viewer.
pub async fn view(
    cx: &Cx,
    slug: &str,
    thread_id: i64,
    page: i64,
) -> Result<ThreadView, ServerError> {
    let (place, thread) = thread_in(cx, slug, thread_id).await?;
    let db = cx.db();
    // Read before the posts: whatever commits after them has a later event id. It is
    // also the version under which the page's rows may be reused.
    let reader = cx.viewer.user().map(|u| u.id);
    let (version, last_read) =
        crate::backend::thread_pages::version_and_last_read(db, thread.id, reader).await?;
    let live_since = version.0;
    let cache = &cx.state.caches.thread_pages;
    let total = match cache.total(thread.id, version) {
        Some(total) => total,
        None => posts::count(&db.pool, thread.id).await?,
    };
    let pages = ((total + POSTS_PER_PAGE - 1) / POSTS_PER_PAGE).max(1);
    let page = page.clamp(1, pages);
    let rows = match cache.page(thread.id, version, page) {
        Some(rows) => rows,
        None => {
            let offset = (page - 1) * POSTS_PER_PAGE;
            let rows = posts::page(&db.pool, thread.id, offset, POSTS_PER_PAGE).await?;
            let rows = std::sync::Arc::new(rows);
            cache.put(thread.id, version, total, page, rows.clone());
            rows
        }
    };
    let permissions = permissions(&place, &cx.viewer, &thread);
    let moderator = permissions.can_moderate;
    let posts: Vec<PostView> = rows
        .iter()
        .map(|p| post_view(p, &cx.viewer, moderator, thread.locked, last_read))
        .collect();
    if let (Some(u), Some(max)) = (cx.viewer.user(), rows.iter().map(|p| p.seq).max()) {
        // Rereading writes nothing: a read page costs no write lock (SQLite has one).
        if last_read.is_none_or(|r| r < max) {
            threads::mark_read(&db.pool, u.id, thread.id, max).await?;
        }
        // Seeing a post answers the notifications about it.
        if u.unread_notifications > 0 {
            let shown: Vec<i64> = rows.iter().map(|p| p.id).collect();
            notifications::mark_posts_read(&db.pool, u.id, &shown, cx.now).await?;
        }
    }
    let request_id = match place.space.ta_country {
        Some(_) => crate::backend::store::requests::id_of_thread(&db.pool, thread.id).await?,
        None => None,
    };
    Ok(ThreadView {
        request_id,
        id: thread.id,
        title: thread.title,
        space_slug: place.space.slug,
        space_name: place.space.name,
        created_at: thread.created_at,
        pinned: thread.pinned,
        locked: thread.locked,
        hidden: thread.hidden,
        posts,
        page,
        pages,
        total,
        live_since,
        permissions,
    })
}

/// One post as this viewer would see it on the thread page, with what they may do in
/// the thread: what the live updater inserts when a post arrives or changes.
pub async fn post_fragment(
    cx: &Cx,
    slug: &str,
    thread_id: i64,
    post_id: i64,
) -> Result<(ThreadPermissions, PostView), ServerError> {
    let (place, thread) = thread_in(cx, slug, thread_id).await?;
    let post = post_in(cx, thread.id, post_id).await?;
    let permissions = permissions(&place, &cx.viewer, &thread);
    let view = post_view(
        &post,
        &cx.viewer,
        permissions.can_moderate,
        thread.locked,
        None,
    );
    Ok((permissions, view))
}

/// Where the viewer's first unread post is: `(page, post id)`; page 1 and no post when
/// everything is read (or the viewer never opened the thread).
pub async fn first_unread(
    cx: &Cx,
    slug: &str,
    thread_id: i64,
) -> Result<(i64, Option<i64>), ServerError> {
    let (_, thread) = thread_in(cx, slug, thread_id).await?;
    let Some(user) = cx.viewer.user() else {
        return Ok((1, None));
    };
    let pool = &cx.db().pool;
    let Some(read) = threads::last_read(pool, user.id, thread.id).await? else {
        return Ok((1, None));
    };
    match posts::first_after(pool, thread.id, read, user.id).await? {
        Some((id, path)) => {
            let before = posts::position(pool, thread.id, &path).await?;
            Ok((before / POSTS_PER_PAGE + 1, Some(id)))
        }
        None => Ok((1, None)),
    }
}

/// The page of the thread that shows post `post_id` (search results link to posts).
pub async fn post_page(
    cx: &Cx,
    slug: &str,
    thread_id: i64,
    post_id: i64,
) -> Result<i64, ServerError> {
    let (_, thread) = thread_in(cx, slug, thread_id).await?;
    let post = post_in(cx, thread.id, post_id).await?;
    let before = posts::position(&cx.db().pool, thread.id, &post.path).await?;
    Ok(before / POSTS_PER_PAGE + 1)
}

/// A post's versions, for its author and the space's moderators.
pub async fn history(
    cx: &Cx,
    slug: &str,
    thread_id: i64,
    post_id: i64,
) -> Result<PostHistory, ServerError> {
    let user = cx.user()?;
    let (place, thread) = thread_in(cx, slug, thread_id).await?;
    let post = post_in(cx, thread.id, post_id).await?;
    let moderator = place.can_moderate(&cx.viewer);
    if post.author_id != user.id && !moderator {
        return Err(ServerError::Forbidden);
    }
    // Hidden text is for moderators, in every version; deleted text for nobody.
    if !readable(&post, moderator) {
        return Err(ServerError::NotFound);
    }
    let mut versions = vec![PostVersion {
        author_name: post.author_name.clone(),
        written_at: post.edited_at.unwrap_or(post.created_at),
        body_html: post.body_html.clone(),
    }];
    versions.extend(posts::revisions(&cx.db().pool, post.id).await?);
    Ok(PostHistory {
        post_id: post.id,
        thread_id: thread.id,
        thread_title: thread.title,
        space_slug: place.space.slug,
        versions,
    })
}
