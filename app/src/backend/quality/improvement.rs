//! From gaps to an improvement plan: from a closed assessment, the country's plan writers
//! pick criteria that were not met and make a plan of kind "improvement" for the service
//! — the operational plans' model, so it is approved and checked in on at 1, 3, 6 and 12
//! months like any plan — with one action per criterion, each citing it. Every action of
//! an improvement plan cites a criterion of the assessment's instrument, including those
//! added later by hand; the service's next assessment shows which gaps closed.

use super::{assessment_in_campaign, assessments, scope, value};
use crate::backend::plans::{date, spaces_for, text, version};
use crate::backend::store::plans::{self as plans_store, ActionFields, NewPlan, PlanRow};
use crate::backend::store::quality as store;
use crate::backend::{access, Cx, ServerError};
use crate::i18n::Locale;
use crate::model::plan::Improvement;
use crate::model::quality::{text_in, weight_of, AssessmentStatus, Instrument};
use crate::model::refusal::{FieldRefusal, Problem, Refusal};

/// The instrument an improvement plan's assessment used.
async fn instrument_of(cx: &Cx, assessment: i64) -> Result<Instrument, ServerError> {
    let (_, campaign) = assessment_in_campaign(cx, assessment).await?;
    super::instrument(cx, campaign.version).await
}

/// What the plan's page shows of an improvement plan (None for a national plan).
pub async fn of_plan(cx: &Cx, plan: &PlanRow) -> Result<Option<Improvement>, ServerError> {
    let (Some(service_id), Some(assessment_id)) = (plan.service_id, plan.assessment_id) else {
        return Ok(None);
    };
    let (row, campaign) = assessment_in_campaign(cx, assessment_id).await?;
    let instrument = super::instrument(cx, campaign.version).await?;
    let locale = Locale::from_tag(&plan.language).unwrap_or(Locale::En);
    Ok(Some(Improvement {
        service_id,
        service: row.summary.service,
        assessment_id,
        criteria: instrument
            .criteria()
            .map(|c| (c.id, c.code.clone(), text_in(&c.text, locale).to_string()))
            .collect(),
    }))
}

/// The criterion an action of `plan` cites, as the form gave its id: required (and one
/// of the instrument's) in an improvement plan, ignored in a national one.
pub async fn cited(cx: &Cx, plan: &PlanRow, criterion: &str) -> Result<Option<i64>, ServerError> {
    let Some(assessment) = plan.assessment_id else {
        return Ok(None);
    };
    let id: i64 = criterion
        .trim()
        .parse()
        .map_err(|_| Refusal::CriterionRequired)?;
    let instrument = instrument_of(cx, assessment).await?;
    if instrument.criteria().any(|c| c.id == id) {
        Ok(Some(id))
    } else {
        Err(Refusal::CriterionRequired.into())
    }
}

/// Where a refused new-plan form of an assessment is kept.
pub fn kept_scope(assessment: i64) -> String {
    scope("assessment", assessment)
}

/// Makes an improvement plan from the gaps picked on a closed assessment; returns the
/// plan's id.
pub async fn make_plan(
    cx: &Cx,
    assessment: i64,
    pairs: &[(String, String)],
) -> Result<i64, ServerError> {
    let user = cx.user()?.id;
    let (row, campaign, instrument) = assessments::seen(cx, assessment).await?;
    if row.summary.status != AssessmentStatus::Closed {
        return Err(Refusal::AssessmentState.into());
    }
    let slug = value(pairs, "space").trim();
    let spaces = spaces_for(cx, Some(&campaign.country)).await?;
    if !spaces.iter().any(|(s, _)| s == slug) {
        return Err(Refusal::PlanSpace.into());
    }
    let place = access::place(cx, slug).await?;
    let title = text("title", value(pairs, "title"), 300, true)?;
    let starts_on = date("starts_on", value(pairs, "starts_on"))?;
    let ends_on = date("ends_on", value(pairs, "ends_on"))?;
    if ends_on < starts_on {
        return Err(Refusal::DateOrder.into());
    }
    let language = value(pairs, "language").trim();
    let locale = Locale::from_tag(language)
        .filter(|l| l.code() == language)
        .ok_or(FieldRefusal::new("language", Problem::Choice))?;
    let ratings = store::ratings(&cx.db().pool, assessment).await?;
    let mut picked = Vec::new();
    for (k, v) in pairs {
        if k != "criterion" {
            continue;
        }
        let id: i64 = v.parse().map_err(|_| Refusal::CriterionRequired)?;
        let criterion = instrument
            .criteria()
            .find(|c| c.id == id)
            .ok_or(Refusal::CriterionRequired)?;
        let level = ratings
            .iter()
            .find(|r| r.criterion_id == id)
            .and_then(|r| r.verified_level.clone())
            .unwrap_or_default();
        // A gap is a criterion that counts and was not fully met.
        match weight_of(&instrument.scale, &level) {
            Some(w) if w < 100 => picked.push((criterion.clone(), level)),
            _ => return Err(Refusal::CriterionMet.into()),
        }
    }
    if picked.is_empty() {
        return Err(Refusal::CriterionRequired.into());
    }
    let top = instrument
        .scale
        .iter()
        .filter(|l| l.weight.is_some())
        .max_by_key(|l| l.weight)
        .map(|l| text_in(&l.names, locale).to_string())
        .unwrap_or_default();
    let mut change = cx.change().await?;
    let plan = plans_store::insert(
        change.conn(),
        &NewPlan {
            country: &campaign.country,
            space_id: place.space.id,
            title,
            starts_on,
            ends_on,
            language: locale.code(),
            author: user,
            improvement: Some((row.summary.service_id, assessment)),
        },
        cx.now,
    )
    .await?;
    let objective = plans_store::add_objective(change.conn(), plan, title).await?;
    let mut lines: Vec<(i64, i64)> = Vec::new();
    for (criterion, level) in &picked {
        let area = instrument
            .area_of(criterion.id)
            .ok_or(ServerError::NotFound)?;
        let line = match lines.iter().find(|(a, _)| *a == area.id) {
            Some((_, l)) => *l,
            None => {
                let l = plans_store::add_line(
                    change.conn(),
                    plan,
                    objective,
                    text_in(&area.text, locale),
                    "treatment",
                )
                .await?;
                lines.push((area.id, l));
                l
            }
        };
        let baseline = instrument
            .level(level)
            .map(|l| text_in(&l.names, locale).to_string())
            .unwrap_or_default();
        plans_store::add_action(
            change.conn(),
            plan,
            line,
            &ActionFields {
                title: text_in(&criterion.text, locale),
                responsible: &row.summary.service,
                co_responsible: "",
                starts_on,
                ends_on,
                budget_minor: None,
                currency: None,
                funding_source: "",
                indicator: &criterion.code,
                indicator_id: None,
                criterion_id: Some(criterion.id),
                funding_id: None,
                baseline: &baseline,
                baseline_year: None,
                target: &top,
            },
        )
        .await?;
    }
    version(cx, &mut change, plan, "started from an assessment", false).await?;
    change.commit().await?;
    Ok(plan)
}
