//! The demo quality assessment: a Peru campaign over the 24 community mental health
//! centres of Lima, Huánuco and Ucayali on the four-area instrument, every assessment
//! self-assessed, verified and closed, and one improvement plan made from a centre's
//! gaps. It follows the shape of the study in seed 004 — the same regions, centres and
//! areas, and gaps where the study found them (involving users and people with lived
//! experience, access for specific populations, quality indicators, protocols on stigma
//! and major incidents) — but the study published no per-centre ratings, so these are
//! illustrative: generated so the gaps come out where it found them.

use sqlx::Row;

use super::quality::{campaigns, improvement};
use super::store::quality as store;
use super::{AppState, ServerError};
use crate::model::quality::{AssessmentStatus, Rating};

/// The criteria of the four-area instrument where the study found room for improvement.
const GAPS: [&str; 6] = ["P1.2.1", "P1.2.2", "P2.2.1", "P3.1.1", "P4.1.2", "P4.2.1"];

/// Self and verified levels of criterion `j` at centre `i`: mostly met, with the study's
/// gaps mostly not met on site though the centres rated themselves higher.
fn levels(gap: bool, i: usize, j: usize) -> (&'static str, &'static str) {
    let n = (i * 7 + j * 3) % 10;
    if gap {
        let verified = match n {
            0..=5 => "not_met",
            6..=8 => "partial",
            _ => "met",
        };
        let own = if n < 4 { "partial" } else { "met" };
        (own, verified)
    } else {
        let verified = match n {
            0 | 5 => "partial",
            _ => "met",
        };
        (if n == 0 { "partial" } else { "met" }, verified)
    }
}

/// Loads the demo campaign when there is none; returns how many assessments it wrote.
pub async fn load_quality(state: &AppState, now: i64) -> Result<usize, ServerError> {
    let pool = &state.db.pool;
    let existing: i64 = sqlx::query("SELECT COUNT(*) AS n FROM qa_campaigns")
        .fetch_one(pool)
        .await?
        .try_get("n")?;
    if existing > 0 {
        return Ok(0);
    }
    let centres: Vec<(i64, String)> = sqlx::query(
        "SELECT id, name FROM services WHERE country_code = 'PE' AND level = 'level1' \
         AND region IN ('Lima', 'Huánuco', 'Ucayali') \
         AND name LIKE 'Centro de salud mental comunitario%' ORDER BY region, name",
    )
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| Ok((r.try_get("id")?, r.try_get("name")?)))
    .collect::<Result<_, sqlx::Error>>()?;
    let version: i64 = sqlx::query(
        "SELECT v.id FROM qa_versions v JOIN qa_instruments i ON i.id = v.instrument_id \
         WHERE i.code = 'peru-cmhc' AND v.number = 1",
    )
    .fetch_one(pool)
    .await?
    .try_get("id")?;
    let focal = super::demo::as_person(state, "ana.quispe", now).await?;
    let mut pairs: Vec<(String, String)> = [
        ("country", "PE"),
        ("version", &version.to_string()),
        (
            "title",
            "Centros de salud mental comunitaria de Lima, Huánuco y Ucayali",
        ),
        ("starts_on", "2024-01-01"),
        ("ends_on", "2024-12-31"),
        ("lead", "ana.quispe"),
        ("assessors", "ta.lopez"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    pairs.extend(
        centres
            .iter()
            .map(|(id, _)| ("service".into(), id.to_string())),
    );
    let campaign = campaigns::create(&focal, &pairs).await?;
    let rows = store::assessments_of(pool, campaign).await?;
    let mut conn = pool.acquire().await?;
    let instrument = store::instrument(&mut conn, version)
        .await?
        .ok_or(ServerError::NotFound)?;
    drop(conn);
    let director = super::store::users::id_of(pool, "rosa.huaman").await?;
    let staff = super::store::users::id_of(pool, "ta.lopez")
        .await?
        .ok_or(ServerError::NotFound)?;
    let mut change = focal.change().await?;
    let mut ate = None;
    for (i, row) in rows.iter().enumerate() {
        let id = row.summary.id;
        if row.summary.service.ends_with(" Ate") {
            ate = Some(id);
            store::set_respondent(change.conn(), id, director, now).await?;
        }
        for (j, c) in instrument.criteria().enumerate() {
            let (own, verified) = levels(GAPS.contains(&c.code.as_str()), i, j);
            let rating = Rating {
                criterion_id: c.id,
                self_level: Some(own.into()),
                verified_level: Some(verified.into()),
                verified_sources: c.sources.clone(),
                ..Rating::default()
            };
            store::put_self(change.conn(), id, &rating, now).await?;
            store::put_verified(change.conn(), id, &rating, now).await?;
        }
        let steps = [
            AssessmentStatus::SelfAssessment,
            AssessmentStatus::Submitted,
            AssessmentStatus::Verified,
            AssessmentStatus::Closed,
        ];
        for step in steps.windows(2) {
            store::set_status(change.conn(), id, step[0], step[1], staff, now).await?;
        }
    }
    change.commit().await?;
    // The improvement plan of the Ate centre, from its gaps.
    if let Some(ate) = ate {
        let ratings = store::ratings(pool, ate).await?;
        let mut plan: Vec<(String, String)> = [
            ("space", "peru-treatment-quality"),
            (
                "title",
                "Plan de mejora — Centro de salud mental comunitario Ate",
            ),
            ("starts_on", &crate::dates::iso_date(now)),
            (
                "ends_on",
                &super::plans::add_months(&crate::dates::iso_date(now), 12),
            ),
            ("language", "es"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        for r in ratings {
            if matches!(r.verified_level.as_deref(), Some("not_met" | "partial")) {
                plan.push(("criterion".into(), r.criterion_id.to_string()));
            }
        }
        improvement::make_plan(&focal, ate, &plan).await?;
    }
    Ok(rows.len())
}
