//! A request's own page and what happens on it for both sides: reading it, replying in its
//! conversation, the country closing it with a rating, and reopening it.

use super::{apply, visible, write_update};
use crate::backend::access;
use crate::backend::discussion;
use crate::backend::store::compose;
use crate::backend::store::requests::{self as store, Update};
use crate::backend::{notify, Cx, ServerError};
use crate::model::profile::NotificationKind;
use crate::model::refusal::Refusal;
use crate::model::request::{PlanActionRef, RequestPage, RequestPermissions, Status};

/// Where a request's reply box keeps its text when a reply is refused.
fn kept(id: i64) -> String {
    format!("request-reply:{id}")
}

/// A request's page: its details, the conversation (page `page`), history, and for staff
/// the internal notes and the canned replies (`insert` puts one into the reply box).
pub async fn page(
    cx: &Cx,
    id: i64,
    page: i64,
    insert: Option<i64>,
) -> Result<RequestPage, ServerError> {
    let pool = &cx.db().pool;
    let row = visible(cx, id).await?;
    let thread = discussion::view(cx, &row.space_slug, row.thread_id, page).await?;
    let is_staff = access::is_staff(&cx.viewer);
    let closed = row.summary.status == Status::Closed;
    let (notes, staff, canned) = if is_staff {
        (
            Some(store::notes(pool, id).await?),
            store::staff(pool)
                .await?
                .into_iter()
                .map(|(_, s)| s)
                .collect(),
            store::canned(pool).await?,
        )
    } else {
        (None, Vec::new(), Vec::new())
    };
    let kept = match cx.viewer.user() {
        Some(u) => compose::get(pool, u.id, &kept(id)).await?,
        None => None,
    };
    let reply_text = insert
        .and_then(|c| canned.iter().find(|r| r.id == c))
        .map(|r| r.body_md.clone())
        .or(kept.map(|k| k.body))
        .unwrap_or_default();
    Ok(RequestPage {
        requester_username: row.requester_username.clone(),
        desired_date: row.desired_date.clone(),
        links: store::links(pool, id).await?,
        answer_post_id: row.answer_post_id,
        rating: row.rating.clone(),
        thread,
        events: store::events(pool, id).await?,
        notes,
        permissions: RequestPermissions {
            staff: is_staff,
            can_close: !closed,
            can_reopen: closed,
        },
        staff,
        canned,
        reply_text,
        plan_action: linked_action(cx, id).await?,
        indicator: store::indicator_of(pool, id).await?,
        summary: row.summary,
    })
}

/// The plan action a request was asked for from, when the viewer may see that plan.
async fn linked_action(cx: &Cx, id: i64) -> Result<Option<PlanActionRef>, ServerError> {
    let Some(action) = store::plan_action_of(&cx.db().pool, id).await? else {
        return Ok(None);
    };
    match crate::backend::plans::action_ref(cx, action).await {
        Ok(r) => Ok(Some(r)),
        Err(ServerError::NotFound) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Replies in the request's conversation; returns the new post's id. When the country
/// answers a request waiting for it, the request goes back to "in progress"; the
/// requester hears of staff's replies, the assignee of the country's. The post, the new
/// status and the notifications are one change.
pub async fn reply(cx: &Cx, id: i64, body: &str) -> Result<i64, ServerError> {
    let (user, now) = (cx.user()?, cx.now);
    let row = visible(cx, id).await?;
    let reply = discussion::prepare_reply(cx, &row.space_slug, row.thread_id, None, body).await?;
    let is_staff = access::is_staff(&cx.viewer);
    let mut change = cx.change().await?;
    let post = discussion::reply_in(cx, &mut change, &reply).await?;
    if !is_staff && row.summary.status == Status::Waiting {
        let update = Update {
            status: Some(Status::InProgress),
            ..Default::default()
        };
        let line = ("status", Some("waiting"), Some("in_progress"));
        write_update(&mut change, id, user.id, &update, &[line], now).await?;
    }
    let tell: Vec<i64> = if is_staff {
        vec![row.requester_id]
    } else {
        row.assignee_id.into_iter().collect()
    };
    notify::tell(
        &mut change,
        &tell,
        NotificationKind::Reply,
        user.id,
        post,
        now,
    )
    .await?;
    compose::delete(change.conn(), user.id, &kept(id)).await?;
    change.commit().await?;
    Ok(post)
}

/// Keeps a refused reply's text: the request's reply box offers it again.
pub async fn keep_reply(cx: &Cx, id: i64, body: &str) -> Result<(), ServerError> {
    let user = cx.user()?;
    visible(cx, id).await?;
    let saved = compose::Saved {
        title: String::new(),
        body: compose::truncate(body, cx.max_post_bytes()),
    };
    compose::save(&cx.db().pool, user.id, &kept(id), &saved, cx.now).await?;
    Ok(())
}

/// The country closes its request, saying whether it was satisfied.
pub async fn close(cx: &Cx, id: i64, rating: &str) -> Result<(), ServerError> {
    cx.user()?;
    let row = visible(cx, id).await?;
    if row.summary.status == Status::Closed {
        return Err(Refusal::Closed.into());
    }
    let rating = match rating.trim() {
        r @ ("satisfied" | "unsatisfied") => r,
        _ => return Err(Refusal::Rating.into()),
    };
    let update = Update {
        status: Some(Status::Closed),
        rating: Some(Some(rating)),
        closed_at: Some(Some(cx.now)),
        ..Default::default()
    };
    let lines = [
        ("status", Some(row.summary.status.as_str()), Some("closed")),
        ("rated", None, Some(rating)),
    ];
    apply(cx, id, &update, &lines).await
}

/// Reopens a closed request (the country or staff): back to "in progress" when someone
/// is assigned, otherwise to "new"; the earlier rating no longer stands.
pub async fn reopen(cx: &Cx, id: i64) -> Result<(), ServerError> {
    cx.user()?;
    let row = visible(cx, id).await?;
    if row.summary.status != Status::Closed {
        return Err(Refusal::NotClosed.into());
    }
    let to = if row.assignee_id.is_some() {
        Status::InProgress
    } else {
        Status::New
    };
    let update = Update {
        status: Some(to),
        rating: Some(None),
        closed_at: Some(None),
        ..Default::default()
    };
    let line = ("reopened", Some("closed"), Some(to.as_str()));
    apply(cx, id, &update, &[line]).await
}
