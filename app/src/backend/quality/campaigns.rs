//! Campaigns: a country runs one instrument version over a set of services of its
//! directory, between two dates, led by one person with named assessors. Staff and the
//! country's focal points start them; the lead, focal points and staff name each
//! service's respondent. The campaign's page shows its services and results; its CSV
//! gives the same figures to spreadsheets.

use super::{campaign_seen, instrument, kept, scope, scores, value};
use crate::backend::access::{self, QualitySight};
use crate::backend::plans::{date, text};
use crate::backend::spreadsheet;
use crate::backend::store::{quality as store, services as service_store, users};
use crate::backend::{Cx, ServerError};
use crate::model::quality::{CampaignPage, CampaignScores};
use crate::model::refusal::{FieldRefusal, Problem, Refusal};

/// The id of the person with this username, or the field refused.
async fn person(cx: &Cx, field: &str, username: &str) -> Result<i64, ServerError> {
    let name = username.trim().trim_start_matches('@').to_ascii_lowercase();
    if name.is_empty() {
        return Err(FieldRefusal::new(field, Problem::Required).into());
    }
    users::id_of(&cx.db().pool, &name)
        .await?
        .ok_or_else(|| Refusal::UnknownUser.into())
}

/// Starts a campaign from the new-campaign form; returns its id.
pub async fn create(cx: &Cx, pairs: &[(String, String)]) -> Result<i64, ServerError> {
    let user = cx.user()?.id;
    let country = value(pairs, "country").trim().to_ascii_uppercase();
    if !access::decides_for_country(&cx.viewer, &country) {
        return Err(FieldRefusal::new("country", Problem::Choice).into());
    }
    let version: i64 = value(pairs, "version")
        .parse()
        .map_err(|_| FieldRefusal::new("version", Problem::Choice))?;
    // A version with no criteria yet (one staff are still building) assesses nothing.
    let used = instrument(cx, version)
        .await
        .map_err(|_| FieldRefusal::new("version", Problem::Choice))?;
    if used.criteria().next().is_none() {
        return Err(FieldRefusal::new("version", Problem::Choice).into());
    }
    let title = text("title", value(pairs, "title"), 200, true)?;
    let starts_on = date("starts_on", value(pairs, "starts_on"))?;
    let ends_on = date("ends_on", value(pairs, "ends_on"))?;
    if ends_on < starts_on {
        return Err(Refusal::DateOrder.into());
    }
    let lead = person(cx, "lead", value(pairs, "lead")).await?;
    let mut assessors = Vec::new();
    for name in value(pairs, "assessors")
        .split([',', ' ', '\n'])
        .filter(|n| !n.trim().is_empty())
    {
        assessors.push(person(cx, "assessors", name).await?);
    }
    if assessors.is_empty() {
        return Err(FieldRefusal::new("assessors", Problem::Required).into());
    }
    let mut services: Vec<i64> = Vec::new();
    for (k, v) in pairs {
        if k == "service" {
            let id = v
                .parse::<i64>()
                .map_err(|_| FieldRefusal::new("service", Problem::Choice))?;
            if !services.contains(&id) {
                services.push(id);
            }
        }
    }
    if services.is_empty() {
        return Err(FieldRefusal::new("service", Problem::Required).into());
    }
    let mut change = cx.change().await?;
    let found = service_store::countries_of(change.conn(), &services).await?;
    if found.len() != services.len() {
        return Err(FieldRefusal::new("service", Problem::Choice).into());
    }
    if found.iter().any(|(_, c)| *c != country) {
        return Err(Refusal::ServiceCountry.into());
    }
    let id = store::insert_campaign(
        change.conn(),
        &store::NewCampaign {
            country: &country,
            version,
            title,
            starts_on,
            ends_on,
            lead,
            by: user,
        },
        cx.now,
    )
    .await?;
    for a in assessors {
        store::add_assessor(change.conn(), id, a).await?;
    }
    for s in services {
        store::insert_assessment(change.conn(), id, s, None, cx.now).await?;
    }
    change.commit().await?;
    Ok(id)
}

/// Whether the viewer runs the campaign: its lead, the country's focal points, staff.
fn manages(cx: &Cx, row: &store::CampaignRow) -> bool {
    access::decides_for_country(&cx.viewer, &row.country)
        || cx.viewer.user().is_some_and(|u| u.id == row.lead)
}

/// A campaign's scores as the viewer may see them: publishers see no single service.
async fn results(
    cx: &Cx,
    row: &store::CampaignRow,
    sight: QualitySight,
) -> Result<(crate::model::quality::Instrument, CampaignScores), ServerError> {
    let instrument = instrument(cx, row.version).await?;
    let pool = &cx.db().pool;
    let assessments: Vec<_> = store::assessments_of(pool, row.summary.id)
        .await?
        .into_iter()
        .map(|a| a.summary)
        .collect();
    let ratings = store::campaign_ratings(pool, row.summary.id).await?;
    let mut scores = scores::campaign_scores(&instrument, &assessments, &ratings);
    if sight != QualitySight::All {
        scores.services.clear();
    }
    Ok((instrument, scores))
}

pub async fn page(cx: &Cx, id: i64, form: Option<&str>) -> Result<CampaignPage, ServerError> {
    let (row, sight) = campaign_seen(cx, id).await?;
    let (instrument, scores) = results(cx, &row, sight).await?;
    Ok(CampaignPage {
        can_manage: manages(cx, &row),
        can_publish: access::can_publish_for(&cx.viewer, &row.country),
        assessors: row.assessors.iter().map(|(_, n)| n.clone()).collect(),
        kept: kept::kept(cx, &scope("campaign", id), form).await?,
        summary: row.summary,
        instrument,
        scores,
    })
}

/// Names (or, with an empty username, clears) the respondent of one of the campaign's
/// services.
pub async fn set_respondent(
    cx: &Cx,
    campaign: i64,
    assessment: i64,
    username: &str,
) -> Result<(), ServerError> {
    let (row, _) = campaign_seen(cx, campaign).await?;
    if !manages(cx, &row) {
        return Err(ServerError::Forbidden);
    }
    let ours = store::assessment(&cx.db().pool, assessment)
        .await?
        .is_some_and(|a| a.summary.campaign_id == campaign);
    if !ours {
        return Err(ServerError::NotFound);
    }
    let respondent = match username.trim() {
        "" => None,
        name => Some(person(cx, "respondent", name).await?),
    };
    let mut change = cx.change().await?;
    store::set_respondent(change.conn(), assessment, respondent, cx.now).await?;
    change.commit().await?;
    Ok(())
}

fn figure(v: Option<f64>) -> String {
    v.map_or_else(String::new, |v| format!("{v:.1}"))
}

/// The campaign's results as CSV: one row per service with its area scores (self and
/// verified) for those who see every assessment; one row per region for the others.
pub async fn csv(cx: &Cx, id: i64) -> Result<(String, String), ServerError> {
    let (row, sight) = campaign_seen(cx, id).await?;
    let (instrument, scores) = results(cx, &row, sight).await?;
    let areas = instrument.area_codes();
    let (header, rows): (Vec<String>, Vec<Vec<String>>) = if sight == QualitySight::All {
        let mut head: Vec<String> = ["service_id", "service", "region", "status"]
            .map(String::from)
            .to_vec();
        for a in &areas {
            head.push(format!("{a}_self"));
            head.push(format!("{a}_verified"));
        }
        head.push("disagreements".into());
        let rows = scores
            .services
            .iter()
            .map(|s| {
                let mut cells = vec![
                    s.assessment.service_id.to_string(),
                    s.assessment.service.clone(),
                    s.assessment.region.clone(),
                    s.assessment.status.as_str().to_string(),
                ];
                for a in &s.areas {
                    cells.push(figure(a.self_score));
                    cells.push(figure(a.verified));
                }
                cells.push(s.disagreements.to_string());
                cells
            })
            .collect();
        (head, rows)
    } else {
        let mut head = vec!["region".to_string()];
        head.extend(areas.iter().map(|a| format!("{a}_median")));
        let rows = scores
            .regions
            .iter()
            .map(|(region, medians)| {
                let mut cells = vec![region.clone()];
                cells.extend(medians.iter().map(|m| figure(*m)));
                cells
            })
            .collect();
        (head, rows)
    };
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    Ok((
        format!("campaign-{id}.csv"),
        spreadsheet::write(&header, rows)?,
    ))
}

/// Text for a markdown table cell: pipes escaped, one line.
pub fn cell_md(s: &str) -> String {
    s.replace('|', "\\|").replace(['\n', '\r'], " ")
}
