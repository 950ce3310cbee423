//! How plain form posts are taken and answered — one way for every area:
//!
//! - [`Ids`] reads the numeric ids of a route's path: anything but a positive number is a
//!   page that does not exist (404), like an id nobody has.
//! - [`back_to`] answers with the page the form came from, `?done=` naming what happened
//!   or `?error=` naming the refusal (a [`Refusal`] code, or a field's `field.problem`,
//!   that the page explains in the reader's language); other errors (not signed in, not
//!   allowed, not found) get their status.
//! - [`compose`] answers a form whose typed text must never be lost (a post, a draft, a
//!   request): "preview" keeps the text and shows it; a refusal keeps it and returns to the
//!   form with the message; success goes where the writer's work now is.

use std::collections::HashMap;

use app::backend::{Cx, ServerError};
use app::model::refusal::Refusal;
use axum::extract::{FromRequestParts, RawPathParams};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};

/// The path's parameters, for reading ids and the space's slug.
pub struct Ids(HashMap<String, String>);

impl<S: Send + Sync> FromRequestParts<S> for Ids {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Ids, Response> {
        let raw = RawPathParams::from_request_parts(parts, state)
            .await
            .map_err(|_| ServerError::NotFound.into_response())?;
        Ok(Ids(raw
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()))
    }
}

impl Ids {
    /// The id named `name` in the route (`{thread}`, `{post}`…).
    pub fn id(&self, name: &str) -> Result<i64, ServerError> {
        self.0
            .get(name)
            .and_then(|s| s.parse::<i64>().ok())
            .filter(|n| *n > 0)
            .ok_or(ServerError::NotFound)
    }

    /// The space's slug (`{slug}`), as given: the backend finds it or says "not found".
    pub fn slug(&self) -> &str {
        self.0.get("slug").map_or("", String::as_str)
    }
}

/// Redirects to `page` (a local path) with the outcome; `anchor` is appended (e.g. `#members`).
pub fn back_to(page: &str, anchor: &str, outcome: Result<&str, ServerError>) -> Response {
    match outcome {
        Ok(done) => Redirect::to(&format!("{page}?done={done}{anchor}")).into_response(),
        // Refusals go back to the page, which explains them.
        Err(e) => match message_code(&e) {
            Some(code) => Redirect::to(&format!("{page}?error={code}{anchor}")).into_response(),
            None => e.into_response(),
        },
    }
}

/// The code of a refusal the page shows as a message (a [`Refusal`], or a field's
/// `field.problem`), if the error is one.
pub fn message_code(e: &ServerError) -> Option<String> {
    match e {
        ServerError::Refused(r) => Some(Refusal::code(*r).to_string()),
        ServerError::Field(f) => Some(f.code()),
        _ => None,
    }
}

/// Answers a form whose text must not be lost. `intent` is the button pressed
/// (`preview` or anything else to post); `form_url` is the form's own page; `keep` saves
/// the typed text for it; `post` does the work and says where to go.
pub async fn compose(
    intent: &str,
    form_url: &str,
    keep: impl AsyncFnOnce() -> Result<(), ServerError>,
    post: impl AsyncFnOnce() -> Result<String, ServerError>,
) -> Response {
    if intent == "preview" {
        return match keep().await {
            Ok(()) => Redirect::to(&with_query(form_url, "preview=1")).into_response(),
            Err(e) => e.into_response(),
        };
    }
    match post().await {
        Ok(done) => Redirect::to(&done).into_response(),
        Err(e) => match message_code(&e) {
            Some(code) => match keep().await {
                Ok(()) => {
                    Redirect::to(&with_query(form_url, &format!("error={code}"))).into_response()
                }
                Err(e) => e.into_response(),
            },
            None => e.into_response(),
        },
    }
}

/// A refused form's typed fields and where they are kept (see `app::backend::kept`).
pub struct Kept<'a> {
    pub scope: &'a str,
    pub key: &'a str,
    pub pairs: &'a [(String, String)],
}

/// Answers a form with many fields: done (`Ok((page, done))`), to `page` with `?done=`
/// and the kept try forgotten; refused with a message, the typed fields kept and back to
/// `form_page` (`form=key`), which shows them again beside the message; other errors get
/// their status. `anchor` follows either address.
pub async fn answer_kept(
    cx: &Cx,
    kept: Kept<'_>,
    form_page: &str,
    anchor: &str,
    outcome: Result<(String, &str), ServerError>,
) -> Response {
    match outcome {
        Ok((page, done)) => match app::backend::kept::clear(cx, kept.scope, kept.key).await {
            Ok(()) => back_to(&page, anchor, Ok(done)),
            Err(e) => e.into_response(),
        },
        Err(e) if message_code(&e).is_some() => {
            match app::backend::kept::keep(cx, kept.scope, kept.key, kept.pairs).await {
                Ok(()) => back_to(form_page, &format!("&form={}{anchor}", kept.key), Err(e)),
                Err(e) => e.into_response(),
            }
        }
        Err(e) => e.into_response(),
    }
}

/// A space slug from the URL as it may appear in a redirect.
pub fn safe_slug(slug: &str) -> String {
    slug.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .take(64)
        .collect()
}

/// `url` with `query` added after its own query, if it has one (before its `#anchor`).
pub fn with_query(url: &str, query: &str) -> String {
    let (url, anchor) = match url.find('#') {
        Some(i) => url.split_at(i),
        None => (url, ""),
    };
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}{query}{anchor}")
}

/// A CSV file to download as `name`, or the error's status.
pub fn csv(outcome: Result<(String, String), ServerError>) -> Response {
    match outcome {
        Ok((name, body)) => (
            [
                (
                    axum::http::header::CONTENT_TYPE,
                    "text/csv; charset=utf-8".to_string(),
                ),
                (
                    axum::http::header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{name}\""),
                ),
            ],
            body,
        )
            .into_response(),
        Err(e) => e.into_response(),
    }
}

/// The value of field `name` in a posted form ("" when absent).
pub fn field(pairs: &[(String, String)], name: &str) -> String {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_go_before_the_anchor() {
        assert_eq!(with_query("/a", "x=1"), "/a?x=1");
        assert_eq!(with_query("/a?b=2", "x=1"), "/a?b=2&x=1");
        assert_eq!(with_query("/a?b=2#reply", "x=1"), "/a?b=2&x=1#reply");
    }
}
