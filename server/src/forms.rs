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
        Err(ServerError::Invalid(code) | ServerError::Conflict(code))
            if !code.is_empty() && code.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') =>
        {
            Redirect::to(&format!("{page}?error={code}{anchor}")).into_response()
        }
        Err(e) => e.into_response(),
    }
}
