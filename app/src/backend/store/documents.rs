//! The documents table: the library's guidelines, manuals, standards and best practices.

use sqlx::{Any, Executor, Row};

use super::{country_from_row, COUNTRY_COLUMNS};
use crate::model::document::DocumentSummary;

const SELECT: &str = "SELECT d.slug, d.title, d.summary, d.kind, d.country_code, d.language, \
     d.published_on";

/// The most recently published documents.
pub async fn latest<'e>(
    db: impl Executor<'e, Database = Any>,
    limit: i64,
) -> Result<Vec<DocumentSummary>, sqlx::Error> {
    let sql = format!(
        "{SELECT}, {COUNTRY_COLUMNS} FROM documents d LEFT JOIN countries c ON c.code = d.country_code \
         ORDER BY d.published_on DESC, d.id DESC LIMIT $1"
    );
    let rows = sqlx::query(&sql).bind(limit).fetch_all(db).await?;
    rows.iter().map(from_row).collect()
}

/// Documents whose title or summary contains `text` (case-insensitive).
pub async fn search<'e>(
    db: impl Executor<'e, Database = Any>,
    text: &str,
    limit: i64,
) -> Result<Vec<DocumentSummary>, sqlx::Error> {
    let pattern = format!("%{}%", super::spaces::escape_like(&text.to_lowercase()));
    let sql = format!(
        "{SELECT}, {COUNTRY_COLUMNS} FROM documents d LEFT JOIN countries c ON c.code = d.country_code \
         WHERE LOWER(d.title) LIKE $1 ESCAPE '\\' OR LOWER(d.summary) LIKE $1 ESCAPE '\\' \
         ORDER BY d.published_on DESC LIMIT $2"
    );
    let rows = sqlx::query(&sql)
        .bind(pattern)
        .bind(limit)
        .fetch_all(db)
        .await?;
    rows.iter().map(from_row).collect()
}

fn from_row(row: &sqlx::any::AnyRow) -> Result<DocumentSummary, sqlx::Error> {
    Ok(DocumentSummary {
        slug: row.try_get("slug")?,
        title: row.try_get("title")?,
        summary: row.try_get("summary")?,
        kind: row.try_get("kind")?,
        country: country_from_row(row)?,
        language: row.try_get("language")?,
        published_on: row.try_get("published_on")?,
    })
}
