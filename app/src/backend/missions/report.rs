//! A mission's report: the team writes it in markdown while the mission is under way or
//! in review, each save a new revision (older ones stay readable); staff approve the
//! newest revision, which closes the mission. Approval names the revision the approver
//! read, so a revision saved meanwhile is never approved unread.

use super::{decidable, writable};
use crate::backend::form_fields::value;
use crate::backend::plans::text;
use crate::backend::store::missions as store;
use crate::backend::{Cx, ServerError};
use crate::model::refusal::{FieldRefusal, Problem, Refusal};

const MAX_REPORT: usize = 100_000;
const MAX_NOTE: usize = 300;

/// Saves a new revision of the report; returns its number.
pub async fn write(cx: &Cx, id: i64, pairs: &[(String, String)]) -> Result<i64, ServerError> {
    writable(cx, id, &["under_way", "report_in_review"]).await?;
    let user = cx.user()?.id;
    let body = text("body", value(pairs, "body"), MAX_REPORT, true)?;
    let note = text("note", value(pairs, "note"), MAX_NOTE, false)?;
    let mut change = cx.change().await?;
    let revision = store::add_revision(change.conn(), id, body, note, user, cx.now).await?;
    change.commit().await?;
    Ok(revision)
}

/// Staff approve revision `revision` (the newest) of a report in review; the mission
/// closes.
pub async fn approve(cx: &Cx, id: i64, pairs: &[(String, String)]) -> Result<(), ServerError> {
    decidable(cx, id, &["report_in_review"]).await?;
    let user = cx.user()?.id;
    let revision: i64 = value(pairs, "revision")
        .trim()
        .parse()
        .map_err(|_| FieldRefusal::new("revision", Problem::Required))?;
    let newest = store::revisions(&cx.db().pool, id)
        .await?
        .first()
        .map(|r| r.revision)
        .ok_or(Refusal::ReportMissing)?;
    if revision != newest {
        // Someone saved a newer revision since the page was read.
        return Err(Refusal::MissionState.into());
    }
    let mut change = cx.change().await?;
    if !store::approve(change.conn(), id, revision, user, cx.now).await? {
        return Err(Refusal::MissionState.into());
    }
    change.commit().await?;
    Ok(())
}
