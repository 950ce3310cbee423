//! Server function behind the header's search box.
//!
//! Matches the text against what exists and the viewer may see: space names and
//! descriptions (through the access rule's SQL condition) and library titles and summaries.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::model::{document::DocumentSummary, space::Space};

/// Longest query accepted; longer input is cut, never refused.
pub const MAX_QUERY_CHARS: usize = 200;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchResults {
    pub query: String,
    pub spaces: Vec<Space>,
    pub documents: Vec<DocumentSummary>,
}

/// Normalises raw query text: control characters dropped, whitespace collapsed, length capped.
pub fn normalise_query(raw: &str) -> String {
    let cleaned: String = raw
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(MAX_QUERY_CHARS * 4)
        .collect();
    cleaned
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(MAX_QUERY_CHARS)
        .collect()
}

#[server(endpoint = "search")]
pub async fn search(q: String) -> Result<SearchResults, AppError> {
    use crate::backend::{store, ServerError};
    let (viewer, state) = super::ssr::context()?;
    let query = normalise_query(&q);
    if query.is_empty() {
        return Ok(SearchResults::default());
    }
    let spaces = store::spaces::search_visible(&state.db.pool, &viewer, &query, 50)
        .await
        .map_err(ServerError::from)?;
    let documents = store::documents::search(&state.db.pool, &query, 50)
        .await
        .map_err(ServerError::from)?;
    Ok(SearchResults {
        query,
        spaces,
        documents,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_are_normalised() {
        assert_eq!(normalise_query("  a\u{0}b \t\n c  "), "a b c");
        assert_eq!(normalise_query(&"x".repeat(10_000)).len(), MAX_QUERY_CHARS);
        assert_eq!(
            normalise_query("tratamiento (\"calidad"),
            "tratamiento (\"calidad"
        );
    }
}
