//! Server functions for the library of guidelines and best practices (public: anyone may
//! read it; the threads linking to a document are filtered by the access rule).

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::document::{DocumentPage, DocumentSummary, LibraryFilters, LibraryListing};

/// The most recently published library documents.
#[server(endpoint = "library/latest")]
pub async fn latest_documents(limit: i64) -> Result<Vec<DocumentSummary>, AppError> {
    let cx = super::ssr::cx()?;
    Ok(crate::backend::library::latest(&cx, limit).await?)
}

/// The library listing, filtered and sorted, with its facets.
#[server(endpoint = "library/list")]
pub async fn browse_library(filters: LibraryFilters) -> Result<LibraryListing, AppError> {
    let cx = super::ssr::cx()?;
    Ok(crate::backend::library::listing(&cx, &filters).await?)
}

/// One document's page.
#[server(endpoint = "library/document")]
pub async fn read_document(language: String, name: String) -> Result<DocumentPage, AppError> {
    let cx = super::ssr::cx()?;
    Ok(crate::backend::library::page(&cx, &language, &name).await?)
}
