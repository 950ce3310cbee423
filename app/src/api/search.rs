//! Server function behind the search page and the header's search-as-you-type box.
//!
//! The engine (`backend::search`) matches the words against the library, threads, posts
//! and drafts, and filters by what the viewer may see inside its own query.

// The search server function takes one argument per filter (so a plain GET form and a
// query string map onto it); the generated client function inherits that count.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::model::search::{Filters, SearchResults, Sort};
use crate::model::space::Space;

/// Longest query accepted; longer input is cut, never refused.
pub const MAX_QUERY_CHARS: usize = 200;
/// Results shown on the search page, and in the search-as-you-type list.
pub const PAGE_RESULTS: usize = 50;
pub const SUGGESTIONS: usize = 8;

/// A search as the page shows it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SearchPage {
    pub query: String,
    pub filters: Filters,
    pub sort: Sort,
    pub results: SearchResults,
    /// Spaces whose name or description matches, through the access rule's SQL (shown
    /// when no filter narrows the search to other things).
    pub spaces: Vec<Space>,
    /// Names of the countries the results and facets mention (they carry codes).
    pub countries: Vec<crate::model::country::CountryName>,
    /// The engine did not answer (Meilisearch down): the page says so instead of failing.
    pub unavailable: bool,
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

/// Empty and absent filter values both mean "any".
#[cfg(feature = "ssr")]
fn given(v: Option<String>) -> Option<String> {
    v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

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
    use crate::backend::search::{access_of, SearchError, SearchIndex, SearchQuery};
    let (viewer, state) = super::ssr::context()?;
    let query = normalise_query(&q);
    let kind = match given(kind) {
        None => None,
        Some(k) => Some(crate::model::search::ItemKind::parse(&k).ok_or_else(|| {
            AppError::Invalid(format!(
                "kind {k:?}: expected document, thread, post or draft"
            ))
        })?),
    };
    let filters = Filters {
        kind,
        language: given(language),
        country: given(country).map(|c| c.to_ascii_uppercase()),
        doc_kind: given(doc_kind),
        topic: given(topic),
        space: given(space),
    };
    let sort = match given(sort).as_deref() {
        None | Some("relevance") => Sort::Relevance,
        Some("newest") => Sort::Newest,
        Some(other) => {
            return Err(AppError::Invalid(format!(
                "sort {other:?}: expected relevance or newest"
            )))
        }
    };
    let prefix = prefix.unwrap_or(false);
    let mut page = SearchPage {
        query: query.clone(),
        filters: filters.clone(),
        sort,
        ..SearchPage::default()
    };
    if query.is_empty() && filters == Filters::default() {
        return Ok(page);
    }
    let request = SearchQuery {
        text: query,
        access: access_of(&viewer),
        filters,
        sort,
        prefix,
        limit: if prefix { SUGGESTIONS } else { PAGE_RESULTS },
    };
    if request.filters == Filters::default() && !prefix && !request.text.is_empty() {
        page.spaces = crate::backend::store::spaces::search_visible(
            &state.db.pool,
            &viewer,
            &request.text,
            10,
        )
        .await
        .map_err(crate::backend::ServerError::from)?;
    }
    match state.search.search(&request).await {
        Ok(results) => {
            let codes: std::collections::BTreeSet<&str> = results
                .facets
                .get("country")
                .into_iter()
                .flat_map(|m| m.keys().map(String::as_str))
                .chain(results.hits.iter().filter_map(|h| h.country.as_deref()))
                .collect();
            if !codes.is_empty() {
                page.countries = crate::backend::store::countries::list(&state.db.pool)
                    .await
                    .map_err(crate::backend::ServerError::from)?
                    .into_iter()
                    .filter(|c| codes.contains(c.code.as_str()))
                    .map(crate::model::country::CountryName::from)
                    .collect();
            }
            page.results = results;
        }
        Err(e @ SearchError::BadFilter(_)) => return Err(AppError::Invalid(e.to_string())),
        Err(e) => {
            tracing::warn!("search failed: {e}");
            page.unavailable = true;
        }
    }
    Ok(page)
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
