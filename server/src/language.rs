//! `POST /lang` (`to=es&next=/page`): remembers the reader's language in a cookie and
//! returns them to the page they were on. A POST, not a GET: an image in a post pointing
//! at the switch must not change every reader's language (and cross-site posts are
//! refused like any other form).

use app::i18n::{Locale, LANG_COOKIE};
use axum::{
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Redirect, Response},
    Form,
};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct Switch {
    to: String,
    next: Option<String>,
}

/// `secure`: mark the cookie `Secure` (the site is served over TLS).
pub fn switch(secure: bool, Form(q): Form<Switch>) -> Response {
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

pub use app::links::is_local_path;
