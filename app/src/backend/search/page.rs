//! The search page as a viewer asked for it: the words and filters checked and turned into
//! an engine query carrying the viewer's access tokens, matching spaces found through the
//! access rule's SQL, and the names of the countries the results mention.

use super::{access_of, SearchError, SearchIndex, SearchQuery};
use crate::backend::store::{countries, spaces};
use crate::backend::{Cx, ServerError};
use crate::model::country::CountryName;
use crate::model::search::{
    normalise_query, Filters, ItemKind, SearchAsked, SearchPage, Sort, PAGE_RESULTS, SUGGESTIONS,
};

/// Empty and absent filter values both mean "any".
fn given(v: &Option<String>) -> Option<String> {
    v.as_ref()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

pub async fn page(cx: &Cx, asked: &SearchAsked) -> Result<SearchPage, ServerError> {
    let query = normalise_query(&asked.q);
    let kind = match given(&asked.kind) {
        None => None,
        Some(k) => Some(ItemKind::parse(&k).ok_or_else(|| {
            ServerError::Invalid(format!(
                "kind {k:?}: expected document, thread, post, draft, plan or service"
            ))
        })?),
    };
    let filters = Filters {
        kind,
        language: given(&asked.language),
        country: given(&asked.country).map(|c| c.to_ascii_uppercase()),
        doc_kind: given(&asked.doc_kind),
        topic: given(&asked.topic),
        space: given(&asked.space),
        ..Filters::default()
    };
    let sort = match given(&asked.sort).as_deref() {
        None | Some("relevance") => Sort::Relevance,
        Some("newest") => Sort::Newest,
        Some(other) => {
            return Err(ServerError::Invalid(format!(
                "sort {other:?}: expected relevance or newest"
            )))
        }
    };
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
        access: access_of(&cx.viewer),
        filters,
        sort,
        prefix: asked.prefix,
        limit: if asked.prefix {
            SUGGESTIONS
        } else {
            PAGE_RESULTS
        },
        offset: 0,
        near: None,
    };
    let pool = &cx.db().pool;
    if request.filters == Filters::default() && !asked.prefix && !request.text.is_empty() {
        page.spaces = spaces::search_visible(pool, &cx.viewer, &request.text, 10).await?;
    }
    match cx.state.search.search(&request).await {
        Ok(results) => {
            let codes: std::collections::BTreeSet<&str> = results
                .facets
                .get("country")
                .into_iter()
                .flat_map(|m| m.keys().map(String::as_str))
                .chain(results.hits.iter().filter_map(|h| h.country.as_deref()))
                .collect();
            if !codes.is_empty() {
                page.countries = countries::list(pool)
                    .await?
                    .into_iter()
                    .filter(|c| codes.contains(c.code.as_str()))
                    .map(CountryName::from)
                    .collect();
            }
            page.results = results;
        }
        Err(e @ SearchError::BadFilter(_)) => return Err(ServerError::Invalid(e.to_string())),
        Err(e) => {
            tracing::warn!("search failed: {e}");
            page.unavailable = true;
        }
    }
    Ok(page)
}
