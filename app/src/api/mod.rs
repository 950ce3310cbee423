//! Server functions: thin — who is asking, may they, then call the backend.
//!
//! Pages call these during server rendering; islands call them over HTTP. Each returns
//! [`AppError`](crate::error::AppError) so the UI can show a readable message.

pub mod account;
pub mod admin;
pub mod directory;
pub mod drafts;
pub mod email;
pub mod funding;
pub mod indicators;
pub mod library;
pub mod missions;
pub mod network;
pub mod people;
pub mod plans;
pub mod publishing;
pub mod quality;
pub mod requests;
pub mod search;
pub mod spaces;
pub mod threads;

#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use crate::backend::{Cx, ServerError};

    /// Who is asking (set by the server's session layer), of which platform, and when.
    pub fn cx() -> Result<Cx, ServerError> {
        Cx::from_leptos()
    }
}
