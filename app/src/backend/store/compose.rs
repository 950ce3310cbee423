//! Text being written, kept between a preview (or a refused attempt) and the next try.

use sqlx::{Any, Executor, Row};

/// A saved title and body.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Saved {
    pub title: String,
    pub body: String,
}

/// `text` cut to at most `max` bytes on a character boundary (what is kept of a refused,
/// oversized text: enough to recover it, never unbounded).
pub fn truncate(text: &str, max: usize) -> String {
    let mut end = text.len().min(max);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end].to_string()
}

pub async fn get<'e>(
    db: impl Executor<'e, Database = Any>,
    user_id: i64,
    target: &str,
) -> Result<Option<Saved>, sqlx::Error> {
    let row =
        sqlx::query("SELECT title, body FROM compose_drafts WHERE user_id = $1 AND target = $2")
            .bind(user_id)
            .bind(target)
            .fetch_optional(db)
            .await?;
    row.map(|r| {
        Ok(Saved {
            title: r.try_get("title")?,
            body: r.try_get("body")?,
        })
    })
    .transpose()
}

pub async fn save<'e>(
    db: impl Executor<'e, Database = Any>,
    user_id: i64,
    target: &str,
    saved: &Saved,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO compose_drafts (user_id, target, title, body, updated_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (user_id, target) DO UPDATE SET \
         title = excluded.title, body = excluded.body, updated_at = excluded.updated_at",
    )
    .bind(user_id)
    .bind(target)
    .bind(&saved.title)
    .bind(&saved.body)
    .bind(now)
    .execute(db)
    .await?;
    Ok(())
}

pub async fn delete<'e>(
    db: impl Executor<'e, Database = Any>,
    user_id: i64,
    target: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM compose_drafts WHERE user_id = $1 AND target = $2")
        .bind(user_id)
        .bind(target)
        .execute(db)
        .await?;
    Ok(())
}
