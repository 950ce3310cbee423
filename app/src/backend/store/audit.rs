//! The security audit log: sign-ins, sign-outs, failures, role and membership changes.

use sqlx::{Any, Executor};

/// Records one security-relevant event. `detail` must never hold a secret.
pub async fn record<'e>(
    db: impl Executor<'e, Database = Any>,
    user_id: Option<i64>,
    event: &str,
    detail: &str,
    address: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO audit_log (at, user_id, event, detail, address) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(now)
    .bind(user_id)
    .bind(event)
    .bind(detail.chars().take(500).collect::<String>())
    .bind(address)
    .execute(db)
    .await?;
    Ok(())
}

/// How many events of a kind were recorded (for tests and the admin page).
pub async fn count<'e>(
    db: impl Executor<'e, Database = Any>,
    event: &str,
) -> Result<i64, sqlx::Error> {
    use sqlx::Row;
    sqlx::query("SELECT COUNT(*) AS n FROM audit_log WHERE event = $1")
        .bind(event)
        .fetch_one(db)
        .await?
        .try_get("n")
}

/// One recorded event, with the username when the person still exists.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Entry {
    pub at: i64,
    pub username: Option<String>,
    pub event: String,
    pub detail: String,
    pub address: String,
}

/// The most recent events, newest first.
pub async fn recent<'e>(
    db: impl Executor<'e, Database = Any>,
    limit: i64,
) -> Result<Vec<Entry>, sqlx::Error> {
    sqlx::query_as(
        "SELECT a.at, u.username, a.event, a.detail, a.address FROM audit_log a \
         LEFT JOIN users u ON u.id = a.user_id ORDER BY a.at DESC, a.id DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(db)
    .await
}
