//! Drafts written together in a space: every save a numbered revision, a diff between any
//! two, restoring an old one as a new revision, a status moderators set, and a comment
//! thread of its own.
//!
//! Saving names the revision the writer started from; when someone else saved since, the
//! save is refused (never a silent overwrite) and the writer is shown what changed. Reading
//! follows the space (the one access rule); writing needs the same role as posting in it.

use crate::backend::discussion::{self, check_body, check_title, place, Place};
use crate::backend::draft_diffs;
use crate::backend::events::{self, Kind, Room};
use crate::backend::search::queue::{self, Entity};
use crate::backend::store::{compose, drafts, posts, threads};
use crate::backend::{
    access::{self, Viewer},
    Db, ServerError,
};
use crate::markdown;
use crate::model::draft::{DraftCompose, DraftDiff, DraftList, DraftStatus, DraftView};

pub const REFUSED_STALE: &str = "stale";
pub const REFUSED_SUMMARY: &str = "summary";
pub const REFUSED_STATUS: &str = "status";
pub const REFUSED_REVISION: &str = "revision";
const MAX_SUMMARY_CHARS: usize = 200;

/// The draft, if it is in this space and the viewer may see the space.
pub(crate) async fn draft_in(
    db: &Db,
    viewer: &Viewer,
    slug: &str,
    draft_id: i64,
) -> Result<(Place, drafts::DraftRow), ServerError> {
    let place = place(db, viewer, slug).await?;
    let draft = drafts::by_id(&db.pool, draft_id)
        .await?
        .filter(|d| d.space_id == place.space.id)
        .ok_or(ServerError::NotFound)?;
    Ok((place, draft))
}

fn check_summary(summary: &str) -> Result<&str, ServerError> {
    let summary = summary.trim();
    if summary.chars().count() > MAX_SUMMARY_CHARS || summary.chars().any(char::is_control) {
        return Err(ServerError::Invalid(REFUSED_SUMMARY.into()));
    }
    Ok(summary)
}

pub async fn list(db: &Db, viewer: &Viewer, slug: &str) -> Result<DraftList, ServerError> {
    let place = place(db, viewer, slug).await?;
    Ok(DraftList {
        drafts: drafts::list(&db.pool, place.space.id).await?,
        can_create: place.can_participate(viewer),
    })
}

/// Starts a draft with its first revision and its comment thread; returns its id.
#[allow(clippy::too_many_arguments)]
pub async fn create(
    db: &Db,
    viewer: &Viewer,
    slug: &str,
    title: &str,
    body: &str,
    summary: &str,
    max_bytes: usize,
    now: i64,
) -> Result<i64, ServerError> {
    let user = viewer.user().ok_or(ServerError::Unauthorized)?;
    let place = place(db, viewer, slug).await?;
    if !place.can_participate(viewer) {
        return Err(ServerError::Forbidden);
    }
    let title = check_title(title)?;
    check_body(body, max_bytes)?;
    let summary = check_summary(summary)?;
    let rendered = discussion::render(db, body).await?;
    let mut tx = db.pool.begin().await?;
    // The comment thread opens with a link to the draft: the same in every language.
    let thread_id = threads::create(&mut *tx, place.space.id, title, user.id, now).await?;
    threads::set_for_draft(&mut *tx, thread_id).await?;
    let draft_id = drafts::create(&mut *tx, place.space.id, title, user.id, thread_id, now).await?;
    let link = format!(
        "→ [{}](/spaces/{}/drafts/{draft_id})",
        escape_md(title),
        place.space.slug
    );
    let seq = threads::next_seq(&mut *tx, thread_id, now).await?;
    let opening = posts::NewPost {
        thread_id,
        seq,
        parent: None,
        author_id: user.id,
        body_md: &link,
        body_html: &markdown::render_plain(&link).html,
    };
    posts::insert(&mut *tx, &opening, now).await?;
    drafts::advance(&mut *tx, draft_id, 0, now).await?;
    let first = drafts::NewRevision {
        draft_id,
        number: 1,
        author_id: user.id,
        summary,
        body_md: body,
        body_html: &rendered.html,
    };
    drafts::add_revision(&mut *tx, &first, now).await?;
    queue::enqueue(&mut *tx, Entity::Draft(draft_id), now).await?;
    tx.commit().await?;
    db.search_queued();
    Ok(draft_id)
}

/// Markdown-escapes text placed inside a link's label.
fn escape_md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        if "\\`*_{}[]()#+-.!<>|~".contains(ch) {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}

/// Saves a new revision on top of `base`; returns its number. Refused with
/// [`REFUSED_STALE`] (a conflict) when `base` is no longer the newest revision.
#[allow(clippy::too_many_arguments)]
pub async fn save(
    db: &Db,
    viewer: &Viewer,
    slug: &str,
    draft_id: i64,
    base: i64,
    body: &str,
    summary: &str,
    max_bytes: usize,
    now: i64,
) -> Result<i64, ServerError> {
    let user = viewer.user().ok_or(ServerError::Unauthorized)?;
    let (place, draft) = draft_in(db, viewer, slug, draft_id).await?;
    if !place.can_participate(viewer) {
        return Err(ServerError::Forbidden);
    }
    check_body(body, max_bytes)?;
    let summary = check_summary(summary)?;
    let rendered = discussion::render(db, body).await?;
    let mut tx = db.pool.begin().await?;
    // The guarded update decides: of two saves on the same base, exactly one advances.
    if !drafts::advance(&mut *tx, draft.id, base, now).await? {
        return Err(ServerError::Conflict(REFUSED_STALE.into()));
    }
    let revision = drafts::NewRevision {
        draft_id: draft.id,
        number: base + 1,
        author_id: user.id,
        summary,
        body_md: body,
        body_html: &rendered.html,
    };
    drafts::add_revision(&mut *tx, &revision, now).await?;
    revised(&mut tx, draft.id, base + 1, now).await?;
    db.commit_with_events(tx).await?;
    Ok(base + 1)
}

/// Makes an old revision the newest again, as a new revision; returns its number.
pub async fn restore(
    db: &Db,
    viewer: &Viewer,
    slug: &str,
    draft_id: i64,
    number: i64,
    now: i64,
) -> Result<i64, ServerError> {
    let user = viewer.user().ok_or(ServerError::Unauthorized)?;
    let (place, draft) = draft_in(db, viewer, slug, draft_id).await?;
    if !place.can_participate(viewer) {
        return Err(ServerError::Forbidden);
    }
    let old = drafts::revision(&db.pool, draft.id, number)
        .await?
        .ok_or_else(|| ServerError::Invalid(REFUSED_REVISION.into()))?;
    let mut tx = db.pool.begin().await?;
    if !drafts::advance(&mut *tx, draft.id, draft.current_revision, now).await? {
        return Err(ServerError::Conflict(REFUSED_STALE.into()));
    }
    let summary = format!("↩ {number}");
    let revision = drafts::NewRevision {
        draft_id: draft.id,
        number: draft.current_revision + 1,
        author_id: user.id,
        summary: &summary,
        body_md: &old.body_md,
        body_html: &old.body_html,
    };
    drafts::add_revision(&mut *tx, &revision, now).await?;
    revised(&mut tx, draft.id, draft.current_revision + 1, now).await?;
    db.commit_with_events(tx).await?;
    Ok(draft.current_revision + 1)
}

/// A new revision: people reading or editing the draft hear of it live.
async fn revised(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    draft_id: i64,
    number: i64,
    now: i64,
) -> Result<(), ServerError> {
    let data = serde_json::json!({ "draft": draft_id, "revision": number });
    events::record(tx, Room::Draft(draft_id), Kind::DraftRevision, data, now).await?;
    queue::enqueue(&mut **tx, Entity::Draft(draft_id), now).await?;
    Ok(())
}

/// Sets the status (the space's moderators and admins).
pub async fn set_status(
    db: &Db,
    viewer: &Viewer,
    slug: &str,
    draft_id: i64,
    status: &str,
    now: i64,
) -> Result<(), ServerError> {
    viewer.user().ok_or(ServerError::Unauthorized)?;
    let (place, draft) = draft_in(db, viewer, slug, draft_id).await?;
    if !place.can_moderate(viewer) {
        return Err(ServerError::Forbidden);
    }
    let status =
        DraftStatus::parse(status).ok_or_else(|| ServerError::Invalid(REFUSED_STATUS.into()))?;
    drafts::set_status(&db.pool, draft.id, status, now).await?;
    Ok(())
}

/// The draft at revision `number` (the newest when None).
pub async fn view(
    db: &Db,
    viewer: &Viewer,
    slug: &str,
    draft_id: i64,
    number: Option<i64>,
) -> Result<DraftView, ServerError> {
    // Read first: a revision saved after the draft is read has a later event id (and
    // nothing is shown unless the access check below passes).
    let live_since = match viewer.user() {
        Some(_) => events::latest_in(db, Room::Draft(draft_id)).await?,
        None => 0,
    };
    let (place, draft) = draft_in(db, viewer, slug, draft_id).await?;
    let shown = number.unwrap_or(draft.current_revision);
    let revision = drafts::revision(&db.pool, draft.id, shown)
        .await?
        .ok_or(ServerError::NotFound)?;
    let comments = match draft.thread_id {
        Some(t) => (posts::count(&db.pool, t).await? - 1).max(0),
        None => 0,
    };
    Ok(DraftView {
        id: draft.id,
        title: draft.title,
        status: draft.status,
        space_slug: place.space.slug.clone(),
        space_name: place.space.name.clone(),
        shown,
        current: draft.current_revision,
        body_html: revision.body_html,
        author_name: revision.author_name,
        created_at: revision.created_at,
        history: drafts::history(&db.pool, draft.id).await?,
        thread_id: draft.thread_id,
        comments,
        can_edit: place.can_participate(viewer),
        can_set_status: place.can_moderate(viewer),
        can_propose: viewer.user().is_some_and(|u| {
            u.holds_any(crate::model::user::CountryRole::Publisher) || access::is_admin(viewer)
        }),
        live_since,
    })
}

/// What changed from revision `from` to revision `to` (any two, either order).
pub async fn diff(
    db: &Db,
    viewer: &Viewer,
    slug: &str,
    draft_id: i64,
    from: i64,
    to: i64,
) -> Result<DraftDiff, ServerError> {
    let (place, draft) = draft_in(db, viewer, slug, draft_id).await?;
    diff_of(db, &place, &draft, from, to).await
}

async fn diff_of(
    db: &Db,
    place: &Place,
    draft: &drafts::DraftRow,
    from: i64,
    to: i64,
) -> Result<DraftDiff, ServerError> {
    let key = (draft.id, from, to);
    let computed = match db.draft_diffs.get(key) {
        Some(c) => c,
        None => {
            let old = drafts::revision(&db.pool, draft.id, from)
                .await?
                .ok_or(ServerError::NotFound)?;
            let new = drafts::revision(&db.pool, draft.id, to)
                .await?
                .ok_or(ServerError::NotFound)?;
            let computed = db
                .heavy
                .run(move || {
                    draft_diffs::compute(&draft_diffs::Pair {
                        old_md: &old.body_md,
                        new_md: &new.body_md,
                        old_html: &old.body_html,
                        new_html: &new.body_html,
                    })
                })
                .await?;
            let computed = std::sync::Arc::new(computed);
            db.draft_diffs.put(key, computed.clone());
            computed
        }
    };
    Ok(DraftDiff {
        id: draft.id,
        title: draft.title.clone(),
        space_slug: place.space.slug.clone(),
        from,
        to,
        current: draft.current_revision,
        lines: computed.lines.clone(),
        added: computed.added,
        removed: computed.removed,
        rendered: computed.rendered.clone(),
        coarse: computed.coarse,
    })
}

/// Which draft form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DraftFor {
    New,
    Edit { draft_id: i64 },
}

fn target(space_id: i64, what: DraftFor) -> String {
    match what {
        DraftFor::New => format!("newdraft:{space_id}"),
        DraftFor::Edit { draft_id } => format!("draft:{draft_id}"),
    }
}

/// What the draft form starts with. `base` is the revision a refused save started from:
/// with `stale`, the form shows what changed since then and offers to save on top of the
/// newest revision.
#[allow(clippy::too_many_arguments)]
pub async fn compose_form(
    db: &Db,
    viewer: &Viewer,
    slug: &str,
    what: DraftFor,
    base: Option<i64>,
    stale: bool,
    preview: bool,
    max_bytes: usize,
) -> Result<DraftCompose, ServerError> {
    let user = viewer.user().ok_or(ServerError::Unauthorized)?;
    let (place, draft) = match what {
        DraftFor::New => (place(db, viewer, slug).await?, None),
        DraftFor::Edit { draft_id } => {
            let (place, draft) = draft_in(db, viewer, slug, draft_id).await?;
            (place, Some(draft))
        }
    };
    if !place.can_participate(viewer) {
        return Err(ServerError::Forbidden);
    }
    let saved = compose::get(&db.pool, user.id, &target(place.space.id, what)).await?;
    let current = draft.as_ref().map_or(0, |d| d.current_revision);
    let (title, body, summary) = match (&saved, &draft) {
        (Some(s), Some(d)) => (d.title.clone(), s.body.clone(), s.title.clone()),
        (Some(s), None) => (s.title.clone(), s.body.clone(), String::new()),
        (None, Some(d)) => {
            let newest = drafts::revision(&db.pool, d.id, d.current_revision).await?;
            (
                d.title.clone(),
                newest.map(|r| r.body_md).unwrap_or_default(),
                String::new(),
            )
        }
        (None, None) => Default::default(),
    };
    let conflict = match (&draft, base) {
        (Some(d), Some(b)) if stale && b >= 1 && b < d.current_revision => {
            Some(diff_of(db, &place, d, b, d.current_revision).await?)
        }
        _ => None,
    };
    // After a conflict the writer has seen the newer text: saving again goes on top of it.
    let base = match (conflict.is_some(), base) {
        (false, Some(b)) if b >= 1 && b <= current => b,
        _ => current,
    };
    let preview_html = if preview && !body.trim().is_empty() {
        Some(discussion::render(db, &body).await?.html)
    } else {
        None
    };
    Ok(DraftCompose {
        space_slug: place.space.slug.clone(),
        space_name: place.space.name.clone(),
        draft_id: draft.map(|d| d.id),
        title,
        body,
        summary,
        base,
        preview_html,
        conflict,
        max_body_bytes: max_bytes,
    })
}

/// Keeps what the writer typed (after a preview or a refusal). For an edit, the summary
/// is kept in place of the title.
#[allow(clippy::too_many_arguments)]
pub async fn keep(
    db: &Db,
    viewer: &Viewer,
    slug: &str,
    what: DraftFor,
    title: &str,
    body: &str,
    summary: &str,
    max_bytes: usize,
    now: i64,
) -> Result<(), ServerError> {
    let user = viewer.user().ok_or(ServerError::Unauthorized)?;
    let place = place(db, viewer, slug).await?;
    let first = match what {
        DraftFor::New => title,
        DraftFor::Edit { .. } => summary,
    };
    let saved = compose::Saved {
        title: compose::truncate(first, 1000),
        body: compose::truncate(body, max_bytes + 1024),
    };
    compose::save(
        &db.pool,
        user.id,
        &target(place.space.id, what),
        &saved,
        now,
    )
    .await?;
    Ok(())
}

pub async fn forget(
    db: &Db,
    viewer: &Viewer,
    slug: &str,
    what: DraftFor,
) -> Result<(), ServerError> {
    let user = viewer.user().ok_or(ServerError::Unauthorized)?;
    let place = place(db, viewer, slug).await?;
    compose::delete(&db.pool, user.id, &target(place.space.id, what)).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_labels_are_escaped() {
        assert_eq!(escape_md("a](javascript:x)"), "a\\]\\(javascript:x\\)");
    }
}
