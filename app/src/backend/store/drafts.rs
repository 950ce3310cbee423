//! Drafts and their numbered revisions.

use sqlx::{Any, Executor, Row};

use crate::model::draft::{DraftStatus, DraftSummary, RevisionSummary};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DraftRow {
    pub id: i64,
    pub space_id: i64,
    pub title: String,
    pub status: DraftStatus,
    pub current_revision: i64,
    pub thread_id: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RevisionRow {
    pub number: i64,
    pub author_name: String,
    pub created_at: i64,
    pub summary: String,
    pub body_md: String,
    pub body_html: String,
}

fn status(s: &str) -> Result<DraftStatus, sqlx::Error> {
    DraftStatus::parse(s).ok_or_else(|| sqlx::Error::Decode(format!("status {s:?}").into()))
}

pub async fn create<'e>(
    db: impl Executor<'e, Database = Any>,
    space_id: i64,
    title: &str,
    author_id: i64,
    thread_id: i64,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query(
        "INSERT INTO drafts (space_id, title, created_by, created_at, updated_at, thread_id) \
         VALUES ($1, $2, $3, $4, $4, $5) RETURNING id",
    )
    .bind(space_id)
    .bind(title)
    .bind(author_id)
    .bind(now)
    .bind(thread_id)
    .fetch_one(db)
    .await?
    .try_get("id")
}

pub async fn by_id<'e>(
    db: impl Executor<'e, Database = Any>,
    id: i64,
) -> Result<Option<DraftRow>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT id, space_id, title, status, current_revision, thread_id FROM drafts WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(db)
    .await?;
    row.map(|r| {
        Ok(DraftRow {
            id: r.try_get("id")?,
            space_id: r.try_get("space_id")?,
            title: r.try_get("title")?,
            status: status(&r.try_get::<String, _>("status")?)?,
            current_revision: r.try_get("current_revision")?,
            thread_id: r.try_get("thread_id")?,
        })
    })
    .transpose()
}

pub async fn list<'e>(
    db: impl Executor<'e, Database = Any>,
    space_id: i64,
) -> Result<Vec<DraftSummary>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, title, status, current_revision, updated_at FROM drafts \
         WHERE space_id = $1 ORDER BY updated_at DESC, id DESC LIMIT 200",
    )
    .bind(space_id)
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(DraftSummary {
                id: r.try_get("id")?,
                title: r.try_get("title")?,
                status: status(&r.try_get::<String, _>("status")?)?,
                revisions: r.try_get("current_revision")?,
                updated_at: r.try_get("updated_at")?,
            })
        })
        .collect()
}

/// Moves the draft from revision `base` to `base + 1`, only if `base` is still its newest:
/// returns false (and changes nothing) when someone else saved first.
pub async fn advance<'e>(
    db: impl Executor<'e, Database = Any>,
    draft_id: i64,
    base: i64,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE drafts SET current_revision = current_revision + 1, updated_at = $1 \
         WHERE id = $2 AND current_revision = $3",
    )
    .bind(now)
    .bind(draft_id)
    .bind(base)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// What a new revision says, already rendered.
pub struct NewRevision<'a> {
    pub draft_id: i64,
    pub number: i64,
    pub author_id: i64,
    pub summary: &'a str,
    pub body_md: &'a str,
    pub body_html: &'a str,
}

pub async fn add_revision<'e>(
    db: impl Executor<'e, Database = Any>,
    r: &NewRevision<'_>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO draft_revisions (draft_id, number, author_id, created_at, summary, body_md, \
         body_html) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(r.draft_id)
    .bind(r.number)
    .bind(r.author_id)
    .bind(now)
    .bind(r.summary)
    .bind(r.body_md)
    .bind(r.body_html)
    .execute(db)
    .await?;
    Ok(())
}

pub async fn revision<'e>(
    db: impl Executor<'e, Database = Any>,
    draft_id: i64,
    number: i64,
) -> Result<Option<RevisionRow>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT r.number, u.display_name, r.created_at, r.summary, r.body_md, r.body_html \
         FROM draft_revisions r JOIN users u ON u.id = r.author_id \
         WHERE r.draft_id = $1 AND r.number = $2",
    )
    .bind(draft_id)
    .bind(number)
    .fetch_optional(db)
    .await?;
    row.map(|r| {
        Ok(RevisionRow {
            number: r.try_get("number")?,
            author_name: r.try_get("display_name")?,
            created_at: r.try_get("created_at")?,
            summary: r.try_get("summary")?,
            body_md: r.try_get("body_md")?,
            body_html: r.try_get("body_html")?,
        })
    })
    .transpose()
}

/// Every revision of a draft, newest first.
pub async fn history<'e>(
    db: impl Executor<'e, Database = Any>,
    draft_id: i64,
) -> Result<Vec<RevisionSummary>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT r.number, u.display_name, r.created_at, r.summary FROM draft_revisions r \
         JOIN users u ON u.id = r.author_id WHERE r.draft_id = $1 ORDER BY r.number DESC",
    )
    .bind(draft_id)
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(RevisionSummary {
                number: r.try_get("number")?,
                author_name: r.try_get("display_name")?,
                created_at: r.try_get("created_at")?,
                summary: r.try_get("summary")?,
            })
        })
        .collect()
}

pub async fn set_status<'e>(
    db: impl Executor<'e, Database = Any>,
    draft_id: i64,
    status: DraftStatus,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE drafts SET status = $1, updated_at = $2 WHERE id = $3")
        .bind(status.as_str())
        .bind(now)
        .bind(draft_id)
        .execute(db)
        .await?;
    Ok(())
}
