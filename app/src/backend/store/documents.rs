//! The documents table: the library's guidelines, manuals, standards and best practices.

use std::collections::HashMap;

use sqlx::{Any, AnyConnection, Executor, Row};

use super::{country_from_row, COUNTRY_COLUMNS};
use crate::model::document::{DocumentSummary, FacetValue, LibraryFilters};

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

/// The listing's condition on documents aliased `d`, binding the filters as `$1`–`$4`
/// (an empty value matches everything).
const FILTERED: &str =
    "($1 = '' OR d.kind = $1) AND ($2 = '' OR COALESCE(d.country_code, 'regional') = $2) \
     AND ($3 = '' OR d.language = $3) AND ($4 = '' OR EXISTS (SELECT 1 FROM document_topics f \
     WHERE f.document_id = d.id AND f.topic = $4))";

fn bind_filters<'q>(
    query: sqlx::query::Query<'q, Any, sqlx::any::AnyArguments<'q>>,
    f: &'q LibraryFilters,
) -> sqlx::query::Query<'q, Any, sqlx::any::AnyArguments<'q>> {
    query
        .bind(f.kind.as_str())
        .bind(f.country.as_str())
        .bind(f.language.as_str())
        .bind(f.topic.as_str())
}

/// Documents matching the filters, sorted as asked.
pub async fn browse<'e>(
    db: impl Executor<'e, Database = Any>,
    f: &LibraryFilters,
    limit: i64,
) -> Result<Vec<DocumentSummary>, sqlx::Error> {
    let order = match f.sort.as_str() {
        "oldest" => "d.published_on ASC, d.id ASC",
        "title" => "d.title ASC, d.id ASC",
        _ => "d.published_on DESC, d.id DESC",
    };
    let sql = format!(
        "{SELECT}, {COUNTRY_COLUMNS} FROM documents d LEFT JOIN countries c ON c.code = d.country_code \
         WHERE {FILTERED} ORDER BY {order} LIMIT $5"
    );
    let rows = bind_filters(sqlx::query(&sql), f)
        .bind(limit)
        .fetch_all(db)
        .await?;
    rows.iter().map(from_row).collect()
}

/// How many documents matching the filters have each value of `facet` (`kind`,
/// `country`, `language` or `topic`), most first.
pub async fn facet<'e>(
    db: impl Executor<'e, Database = Any>,
    f: &LibraryFilters,
    facet: &str,
) -> Result<Vec<FacetValue>, sqlx::Error> {
    let (value, join) = match facet {
        "kind" => ("d.kind", ""),
        "language" => ("d.language", ""),
        "topic" => ("t.topic", "JOIN document_topics t ON t.document_id = d.id"),
        _ => ("COALESCE(d.country_code, 'regional')", ""),
    };
    let sql = format!(
        "SELECT {value} AS value, COUNT(*) AS n, MAX(c.name_en) AS country_en, \
         MAX(c.name_es) AS country_es, MAX(c.name_pt) AS country_pt, MAX(c.name_fr) AS country_fr \
         FROM documents d {join} LEFT JOIN countries c ON c.code = d.country_code \
         WHERE {FILTERED} GROUP BY {value} ORDER BY n DESC, value ASC"
    );
    let rows = bind_filters(sqlx::query(&sql), f).fetch_all(db).await?;
    rows.iter()
        .map(|r| {
            let value: String = r.try_get("value")?;
            let country = if facet == "country" && value != "regional" {
                let en: Option<String> = r.try_get("country_en")?;
                en.map(|en| -> Result<_, sqlx::Error> {
                    Ok(crate::model::country::CountryName {
                        code: value.clone(),
                        en,
                        es: r
                            .try_get::<Option<String>, _>("country_es")?
                            .unwrap_or_default(),
                        pt: r
                            .try_get::<Option<String>, _>("country_pt")?
                            .unwrap_or_default(),
                        fr: r
                            .try_get::<Option<String>, _>("country_fr")?
                            .unwrap_or_default(),
                    })
                })
                .transpose()?
            } else {
                None
            };
            Ok(FacetValue {
                value,
                count: r.try_get("n")?,
                country,
            })
        })
        .collect()
}

/// One document for its page: (id, summary, source, body HTML, body markdown, translation key).
pub async fn by_slug<'e>(
    db: impl Executor<'e, Database = Any>,
    slug: &str,
) -> Result<Option<(i64, DocumentSummary, String, String, String, Option<String>)>, sqlx::Error> {
    let sql = format!(
        "{SELECT}, d.id, d.source, d.body_html, d.body_md, d.translation_key, {COUNTRY_COLUMNS} \
         FROM documents d LEFT JOIN countries c ON c.code = d.country_code WHERE d.slug = $1"
    );
    let Some(r) = sqlx::query(&sql).bind(slug).fetch_optional(db).await? else {
        return Ok(None);
    };
    Ok(Some((
        r.try_get("id")?,
        from_row(&r)?,
        r.try_get("source")?,
        r.try_get("body_html")?,
        r.try_get("body_md")?,
        r.try_get("translation_key")?,
    )))
}

pub async fn slug_of<'e>(
    db: impl Executor<'e, Database = Any>,
    id: i64,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query("SELECT slug FROM documents WHERE id = $1")
        .bind(id)
        .fetch_optional(db)
        .await?
        .map(|r| r.try_get("slug"))
        .transpose()
}

/// The other language versions of a document.
pub async fn translations<'e>(
    db: impl Executor<'e, Database = Any>,
    key: &str,
    except: i64,
) -> Result<Vec<DocumentSummary>, sqlx::Error> {
    let sql = format!(
        "{SELECT}, {COUNTRY_COLUMNS} FROM documents d LEFT JOIN countries c ON c.code = d.country_code \
         WHERE d.translation_key = $1 AND d.id <> $2 ORDER BY d.language"
    );
    let rows = sqlx::query(&sql)
        .bind(key)
        .bind(except)
        .fetch_all(db)
        .await?;
    rows.iter().map(from_row).collect()
}

pub async fn topics<'e>(
    db: impl Executor<'e, Database = Any>,
    id: i64,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query("SELECT topic FROM document_topics WHERE document_id = $1 ORDER BY topic")
        .bind(id)
        .fetch_all(db)
        .await?
        .iter()
        .map(|r| r.try_get("topic"))
        .collect()
}

/// Documents in `language` sharing most topics with document `id` (other versions of it
/// excluded), most shared first.
pub async fn related<'e>(
    db: impl Executor<'e, Database = Any>,
    id: i64,
    language: &str,
    translation_key: &str,
    limit: i64,
) -> Result<Vec<DocumentSummary>, sqlx::Error> {
    let sql = format!(
        "{SELECT}, {COUNTRY_COLUMNS} FROM documents d LEFT JOIN countries c ON c.code = d.country_code \
         JOIN (SELECT t.document_id, COUNT(*) AS shared FROM document_topics t \
               JOIN document_topics mine ON mine.topic = t.topic AND mine.document_id = $1 \
               WHERE t.document_id <> $1 GROUP BY t.document_id) r ON r.document_id = d.id \
         WHERE d.language = $2 AND COALESCE(d.translation_key, '') <> $3 \
         ORDER BY r.shared DESC, d.published_on DESC LIMIT $4"
    );
    let rows = sqlx::query(&sql)
        .bind(id)
        .bind(language)
        .bind(translation_key)
        .bind(limit)
        .fetch_all(db)
        .await?;
    rows.iter().map(from_row).collect()
}

/// A document to write (imported from a file or approved through the web).
#[derive(Clone, Debug)]
pub struct NewDocument<'a> {
    /// `es/niveles-de-atencion`: language, then a name.
    pub slug: &'a str,
    pub title: &'a str,
    pub summary: &'a str,
    /// As stored: `best_practice`.
    pub kind: &'a str,
    pub country: Option<&'a str>,
    pub language: &'a str,
    pub published_on: &'a str,
    pub source: &'a str,
    pub translation_key: Option<&'a str>,
    pub body_md: &'a str,
    pub body_html: &'a str,
    pub topics: &'a [String],
}

/// Inserts a document and its topics; `content_path` marks one imported from a file.
pub async fn insert(
    tx: &mut AnyConnection,
    new: &NewDocument<'_>,
    content_path: Option<&str>,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let row = sqlx::query(
        "INSERT INTO documents (slug, title, summary, kind, country_code, language, \
         published_on, source, translation_key, body_md, body_html, content_path, \
         created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13) RETURNING id",
    )
    .bind(new.slug)
    .bind(new.title)
    .bind(new.summary)
    .bind(new.kind)
    .bind(new.country)
    .bind(new.language)
    .bind(new.published_on)
    .bind(new.source)
    .bind(new.translation_key)
    .bind(new.body_md)
    .bind(new.body_html)
    .bind(content_path)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    let id: i64 = row.try_get("id")?;
    set_topics(tx, id, new.topics).await?;
    Ok(id)
}

/// Rewrites a document's text, metadata and topics (its address stays).
pub async fn update(
    tx: &mut AnyConnection,
    id: i64,
    new: &NewDocument<'_>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE documents SET title = $1, summary = $2, kind = $3, country_code = $4, \
         language = $5, published_on = $6, source = $7, translation_key = $8, body_md = $9, \
         body_html = $10, updated_at = $11 WHERE id = $12",
    )
    .bind(new.title)
    .bind(new.summary)
    .bind(new.kind)
    .bind(new.country)
    .bind(new.language)
    .bind(new.published_on)
    .bind(new.source)
    .bind(new.translation_key)
    .bind(new.body_md)
    .bind(new.body_html)
    .bind(now)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    set_topics(tx, id, new.topics).await
}

async fn set_topics(tx: &mut AnyConnection, id: i64, topics: &[String]) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM document_topics WHERE document_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    for topic in topics {
        sqlx::query("INSERT INTO document_topics (document_id, topic) VALUES ($1, $2)")
            .bind(id)
            .bind(topic)
            .execute(&mut *tx)
            .await?;
    }
    Ok(())
}

pub async fn set_content_hash<'e>(
    db: impl Executor<'e, Database = Any>,
    id: i64,
    hash: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE documents SET content_hash = $1 WHERE id = $2")
        .bind(hash)
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}

pub async fn delete<'e>(db: impl Executor<'e, Database = Any>, id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM documents WHERE id = $1")
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}

/// Documents imported from files: slug → (id, content hash).
pub async fn imported<'e>(
    db: impl Executor<'e, Database = Any>,
) -> Result<HashMap<String, (i64, String)>, sqlx::Error> {
    let rows =
        sqlx::query("SELECT id, slug, content_hash FROM documents WHERE content_path IS NOT NULL")
            .fetch_all(db)
            .await?;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get("slug")?,
                (r.try_get("id")?, r.try_get("content_hash")?),
            ))
        })
        .collect()
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
