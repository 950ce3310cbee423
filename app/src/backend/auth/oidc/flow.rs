//! The two steps of signing in through a provider, as backend functions: [`begin`] records
//! an attempt and gives the provider's address, [`finish`] takes the attempt back, has the
//! provider's answer verified and names the person (created at their first sign-in);
//! [`refused`] audits a refusal. The HTTP edge (`server/src/oidc.rs`) only reads the
//! request, calls these, and sets cookies and redirects.

use super::{attempt, IdClaims, OidcError};
use crate::backend::store::{audit, identities};
use crate::backend::{Cx, ServerError};

/// Where to send the browser, for a sign-in that will come back to `next` (a local path).
/// `browser` is the browser's attempt secret (its cookie).
pub async fn begin(
    cx: &Cx,
    provider_id: &str,
    next: &str,
    browser: &str,
) -> Result<String, OidcError> {
    let provider = cx.state.oidc.get(provider_id)?;
    let (url, state_param, attempt) = provider.begin(next).await?;
    let pool = &cx.db().pool;
    attempt::purge_stale(pool, cx.now).await.map_err(database)?;
    attempt::store(pool, &state_param, browser, &attempt, cx.now)
        .await
        .map_err(database)?;
    Ok(url)
}

/// What the provider sent back to the callback.
#[derive(Debug, Default)]
pub struct Callback<'a> {
    pub state: Option<&'a str>,
    pub code: Option<&'a str>,
    pub error: Option<&'a str>,
    pub error_description: Option<&'a str>,
}

/// The person signed in, and where they were going.
#[derive(Debug, PartialEq, Eq)]
pub struct Finished {
    pub user_id: i64,
    pub next: String,
}

/// Finishes the attempt the callback names. Taking the attempt deletes it, so a replayed
/// callback finds nothing; an attempt started in another browser is refused.
pub async fn finish(
    cx: &Cx,
    provider_id: &str,
    callback: &Callback<'_>,
    browser: Option<&str>,
) -> Result<Finished, OidcError> {
    let provider = cx.state.oidc.get(provider_id)?;
    let state_param = callback
        .state
        .ok_or(OidcError::State("no state in the callback"))?;
    let attempt = attempt::take(&cx.db().pool, state_param, provider_id, browser, cx.now)
        .await
        .map_err(database)??;
    if let Some(error) = callback.error {
        let detail = callback.error_description.unwrap_or("");
        return Err(OidcError::Denied(format!("{error}: {detail}")));
    }
    let code = callback
        .code
        .filter(|c| !c.is_empty())
        .ok_or_else(|| OidcError::Denied("no code in the callback".into()))?;
    let claims = provider.finish(code, &attempt).await?;
    let user_id = person_for(cx, &claims)
        .await
        .map_err(|e| OidcError::Unavailable(format!("database: {e}")))?;
    Ok(Finished {
        user_id,
        next: attempt.next,
    })
}

/// The person this provider account belongs to, created (and audited) at their first
/// sign-in: the provider vouches for them, so no invitation is needed.
async fn person_for(cx: &Cx, claims: &IdClaims) -> Result<i64, ServerError> {
    let pool = &cx.db().pool;
    if let Some(id) = identities::user_for(pool, &claims.iss, &claims.sub).await? {
        return Ok(id);
    }
    let mut tx = pool.begin().await?;
    let id = identities::create_user(&mut tx, claims, cx.now).await?;
    audit::record(&mut *tx, Some(id), "sign_up", "oidc", "", cx.now).await?;
    tx.commit().await?;
    Ok(id)
}

/// Audits a refused sign-in (without the provider's internals beyond 300 characters).
pub async fn refused(
    cx: &Cx,
    provider_id: &str,
    e: &OidcError,
    address: &str,
) -> Result<(), sqlx::Error> {
    let provider: String = provider_id.chars().take(40).collect();
    tracing::warn!(provider = %provider, error = %e, "OpenID Connect sign-in refused");
    let detail: String = format!("{provider} {}: {e}", e.code())
        .chars()
        .take(300)
        .collect();
    audit::record(
        &cx.db().pool,
        None,
        "sign_in_failed",
        &detail,
        address,
        cx.now,
    )
    .await
}

fn database(e: sqlx::Error) -> OidcError {
    OidcError::Unavailable(format!("database: {e}"))
}
