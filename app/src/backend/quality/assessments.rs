//! One service's assessment in a campaign, in two steps: its respondent (the director, or
//! whoever the campaign names) rates each criterion with comments and evidence, saving as
//! they go, then submits — after which the self-assessment no longer changes; one of the
//! campaign's assessors then verifies on site, rating each criterion beside the
//! self-rating with the sources checked; the lead closes it, and the verified ratings are
//! final. Every save is checked whole first: a refused one writes nothing.

use super::{assessment_in_campaign, instrument, kept, parties_of, scope, scores, value};
use crate::backend::access;
use crate::backend::plans::{spaces_for, text};
use crate::backend::store::quality::{self as store, AssessmentRow, CampaignRow};
use crate::backend::{Cx, ServerError};
use crate::model::quality::{
    AssessmentPage, AssessmentRights, AssessmentStatus, Instrument, Rating, SOURCES,
};
use crate::model::refusal::{FieldRefusal, Problem, Refusal};

const MAX_COMMENT: usize = 2_000;

/// The assessment, its campaign and instrument, if the viewer may read it.
pub(crate) async fn seen(
    cx: &Cx,
    id: i64,
) -> Result<(AssessmentRow, CampaignRow, Instrument), ServerError> {
    cx.user()?;
    let (row, campaign) = assessment_in_campaign(cx, id).await?;
    let parties = parties_of(&campaign);
    if !access::sees_assessment(&cx.viewer, &parties.as_parties(&campaign), row.respondent) {
        return Err(ServerError::NotFound);
    }
    let instrument = instrument(cx, campaign.version).await?;
    Ok((row, campaign, instrument))
}

fn rights(
    cx: &Cx,
    row: &AssessmentRow,
    campaign: &CampaignRow,
    can_plan: bool,
) -> AssessmentRights {
    let me = cx.viewer.user().map(|u| u.id);
    let status = row.summary.status;
    AssessmentRights {
        fill: status == AssessmentStatus::SelfAssessment && me.is_some() && me == row.respondent,
        verify: status == AssessmentStatus::Submitted
            && campaign.assessors.iter().any(|(id, _)| Some(*id) == me),
        close: status == AssessmentStatus::Verified && me == Some(campaign.lead),
        plan: status == AssessmentStatus::Closed && can_plan,
        campaign: access::quality_sight(&cx.viewer, &parties_of(campaign).as_parties(campaign))
            != access::QualitySight::None,
    }
}

pub async fn page(cx: &Cx, id: i64, form: Option<&str>) -> Result<AssessmentPage, ServerError> {
    let (row, campaign, instrument) = seen(cx, id).await?;
    let pool = &cx.db().pool;
    let ratings = store::ratings(pool, id).await?;
    let plan_spaces = if row.summary.status == AssessmentStatus::Closed {
        spaces_for(cx, Some(&campaign.country)).await?
    } else {
        Vec::new()
    };
    let mut conn = pool.acquire().await?;
    let previous = store::previous_closed(&mut conn, row.summary.service_id, id).await?;
    Ok(AssessmentPage {
        rights: rights(cx, &row, &campaign, !plan_spaces.is_empty()),
        areas: scores::area_scores(&instrument, &ratings),
        country: campaign.summary.country.clone(),
        plans: store::plans_from(&mut *conn, id).await?,
        kept: kept::kept(cx, &scope("assessment", id), form).await?,
        summary: row.summary,
        instrument,
        ratings,
        previous,
        plan_spaces,
    })
}

/// A level typed for a criterion: empty for "not rated yet", else one of the scale's.
fn level(instrument: &Instrument, v: &str) -> Result<Option<String>, ServerError> {
    match v.trim() {
        "" => Ok(None),
        l if instrument.level(l).is_some() => Ok(Some(l.to_string())),
        _ => Err(Refusal::OffScale.into()),
    }
}

/// The ratings the form leaves: the stored ones with the form's fields laid over them
/// (`verify` picks which half of each rating the form carries).
fn merged(
    instrument: &Instrument,
    stored: &[Rating],
    pairs: &[(String, String)],
    verify: bool,
) -> Result<Vec<Rating>, ServerError> {
    let mut out = Vec::new();
    for c in instrument.criteria() {
        let mut r = stored
            .iter()
            .find(|r| r.criterion_id == c.id)
            .cloned()
            .unwrap_or(Rating {
                criterion_id: c.id,
                ..Rating::default()
            });
        let id = c.id;
        if verify {
            let field = format!("verified_{id}");
            if !pairs.iter().any(|(k, _)| *k == field) {
                out.push(r);
                continue;
            }
            r.verified_level = level(instrument, value(pairs, &field))?;
            r.verified_sources = pairs
                .iter()
                .filter(|(k, _)| *k == format!("sources_{id}"))
                .map(|(_, v)| v.clone())
                .collect();
            if r.verified_sources
                .iter()
                .any(|s| !SOURCES.contains(&s.as_str()))
            {
                return Err(FieldRefusal::new("sources", Problem::Choice).into());
            }
            r.verified_comment = text(
                "comment",
                value(pairs, &format!("vcomment_{id}")),
                MAX_COMMENT,
                false,
            )?
            .to_string();
        } else {
            let field = format!("level_{id}");
            if !pairs.iter().any(|(k, _)| *k == field) {
                out.push(r);
                continue;
            }
            r.self_level = level(instrument, value(pairs, &field))?;
            r.self_comment = text(
                "comment",
                value(pairs, &format!("comment_{id}")),
                MAX_COMMENT,
                false,
            )?
            .to_string();
            r.evidence = text(
                "evidence",
                value(pairs, &format!("evidence_{id}")),
                MAX_COMMENT,
                false,
            )?
            .to_string();
        }
        out.push(r);
    }
    Ok(out)
}

/// Saves the respondent's ratings; with `submit`, also hands the self-assessment to the
/// assessors (every criterion must be rated).
pub async fn save_self(
    cx: &Cx,
    id: i64,
    pairs: &[(String, String)],
    submit: bool,
) -> Result<(), ServerError> {
    let (row, _, instrument) = seen(cx, id).await?;
    let user = cx.user()?.id;
    if row.respondent != Some(user) {
        return Err(ServerError::Forbidden);
    }
    if row.summary.status != AssessmentStatus::SelfAssessment {
        return Err(Refusal::AssessmentSubmitted.into());
    }
    let stored = store::ratings(&cx.db().pool, id).await?;
    let ratings = merged(&instrument, &stored, pairs, false)?;
    if submit && ratings.iter().any(|r| r.self_level.is_none()) {
        return Err(Refusal::AssessmentIncomplete.into());
    }
    let mut change = cx.change().await?;
    // The step is checked again inside the transaction: a submit from another tab wins.
    let still = store::assessment(change.conn(), id)
        .await?
        .is_some_and(|a| a.summary.status == AssessmentStatus::SelfAssessment);
    if !still {
        return Err(Refusal::AssessmentSubmitted.into());
    }
    for r in &ratings {
        if r.self_level.is_some() || !r.self_comment.is_empty() || !r.evidence.is_empty() {
            store::put_self(change.conn(), id, r, cx.now).await?;
        }
    }
    if submit {
        store::set_status(
            change.conn(),
            id,
            AssessmentStatus::SelfAssessment,
            AssessmentStatus::Submitted,
            user,
            cx.now,
        )
        .await?;
    }
    change.commit().await?;
    Ok(())
}

/// Saves an assessor's verification; with `finish`, marks it verified (every criterion
/// must carry the assessor's rating).
pub async fn verify(
    cx: &Cx,
    id: i64,
    pairs: &[(String, String)],
    finish: bool,
) -> Result<(), ServerError> {
    let (row, campaign, instrument) = seen(cx, id).await?;
    let user = cx.user()?.id;
    if !campaign.assessors.iter().any(|(a, _)| *a == user) {
        return Err(Refusal::NotAssessor.into());
    }
    if row.summary.status != AssessmentStatus::Submitted {
        return Err(Refusal::AssessmentState.into());
    }
    let stored = store::ratings(&cx.db().pool, id).await?;
    let ratings = merged(&instrument, &stored, pairs, true)?;
    if finish && ratings.iter().any(|r| r.verified_level.is_none()) {
        return Err(Refusal::AssessmentIncomplete.into());
    }
    let mut change = cx.change().await?;
    let still = store::assessment(change.conn(), id)
        .await?
        .is_some_and(|a| a.summary.status == AssessmentStatus::Submitted);
    if !still {
        return Err(Refusal::AssessmentState.into());
    }
    for r in &ratings {
        if r.verified_level.is_some() || !r.verified_comment.is_empty() {
            store::put_verified(change.conn(), id, r, cx.now).await?;
        }
    }
    if finish {
        store::set_status(
            change.conn(),
            id,
            AssessmentStatus::Submitted,
            AssessmentStatus::Verified,
            user,
            cx.now,
        )
        .await?;
    }
    change.commit().await?;
    Ok(())
}

/// The lead closes a verified assessment: its verified ratings become final.
pub async fn close(cx: &Cx, id: i64) -> Result<(), ServerError> {
    let (_, campaign, _) = seen(cx, id).await?;
    let user = cx.user()?.id;
    if campaign.lead != user {
        return Err(Refusal::NotLead.into());
    }
    let mut change = cx.change().await?;
    if !store::set_status(
        change.conn(),
        id,
        AssessmentStatus::Verified,
        AssessmentStatus::Closed,
        user,
        cx.now,
    )
    .await?
    {
        return Err(Refusal::AssessmentState.into());
    }
    change.commit().await?;
    Ok(())
}
