//! Sign-in attempts between the redirect to a provider and its callback: stored by the
//! SHA-256 of their `state`, taken (deleted) exactly once, bound to one browser, and
//! valid for ten minutes.

use sha2::{Digest, Sha256};
use sqlx::{Any, Executor, Row};

use super::OidcError;

/// How long a person has to sign in at the provider and come back.
pub const MAX_AGE_SECS: i64 = 10 * 60;

/// The name of the cookie holding the browser's attempt secret.
pub const COOKIE: &str = "entrust_oidc";

/// What the callback needs to finish an attempt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attempt {
    pub provider: String,
    pub nonce: String,
    pub pkce_verifier: String,
    /// Where to send the person after signing in (a local path).
    pub next: String,
}

fn digest(s: &str) -> String {
    Sha256::digest(s.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Records a new attempt; `browser_secret` is the value of the attempt cookie.
pub async fn store<'e>(
    db: impl Executor<'e, Database = Any>,
    state: &str,
    browser_secret: &str,
    attempt: &Attempt,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO oidc_attempts (state_hash, provider, nonce, pkce_verifier, browser_hash, \
         next_path, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(digest(state))
    .bind(&attempt.provider)
    .bind(&attempt.nonce)
    .bind(&attempt.pkce_verifier)
    .bind(digest(browser_secret))
    .bind(&attempt.next)
    .bind(now)
    .execute(db)
    .await?;
    Ok(())
}

/// Takes the attempt `state` names, deleting it whatever happens next, and checks that it
/// is for `provider`, young enough, and comes back to the browser that started it.
pub async fn take<'e>(
    db: impl Executor<'e, Database = Any>,
    state: &str,
    provider: &str,
    browser_secret: Option<&str>,
    now: i64,
) -> Result<Result<Attempt, OidcError>, sqlx::Error> {
    // DELETE … RETURNING makes "take" atomic: a replayed state finds nothing.
    let row = sqlx::query(
        "DELETE FROM oidc_attempts WHERE state_hash = $1 \
         RETURNING provider, nonce, pkce_verifier, browser_hash, next_path, created_at",
    )
    .bind(digest(state))
    .fetch_optional(db)
    .await?;
    let Some(row) = row else {
        return Ok(Err(OidcError::State("unknown or already used state")));
    };
    let attempt = Attempt {
        provider: row.try_get("provider")?,
        nonce: row.try_get("nonce")?,
        pkce_verifier: row.try_get("pkce_verifier")?,
        next: row.try_get("next_path")?,
    };
    let browser_hash: String = row.try_get("browser_hash")?;
    let created_at: i64 = row.try_get("created_at")?;
    Ok(if attempt.provider != provider {
        Err(OidcError::State("state belongs to another provider"))
    } else if now - created_at > MAX_AGE_SECS {
        Err(OidcError::State("attempt expired"))
    } else if browser_secret.map(digest).as_deref() != Some(browser_hash.as_str()) {
        Err(OidcError::State("callback reached another browser"))
    } else {
        Ok(attempt)
    })
}

/// Deletes attempts nobody came back from.
pub async fn purge_stale<'e>(
    db: impl Executor<'e, Database = Any>,
    now: i64,
) -> Result<u64, sqlx::Error> {
    Ok(
        sqlx::query("DELETE FROM oidc_attempts WHERE created_at < $1")
            .bind(now - MAX_AGE_SECS)
            .execute(db)
            .await?
            .rows_affected(),
    )
}
