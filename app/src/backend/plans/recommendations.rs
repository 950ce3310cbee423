//! The Multilateral Evaluation Mechanism's recommendations: a small register per country
//! and round, read by anyone signed in (the MEM's reports are public) and kept by
//! programme staff and the country's focal points (`access::decides_for_country`); and
//! which recommendations a plan's objectives and actions answer, changed like the rest of
//! the plan (in draft, kept as a version).

use super::editing::{open_for_edit, own};
use super::{text, version};
use crate::backend::access;
use crate::backend::store::plans::Part;
use crate::backend::store::{countries, recommendations as store};
use crate::backend::{Cx, ServerError};
use crate::model::country::CountryName;
use crate::model::plan::RecommendationRegister;
use crate::model::refusal::{FieldRefusal, Problem, Refusal};

/// A country's register, for anyone signed in; "not found" for a country not listed.
pub async fn register(cx: &Cx, country: &str) -> Result<RecommendationRegister, ServerError> {
    cx.user()?;
    let country = countries::get(&cx.db().pool, country)
        .await?
        .ok_or(ServerError::NotFound)?;
    Ok(RecommendationRegister {
        items: store::of_country(&cx.db().pool, &country.code).await?,
        can_edit: access::decides_for_country(&cx.viewer, &country.code),
        country: CountryName::from(country),
    })
}

/// What the register's form sends.
#[derive(Clone, Debug, Default)]
pub struct RecommendationInput {
    pub round: String,
    pub code: String,
    pub text: String,
}

/// Adds a recommendation to a country's register (staff and its focal points).
pub async fn add_recommendation(
    cx: &Cx,
    country: &str,
    input: &RecommendationInput,
) -> Result<(), ServerError> {
    let user = cx.user()?;
    let country = countries::get(&cx.db().pool, country)
        .await?
        .ok_or(ServerError::NotFound)?;
    if !access::decides_for_country(&cx.viewer, &country.code) {
        return Err(ServerError::Forbidden);
    }
    let new = store::NewRecommendation {
        country: &country.code,
        round: text("round", &input.round, 60, true)?,
        code: text("code", &input.code, 30, true)?,
        text: text("text", &input.text, 2_000, true)?,
        by: user.id,
    };
    if !store::add(&cx.db().pool, &new, cx.now).await? {
        return Err(Refusal::RecommendationExists.into());
    }
    Ok(())
}

/// Makes `recommendations` what an objective or action of a plan in draft answers; each
/// must be in the plan's country's register.
pub async fn cite(
    cx: &Cx,
    plan: i64,
    part: Part,
    item: i64,
    recommendations: &[i64],
) -> Result<(), ServerError> {
    if matches!(part, Part::Line) {
        return Err(ServerError::NotFound);
    }
    let country = open_for_edit(cx, plan).await?.row.summary.country.code;
    own(cx, part, item, plan).await?;
    let register = store::of_country(&cx.db().pool, &country).await?;
    let mut ids: Vec<i64> = recommendations.to_vec();
    ids.sort_unstable();
    ids.dedup();
    if ids.iter().any(|id| !register.iter().any(|r| r.id == *id)) {
        return Err(FieldRefusal::new("recommendation", Problem::Choice).into());
    }
    let mut change = cx.change().await?;
    store::set_citations(change.conn(), part, item, &ids).await?;
    version(
        cx,
        &mut change,
        plan,
        "MEM recommendations answered changed",
        false,
    )
    .await?;
    change.commit().await?;
    Ok(())
}
