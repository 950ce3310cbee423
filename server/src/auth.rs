//! Sign-in, sign-out and the session layer that tells every request who is asking.

use app::backend::{access::Viewer, accounts, auth::session, now, AppState, Cx};
use app::model::refusal::Refusal;
use axum::{
    extract::{ConnectInfo, Request, State},
    http::{header, HeaderMap, HeaderValue},
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
    Form,
};
use serde::Deserialize;

use crate::router::cookie_value;
use crate::throttle::SignInThrottle;

/// Looks up the session cookie and puts the [`Viewer`] into the request for pages, server
/// functions and handlers. An unknown or expired session is simply anonymous.
/// A session cookie that names no live session (forged, ended, or timed out) is recorded
/// in the audit log (through the gate that stops floods) and cleared, so the browser stops
/// sending it.
pub async fn load_viewer(
    State(state): State<AppState>,
    secure: axum::Extension<SecureCookies>,
    peer: Option<axum::Extension<ConnectInfo<std::net::SocketAddr>>>,
    mut req: Request,
    next: Next,
) -> Response {
    let token = cookie_value(req.headers(), session::COOKIE).filter(|t| !t.is_empty());
    let viewer = match &token {
        Some(token) => {
            accounts::viewer_for(&Cx::new(&state, Viewer::Anonymous, now()), token).await
        }
        None => Viewer::Anonymous,
    };
    let rejected = token.is_some() && viewer == Viewer::Anonymous;
    req.extensions_mut().insert(viewer);
    let mut res = next.run(req).await;
    if rejected {
        // Anyone can send a made-up cookie: gated, so a script cannot flood the log.
        let address = peer_address(peer);
        let detail = "unknown, ended or expired session cookie";
        state
            .audit_gate
            .record(&state.db, "session_rejected", detail, &address, now())
            .await;
        set_cookie(&mut res, &cleared_cookie(secure.0 .0));
    }
    res
}

#[derive(Deserialize)]
pub struct SignInForm {
    username: String,
    password: String,
    next: Option<String>,
}

/// `POST /auth/signin`: checks the password, starts a new session (a new token every time,
/// the old one ended), records the attempt in the audit log.
pub async fn sign_in(
    State(state): State<AppState>,
    cx: Cx,
    secure: axum::Extension<SecureCookies>,
    throttle: axum::Extension<SignInThrottle>,
    headers: HeaderMap,
    peer: Option<axum::Extension<ConnectInfo<std::net::SocketAddr>>>,
    Form(form): Form<SignInForm>,
) -> Response {
    let address = peer_address(peer);
    let username = form.username.trim().to_ascii_lowercase();
    let next = form
        .next
        .as_deref()
        .filter(|n| crate::language::is_local_path(n))
        .unwrap_or("/");
    if throttle.is_locked(&username, &address) {
        let detail = format!("username={}", username.chars().take(40).collect::<String>());
        state
            .audit_gate
            .record(&state.db, "sign_in_throttled", &detail, &address, now())
            .await;
        return Redirect::to(&format!("/signin?error=1&next={}", urlencode(next))).into_response();
    }
    let user_id = match accounts::password_matches(&cx, &username, &form.password).await {
        Ok(Some(id)) => id,
        Ok(None) => {
            throttle.record_failure(&username, &address);
            if let Err(e) = accounts::sign_in_failed(&cx, &username, &address).await {
                return e.into_response();
            }
            let to = format!("/signin?error=1&next={}", urlencode(next));
            return Redirect::to(&to).into_response();
        }
        Err(e) => return e.into_response(),
    };
    let proof = accounts::Proof {
        user_id,
        method: "local",
        address: &address,
        user_agent: user_agent(&headers),
    };
    start_session(&cx, &headers, secure.0 .0, &proof, next).await
}

/// The browser's own description, for the list of a person's sessions.
pub fn user_agent(headers: &HeaderMap) -> &str {
    headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

/// Starts a session for someone who has just proved who they are (ending the browser's
/// previous one) and sends them on to `next` with the new cookie.
pub async fn start_session(
    cx: &Cx,
    headers: &HeaderMap,
    secure: bool,
    proof: &accounts::Proof<'_>,
    next: &str,
) -> Response {
    let old = cookie_value(headers, session::COOKIE);
    let token = match accounts::start_session(cx, proof, old.as_deref()).await {
        Ok(token) => token,
        Err(e) => return e.into_response(),
    };
    let mut res = Redirect::to(next).into_response();
    set_cookie(&mut res, &session_cookie(&token, secure));
    res
}

/// The client's address as the audit log records it.
pub fn peer_address(peer: Option<axum::Extension<ConnectInfo<std::net::SocketAddr>>>) -> String {
    peer.map(|axum::Extension(ConnectInfo(a))| a.ip().to_string())
        .unwrap_or_default()
}

/// `POST /auth/signout`: ends the session server-side and clears the cookie.
pub async fn sign_out(
    cx: Cx,
    secure: axum::Extension<SecureCookies>,
    headers: HeaderMap,
) -> Response {
    if let Some(token) = cookie_value(&headers, session::COOKIE) {
        if let Err(e) = accounts::sign_out(&cx, &token).await {
            return e.into_response();
        }
    }
    let mut res = Redirect::to("/").into_response();
    set_cookie(&mut res, &cleared_cookie(secure.0 .0));
    res
}

fn cleared_cookie(secure: bool) -> String {
    let flags = if secure { "; Secure" } else { "" };
    format!(
        "{}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax{flags}",
        session::COOKIE
    )
}

#[derive(Deserialize)]
pub struct EndSessionForm {
    id: String,
}

/// `POST /auth/sessions/end`: ends one of the viewer's own sessions (another device, or
/// this one, which signs this browser out).
pub async fn end_session(
    cx: Cx,
    secure: axum::Extension<SecureCookies>,
    Form(form): Form<EndSessionForm>,
) -> Response {
    let Some(user) = cx.viewer.user() else {
        return app::backend::ServerError::Unauthorized.into_response();
    };
    match accounts::end_session(&cx, &form.id).await {
        Ok(true) => {}
        Ok(false) => return Redirect::to("/account").into_response(),
        Err(e) => return e.into_response(),
    }
    if form.id == user.session_id {
        let mut res = Redirect::to("/").into_response();
        set_cookie(&mut res, &cleared_cookie(secure.0 .0));
        return res;
    }
    Redirect::to("/account?ended=1").into_response()
}

#[derive(Deserialize)]
pub struct PasswordForm {
    current: String,
    new: String,
    confirm: String,
}

/// `POST /auth/password`: changes the viewer's password (throttled like sign-in: guessing
/// the current one from a stolen session is guessing a password).
pub async fn change_password(
    cx: Cx,
    throttle: axum::Extension<SignInThrottle>,
    Form(form): Form<PasswordForm>,
) -> Response {
    let Some(user) = cx.viewer.user() else {
        return app::backend::ServerError::Unauthorized.into_response();
    };
    let back = |r: Refusal| Redirect::to(&format!("/account?error={}", r.code())).into_response();
    if throttle.is_locked(&user.username, &user.session_id) {
        return back(Refusal::WrongCurrent);
    }
    let outcome = accounts::change_password(&cx, &form.current, &form.new, &form.confirm).await;
    match outcome {
        Ok(()) => Redirect::to("/account?changed=1").into_response(),
        Err(app::backend::ServerError::Refused(r)) => {
            if r == Refusal::WrongCurrent {
                throttle.record_failure(&user.username, &user.session_id);
            }
            back(r)
        }
        Err(e) => e.into_response(),
    }
}

#[derive(Deserialize)]
pub struct SignUpForm {
    username: String,
    name: String,
    email: String,
    #[serde(default)]
    country: String,
    password: String,
    confirm: String,
    /// The token of an admin's invitation link, if the person came through one.
    #[serde(default)]
    invite: String,
}

/// `POST /auth/signup`: creates an account and signs it in, when the deployment allows
/// self-service sign-up or the person holds a valid invitation (404 otherwise). Every
/// refusal changes nothing and goes back to the form (keeping the invitation).
pub async fn sign_up(
    cx: Cx,
    secure: axum::Extension<SecureCookies>,
    headers: HeaderMap,
    Form(form): Form<SignUpForm>,
) -> Response {
    let agent = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let new = accounts::SignUp {
        username: &form.username,
        name: &form.name,
        email: &form.email,
        country: &form.country,
        password: &form.password,
        confirm: &form.confirm,
        invite: &form.invite,
    };
    match accounts::sign_up(&cx, &new, agent).await {
        Ok(token) => {
            let mut res = Redirect::to("/").into_response();
            set_cookie(&mut res, &session_cookie(&token, secure.0 .0));
            res
        }
        Err(app::backend::ServerError::Refused(r)) => {
            let code = r.code();
            let invite = form.invite.trim();
            let keep = if invite.is_empty() {
                String::new()
            } else {
                format!("&invite={}", urlencode(invite))
            };
            Redirect::to(&format!("/signup?error={code}{keep}")).into_response()
        }
        Err(e) => e.into_response(),
    }
}

/// Whether cookies get the `Secure` flag (the site is served over TLS).
#[derive(Clone, Copy, Debug)]
pub struct SecureCookies(pub bool);

fn session_cookie(token: &str, secure: bool) -> String {
    // No Max-Age: the cookie dies with the browser; the server enforces the timeouts.
    format!(
        "{}={token}; Path=/; HttpOnly; SameSite=Lax{}",
        session::COOKIE,
        if secure { "; Secure" } else { "" }
    )
}

pub fn set_cookie(res: &mut Response, cookie: &str) {
    if let Ok(v) = HeaderValue::from_str(cookie) {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
}

pub fn internal(e: sqlx::Error) -> Response {
    app::backend::ServerError::from(e).into_response()
}

/// Percent-encodes a query value.
pub fn urlencode(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_cookies_are_http_only_lax_and_secure_over_tls() {
        let tls = session_cookie("t0k3n", true);
        for flag in ["HttpOnly", "SameSite=Lax", "Path=/", "; Secure"] {
            assert!(tls.contains(flag), "{tls} lacks {flag}");
        }
        assert!(!session_cookie("t0k3n", false).contains("Secure"));
        assert!(
            cleared_cookie(true).contains("Max-Age=0") && cleared_cookie(true).contains("; Secure")
        );
    }
}
