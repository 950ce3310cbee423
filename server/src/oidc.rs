//! The two HTTP steps of signing in through an OpenID Connect provider: `start` sends the
//! browser to the provider, `callback` receives it back and starts a session. What they
//! decide lives in `app::backend::auth::oidc::flow`; here are the cookies and redirects.
//! Every refusal is audited and sends the person to the sign-in page with a message;
//! none signs anyone in.

use app::backend::{
    accounts,
    auth::oidc::flow::{self, Callback},
    auth::oidc::{attempt, OidcError},
    auth::session,
    Cx,
};
use axum::{
    extract::{ConnectInfo, Path, Query},
    http::HeaderMap,
    response::{IntoResponse, Redirect, Response},
    Form,
};
use serde::Deserialize;

use crate::auth::{internal, peer_address, set_cookie, start_session, user_agent, SecureCookies};
use crate::router::cookie_value;

type Peer = Option<axum::Extension<ConnectInfo<std::net::SocketAddr>>>;

#[derive(Deserialize)]
pub struct StartForm {
    next: Option<String>,
}

/// `POST /auth/oidc/{provider}/start`: records a new attempt and redirects to the provider.
pub async fn start(
    cx: Cx,
    secure: axum::Extension<SecureCookies>,
    Path(provider_id): Path<String>,
    headers: HeaderMap,
    peer: Peer,
    Form(form): Form<StartForm>,
) -> Response {
    let next = form
        .next
        .as_deref()
        .filter(|n| crate::language::is_local_path(n) && n.len() <= 500)
        .unwrap_or("/");
    // One secret per browser (reused across tabs), so two attempts can run side by side.
    let browser = cookie_value(&headers, attempt::COOKIE)
        .filter(|v| {
            v.len() == 43
                && v.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
        .unwrap_or_else(session::new_token);
    let url = match flow::begin(&cx, &provider_id, next, &browser).await {
        Ok(url) => url,
        Err(e) => return refuse(&cx, &provider_id, &e, &peer_address(peer)).await,
    };
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
    cx: Cx,
    secure: axum::Extension<SecureCookies>,
    Path(provider_id): Path<String>,
    headers: HeaderMap,
    peer: Peer,
    Query(query): Query<CallbackQuery>,
) -> Response {
    let address = peer_address(peer);
    let callback = Callback {
        state: query.state.as_deref(),
        code: query.code.as_deref(),
        error: query.error.as_deref(),
        error_description: query.error_description.as_deref(),
    };
    let browser = cookie_value(&headers, attempt::COOKIE);
    let done = match flow::finish(&cx, &provider_id, &callback, browser.as_deref()).await {
        Ok(done) => done,
        Err(e) => return refuse(&cx, &provider_id, &e, &address).await,
    };
    let method = format!("oidc:{provider_id}");
    let proof = accounts::Proof {
        user_id: done.user_id,
        method: &method,
        address: &address,
        user_agent: user_agent(&headers),
    };
    let mut res = start_session(&cx, &headers, secure.0 .0, &proof, &done.next).await;
    set_cookie(&mut res, &cleared_attempt_cookie(secure.0 .0));
    res
}

fn cleared_attempt_cookie(secure: bool) -> String {
    format!(
        "{}=; Path=/auth/oidc; Max-Age=0; HttpOnly; SameSite=Lax{}",
        attempt::COOKIE,
        if secure { "; Secure" } else { "" }
    )
}

/// Audits the refusal and sends the person back to sign in with a message that says what
/// happened (without the provider's internals).
async fn refuse(cx: &Cx, provider_id: &str, e: &OidcError, address: &str) -> Response {
    if let Err(db) = flow::refused(cx, provider_id, e, address).await {
        return internal(db);
    }
    Redirect::to(&format!("/signin?error={}", e.code())).into_response()
}
