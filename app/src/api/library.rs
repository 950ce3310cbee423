//! Server functions for the library of guidelines and best practices.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::document::DocumentSummary;

/// The most recently published library documents (the library is public).
#[server(endpoint = "library/latest")]
pub async fn latest_documents(limit: i64) -> Result<Vec<DocumentSummary>, AppError> {
    use crate::backend::{store::documents, ServerError};
    let (_viewer, state) = super::ssr::context()?;
    Ok(documents::latest(&state.db.pool, limit.clamp(1, 100))
        .await
        .map_err(ServerError::from)?)
}
