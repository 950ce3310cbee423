//! The register of the Multilateral Evaluation Mechanism's recommendations per country and
//! round, and which of them a plan's objectives and actions cite.

use sqlx::{Any, Executor, Row};

use super::plans::Part;
use crate::model::plan::Recommendation;

/// A country's recommendations, newest round first, by code.
pub async fn of_country<'e>(
    db: impl Executor<'e, Database = Any>,
    country: &str,
) -> Result<Vec<Recommendation>, sqlx::Error> {
    sqlx::query(
        "SELECT id, round, code, text FROM mem_recommendations WHERE country_code = $1 \
         ORDER BY round DESC, code, id",
    )
    .bind(country)
    .fetch_all(db)
    .await?
    .iter()
    .map(|r| {
        Ok(Recommendation {
            id: r.try_get("id")?,
            round: r.try_get("round")?,
            code: r.try_get("code")?,
            text: r.try_get("text")?,
        })
    })
    .collect()
}

/// A recommendation as typed, checked.
pub struct NewRecommendation<'a> {
    pub country: &'a str,
    pub round: &'a str,
    pub code: &'a str,
    pub text: &'a str,
    pub by: i64,
}

/// Adds a recommendation; false when the country's round already has one with that code.
pub async fn add<'e>(
    db: impl Executor<'e, Database = Any>,
    r: &NewRecommendation<'_>,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO mem_recommendations (country_code, round, code, text, created_by, \
         created_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
    )
    .bind(r.country)
    .bind(r.round)
    .bind(r.code)
    .bind(r.text)
    .bind(r.by)
    .bind(now)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The citation table of a part of a plan and its item column (lines cite nothing).
fn citations_of(part: Part) -> Option<(&'static str, &'static str)> {
    match part {
        Part::Objective => Some(("plan_objective_citations", "objective_id")),
        Part::Action => Some(("plan_action_citations", "action_id")),
        Part::Line => None,
    }
}

/// Every citation in a plan: (`"objective"` or `"action"`, item id, recommendation id).
pub async fn citations<'e>(
    db: impl Executor<'e, Database = Any>,
    plan: i64,
) -> Result<Vec<(String, i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT 'objective' AS part, c.objective_id AS item, c.recommendation_id \
         FROM plan_objective_citations c JOIN plan_objectives o ON o.id = c.objective_id \
         WHERE o.plan_id = $1 UNION ALL \
         SELECT 'action' AS part, c.action_id AS item, c.recommendation_id \
         FROM plan_action_citations c JOIN plan_actions a ON a.id = c.action_id \
         WHERE a.plan_id = $1 ORDER BY 1, 2, 3",
    )
    .bind(plan)
    .fetch_all(db)
    .await
}

/// Makes `recommendations` exactly what the item cites (checked by the caller).
pub async fn set_citations(
    conn: &mut sqlx::AnyConnection,
    part: Part,
    item: i64,
    recommendations: &[i64],
) -> Result<(), sqlx::Error> {
    let Some((table, column)) = citations_of(part) else {
        return Ok(());
    };
    // Table and column names are constants chosen above, never input.
    sqlx::query(&format!("DELETE FROM {table} WHERE {column} = $1"))
        .bind(item)
        .execute(&mut *conn)
        .await?;
    let insert = format!("INSERT INTO {table} ({column}, recommendation_id) VALUES ($1, $2)");
    for r in recommendations {
        sqlx::query(&insert)
            .bind(item)
            .bind(r)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}
