//! Server-side sessions: a 256-bit random token in an HttpOnly cookie, stored only as its
//! SHA-256, ended by sign-out, by idleness or by age.

use argon2::password_hash::rand_core::{OsRng, RngCore};
use base64::Engine;
use sha2::{Digest, Sha256};
use sqlx::{Any, Executor, Row};

use super::SessionPolicy;

/// Name of the session cookie.
pub const COOKIE: &str = "entrust_session";

/// A new unguessable token (32 random bytes, base64url).
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

fn digest(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Starts a session for `user_id`; returns the token to put in the cookie.
pub async fn create<'e>(
    db: impl Executor<'e, Database = Any>,
    user_id: i64,
    user_agent: &str,
    now: i64,
) -> Result<String, sqlx::Error> {
    let token = new_token();
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, user_agent) \
         VALUES ($1, $2, $3, $3, $4)",
    )
    .bind(digest(&token))
    .bind(user_id)
    .bind(now)
    .bind(user_agent.chars().take(300).collect::<String>())
    .execute(db)
    .await?;
    Ok(token)
}

/// The stored identifier of a session: the SHA-256 of its token (not a credential).
pub fn id_of(token: &str) -> String {
    digest(token)
}

/// One of a person's live sessions, as the "your sessions" page shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionRow {
    pub id: String,
    pub created_at: i64,
    pub last_seen_at: i64,
    pub user_agent: String,
}

/// The user's sessions that have not timed out, most recently used first.
pub async fn list_for_user<'e>(
    db: impl Executor<'e, Database = Any>,
    user_id: i64,
    policy: SessionPolicy,
    now: i64,
) -> Result<Vec<SessionRow>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT token_hash, created_at, last_seen_at, user_agent FROM sessions \
         WHERE user_id = $1 AND last_seen_at >= $2 AND created_at >= $3 \
         ORDER BY last_seen_at DESC",
    )
    .bind(user_id)
    .bind(now - policy.idle_secs)
    .bind(now - policy.absolute_secs)
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(SessionRow {
                id: r.try_get("token_hash")?,
                created_at: r.try_get("created_at")?,
                last_seen_at: r.try_get("last_seen_at")?,
                user_agent: r.try_get("user_agent")?,
            })
        })
        .collect()
}

/// Ends one of `user_id`'s sessions by its id; returns whether there was one.
pub async fn end_by_id<'e>(
    db: impl Executor<'e, Database = Any>,
    user_id: i64,
    id: &str,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash = $2")
        .bind(user_id)
        .bind(id)
        .execute(db)
        .await?;
    Ok(done.rows_affected() > 0)
}

/// Ends every session of `user_id` except `keep_id` (after a password change).
pub async fn end_others<'e>(
    db: impl Executor<'e, Database = Any>,
    user_id: i64,
    keep_id: &str,
) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
        .bind(user_id)
        .bind(keep_id)
        .execute(db)
        .await?;
    Ok(done.rows_affected())
}

/// The user of a live session, refreshing its idle timer; an expired session is deleted.
pub async fn resolve<'e, E>(
    db: E,
    token: &str,
    policy: SessionPolicy,
    now: i64,
) -> Result<Option<i64>, sqlx::Error>
where
    E: Executor<'e, Database = Any> + Copy,
{
    // Tokens are fixed-length base64url; anything else cannot be ours.
    if token.len() != 43
        || !token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return Ok(None);
    }
    let hash = digest(token);
    let Some((user_id, created, seen)) = lookup(db, &hash).await? else {
        return Ok(None);
    };
    if now - seen > policy.idle_secs || now - created > policy.absolute_secs {
        end(db, token).await?;
        return Ok(None);
    }
    // One write a minute at most per session, not one per request.
    if now - seen >= 60 {
        sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2")
            .bind(now)
            .bind(&hash)
            .execute(db)
            .await?;
    }
    Ok(Some(user_id))
}

/// Whether the session with this id (see [`id_of`]) is still live, without counting this
/// as use: its person, and when it will end unless used again (Unix seconds). For
/// long-lived connections (live sockets) that must not outlive their session.
pub async fn check_id<'e>(
    db: impl Executor<'e, Database = Any>,
    id: &str,
    policy: SessionPolicy,
    now: i64,
) -> Result<Option<(i64, i64)>, sqlx::Error> {
    let Some((user_id, created, seen)) = lookup(db, id).await? else {
        return Ok(None);
    };
    let ends = (seen + policy.idle_secs).min(created + policy.absolute_secs);
    Ok((now <= ends).then_some((user_id, ends)))
}

/// A session by its id: its person, when it began and when it was last used.
async fn lookup<'e>(
    db: impl Executor<'e, Database = Any>,
    id: &str,
) -> Result<Option<(i64, i64, i64)>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct Row {
        user_id: i64,
        created_at: i64,
        last_seen_at: i64,
    }
    let row: Option<Row> = sqlx::query_as(
        "SELECT user_id, created_at, last_seen_at FROM sessions WHERE token_hash = $1",
    )
    .bind(id)
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| (r.user_id, r.created_at, r.last_seen_at)))
}

/// Ends the session with this token (sign-out).
pub async fn end<'e>(
    db: impl Executor<'e, Database = Any>,
    token: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(digest(token))
        .execute(db)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_random_and_hashed() {
        let a = new_token();
        assert_eq!(a.len(), 43);
        assert_ne!(a, new_token());
        assert_eq!(digest(&a).len(), 64);
        assert_ne!(digest(&a), a);
    }
}
