//! Technical-assistance requests: a country asks the programme's staff for help, staff
//! work the request from a queue, and the two talk in the request's conversation.
//!
//! Who sees what is one rule (`access::can_see_requests_of`): the country's members, staff
//! and admins; anyone else gets "not found". The conversation is a thread in the country's
//! request space, so replies, live updates, notifications and search are the discussion
//! machinery's own. Every change is one [`Change`] with its history lines; refusals are
//! [`Refusal`](crate::model::refusal::Refusal)s the pages explain.
//!
//! - `filing`: the form, filing a request, the country's list;
//! - `conversation`: a request's page, replying, closing with a rating, reopening;
//! - `staff`: the queue, status, assignment and due date, the answer, internal notes;
//! - `figures`: counts and median times, and the CSV export;
//! - `canned`: staff's canned replies.

mod canned;
mod conversation;
mod figures;
mod filing;
mod staff;

pub use canned::{canned, delete_canned, save_canned, MAX_CANNED_TITLE_CHARS};
pub use conversation::{close, keep_reply, page, reopen, reply};
pub use figures::{figures, figures_csv};
pub use filing::{file, form, keep_filing, of_country, Filing, MAX_LINKS, MAX_LINK_CHARS};
pub use staff::{add_note, mark_answer, queue, update, StaffChange};

use crate::backend::access::{self, SignedIn};
use crate::backend::store::requests::{self as store, RequestRow, Update};
use crate::backend::{Change, Cx, ServerError};

/// Staff and admins, or "not allowed".
fn staff(cx: &Cx) -> Result<&SignedIn, ServerError> {
    let user = cx.user()?;
    if !access::is_staff(&cx.viewer) {
        return Err(ServerError::Forbidden);
    }
    Ok(user)
}

/// The request, if the viewer may see it; otherwise "not found" (whether it exists is
/// nobody else's business).
async fn visible(cx: &Cx, id: i64) -> Result<RequestRow, ServerError> {
    store::by_id(&cx.db().pool, id, cx.now)
        .await?
        .filter(|r| access::can_see_requests_of(&cx.viewer, &r.country_code))
        .ok_or(ServerError::NotFound)
}

/// One line of a request's history: what happened, from what, to what.
type Line<'a> = (&'a str, Option<&'a str>, Option<&'a str>);

/// Writes an update of a request and its history lines, by `actor`, in `change`.
async fn write_update(
    change: &mut Change,
    id: i64,
    actor: i64,
    update: &Update<'_>,
    lines: &[Line<'_>],
    now: i64,
) -> Result<(), ServerError> {
    store::change(change.conn(), id, update, now).await?;
    for (action, from, to) in lines {
        store::record(change.conn(), id, Some(actor), action, *from, *to, now).await?;
    }
    Ok(())
}

/// [`write_update`] as a change of its own.
async fn apply(
    cx: &Cx,
    id: i64,
    update: &Update<'_>,
    lines: &[Line<'_>],
) -> Result<(), ServerError> {
    let actor = cx.user()?.id;
    let mut change = cx.change().await?;
    write_update(&mut change, id, actor, update, lines, cx.now).await?;
    change.commit().await?;
    Ok(())
}
