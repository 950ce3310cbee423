//! The two HTTP steps of signing in through an OpenID Connect provider: `start` sends the
//! browser to the provider, `callback` receives it back, verifies everything and starts a
//! session. Every refusal is audited and sends the person to the sign-in page with a
//! message; none signs anyone in.

use app::backend::{
    auth::oidc::{attempt, IdClaims, OidcError},
    auth::session,
    now,
    store::{audit, identities},
    AppState,
};
use axum::{
    extract::{ConnectInfo, Path, Query, State},
    http::HeaderMap,
    response::{IntoResponse, Redirect, Response},
    Form,
};
use serde::Deserialize;

use crate::auth::{internal, peer_address, set_cookie, start_session, SecureCookies, SignedInVia};
use crate::router::cookie_value;

type Peer = Option<axum::Extension<ConnectInfo<std::net::SocketAddr>>>;

#[derive(Deserialize)]
pub struct StartForm {
    next: Option<String>,
}

/// `POST /auth/oidc/{provider}/start`: records a new attempt and redirects to the provider.
pub async fn start(
    State(state): State<AppState>,
    secure: axum::Extension<SecureCookies>,
    Path(provider_id): Path<String>,
    headers: HeaderMap,
    peer: Peer,
    Form(form): Form<StartForm>,
) -> Response {
    let address = peer_address(peer);
    let next = form
        .next
        .as_deref()
        .filter(|n| crate::language::is_local_path(n) && n.len() <= 500)
        .unwrap_or("/");
    let provider = match state.oidc.get(&provider_id) {
        Ok(p) => p,
        Err(e) => return refuse(&state, &provider_id, &e, &address).await,
    };
    let (url, state_param, attempt) = match provider.begin(next).await {
        Ok(begun) => begun,
        Err(e) => return refuse(&state, &provider_id, &e, &address).await,
    };
    // One secret per browser (reused across tabs), so two attempts can run side by side.
    let browser = cookie_value(&headers, attempt::COOKIE)
        .filter(|v| {
            v.len() == 43
                && v.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
        .unwrap_or_else(session::new_token);
    let pool = &state.db.pool;
    let t = now();
    if let Err(e) = attempt::purge_stale(pool, t).await {
        return internal(e);
    }
    if let Err(e) = attempt::store(pool, &state_param, &browser, &attempt, t).await {
        return internal(e);
    }
    let mut res = Redirect::to(&url).into_response();
    set_cookie(
        &mut res,
        &format!(
            "{}={browser}; Path=/auth/oidc; Max-Age={}; HttpOnly; SameSite=Lax{}",
            attempt::COOKIE,
            attempt::MAX_AGE_SECS,
            if secure.0 .0 { "; Secure" } else { "" }
        ),
    );
    res
}

#[derive(Deserialize)]
pub struct CallbackQuery {
    state: Option<String>,
    code: Option<String>,
    error: Option<String>,
    error_description: Option<String>,
}

/// `GET /auth/oidc/{provider}/callback`: finishes the attempt named by `state`.
pub async fn callback(
    State(state): State<AppState>,
    secure: axum::Extension<SecureCookies>,
    Path(provider_id): Path<String>,
    headers: HeaderMap,
    peer: Peer,
    Query(query): Query<CallbackQuery>,
) -> Response {
    let address = peer_address(peer);
    let pool = &state.db.pool;
    let t = now();
    let outcome = async {
        let provider = state.oidc.get(&provider_id)?;
        let state_param = query
            .state
            .as_deref()
            .ok_or(OidcError::State("no state in the callback"))?;
        let browser = cookie_value(&headers, attempt::COOKIE);
        // Taking the attempt deletes it, so a replayed callback finds nothing.
        let attempt = attempt::take(pool, state_param, &provider_id, browser.as_deref(), t)
            .await
            .map_err(|e| OidcError::Unavailable(format!("database: {e}")))??;
        if let Some(error) = &query.error {
            let detail = query.error_description.as_deref().unwrap_or("");
            return Err(OidcError::Denied(format!("{error}: {detail}")));
        }
        let code = query
            .code
            .as_deref()
            .filter(|c| !c.is_empty())
            .ok_or_else(|| OidcError::Denied("no code in the callback".into()))?;
        let claims = provider.finish(code, &attempt).await?;
        Ok((claims, attempt.next))
    };
    let (claims, next) = match outcome.await {
        Ok(ok) => ok,
        Err(e) => return refuse(&state, &provider_id, &e, &address).await,
    };
    let user_id = match user_for(&state, &claims, t).await {
        Ok(id) => id,
        Err(e) => return e.into_response(),
    };
    let method = format!("oidc:{provider_id}");
    let who = SignedInVia {
        user_id,
        method: &method,
        address: &address,
        next: &next,
    };
    let mut res = start_session(&state, &headers, secure.0 .0, who, t).await;
    set_cookie(&mut res, &cleared_attempt_cookie(secure.0 .0));
    res
}

/// The person this provider account belongs to, created at their first sign-in.
async fn user_for(
    state: &AppState,
    claims: &IdClaims,
    t: i64,
) -> Result<i64, app::backend::ServerError> {
    let pool = &state.db.pool;
    if let Some(id) = identities::user_for(pool, &claims.iss, &claims.sub).await? {
        return Ok(id);
    }
    let mut tx = pool.begin().await?;
    let id = identities::create_user(&mut tx, claims, t).await?;
    audit::record(&mut *tx, Some(id), "sign_up", "oidc", "", t).await?;
    tx.commit().await?;
    Ok(id)
}

fn cleared_attempt_cookie(secure: bool) -> String {
    format!(
        "{}=; Path=/auth/oidc; Max-Age=0; HttpOnly; SameSite=Lax{}",
        attempt::COOKIE,
        if secure { "; Secure" } else { "" }
    )
}

/// Audits the refusal, logs the detail, and sends the person back to sign in with a
/// message that says what happened (without the provider's internals).
async fn refuse(state: &AppState, provider_id: &str, e: &OidcError, address: &str) -> Response {
    let provider: String = provider_id.chars().take(40).collect();
    tracing::warn!(provider = %provider, error = %e, "OpenID Connect sign-in refused");
    let detail: String = format!("{provider} {}: {e}", e.code())
        .chars()
        .take(300)
        .collect();
    if let Err(db) = audit::record(
        &state.db.pool,
        None,
        "sign_in_failed",
        &detail,
        address,
        now(),
    )
    .await
    {
        return internal(db);
    }
    Redirect::to(&format!("/signin?error={}", e.code())).into_response()
}
