//! Quality-standards assessment of services and the improvement plans it feeds (DOMAIN.md,
//! "Quality assessment of services"; seed 004, the Peru study).
//!
//! Who sees what is one rule, `access::quality_sight` (with `access::sees_assessment` for
//! a single service's assessment, which its respondent also reads): a campaign and its
//! assessments are seen by the campaign's lead and assessors, the country's focal points
//! and staff; the country's publishers see the aggregated results, which they may
//! publish; everyone else gets "not found".
//!
//! - `templates`: the two instruments that ship (Peru's four areas, Treatnet's nine);
//! - `instruments`: staff build versions (copy, items, scale); a used version is frozen;
//! - `campaigns`: a country runs a version over services of its directory;
//! - `assessments`: self-assessment, on-site verification, closing;
//! - `scores`: area scores per service and across a campaign, and the campaign's CSV;
//! - `improvement`: an improvement plan made from a closed assessment's gaps.

pub mod assessments;
pub mod campaigns;
pub mod improvement;
pub mod instruments;
pub mod publish;
pub mod scores;
pub mod templates;

use crate::backend::access::{self, CampaignParties, QualitySight};
use crate::backend::kept;
use crate::backend::store::{countries, quality as store, services as service_store};
use crate::backend::{Cx, ServerError};
use crate::model::country::{CountryName, Participation};
use crate::model::quality::{AssessmentSummary, Instrument, QualityHome};

pub(crate) use crate::backend::form_fields::value;

/// Where the quality area keeps a refused form (see `kept`).
pub fn scope(what: &str, id: i64) -> String {
    format!("quality:{what}:{id}")
}

/// A campaign the viewer may see, and how much of it.
pub(crate) async fn campaign_seen(
    cx: &Cx,
    id: i64,
) -> Result<(store::CampaignRow, QualitySight), ServerError> {
    let mut conn = cx.db().pool.acquire().await?;
    let row = store::campaign(&mut conn, id)
        .await?
        .ok_or(ServerError::NotFound)?;
    let sight = access::quality_sight(&cx.viewer, &parties_of(&row).as_parties(&row));
    if sight == QualitySight::None {
        return Err(ServerError::NotFound);
    }
    Ok((row, sight))
}

/// The assessors' ids of a campaign, held while its parties are asked about.
pub(crate) struct Assessors(Vec<i64>);

impl Assessors {
    pub(crate) fn as_parties<'a>(&'a self, row: &'a store::CampaignRow) -> CampaignParties<'a> {
        CampaignParties {
            country: &row.country,
            lead: row.lead,
            assessors: &self.0,
        }
    }
}

pub(crate) fn parties_of(row: &store::CampaignRow) -> Assessors {
    Assessors(row.assessors.iter().map(|(id, _)| *id).collect())
}

/// An assessment and its campaign, whoever asks (callers decide who may see them).
pub(crate) async fn assessment_in_campaign(
    cx: &Cx,
    id: i64,
) -> Result<(store::AssessmentRow, store::CampaignRow), ServerError> {
    let row = store::assessment(&cx.db().pool, id)
        .await?
        .ok_or(ServerError::NotFound)?;
    let mut conn = cx.db().pool.acquire().await?;
    let campaign = store::campaign(&mut conn, row.summary.campaign_id)
        .await?
        .ok_or(ServerError::NotFound)?;
    Ok((row, campaign))
}

/// A version whole, or "not found".
pub(crate) async fn instrument(cx: &Cx, version: i64) -> Result<Instrument, ServerError> {
    let mut conn = cx.db().pool.acquire().await?;
    store::instrument(&mut conn, version)
        .await?
        .ok_or(ServerError::NotFound)
}

/// Active countries where the viewer may start a campaign (staff and the focal points).
async fn startable(cx: &Cx) -> Result<Vec<CountryName>, ServerError> {
    Ok(countries::list(&cx.db().pool)
        .await?
        .into_iter()
        .filter(|c| c.participation == Participation::Active)
        .filter(|c| access::decides_for_country(&cx.viewer, &c.code))
        .map(CountryName::from)
        .collect())
}

/// The quality page: instruments, the campaigns the viewer sees, what waits for them, and
/// the new-campaign form where they may start one.
pub async fn home(cx: &Cx, form: Option<&str>) -> Result<QualityHome, ServerError> {
    let user = cx.user()?;
    let pool = &cx.db().pool;
    let mut conn = pool.acquire().await?;
    let campaigns = store::campaigns(&mut conn)
        .await?
        .into_iter()
        .filter(|row| {
            access::quality_sight(&cx.viewer, &parties_of(row).as_parties(row))
                != QualitySight::None
        })
        .map(|row| row.summary)
        .collect();
    let can_start_in = startable(cx).await?;
    let mut services = Vec::new();
    for c in &can_start_in {
        services.push((
            c.code.clone(),
            service_store::names_of(&mut *conn, &c.code).await?,
        ));
    }
    let tasks: Vec<AssessmentSummary> = store::tasks_of(&mut *conn, user.id)
        .await?
        .into_iter()
        .map(|a| a.summary)
        .collect();
    Ok(QualityHome {
        instruments: store::instruments(&mut *conn).await?,
        campaigns,
        tasks,
        staff: access::is_staff(&cx.viewer),
        can_start_in,
        services,
        kept: kept::kept(cx, &scope("home", 0), form).await?,
    })
}

/// The service's latest assessment, if the viewer may read it (the service's page links
/// it).
pub async fn latest_for_service(
    cx: &Cx,
    service: i64,
) -> Result<Option<AssessmentSummary>, ServerError> {
    if cx.viewer.user().is_none() {
        return Ok(None);
    }
    let Some(row) = store::latest_of_service(&cx.db().pool, service).await? else {
        return Ok(None);
    };
    let mut conn = cx.db().pool.acquire().await?;
    let Some(campaign) = store::campaign(&mut conn, row.summary.campaign_id).await? else {
        return Ok(None);
    };
    let parties = parties_of(&campaign);
    Ok(
        access::sees_assessment(&cx.viewer, &parties.as_parties(&campaign), row.respondent)
            .then_some(row.summary),
    )
}
