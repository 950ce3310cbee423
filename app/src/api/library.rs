//! Server functions for the library of guidelines and best practices (public: anyone may
//! read it; the threads linking to a document are filtered by the access rule).

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::document::{DocumentPage, DocumentSummary, LibraryFilters, LibraryListing};

/// The most recently published library documents.
#[server(endpoint = "library/latest")]
pub async fn latest_documents(limit: i64) -> Result<Vec<DocumentSummary>, AppError> {
    use crate::backend::{store::documents, ServerError};
    let (_viewer, state) = super::ssr::context()?;
    Ok(documents::latest(&state.db.pool, limit.clamp(1, 100))
        .await
        .map_err(ServerError::from)?)
}

/// The library listing, filtered and sorted, with its facets.
#[server(endpoint = "library/list")]
pub async fn browse_library(filters: LibraryFilters) -> Result<LibraryListing, AppError> {
    let (_viewer, state) = super::ssr::context()?;
    Ok(crate::backend::library::listing(&state.db, &filters).await?)
}

/// One document's page.
#[server(endpoint = "library/document")]
pub async fn read_document(language: String, name: String) -> Result<DocumentPage, AppError> {
    let (viewer, state) = super::ssr::context()?;
    Ok(crate::backend::library::page(&state.db, &viewer, &language, &name).await?)
}
