//! Demo indicator data, written through the same functions as the web: three years
//! (2023–2025) of treatment coverage, 90-day retention and budget execution for five
//! countries, imported as a CSV by programme staff (the first two years validated, the
//! last provisional), Colombia's and Peru's baselines and targets, and an availability
//! matrix for every participating country.
//!
//! The programme's documents give no national figures, so every figure here is
//! illustrative: each value's source and each availability record say so, and none may be
//! read as a country's statistics.

use super::indicators::{self, GoalInput};
use super::store::{countries, indicators as store};
use super::{AppState, ServerError};
use crate::model::country::Participation;

/// What every demo value's source says.
pub const SOURCE: &str = "Illustrative demo figures (not official statistics)";

/// (country, coverage 2023, retention 2023, budget execution 2023): later years step from
/// these, so each series has a direction to read against its target.
const COUNTRIES: [(&str, f64, f64, f64); 5] = [
    ("CO", 8.0, 42.0, 81.0),
    ("PE", 6.5, 38.0, 74.0),
    ("BR", 11.0, 47.0, 88.0),
    ("TT", 5.0, 35.0, 69.0),
    ("JM", 4.5, 33.0, 72.0),
];

/// The demo values as the import reads them (people per 100,000 keep numerators whole).
fn values_csv() -> String {
    let mut rows = vec![
        "country,indicator,period,disaggregation,value,numerator,denominator,unit,source,status"
            .to_string(),
    ];
    for (i, (country, coverage, retention, budget)) in COUNTRIES.iter().enumerate() {
        for (k, year) in [2023, 2024, 2025].into_iter().enumerate() {
            let status = if year < 2025 {
                "validated"
            } else {
                "provisional"
            };
            let step = k as f64;
            // Coverage as people treated of 100,000 with a disorder.
            let treated = ((coverage + step * (0.6 + i as f64 * 0.1)) * 1_000.0).round();
            rows.push(format!(
                "{country},COV,{year},,,{treated},100000,percent,{SOURCE},{status}"
            ));
            let admissions = 2_000.0 + i as f64 * 500.0;
            let kept =
                ((retention + step * 2.5 - (i % 2) as f64 * step) / 100.0 * admissions).round();
            rows.push(format!(
                "{country},RET-90,{year},,,{kept},{admissions},percent,{SOURCE},{status}"
            ));
            let executed = (budget + step * 4.0 - (i % 3) as f64 * step).min(99.0);
            rows.push(format!(
                "{country},BUDGET-EXEC,{year},,,{executed},100,percent,{SOURCE},{status}"
            ));
        }
    }
    rows.join("\n")
}

/// Loads the demo indicator data when no value exists yet; returns how many values.
pub async fn load_indicators(state: &AppState, now: i64) -> Result<usize, ServerError> {
    let existing: i64 = sqlx::Row::try_get(
        &sqlx::query("SELECT COUNT(*) AS n FROM indicator_values")
            .fetch_one(&state.db.pool)
            .await?,
        "n",
    )?;
    if existing > 0 {
        return Ok(0);
    }
    let staff = super::demo::as_person(state, "ta.lopez", now).await?;
    let report = indicators::import_csv(&staff, "demo-values.csv", values_csv().as_bytes()).await?;
    if let Some(p) = report.problems.first() {
        return Err(ServerError::Internal(format!(
            "demo values refused at line {}: {} {}",
            p.line, p.column, p.problem
        )));
    }
    for (who, country, code, goal) in [
        ("carlos.mejia", "CO", "RET-90", ("42", "2023", "55", "2027")),
        ("carlos.mejia", "CO", "COV", ("8", "2023", "12", "2027")),
        ("ana.quispe", "PE", "RET-90", ("38", "2023", "50", "2027")),
    ] {
        let person = super::demo::as_person(state, who, now).await?;
        let input = GoalInput {
            baseline: goal.0.into(),
            baseline_period: goal.1.into(),
            target: goal.2.into(),
            target_period: goal.3.into(),
        };
        indicators::set_goal(&person, code, country, &input).await?;
    }
    // Availability: a pattern over every participating country, so the matrix reads like
    // the region's (the reporting five have their three indicators available).
    let definitions = store::definitions(&state.db.pool).await?;
    let all = countries::list(&state.db.pool).await?;
    let participating = all
        .iter()
        .filter(|c| c.participation == Participation::Active);
    for (i, c) in participating.enumerate() {
        let reporting = COUNTRIES.iter().any(|(code, ..)| *code == c.code);
        for (j, d) in definitions.iter().enumerate() {
            let shown = ["COV", "RET-90", "BUDGET-EXEC"].contains(&d.code.as_str());
            let status = match (reporting && shown, (i * 7 + j * 3) % 5) {
                (true, _) | (false, 0 | 1) => "available",
                (false, 2) => "partial",
                _ => "not_collected",
            };
            let system = if status == "not_collected" {
                ""
            } else {
                "Illustrative demo entry"
            };
            indicators::set_availability(&staff, &d.code, &c.code, status, system).await?;
        }
    }
    Ok(report.added)
}
