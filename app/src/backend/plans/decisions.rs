//! A plan's way to approval: submitted by the country, approved by its national authority
//! (recorded by a focal point or staff, with the authority's name, the date and a
//! reference) or returned with reasons; an approved plan is frozen, and changing it starts
//! the next revision, which goes through approval again. The first approval schedules the
//! check-ins.

use super::checkins::schedule;
use super::{date, text, version, visible};
use crate::backend::store::plans::{self as store, Approval};
use crate::backend::{Cx, ServerError};
use crate::model::plan::PlanStatus;
use crate::model::refusal::Refusal;

/// What the approval form sends.
#[derive(Clone, Debug, Default)]
pub struct ApprovalInput {
    pub authority: String,
    pub approved_on: String,
    pub reference: String,
}

/// The plan, if the viewer may decide on it: "not found" or "not allowed" otherwise.
async fn decidable(cx: &Cx, id: i64) -> Result<(), ServerError> {
    cx.user()?;
    let seen = visible(cx, id).await?;
    if !seen.permissions.can_decide {
        return Err(ServerError::Forbidden);
    }
    Ok(())
}

/// Draft or returned → submitted.
pub async fn submit(cx: &Cx, id: i64) -> Result<(), ServerError> {
    decidable(cx, id).await?;
    let mut change = cx.change().await?;
    let from = [PlanStatus::Draft, PlanStatus::Returned];
    if !store::set_status(
        change.conn(),
        id,
        &from,
        PlanStatus::Submitted,
        None,
        cx.now,
    )
    .await?
    {
        return Err(Refusal::PlanState.into());
    }
    version(cx, &mut change, id, "submitted for approval", false).await?;
    change.commit().await?;
    Ok(())
}

/// Submitted → approved, with the national authority's decision on record.
pub async fn approve(cx: &Cx, id: i64, input: &ApprovalInput) -> Result<(), ServerError> {
    decidable(cx, id).await?;
    let user = cx.user()?;
    let authority = text("authority", &input.authority, 300, true)?;
    let approved_on = date("approved_on", &input.approved_on)?;
    let reference = text("reference", &input.reference, 500, false)?;
    if approved_on > cx.zone().date(cx.now).as_str() {
        // An approval recorded for a day that has not come yet is a typing mistake.
        return Err(Refusal::DateOrder.into());
    }
    let approval = Approval {
        authority,
        approved_on,
        reference,
        by: user.id,
    };
    let mut change = cx.change().await?;
    if !store::approve(change.conn(), id, &approval, cx.now).await? {
        return Err(Refusal::PlanState.into());
    }
    let row = store::by_id(change.conn(), id)
        .await?
        .ok_or(ServerError::NotFound)?;
    let first = row.first_approved_on.as_deref().unwrap_or(approved_on);
    schedule(&mut change, id, first, cx.now).await?;
    version(
        cx,
        &mut change,
        id,
        &format!("approved by {authority}"),
        true,
    )
    .await?;
    change.commit().await?;
    Ok(())
}

/// Submitted → returned, with the reasons the country reads on the plan.
pub async fn return_plan(cx: &Cx, id: i64, reasons: &str) -> Result<(), ServerError> {
    decidable(cx, id).await?;
    let reasons = text("reasons", reasons, 2_000, true)?;
    let mut change = cx.change().await?;
    let from = [PlanStatus::Submitted, PlanStatus::Submitted];
    if !store::set_status(
        change.conn(),
        id,
        &from,
        PlanStatus::Returned,
        Some(reasons),
        cx.now,
    )
    .await?
    {
        return Err(Refusal::PlanState.into());
    }
    version(cx, &mut change, id, "returned", false).await?;
    change.commit().await?;
    Ok(())
}

/// Approved → the next revision, in draft; the approved version stays readable in the
/// versions, and the check-ins keep their schedule.
pub async fn revise(cx: &Cx, id: i64) -> Result<(), ServerError> {
    super::writable(cx, id).await?;
    let mut change = cx.change().await?;
    if !store::revise(change.conn(), id, cx.now).await? {
        return Err(Refusal::PlanState.into());
    }
    version(cx, &mut change, id, "new revision started", false).await?;
    change.commit().await?;
    Ok(())
}
