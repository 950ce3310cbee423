//! The countries table: the states of the Americas and their participation status.

use sqlx::{Any, Executor, Row};

use crate::model::country::{Country, Participation};

pub async fn list<'e>(db: impl Executor<'e, Database = Any>) -> Result<Vec<Country>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT code, name_en, name_es, name_pt, name_fr, working_language, participation, \
         status_since, status_note FROM countries ORDER BY name_en",
    )
    .fetch_all(db)
    .await?;
    rows.iter().map(from_row).collect()
}

pub async fn get<'e>(
    db: impl Executor<'e, Database = Any>,
    code: &str,
) -> Result<Option<Country>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT code, name_en, name_es, name_pt, name_fr, working_language, participation, \
         status_since, status_note FROM countries WHERE code = $1",
    )
    .bind(code.to_ascii_uppercase())
    .fetch_optional(db)
    .await?;
    row.as_ref().map(from_row).transpose()
}

fn from_row(row: &sqlx::any::AnyRow) -> Result<Country, sqlx::Error> {
    let participation: String = row.try_get("participation")?;
    Ok(Country {
        code: row.try_get("code")?,
        name_en: row.try_get("name_en")?,
        name_es: row.try_get("name_es")?,
        name_pt: row.try_get("name_pt")?,
        name_fr: row.try_get("name_fr")?,
        working_language: row.try_get("working_language")?,
        participation: Participation::parse(&participation).ok_or_else(|| {
            sqlx::Error::Decode(format!("unknown participation {participation:?}").into())
        })?,
        status_since: row.try_get("status_since")?,
        status_note: row.try_get("status_note")?,
    })
}
