//! Country publishers: who may publish to the library on behalf of which countries.

use sqlx::{Any, Executor, Row};

pub async fn countries_of<'e>(
    db: impl Executor<'e, Database = Any>,
    user_id: i64,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query(
        "SELECT country_code FROM country_publishers WHERE user_id = $1 ORDER BY country_code",
    )
    .bind(user_id)
    .fetch_all(db)
    .await?
    .iter()
    .map(|r| r.try_get("country_code"))
    .collect()
}

/// Replaces the person's publisher countries with `codes` (already checked to exist).
pub async fn replace(
    tx: &mut sqlx::Transaction<'_, Any>,
    user_id: i64,
    codes: &[String],
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM country_publishers WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    for code in codes {
        sqlx::query(
            "INSERT INTO country_publishers (user_id, country_code, created_at) VALUES ($1, $2, $3)",
        )
        .bind(user_id)
        .bind(code)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}
