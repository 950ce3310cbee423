//! Who is asking, of which platform, and when: the one value every backend function
//! takes, instead of a database, a viewer, a clock and limits passed one by one.
//!
//! Form handlers get it as an axum extractor; server functions build it from the Leptos
//! context; tests and the demo loader build it from an [`AppState`] with [`Cx::new`].

use axum::extract::FromRequestParts;
use http::request::Parts;

use super::access::{SignedIn, Viewer};
use super::change::Change;
use super::{AppState, Db, ServerError};

#[derive(Clone, Debug)]
pub struct Cx {
    pub state: AppState,
    pub viewer: Viewer,
    /// The request's time (seconds since the epoch): one clock for a whole request.
    pub now: i64,
}

impl Cx {
    pub fn new(state: &AppState, viewer: Viewer, now: i64) -> Cx {
        Cx {
            state: state.clone(),
            viewer,
            now,
        }
    }

    /// The same platform and time, another viewer (the demo loader acts as several people).
    pub fn as_viewer(&self, viewer: Viewer) -> Cx {
        Cx {
            state: self.state.clone(),
            viewer,
            now: self.now,
        }
    }

    pub fn db(&self) -> &Db {
        &self.state.db
    }

    /// The signed-in person, or "sign in first".
    pub fn user(&self) -> Result<&SignedIn, ServerError> {
        self.viewer.user().ok_or(ServerError::Unauthorized)
    }

    /// The largest post, draft or description accepted, in bytes of markdown.
    pub fn max_post_bytes(&self) -> usize {
        self.state.max_post_bytes
    }

    /// The zone the viewer is in (UTC for someone not signed in): instants they see or
    /// give as days (a due date, a CSV export) are days there.
    pub fn zone(&self) -> crate::dates::Zone {
        super::zones::of(&self.viewer)
    }

    /// Begins one change (see `change`).
    pub async fn change(&self) -> Result<Change, ServerError> {
        Ok(Change::begin(&self.state.db).await?)
    }

    /// The context of the page or server function being run.
    pub fn from_leptos() -> Result<Cx, ServerError> {
        let viewer = leptos::prelude::use_context::<Viewer>().unwrap_or_default();
        Ok(Cx::new(&AppState::from_context()?, viewer, super::now()))
    }
}

/// For form handlers: the state, the viewer the session layer found, and the time now.
impl FromRequestParts<AppState> for Cx {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Cx, Self::Rejection> {
        let viewer = parts
            .extensions
            .get::<Viewer>()
            .cloned()
            .unwrap_or_default();
        Ok(Cx::new(state, viewer, super::now()))
    }
}
