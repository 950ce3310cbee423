//! Server functions: thin — who is asking, may they, then call the backend.
//!
//! Pages call these during server rendering; islands call them over HTTP. Each returns
//! [`AppError`](crate::error::AppError) so the UI can show a readable message.

pub mod account;
pub mod admin;
pub mod drafts;
pub mod library;
pub mod people;
pub mod publishing;
pub mod requests;
pub mod search;
pub mod spaces;
pub mod threads;

#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use crate::backend::{access::Viewer, AppState, ServerError};

    /// The request's viewer (set by the server's session layer) and the shared state.
    pub fn context() -> Result<(Viewer, AppState), ServerError> {
        let viewer = leptos::prelude::use_context::<Viewer>().unwrap_or_default();
        Ok((viewer, AppState::from_context()?))
    }
}
