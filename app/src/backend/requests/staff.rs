//! Staff's work on requests: the queue, changing status, assignee and due date, marking
//! the answer, and internal notes the country never sees.

use super::filing::check_date;
use super::{apply, staff, visible, Line};
use crate::backend::access;
use crate::backend::discussion;
use crate::backend::store::requests::{self as store, Scope, Update};
use crate::backend::store::{countries, posts};
use crate::backend::{Cx, ServerError};
use crate::model::country::CountryName;
use crate::model::refusal::Refusal;
use crate::model::request::{Queue, QueueFilters, Status};

/// The staff queue, filtered and sorted.
pub async fn queue(cx: &Cx, filters: QueueFilters) -> Result<Queue, ServerError> {
    let user = staff(cx)?;
    let (pool, now) = (&cx.db().pool, cx.now);
    let scope = Scope {
        country: None,
        viewer_id: user.id,
    };
    let items = store::list(pool, &scope, &filters, now, 500).await?;
    let (mine, unassigned, overdue) = store::view_counts(pool, user.id, now).await?;
    let countries = countries::list(pool)
        .await?
        .into_iter()
        .map(CountryName::from)
        .collect();
    let staff = store::staff(pool)
        .await?
        .into_iter()
        .map(|(_, s)| s)
        .collect();
    Ok(Queue {
        filters,
        items,
        mine,
        unassigned,
        overdue,
        countries,
        staff,
    })
}

/// What staff change from the request's page; empty fields stay as they are.
#[derive(Clone, Debug, Default)]
pub struct StaffChange {
    pub status: String,
    /// A staff username, `none` to unassign, or empty.
    pub assignee: String,
    /// `YYYY-MM-DD`, or empty.
    pub due: String,
}

/// The request for a staff action on it: visible, and the viewer is staff.
async fn for_staff(cx: &Cx, id: i64) -> Result<store::RequestRow, ServerError> {
    cx.user()?;
    let row = visible(cx, id).await?;
    if !access::is_staff(&cx.viewer) {
        return Err(Refusal::StaffOnly.into());
    }
    Ok(row)
}

/// Applies staff's changes: all checked first, then written together with their history.
pub async fn update(cx: &Cx, id: i64, c: &StaffChange) -> Result<(), ServerError> {
    let row = for_staff(cx, id).await?;
    let now = cx.now;
    let current = row.summary.status;
    let status = match c.status.trim() {
        "" => None,
        s => {
            let to = Status::parse(s).ok_or(Refusal::Status)?;
            if to == current {
                None
            } else if current == Status::Closed {
                return Err(Refusal::Closed.into());
            } else if !current.next().contains(&to) {
                return Err(Refusal::Status.into());
            } else {
                Some(to)
            }
        }
    };
    let assignee = match c.assignee.trim() {
        "" => None,
        "none" => row.assignee_id.map(|_| None),
        name => {
            let (id, member) = store::staff(&cx.db().pool)
                .await?
                .into_iter()
                .find(|(_, s)| s.username == name)
                .ok_or(Refusal::Assignee)?;
            (row.assignee_id != Some(id)).then_some(Some((id, member.display_name)))
        }
    };
    // Due dates are days where the staff member is: due by the end of that day there.
    let zone = cx.zone();
    let due = match c.due.trim() {
        "" => None,
        d => {
            check_date(d)?;
            let at = zone.end_of_day(d);
            (zone.date(row.summary.due_at) != d).then_some(at)
        }
    };
    if status.is_none() && assignee.is_none() && due.is_none() {
        return Ok(());
    }
    let update = Update {
        status,
        assignee: assignee.as_ref().map(|a| a.as_ref().map(|(id, _)| *id)),
        due_at: due,
        answered_at: match status {
            Some(Status::Answered) => Some(Some(now)),
            _ => None,
        },
        closed_at: match status {
            Some(Status::Closed) => Some(Some(now)),
            _ => None,
        },
        ..Default::default()
    };
    let due_dates = due.map(|at| (zone.date(row.summary.due_at), zone.date(at)));
    let mut lines: Vec<Line> = Vec::new();
    if let Some(to) = status {
        lines.push(("status", Some(current.as_str()), Some(to.as_str())));
    }
    if let Some(to) = &assignee {
        let to = to.as_ref().map(|(_, name)| name.as_str());
        lines.push(("assigned", row.summary.assignee_name.as_deref(), to));
    }
    if let Some((from, to)) = &due_dates {
        lines.push(("due", Some(from), Some(to)));
    }
    apply(cx, id, &update, &lines).await
}

/// Staff mark one reply of the conversation as the answer: the request is answered.
pub async fn mark_answer(cx: &Cx, id: i64, post_id: i64) -> Result<(), ServerError> {
    let row = for_staff(cx, id).await?;
    if row.summary.status == Status::Closed {
        return Err(Refusal::Closed.into());
    }
    // A reply (not the question itself) of this conversation, still there.
    posts::by_id(&cx.db().pool, post_id)
        .await?
        .filter(|p| p.thread_id == row.thread_id && p.seq > 1 && !p.deleted && !p.hidden)
        .ok_or(Refusal::Answer)?;
    let status = (row.summary.status != Status::Answered).then_some(Status::Answered);
    let update = Update {
        status,
        answer_post: Some(post_id),
        answered_at: Some(Some(row.answered_at.unwrap_or(cx.now))),
        ..Default::default()
    };
    let post = post_id.to_string();
    let mut lines: Vec<Line> = vec![("answer", None, Some(&post))];
    if let Some(to) = status {
        lines.push((
            "status",
            Some(row.summary.status.as_str()),
            Some(to.as_str()),
        ));
    }
    apply(cx, id, &update, &lines).await
}

/// Staff write an internal note, which the country never sees.
pub async fn add_note(cx: &Cx, id: i64, body: &str) -> Result<(), ServerError> {
    for_staff(cx, id).await?;
    let user = staff(cx)?;
    discussion::check_body(body, cx.max_post_bytes())?;
    let html = discussion::render(cx, body).await?.html;
    store::add_note(&cx.db().pool, id, user.id, body, &html, cx.now).await?;
    Ok(())
}
