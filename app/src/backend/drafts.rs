//! Drafts written together in a space: every save a numbered revision, a diff between any
//! two, restoring an old one as a new revision, a status moderators set, and a comment
//! thread of its own.
//!
//! Saving names the revision the writer started from; when someone else saved since, the
//! save is refused (never a silent overwrite) and the writer is shown what changed. Reading
//! follows the space (the one access rule); writing needs the same role as posting in it.

use crate::backend::access::{place, Place};
use crate::backend::discussion::{self, check_body, check_title};
use crate::backend::draft_diffs;
use crate::backend::events::{self, Kind, Room};
use crate::backend::search::queue::Entity;
use crate::backend::store::{compose, drafts, posts, threads};
use crate::backend::{
    access::{self},
    ServerError,
};
use crate::backend::{Change, Cx};
use crate::markdown;
use crate::model::draft::{DraftCompose, DraftDiff, DraftList, DraftStatus, DraftView};
use crate::model::refusal::Refusal;

const MAX_SUMMARY_CHARS: usize = 200;

/// The draft, if it is in this space and the viewer may see the space.
pub(crate) async fn draft_in(
    cx: &Cx,
    slug: &str,
    draft_id: i64,
) -> Result<(Place, drafts::DraftRow), ServerError> {
    let place = place(cx, slug).await?;
    let draft = drafts::by_id(&cx.db().pool, draft_id)
        .await?
        .filter(|d| d.space_id == place.space.id)
        .ok_or(ServerError::NotFound)?;
    Ok((place, draft))
}

fn check_summary(summary: &str) -> Result<&str, ServerError> {
    let summary = summary.trim();
    if summary.chars().count() > MAX_SUMMARY_CHARS || summary.chars().any(char::is_control) {
        return Err(ServerError::from(Refusal::Summary));
    }
    Ok(summary)
}

pub async fn list(cx: &Cx, slug: &str) -> Result<DraftList, ServerError> {
    let place = place(cx, slug).await?;
    Ok(DraftList {
        drafts: drafts::list(&cx.db().pool, place.space.id).await?,
        can_create: place.can_participate(&cx.viewer),
    })
}

/// Starts a draft with its first revision and its comment thread; returns its id.
#[allow(clippy::too_many_arguments)]
pub async fn create(
    cx: &Cx,
    slug: &str,
    title: &str,
    body: &str,
    summary: &str,
) -> Result<i64, ServerError> {
    let user = cx.user()?;
    let place = place(cx, slug).await?;
    if !place.can_participate(&cx.viewer) {
        return Err(ServerError::Forbidden);
    }
    let title = check_title(title)?;
    check_body(body, cx.max_post_bytes())?;
    let summary = check_summary(summary)?;
    let rendered = discussion::render(cx, body).await?;
    let mut change = cx.change().await?;
    // The comment thread opens with a link to the draft: the same in every language.
    let thread_id = threads::create(change.conn(), place.space.id, title, user.id, cx.now).await?;
    threads::set_for_draft(change.conn(), thread_id).await?;
    let draft_id = drafts::create(
        change.conn(),
        place.space.id,
        title,
        user.id,
        thread_id,
        cx.now,
    )
    .await?;
    let link = format!(
        "→ [{}](/spaces/{}/drafts/{draft_id})",
        escape_md(title),
        place.space.slug
    );
    let seq = threads::next_seq(change.conn(), thread_id, cx.now).await?;
    let opening = posts::NewPost {
        thread_id,
        seq,
        parent: None,
        author_id: user.id,
        body_md: &link,
        body_html: &markdown::render_plain(&link).html,
    };
    posts::insert(change.conn(), &opening, cx.now).await?;
    drafts::advance(change.conn(), draft_id, 0, cx.now).await?;
    let first = drafts::NewRevision {
        draft_id,
        number: 1,
        author_id: user.id,
        summary,
        body_md: body,
        body_html: &rendered.html,
    };
    drafts::add_revision(change.conn(), &first, cx.now).await?;
    change.index(Entity::Draft(draft_id), cx.now).await?;
    // Saved: the text kept for the form is no longer needed.
    let kept = target(place.space.id, DraftFor::New);
    compose::delete(change.conn(), user.id, &kept).await?;
    change.commit().await?;
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
/// [`Refusal::Stale`] (a conflict) when `base` is no longer the newest revision.
#[allow(clippy::too_many_arguments)]
pub async fn save(
    cx: &Cx,
    slug: &str,
    draft_id: i64,
    base: i64,
    body: &str,
    summary: &str,
) -> Result<i64, ServerError> {
    let user = cx.user()?;
    let (place, draft) = draft_in(cx, slug, draft_id).await?;
    if !place.can_participate(&cx.viewer) {
        return Err(ServerError::Forbidden);
    }
    check_body(body, cx.max_post_bytes())?;
    let summary = check_summary(summary)?;
    let rendered = discussion::render(cx, body).await?;
    let mut change = cx.change().await?;
    // The guarded update decides: of two saves on the same base, exactly one advances.
    if !drafts::advance(change.conn(), draft.id, base, cx.now).await? {
        return Err(ServerError::from(Refusal::Stale));
    }
    let revision = drafts::NewRevision {
        draft_id: draft.id,
        number: base + 1,
        author_id: user.id,
        summary,
        body_md: body,
        body_html: &rendered.html,
    };
    drafts::add_revision(change.conn(), &revision, cx.now).await?;
    revised(&mut change, draft.id, base + 1, cx.now).await?;
    let kept = target(place.space.id, DraftFor::Edit { draft_id: draft.id });
    compose::delete(change.conn(), user.id, &kept).await?;
    change.commit().await?;
    Ok(base + 1)
}

/// Makes an old revision the newest again, as a new revision; returns its number.
pub async fn restore(cx: &Cx, slug: &str, draft_id: i64, number: i64) -> Result<i64, ServerError> {
    let user = cx.user()?;
    let (place, draft) = draft_in(cx, slug, draft_id).await?;
    if !place.can_participate(&cx.viewer) {
        return Err(ServerError::Forbidden);
    }
    let old = drafts::revision(&cx.db().pool, draft.id, number)
        .await?
        .ok_or_else(|| ServerError::from(Refusal::Revision))?;
    let mut change = cx.change().await?;
    if !drafts::advance(change.conn(), draft.id, draft.current_revision, cx.now).await? {
        return Err(ServerError::from(Refusal::Stale));
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
    drafts::add_revision(change.conn(), &revision, cx.now).await?;
    revised(&mut change, draft.id, draft.current_revision + 1, cx.now).await?;
    change.commit().await?;
    Ok(draft.current_revision + 1)
}

/// A new revision: people reading or editing the draft hear of it live.
async fn revised(
    change: &mut Change,
    draft_id: i64,
    number: i64,
    now: i64,
) -> Result<(), ServerError> {
    let data = serde_json::json!({ "draft": draft_id, "revision": number });
    change
        .event(Room::Draft(draft_id), Kind::DraftRevision, data, now)
        .await?;
    change.index(Entity::Draft(draft_id), now).await?;
    Ok(())
}

/// Sets the status (the space's moderators and admins).
pub async fn set_status(
    cx: &Cx,
    slug: &str,
    draft_id: i64,
    status: &str,
) -> Result<(), ServerError> {
    cx.user()?;
    let (place, draft) = draft_in(cx, slug, draft_id).await?;
    if !place.can_moderate(&cx.viewer) {
        return Err(ServerError::Forbidden);
    }
    let status =
        DraftStatus::parse(status).ok_or_else(|| ServerError::from(Refusal::DraftStatus))?;
    drafts::set_status(&cx.db().pool, draft.id, status, cx.now).await?;
    Ok(())
}

/// The draft at revision `number` (the newest when None).
pub async fn view(
    cx: &Cx,
    slug: &str,
    draft_id: i64,
    number: Option<i64>,
) -> Result<DraftView, ServerError> {
    // Read first: a revision saved after the draft is read has a later event id (and
    // nothing is shown unless the access check below passes).
    let live_since = match cx.viewer.user() {
        Some(_) => events::latest_in(cx.db(), Room::Draft(draft_id)).await?,
        None => 0,
    };
    let (place, draft) = draft_in(cx, slug, draft_id).await?;
    let shown = number.unwrap_or(draft.current_revision);
    let revision = drafts::revision(&cx.db().pool, draft.id, shown)
        .await?
        .ok_or(ServerError::NotFound)?;
    let comments = match draft.thread_id {
        Some(t) => (posts::count(&cx.db().pool, t).await? - 1).max(0),
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
        history: drafts::history(&cx.db().pool, draft.id).await?,
        thread_id: draft.thread_id,
        comments,
        can_edit: place.can_participate(&cx.viewer),
        can_set_status: place.can_moderate(&cx.viewer),
        can_propose: cx.viewer.user().is_some_and(|u| {
            u.holds_any(crate::model::user::CountryRole::Publisher) || access::is_admin(&cx.viewer)
        }),
        live_since,
    })
}

/// What changed from revision `from` to revision `to` (any two, either order).
pub async fn diff(
    cx: &Cx,
    slug: &str,
    draft_id: i64,
    from: i64,
    to: i64,
) -> Result<DraftDiff, ServerError> {
    let (place, draft) = draft_in(cx, slug, draft_id).await?;
    diff_of(cx, &place, &draft, from, to).await
}

async fn diff_of(
    cx: &Cx,
    place: &Place,
    draft: &drafts::DraftRow,
    from: i64,
    to: i64,
) -> Result<DraftDiff, ServerError> {
    let key = (draft.id, from, to);
    let computed = match cx.state.caches.draft_diffs.get(key) {
        Some(c) => c,
        None => {
            let old = drafts::revision(&cx.db().pool, draft.id, from)
                .await?
                .ok_or(ServerError::NotFound)?;
            let new = drafts::revision(&cx.db().pool, draft.id, to)
                .await?
                .ok_or(ServerError::NotFound)?;
            let computed = cx
                .state
                .caches
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
            cx.state.caches.draft_diffs.put(key, computed.clone());
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
    cx: &Cx,
    slug: &str,
    what: DraftFor,
    base: Option<i64>,
    stale: bool,
    preview: bool,
) -> Result<DraftCompose, ServerError> {
    let user = cx.user()?;
    let (place, draft) = match what {
        DraftFor::New => (place(cx, slug).await?, None),
        DraftFor::Edit { draft_id } => {
            let (place, draft) = draft_in(cx, slug, draft_id).await?;
            (place, Some(draft))
        }
    };
    if !place.can_participate(&cx.viewer) {
        return Err(ServerError::Forbidden);
    }
    let saved = compose::get(&cx.db().pool, user.id, &target(place.space.id, what)).await?;
    let current = draft.as_ref().map_or(0, |d| d.current_revision);
    let (title, body, summary) = match (&saved, &draft) {
        (Some(s), Some(d)) => (d.title.clone(), s.body.clone(), s.title.clone()),
        (Some(s), None) => (s.title.clone(), s.body.clone(), String::new()),
        (None, Some(d)) => {
            let newest = drafts::revision(&cx.db().pool, d.id, d.current_revision).await?;
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
            Some(diff_of(cx, &place, d, b, d.current_revision).await?)
        }
        _ => None,
    };
    // After a conflict the writer has seen the newer text: saving again goes on top of it.
    let base = match (conflict.is_some(), base) {
        (false, Some(b)) if b >= 1 && b <= current => b,
        _ => current,
    };
    let preview_html = if preview && !body.trim().is_empty() {
        Some(discussion::render(cx, &body).await?.html)
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
        max_body_bytes: cx.max_post_bytes(),
    })
}

/// Keeps what the writer typed (after a preview or a refusal). For an edit, the summary
/// is kept in place of the title.
#[allow(clippy::too_many_arguments)]
pub async fn keep(
    cx: &Cx,
    slug: &str,
    what: DraftFor,
    title: &str,
    body: &str,
    summary: &str,
) -> Result<(), ServerError> {
    let user = cx.user()?;
    let place = place(cx, slug).await?;
    let first = match what {
        DraftFor::New => title,
        DraftFor::Edit { .. } => summary,
    };
    let saved = compose::Saved {
        title: compose::truncate(first, 1000),
        body: compose::truncate(body, cx.max_post_bytes() + 1024),
    };
    compose::save(
        &cx.db().pool,
        user.id,
        &target(place.space.id, what),
        &saved,
        cx.now,
    )
    .await?;
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
