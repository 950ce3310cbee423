//! The submissions tables: proposals for the library, their revisions, the review
//! conversation, and the history of the documents they published.

use sqlx::{any::AnyRow, Any, AnyConnection, Executor, Row};

use super::{country_from_row, COUNTRY_COLUMNS};
use crate::model::submission::{
    ReviewEntry, SubmissionFields, SubmissionRevision, SubmissionSummary,
};

/// A submission row with what access checks need.
#[derive(Clone, Debug)]
pub struct SubmissionRow {
    pub summary: SubmissionSummary,
    pub author_id: i64,
    pub topics: String,
    pub current_revision: i64,
    pub document_id: Option<i64>,
    pub from_draft_id: Option<i64>,
}

const SELECT: &str = "SELECT s.id, r.title, s.country_code, s.language, s.kind, s.status, \
     s.topics, s.author_id, s.current_revision, s.document_id, s.from_draft_id, s.updated_at, \
     u.display_name AS author_name";
const FROM: &str = "FROM submissions s \
     JOIN submission_revisions r ON r.submission_id = s.id AND r.number = s.current_revision \
     JOIN users u ON u.id = s.author_id JOIN countries c ON c.code = s.country_code";

fn from_row(r: &AnyRow) -> Result<SubmissionRow, sqlx::Error> {
    Ok(SubmissionRow {
        summary: SubmissionSummary {
            id: r.try_get("id")?,
            title: r.try_get("title")?,
            country: country_from_row(r)?
                .ok_or_else(|| sqlx::Error::ColumnNotFound("country".into()))?,
            language: r.try_get("language")?,
            kind: r.try_get("kind")?,
            status: r.try_get("status")?,
            author_name: r.try_get("author_name")?,
            updated_at: r.try_get("updated_at")?,
        },
        author_id: r.try_get("author_id")?,
        topics: r.try_get("topics")?,
        current_revision: r.try_get("current_revision")?,
        document_id: r.try_get("document_id")?,
        from_draft_id: r.try_get("from_draft_id")?,
    })
}

pub async fn by_id<'e>(
    db: impl Executor<'e, Database = Any>,
    id: i64,
) -> Result<Option<SubmissionRow>, sqlx::Error> {
    let sql = format!("{SELECT}, {COUNTRY_COLUMNS} {FROM} WHERE s.id = $1");
    sqlx::query(&sql)
        .bind(id)
        .fetch_optional(db)
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
}

/// Submissions, newest change first: all of them (`countries` = `None`) or those of these
/// countries; optionally only one status.
pub async fn list<'e>(
    db: impl Executor<'e, Database = Any>,
    countries: Option<&[String]>,
    status: &str,
) -> Result<Vec<SubmissionSummary>, sqlx::Error> {
    let scope = match countries {
        None => "1 = 1".to_string(),
        Some([]) => "1 = 0".to_string(),
        // Country codes come from the viewer's publisher rights: two ASCII letters each.
        Some(list) => format!(
            "s.country_code IN ({})",
            list.iter()
                .filter(|c| c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase()))
                .map(|c| format!("'{c}'"))
                .collect::<Vec<_>>()
                .join(",")
        ),
    };
    let scope = if scope.ends_with("()") {
        "1 = 0".to_string()
    } else {
        scope
    };
    let sql = format!(
        "{SELECT}, {COUNTRY_COLUMNS} {FROM} WHERE {scope} AND ($1 = '' OR s.status = $1) \
         ORDER BY s.updated_at DESC, s.id DESC LIMIT 200"
    );
    let rows = sqlx::query(&sql).bind(status).fetch_all(db).await?;
    rows.iter().map(|r| Ok(from_row(r)?.summary)).collect()
}

pub async fn insert(
    tx: &mut AnyConnection,
    f: &SubmissionFields,
    author_id: i64,
    from_draft: Option<i64>,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let row = sqlx::query(
        "INSERT INTO submissions (country_code, language, kind, topics, author_id, \
         from_draft_id, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) \
         RETURNING id",
    )
    .bind(&f.country)
    .bind(&f.language)
    .bind(&f.kind)
    .bind(&f.topics)
    .bind(author_id)
    .bind(from_draft)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    let id: i64 = row.try_get("id")?;
    add_revision(tx, id, 1, f, author_id, now).await?;
    Ok(id)
}

pub async fn add_revision(
    tx: &mut AnyConnection,
    id: i64,
    number: i64,
    f: &SubmissionFields,
    author_id: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO submission_revisions (submission_id, number, author_id, created_at, \
         title, summary, context, intervention, population, evidence, results, costs, contact) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
    )
    .bind(id)
    .bind(number)
    .bind(author_id)
    .bind(now)
    .bind(&f.title)
    .bind(&f.summary)
    .bind(&f.context)
    .bind(&f.intervention)
    .bind(&f.population)
    .bind(&f.evidence)
    .bind(&f.results)
    .bind(&f.costs)
    .bind(&f.contact)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Moves to a new current revision (kind, language and topics may change with it), back
/// to `submitted`. Guarded on the revision the writer started from: false when someone
/// else revised it first.
pub async fn advance(
    tx: &mut AnyConnection,
    id: i64,
    from_revision: i64,
    f: &SubmissionFields,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE submissions SET current_revision = current_revision + 1, status = 'submitted', \
         kind = $1, language = $2, topics = $3, updated_at = $4 \
         WHERE id = $5 AND current_revision = $6",
    )
    .bind(&f.kind)
    .bind(&f.language)
    .bind(&f.topics)
    .bind(now)
    .bind(id)
    .bind(from_revision)
    .execute(&mut *tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn set_status<'e>(
    db: impl Executor<'e, Database = Any>,
    id: i64,
    status: &str,
    document_id: Option<i64>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE submissions SET status = $1, document_id = COALESCE($2, document_id), \
         updated_at = $3 WHERE id = $4",
    )
    .bind(status)
    .bind(document_id)
    .bind(now)
    .bind(id)
    .execute(db)
    .await?;
    Ok(())
}

pub async fn revision<'e>(
    db: impl Executor<'e, Database = Any>,
    id: i64,
    number: i64,
) -> Result<Option<SubmissionFields>, sqlx::Error> {
    sqlx::query_as(
        "SELECT s.country_code AS country, s.language, s.kind, s.topics, r.title, r.summary, \
         r.context, r.intervention, r.population, r.evidence, r.results, r.costs, r.contact \
         FROM submission_revisions r JOIN submissions s ON s.id = r.submission_id \
         WHERE r.submission_id = $1 AND r.number = $2",
    )
    .bind(id)
    .bind(number)
    .fetch_optional(db)
    .await
}

pub async fn revisions<'e>(
    db: impl Executor<'e, Database = Any>,
    id: i64,
) -> Result<Vec<SubmissionRevision>, sqlx::Error> {
    sqlx::query_as(
        "SELECT r.number, r.created_at, u.display_name AS author_name \
         FROM submission_revisions r JOIN users u ON u.id = r.author_id \
         WHERE r.submission_id = $1 ORDER BY r.number DESC",
    )
    .bind(id)
    .fetch_all(db)
    .await
}

#[allow(clippy::too_many_arguments)]
pub async fn add_review<'e>(
    db: impl Executor<'e, Database = Any>,
    id: i64,
    author_id: i64,
    action: &str,
    revision: i64,
    body_md: &str,
    body_html: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO submission_reviews (submission_id, author_id, action, revision, body_md, \
         body_html, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(id)
    .bind(author_id)
    .bind(action)
    .bind(revision)
    .bind(body_md)
    .bind(body_html)
    .bind(now)
    .execute(db)
    .await?;
    Ok(())
}

pub async fn reviews<'e>(
    db: impl Executor<'e, Database = Any>,
    id: i64,
) -> Result<Vec<ReviewEntry>, sqlx::Error> {
    sqlx::query_as(
        "SELECT v.action, v.revision, v.body_html, v.created_at, u.display_name AS author_name \
         FROM submission_reviews v JOIN users u ON u.id = v.author_id \
         WHERE v.submission_id = $1 ORDER BY v.id",
    )
    .bind(id)
    .fetch_all(db)
    .await
}

/// Records an approved version of a document; returns its number.
pub async fn add_document_revision(
    tx: &mut AnyConnection,
    document_id: i64,
    submission_id: i64,
    submission_revision: i64,
    approved_by: i64,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let row = sqlx::query(
        "SELECT COALESCE(MAX(number), 0) + 1 AS n FROM document_revisions WHERE document_id = $1",
    )
    .bind(document_id)
    .fetch_one(&mut *tx)
    .await?;
    let number: i64 = row.try_get("n")?;
    sqlx::query(
        "INSERT INTO document_revisions (document_id, number, submission_id, \
         submission_revision, approved_by, approved_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(document_id)
    .bind(number)
    .bind(submission_id)
    .bind(submission_revision)
    .bind(approved_by)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    Ok(number)
}

/// A document's approved versions, newest first: (number, approver's name, when).
pub async fn document_history<'e>(
    db: impl Executor<'e, Database = Any>,
    document_id: i64,
) -> Result<Vec<(i64, String, i64)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT d.number, d.approved_at, u.display_name FROM document_revisions d \
         JOIN users u ON u.id = d.approved_by WHERE d.document_id = $1 ORDER BY d.number DESC",
    )
    .bind(document_id)
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get("number")?,
                r.try_get("display_name")?,
                r.try_get("approved_at")?,
            ))
        })
        .collect()
}
