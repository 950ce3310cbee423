//! How plain form posts answer: back to the page they came from, with `?done=` naming what
//! happened or `?error=` naming the refusal, which the page shows as a message in the
//! reader's language. Other errors (not signed in, not allowed, not found) get their status.

use app::backend::ServerError;
use axum::response::{IntoResponse, Redirect, Response};

/// Redirects to `page` (a local path) with the outcome; `anchor` is appended (e.g. `#members`).
pub fn back_to(page: &str, anchor: &str, outcome: Result<&str, ServerError>) -> Response {
    match outcome {
        Ok(done) => Redirect::to(&format!("{page}?done={done}{anchor}")).into_response(),
        // Refusals carrying a message code go back to the page.
        Err(e) => match message_code(&e) {
            Some(code) => Redirect::to(&format!("{page}?error={code}{anchor}")).into_response(),
            None => e.into_response(),
        },
    }
}

/// A space slug from the URL as it may appear in a redirect.
pub fn safe_slug(slug: &str) -> String {
    slug.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .take(64)
        .collect()
}

/// An id from the path: anything but a positive number is a page that does not exist.
pub fn path_id(s: &str) -> Result<i64, ServerError> {
    s.parse::<i64>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or(ServerError::NotFound)
}

/// The short code of a refusal the page shows as a message (`Invalid` or `Conflict`
/// carrying a lowercase code), if it is one.
pub fn message_code(e: &ServerError) -> Option<&str> {
    match e {
        ServerError::Invalid(c) | ServerError::Conflict(c)
            if !c.is_empty() && c.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') =>
        {
            Some(c)
        }
        _ => None,
    }
}

/// `url` with `query` added after its own query, if it has one.
pub fn with_query(url: &str, query: &str) -> String {
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}{query}")
}
