//! Server function behind the search page and the header's search-as-you-type box (the
//! rules are in `backend::search::page`).

// The search server function takes one argument per filter (so a plain GET form and a
// query string map onto it); the generated client function inherits that count.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;

use crate::error::AppError;
pub use crate::model::search::{
    normalise_query, SearchPage, MAX_QUERY_CHARS, PAGE_RESULTS, SUGGESTIONS,
};

/// Searches. `prefix` is for search-as-you-type (the last word may be unfinished).
#[server(endpoint = "search")]
pub async fn search(
    q: String,
    #[server(default)] kind: Option<String>,
    #[server(default)] language: Option<String>,
    #[server(default)] country: Option<String>,
    #[server(default)] doc_kind: Option<String>,
    #[server(default)] topic: Option<String>,
    #[server(default)] space: Option<String>,
    #[server(default)] sort: Option<String>,
    #[server(default)] prefix: Option<bool>,
) -> Result<SearchPage, AppError> {
    let cx = super::ssr::cx()?;
    let asked = crate::model::search::SearchAsked {
        q,
        kind,
        language,
        country,
        doc_kind,
        topic,
        space,
        sort,
        prefix: prefix.unwrap_or(false),
    };
    Ok(crate::backend::search::page::page(&cx, &asked).await?)
}
