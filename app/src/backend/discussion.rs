//! Threads and replies in a space: who may read, start, reply, edit, delete and moderate,
//! and what a thread page holds for the viewer.
//!
//! Reading follows the space (the one access rule in `access`); hidden threads exist only
//! for moderators. Taking part needs a per-space role of member or above, or the platform
//! roles that work across spaces (TA staff, admins); observers read. Owners, moderators and
//! admins moderate. Every write is one transaction; refusals carry a short code that the
//! pages turn into a message in the reader's language (`discussion.error_{code}`).

use crate::backend::access::{self, SignedIn, Viewer};
use crate::backend::events::{self, Kind, Room};
use crate::backend::notify;
use crate::backend::search::queue::{self, Entity};
use crate::backend::store::{
    audit, compose, members, notifications, posts, spaces, threads, users,
};
use crate::backend::{Db, ServerError};
use crate::markdown;
use crate::model::space::{Space, SpaceRole};
use crate::model::thread::{
    Compose, PostHistory, PostState, PostVersion, PostView, ThreadList, ThreadPermissions,
    ThreadView, MAX_DEPTH, MAX_TITLE_CHARS, POSTS_PER_PAGE,
};
use crate::model::user::PlatformRole;
use serde_json::json;

pub const REFUSED_EMPTY: &str = "empty";
pub const REFUSED_TOO_LONG: &str = "too_long";
pub const REFUSED_TITLE: &str = "title";
pub const REFUSED_LOCKED: &str = "locked";
pub const REFUSED_DELETED: &str = "deleted";
pub const REFUSED_HIDDEN: &str = "hidden";
pub const REFUSED_BAD_PARENT: &str = "bad_parent";
pub const REFUSED_BAD_ACTION: &str = "bad_action";
pub const REFUSED_REQUESTS_ONLY: &str = "requests_only";

/// The default largest post, in bytes of markdown (configurable).
pub const DEFAULT_MAX_POST_BYTES: usize = 64 * 1024;

/// A space as the viewer stands in it (drafts use the same rules).
pub(crate) struct Place {
    pub space: Space,
    pub role: Option<SpaceRole>,
}

impl Place {
    pub(crate) fn can_participate(&self, viewer: &Viewer) -> bool {
        if self.space.archived {
            return false;
        }
        match viewer.user() {
            None => false,
            Some(u) if matches!(u.role, PlatformRole::Admin | PlatformRole::TaStaff) => true,
            Some(_) => matches!(
                self.role,
                Some(SpaceRole::Owner | SpaceRole::Moderator | SpaceRole::Member)
            ),
        }
    }

    pub(crate) fn can_moderate(&self, viewer: &Viewer) -> bool {
        access::is_admin(viewer)
            || matches!(self.role, Some(SpaceRole::Owner | SpaceRole::Moderator))
    }
}

/// The space if the viewer may see it, with their role in it; otherwise "not found".
pub(crate) async fn place(db: &Db, viewer: &Viewer, slug: &str) -> Result<Place, ServerError> {
    let space = spaces::by_slug(&db.pool, slug)
        .await?
        .filter(|s| access::can_view_space(viewer, s.id, s.visibility))
        .ok_or(ServerError::NotFound)?;
    let role = match viewer.user() {
        Some(u) => members::role_of(&db.pool, space.id, u.id).await?,
        None => None,
    };
    // In a country's request space, the country's members take part as members.
    let role = role.or_else(|| {
        let country = space.ta_country.as_deref()?;
        let theirs = viewer.user()?.country.as_deref()?;
        theirs
            .eq_ignore_ascii_case(country)
            .then_some(SpaceRole::Member)
    });
    Ok(Place { space, role })
}

/// The thread, if it is in this space and the viewer may see it (hidden ones are for
/// moderators; deleted ones are gone).
pub(crate) async fn thread_in(
    db: &Db,
    viewer: &Viewer,
    slug: &str,
    thread_id: i64,
) -> Result<(Place, threads::ThreadRow), ServerError> {
    let place = place(db, viewer, slug).await?;
    let thread = threads::by_id(&db.pool, thread_id)
        .await?
        .filter(|t| t.space_id == place.space.id && !t.deleted)
        .filter(|t| !t.hidden || place.can_moderate(viewer))
        .ok_or(ServerError::NotFound)?;
    Ok((place, thread))
}

/// A post of this thread, or "not found".
async fn post_in(db: &Db, thread_id: i64, post_id: i64) -> Result<posts::PostRow, ServerError> {
    posts::by_id(&db.pool, post_id)
        .await?
        .filter(|p| p.thread_id == thread_id)
        .ok_or(ServerError::NotFound)
}

fn signed_in(viewer: &Viewer) -> Result<&SignedIn, ServerError> {
    viewer.user().ok_or(ServerError::Unauthorized)
}

fn refuse(code: &str) -> ServerError {
    ServerError::Invalid(code.into())
}

/// Checks a post body: not blank, not over `max_bytes`.
pub fn check_body(body: &str, max_bytes: usize) -> Result<(), ServerError> {
    if body.trim().is_empty() {
        return Err(refuse(REFUSED_EMPTY));
    }
    if body.len() > max_bytes {
        return Err(refuse(REFUSED_TOO_LONG));
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
        return Err(refuse(REFUSED_TITLE));
    }
    Ok(title)
}

/// Renders a body, linking mentions of people who exist.
pub async fn render(db: &Db, body: &str) -> Result<markdown::Rendered, ServerError> {
    let mut names: Vec<String> = markdown::mention_candidates(body).into_iter().collect();
    names.sort();
    names.truncate(50);
    let known = users::existing_usernames(&db.pool, &names).await?;
    Ok(markdown::render(body, &|n| known.contains(n)))
}

pub async fn list(db: &Db, viewer: &Viewer, slug: &str) -> Result<ThreadList, ServerError> {
    let place = place(db, viewer, slug).await?;
    let reader = viewer.user().map(|u| u.id);
    // Read before the list: whatever commits after it has a later event id.
    let live_since = match reader {
        Some(_) => events::latest_in(db, Room::Space(place.space.id)).await?,
        None => 0,
    };
    let threads = threads::list(
        &db.pool,
        place.space.id,
        reader,
        place.can_moderate(viewer),
        200,
    )
    .await?;
    Ok(ThreadList {
        space_id: place.space.id,
        live_since,
        threads,
        // A request space's threads start with a request, not here.
        can_start: place.can_participate(viewer) && place.space.ta_country.is_none(),
        watch: crate::backend::notifications::watch_level(db, viewer, place.space.id).await?,
    })
}

/// One page of a thread (1-based; out-of-range pages are clamped). Marks what it shows
/// as read for a signed-in viewer.
pub async fn view(
    db: &Db,
    viewer: &Viewer,
    slug: &str,
    thread_id: i64,
    page: i64,
) -> Result<ThreadView, ServerError> {
    let (place, thread) = thread_in(db, viewer, slug, thread_id).await?;
    // Read before the posts: whatever commits after them has a later event id. It is
    // also the version under which the page's rows may be reused.
    let reader = viewer.user().map(|u| u.id);
    let (version, last_read) =
        crate::backend::thread_pages::version_and_last_read(db, thread.id, reader).await?;
    let live_since = version.0;
    let cache = &db.thread_pages;
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
    let permissions = permissions(&place, viewer, &thread);
    let moderator = permissions.can_moderate;
    let posts: Vec<PostView> = rows
        .iter()
        .map(|p| post_view(p, viewer, moderator, thread.locked, last_read))
        .collect();
    if let (Some(u), Some(max)) = (viewer.user(), rows.iter().map(|p| p.seq).max()) {
        // Rereading writes nothing: a read page costs no write lock (SQLite has one).
        if last_read.is_none_or(|r| r < max) {
            threads::mark_read(&db.pool, u.id, thread.id, max).await?;
        }
        // Seeing a post answers the notifications about it.
        if u.unread_notifications > 0 {
            let shown: Vec<i64> = rows.iter().map(|p| p.id).collect();
            notifications::mark_posts_read(&db.pool, u.id, &shown, crate::backend::now()).await?;
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

/// What the viewer may do in this thread: reply (participants; in a locked thread only
/// moderators) and moderate.
fn permissions(place: &Place, viewer: &Viewer, thread: &threads::ThreadRow) -> ThreadPermissions {
    let moderator = place.can_moderate(viewer);
    ThreadPermissions {
        signed_in: viewer.user().is_some(),
        can_reply: place.can_participate(viewer) && (!thread.locked || moderator),
        can_moderate: moderator,
    }
}

/// One post as this viewer would see it on the thread page, with what they may do in
/// the thread: what the live updater inserts when a post arrives or changes.
pub async fn post_fragment(
    db: &Db,
    viewer: &Viewer,
    slug: &str,
    thread_id: i64,
    post_id: i64,
) -> Result<(ThreadPermissions, PostView), ServerError> {
    let (place, thread) = thread_in(db, viewer, slug, thread_id).await?;
    let post = post_in(db, thread.id, post_id).await?;
    let permissions = permissions(&place, viewer, &thread);
    let view = post_view(&post, viewer, permissions.can_moderate, thread.locked, None);
    Ok((permissions, view))
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
    let readable = readable(p, moderator);
    PostView {
        id: p.id,
        seq: p.seq,
        parent_id: p.parent_id,
        depth: p.depth,
        author_username: p.author_username.clone(),
        author_name: p.author_name.clone(),
        body_html: if readable {
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

/// Where the viewer's first unread post is: `(page, post id)`; page 1 and no post when
/// everything is read (or the viewer never opened the thread).
pub async fn first_unread(
    db: &Db,
    viewer: &Viewer,
    slug: &str,
    thread_id: i64,
) -> Result<(i64, Option<i64>), ServerError> {
    let (_, thread) = thread_in(db, viewer, slug, thread_id).await?;
    let Some(user) = viewer.user() else {
        return Ok((1, None));
    };
    let Some(read) = threads::last_read(&db.pool, user.id, thread.id).await? else {
        return Ok((1, None));
    };
    match posts::first_after(&db.pool, thread.id, read, user.id).await? {
        Some((id, path)) => {
            let before = posts::position(&db.pool, thread.id, &path).await?;
            Ok((before / POSTS_PER_PAGE + 1, Some(id)))
        }
        None => Ok((1, None)),
    }
}

/// The page of the thread that shows post `post_id` (search results link to posts).
pub async fn post_page(
    db: &Db,
    viewer: &Viewer,
    slug: &str,
    thread_id: i64,
    post_id: i64,
) -> Result<i64, ServerError> {
    let (_, thread) = thread_in(db, viewer, slug, thread_id).await?;
    let post = post_in(db, thread.id, post_id).await?;
    let before = posts::position(&db.pool, thread.id, &post.path).await?;
    Ok(before / POSTS_PER_PAGE + 1)
}

/// Starts a thread with its opening post; returns the thread's id.
pub async fn start(
    db: &Db,
    viewer: &Viewer,
    slug: &str,
    title: &str,
    body: &str,
    max_bytes: usize,
    now: i64,
) -> Result<i64, ServerError> {
    let user = signed_in(viewer)?;
    let place = place(db, viewer, slug).await?;
    if !place.can_participate(viewer) {
        return Err(ServerError::Forbidden);
    }
    // A request space's threads are its requests: they start with a request.
    if place.space.ta_country.is_some() {
        return Err(refuse(REFUSED_REQUESTS_ONLY));
    }
    let title = check_title(title)?;
    check_body(body, max_bytes)?;
    let rendered = render(db, body).await?;
    let mut tx = db.pool.begin().await?;
    let (thread_id, _) =
        start_in(&mut tx, &place.space, user.id, title, body, &rendered, now).await?;
    db.commit_with_events(tx).await?;
    Ok(thread_id)
}

/// Writes a new thread and its opening post inside `tx` (checked by the caller), with its
/// notifications, live event and index update; returns the thread's and the post's ids.
pub(crate) async fn start_in(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    space: &Space,
    author_id: i64,
    title: &str,
    body: &str,
    rendered: &markdown::Rendered,
    now: i64,
) -> Result<(i64, i64), ServerError> {
    let thread_id = threads::create(&mut **tx, space.id, title, author_id, now).await?;
    let seq = threads::next_seq(&mut **tx, thread_id, now).await?;
    let new = posts::NewPost {
        thread_id,
        seq,
        parent: None,
        author_id,
        body_md: body,
        body_html: &rendered.html,
    };
    let post_id = posts::insert(&mut **tx, &new, now).await?;
    threads::mark_read(&mut **tx, author_id, thread_id, seq).await?;
    let told = notify::NewPost {
        space,
        post_id,
        author_id,
        parent_author: None,
        mentions: &rendered.mentions,
        fresh: true,
    };
    notify::after_post(tx, &told, now).await?;
    let data = json!({ "thread": thread_id, "post": post_id });
    events::record(tx, Room::Space(space.id), Kind::ThreadCreated, data, now).await?;
    queue::enqueue(&mut **tx, Entity::Thread(thread_id), now).await?;
    Ok((thread_id, post_id))
}

/// Replies to the thread (`parent` None) or to one of its posts; returns the new post's id.
#[allow(clippy::too_many_arguments)]
pub async fn reply(
    db: &Db,
    viewer: &Viewer,
    slug: &str,
    thread_id: i64,
    parent: Option<i64>,
    body: &str,
    max_bytes: usize,
    now: i64,
) -> Result<i64, ServerError> {
    let user = signed_in(viewer)?;
    let (place, thread) = thread_in(db, viewer, slug, thread_id).await?;
    if !place.can_participate(viewer) {
        return Err(ServerError::Forbidden);
    }
    if thread.locked && !place.can_moderate(viewer) {
        return Err(refuse(REFUSED_LOCKED));
    }
    let parent = match parent {
        None => None,
        Some(id) => {
            let p = posts::by_id(&db.pool, id)
                .await?
                .filter(|p| p.thread_id == thread.id)
                .ok_or_else(|| refuse(REFUSED_BAD_PARENT))?;
            if p.deleted {
                return Err(refuse(REFUSED_DELETED));
            }
            if p.hidden && !place.can_moderate(viewer) {
                return Err(refuse(REFUSED_HIDDEN));
            }
            Some(p)
        }
    };
    check_body(body, max_bytes)?;
    let rendered = render(db, body).await?;
    let replied_to = parent.as_ref().map(|p| p.author_id);
    // Past the deepest level, a reply joins its parent's siblings (still answering it).
    let attach_to = match parent {
        Some(p) if p.depth >= MAX_DEPTH => match p.parent_id {
            Some(grand) => Some(post_in(db, thread.id, grand).await?),
            None => Some(p),
        },
        other => other,
    };
    let mut tx = db.pool.begin().await?;
    let seq = threads::next_seq(&mut *tx, thread.id, now).await?;
    let new = posts::NewPost {
        thread_id: thread.id,
        seq,
        parent: attach_to.as_ref().map(|p| (p.id, p.path.as_str(), p.depth)),
        author_id: user.id,
        body_md: body,
        body_html: &rendered.html,
    };
    let id = posts::insert(&mut *tx, &new, now).await?;
    let told = notify::NewPost {
        space: &place.space,
        post_id: id,
        author_id: user.id,
        parent_author: replied_to,
        mentions: &rendered.mentions,
        fresh: true,
    };
    notify::after_post(&mut tx, &told, now).await?;
    let parent_id = attach_to.as_ref().map(|p| p.id);
    events::post_created(
        &mut tx,
        place.space.id,
        thread.id,
        id,
        parent_id,
        user.id,
        now,
    )
    .await?;
    queue::enqueue(&mut *tx, Entity::Post(id), now).await?;
    db.commit_with_events(tx).await?;
    Ok(id)
}

/// Replaces the text of one's own post; the old text stays in its history.
#[allow(clippy::too_many_arguments)]
pub async fn edit(
    db: &Db,
    viewer: &Viewer,
    slug: &str,
    thread_id: i64,
    post_id: i64,
    body: &str,
    max_bytes: usize,
    now: i64,
) -> Result<(), ServerError> {
    let user = signed_in(viewer)?;
    let (place, thread) = thread_in(db, viewer, slug, thread_id).await?;
    let post = post_in(db, thread.id, post_id).await?;
    if post.author_id != user.id {
        return Err(ServerError::Forbidden);
    }
    if post.deleted {
        return Err(refuse(REFUSED_DELETED));
    }
    // A hidden post stays as the moderators left it: its author may not rewrite it.
    if post.hidden && !place.can_moderate(viewer) {
        return Err(refuse(REFUSED_HIDDEN));
    }
    if thread.locked && !place.can_moderate(viewer) {
        return Err(refuse(REFUSED_LOCKED));
    }
    check_body(body, max_bytes)?;
    if body == post.body_md {
        return Ok(());
    }
    let rendered = render(db, body).await?;
    let mut tx = db.pool.begin().await?;
    posts::replace_body(&mut tx, &post, body, &rendered.html, now).await?;
    // People newly mentioned hear about it; those already told are not told twice.
    let told = notify::NewPost {
        space: &place.space,
        post_id: post.id,
        author_id: user.id,
        parent_author: None,
        mentions: &rendered.mentions,
        fresh: false,
    };
    notify::after_post(&mut tx, &told, now).await?;
    post_changed(&mut tx, thread.id, post.id, now).await?;
    db.commit_with_events(tx).await?;
    Ok(())
}

/// A post's text or state changed: readers of the thread fetch it again.
async fn post_changed(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    thread_id: i64,
    post_id: i64,
    now: i64,
) -> Result<(), ServerError> {
    let data = json!({ "thread": thread_id, "post": post_id });
    events::record(tx, Room::Thread(thread_id), Kind::PostEdited, data, now).await?;
    queue::enqueue(&mut **tx, Entity::Post(post_id), now).await?;
    Ok(())
}

/// Deletes a post (its author, or a moderator), leaving a placeholder in the tree.
/// Deleting the opening post deletes the thread; returns whether it did.
pub async fn delete(
    db: &Db,
    viewer: &Viewer,
    slug: &str,
    thread_id: i64,
    post_id: i64,
    now: i64,
) -> Result<bool, ServerError> {
    let user = signed_in(viewer)?;
    let (place, thread) = thread_in(db, viewer, slug, thread_id).await?;
    let post = post_in(db, thread.id, post_id).await?;
    let moderator = place.can_moderate(viewer);
    if post.author_id != user.id && !moderator {
        return Err(ServerError::Forbidden);
    }
    if post.deleted {
        return Err(refuse(REFUSED_DELETED));
    }
    let opening = post.parent_id.is_none() && post.seq == 1;
    let mut tx = db.pool.begin().await?;
    posts::mark_deleted(&mut *tx, post.id, now).await?;
    if opening {
        threads::mark_deleted(&mut *tx, thread.id, now).await?;
        // The whole thread leaves search, replies included, and its live room empties.
        queue::enqueue(&mut *tx, Entity::Thread(thread.id), now).await?;
        events::access_changed(&mut tx, Room::Thread(thread.id), now).await?;
    }
    if post.author_id != user.id {
        let detail = format!(
            "space {}: post {} in thread {} by {}",
            place.space.slug, post.id, thread.id, post.author_username
        );
        audit::record(&mut *tx, Some(user.id), "post_deleted", &detail, "", now).await?;
    }
    post_changed(&mut tx, thread.id, post.id, now).await?;
    db.commit_with_events(tx).await?;
    Ok(opening)
}

/// Pins, locks or hides a thread, or undoes it (moderators). Returns the done-code.
pub async fn moderate_thread(
    db: &Db,
    viewer: &Viewer,
    slug: &str,
    thread_id: i64,
    action: &str,
    now: i64,
) -> Result<&'static str, ServerError> {
    let user = signed_in(viewer)?;
    let (place, thread) = thread_in(db, viewer, slug, thread_id).await?;
    if !place.can_moderate(viewer) {
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
        _ => return Err(refuse(REFUSED_BAD_ACTION)),
    };
    let mut tx = db.pool.begin().await?;
    threads::set_flag(&mut *tx, thread.id, flag, on).await?;
    let detail = format!("space {}: thread {} {action}", place.space.slug, thread.id);
    audit::record(
        &mut *tx,
        Some(user.id),
        "thread_moderated",
        &detail,
        "",
        now,
    )
    .await?;
    // Hiding or showing a thread takes it (and its replies) out of search or back.
    queue::enqueue(&mut *tx, Entity::Thread(thread.id), now).await?;
    if flag == Flag::Hidden && on {
        // Readers who are not moderators leave its live room.
        events::access_changed(&mut tx, Room::Thread(thread.id), now).await?;
    }
    db.commit_with_events(tx).await?;
    Ok(done)
}

/// Hides a post from everyone but moderators, or shows it again.
pub async fn moderate_post(
    db: &Db,
    viewer: &Viewer,
    slug: &str,
    thread_id: i64,
    post_id: i64,
    hide: Option<bool>,
    now: i64,
) -> Result<&'static str, ServerError> {
    let user = signed_in(viewer)?;
    let (place, thread) = thread_in(db, viewer, slug, thread_id).await?;
    if !place.can_moderate(viewer) {
        return Err(ServerError::Forbidden);
    }
    let post = post_in(db, thread.id, post_id).await?;
    let hide = hide.ok_or_else(|| refuse(REFUSED_BAD_ACTION))?;
    let mut tx = db.pool.begin().await?;
    posts::set_hidden(&mut *tx, post.id, hide).await?;
    let detail = format!(
        "space {}: post {} in thread {} by {} {}",
        place.space.slug,
        post.id,
        thread.id,
        post.author_username,
        if hide { "hidden" } else { "shown" }
    );
    audit::record(&mut *tx, Some(user.id), "post_moderated", &detail, "", now).await?;
    post_changed(&mut tx, thread.id, post.id, now).await?;
    db.commit_with_events(tx).await?;
    Ok(if hide { "post_hidden" } else { "post_shown" })
}

/// A post's versions, for its author and the space's moderators.
pub async fn history(
    db: &Db,
    viewer: &Viewer,
    slug: &str,
    thread_id: i64,
    post_id: i64,
) -> Result<PostHistory, ServerError> {
    let user = signed_in(viewer)?;
    let (place, thread) = thread_in(db, viewer, slug, thread_id).await?;
    let post = post_in(db, thread.id, post_id).await?;
    if post.author_id != user.id && !place.can_moderate(viewer) {
        return Err(ServerError::Forbidden);
    }
    // Hidden text is for moderators, in every version; deleted text for nobody.
    if !readable(&post, place.can_moderate(viewer)) {
        return Err(ServerError::NotFound);
    }
    let mut versions = vec![PostVersion {
        author_name: post.author_name.clone(),
        written_at: post.edited_at.unwrap_or(post.created_at),
        body_html: post.body_html.clone(),
    }];
    versions.extend(posts::revisions(&db.pool, post.id).await?);
    Ok(PostHistory {
        post_id: post.id,
        thread_id: thread.id,
        thread_title: thread.title,
        space_slug: place.space.slug,
        versions,
    })
}

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

fn compose_target(space_id: i64, what: ComposeFor) -> String {
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
    db: &Db,
    viewer: &Viewer,
    slug: &str,
    what: ComposeFor,
    preview: bool,
    max_bytes: usize,
) -> Result<Compose, ServerError> {
    let user = signed_in(viewer)?;
    let (place, thread, context) = match what {
        ComposeFor::NewThread => (place(db, viewer, slug).await?, None, None),
        ComposeFor::Reply {
            thread_id, parent, ..
        } => {
            let (place, thread) = thread_in(db, viewer, slug, thread_id).await?;
            // A parent that is not in this thread (a refused reply coming back) leaves a
            // reply to the thread itself.
            let context = match parent {
                Some(id) => match post_in(db, thread.id, id).await {
                    Ok(p) => Some(p),
                    Err(ServerError::NotFound) => None,
                    Err(e) => return Err(e),
                },
                None => None,
            };
            (place, Some(thread), context)
        }
        ComposeFor::Edit { thread_id, post_id } => {
            let (place, thread) = thread_in(db, viewer, slug, thread_id).await?;
            let post = post_in(db, thread.id, post_id).await?;
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
    let target = compose_target(place.space.id, what);
    let saved = compose::get(&db.pool, user.id, &target).await?;
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
        Some(render(db, &body).await?.html)
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
        max_body_bytes: max_bytes,
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
#[allow(clippy::too_many_arguments)]
pub async fn save_compose(
    db: &Db,
    viewer: &Viewer,
    slug: &str,
    what: ComposeFor,
    title: &str,
    body: &str,
    max_bytes: usize,
    now: i64,
) -> Result<(), ServerError> {
    let user = signed_in(viewer)?;
    let place = place(db, viewer, slug).await?;
    let saved = compose::Saved {
        title: compose::truncate(title, 4 * MAX_TITLE_CHARS),
        body: compose::truncate(body, max_bytes + 1024),
    };
    let target = compose_target(place.space.id, what);
    compose::save(&db.pool, user.id, &target, &saved, now).await?;
    Ok(())
}

/// Forgets the saved text once it has been posted.
pub async fn clear_compose(
    db: &Db,
    viewer: &Viewer,
    slug: &str,
    what: ComposeFor,
) -> Result<(), ServerError> {
    let user = signed_in(viewer)?;
    let place = place(db, viewer, slug).await?;
    compose::delete(&db.pool, user.id, &compose_target(place.space.id, what)).await?;
    Ok(())
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

    #[test]
    fn quotes_name_the_author() {
        assert_eq!(quote("ana", "a\nb"), "@ana:\n> a\n> b\n\n");
    }
}
