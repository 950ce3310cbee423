//! `GET /lang?to=es&next=/page`: remembers the reader's language in a cookie and returns
//! them to the page they were on.

use app::i18n::{Locale, LANG_COOKIE};
use axum::{
    extract::Query,
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct Switch {
    to: String,
    next: Option<String>,
}

/// `secure`: mark the cookie `Secure` (the site is served over TLS).
pub fn switch(secure: bool, Query(q): Query<Switch>) -> Response {
    let Some(locale) = Locale::from_tag(&q.to) else {
        return (
            StatusCode::BAD_REQUEST,
            "Unknown language: use one of en, es, pt, fr.",
        )
            .into_response();
    };
    let next = q
        .next
        .as_deref()
        .filter(|n| is_local_path(n))
        .unwrap_or("/");
    let cookie = format!(
        "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly{}",
        locale.code(),
        if secure { "; Secure" } else { "" }
    );
    let mut res = Redirect::to(next).into_response();
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        res.headers_mut().insert(header::SET_COOKIE, v);
    }
    res
}

/// Only paths on this site: no scheme, no `//host`, no backslash tricks.
pub fn is_local_path(p: &str) -> bool {
    p.starts_with('/')
        && !p.starts_with("//")
        && !p.contains('\\')
        && !p.chars().any(|c| c.is_control())
}

#[cfg(test)]
mod tests {
    use super::is_local_path;

    #[test]
    fn only_local_redirects() {
        assert!(is_local_path("/spaces?x=1"));
        assert!(!is_local_path("//evil.example"));
        assert!(!is_local_path("https://evil.example"));
        assert!(!is_local_path("/\\evil.example"));
        assert!(!is_local_path("/a\r\nSet-Cookie: x"));
    }
}
