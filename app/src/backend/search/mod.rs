//! Search over the library, threads, posts and drafts: one [`SearchIndex`] trait with two
//! implementations — tantivy embedded in the process (default, index under
//! `./data/search/`) and a Meilisearch server (`MEILI_URL`, at scale).
//!
//! What may be found is decided inside the index query: every indexed item carries one
//! access token (`public`, `network` or `space-<id>` for a private space) and every query
//! carries the tokens its viewer holds (see [`access_of`]), so a hit the viewer may not
//! see is never even collected. The index is kept up to date through an outbox
//! (`queue`): writers queue the entity in their own transaction and `worker` applies it.

pub mod meili_index;
pub mod page;
pub mod query;
pub mod queue;
pub mod snippet;
pub mod sources;
pub mod tantivy_index;
pub mod worker;

use std::future::Future;

use serde::{Deserialize, Serialize};

use super::access::Viewer;
pub use crate::model::search::{is_token, Filters, Hit, ItemKind, SearchResults, Sort, FACETS};
use crate::model::user::PlatformRole;

pub use meili_index::MeiliIndex;
pub use tantivy_index::TantivyIndex;

/// One item as the index holds it: text to match, facets to filter on, and what a result
/// line shows. Built from the database by `sources`, never from a request.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SearchDoc {
    /// `document-3`, `thread-12`, `post-40`, `draft-5`: unique across kinds.
    pub key: String,
    pub kind: ItemKind,
    pub title: String,
    /// Plain text (markdown without markup).
    pub text: String,
    /// Page the result links to (path only).
    pub url: String,
    /// `public`, `network` or `space-<id>`: who may find it (see [`access_of`]).
    pub access: String,
    /// `en`, `es`, `pt`, `fr` for library documents (stemmed in that language); user
    /// content has none and is matched language-neutrally.
    pub language: Option<String>,
    /// Country ISO code (library documents).
    pub country: Option<String>,
    /// Library kind: `guideline`, `best_practice`… (library documents).
    pub doc_kind: Option<String>,
    pub topics: Vec<String>,
    /// Slug of the space it belongs to (threads, posts, drafts).
    pub space: Option<String>,
    /// Where it belongs, shown under the title: the space's or thread's name.
    pub context: String,
    /// Seconds since the epoch: publication or last change.
    pub date: i64,
}

/// The filters as (facet name, value) pairs, values checked to be plain tokens so
/// no engine's filter syntax can be injected through them.
pub fn filter_pairs(filters: &Filters) -> Result<Vec<(&'static str, String)>, SearchError> {
    let mut out = Vec::new();
    if let Some(k) = filters.kind {
        out.push(("kind", k.as_str().to_string()));
    }
    for (name, value) in [
        ("language", &filters.language),
        ("country", &filters.country),
        ("doc_kind", &filters.doc_kind),
        ("topics", &filters.topic),
        ("space", &filters.space),
    ] {
        if let Some(v) = value {
            if !is_token(v) {
                return Err(SearchError::BadFilter(name));
            }
            out.push((name, v.clone()));
        }
    }
    Ok(out)
}

/// Who may see what, as index terms.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Access {
    /// Platform administrators: no filter.
    Everything,
    /// Items whose access token is one of these.
    Tokens(Vec<String>),
}

/// The access tokens `viewer` holds — the same rule as `access::can_view_space`: everyone
/// sees public items, signed-in people network items too, members their private spaces'
/// items, administrators everything.
pub fn access_of(viewer: &Viewer) -> Access {
    match viewer.user() {
        None => Access::Tokens(vec!["public".into()]),
        Some(u) if u.role == PlatformRole::Admin => Access::Everything,
        Some(u) => {
            let mut tokens = vec!["public".to_string(), "network".to_string()];
            tokens.extend(u.spaces.iter().map(|id| format!("space-{id}")));
            Access::Tokens(tokens)
        }
    }
}

/// The access token of an item in a space of this visibility.
pub fn space_access(space_id: i64, visibility: &str) -> String {
    match visibility {
        "public" => "public".into(),
        "network" => "network".into(),
        _ => format!("space-{space_id}"),
    }
}

/// A search as the engines receive it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchQuery {
    /// The viewer's words, already normalised (`query::normalise`).
    pub text: String,
    pub access: Access,
    pub filters: Filters,
    pub sort: Sort,
    /// Search-as-you-type: the last word also matches as a prefix.
    pub prefix: bool,
    pub limit: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("the search engine is unavailable: {0}")]
    Unavailable(String),
    #[error("the search index failed: {0}")]
    Index(String),
    #[error("the {0} filter takes letters, digits, '-' and '_' only")]
    BadFilter(&'static str),
}

/// The operations every engine offers; the contract tests hold both to the same behaviour.
pub trait SearchIndex: Send + Sync {
    /// `tantivy` or `meilisearch`, for logs and benchmark output.
    fn name(&self) -> &'static str;
    /// Adds or replaces these items (by key); searchable when the future resolves.
    fn upsert(&self, docs: Vec<SearchDoc>) -> impl Future<Output = Result<(), SearchError>> + Send;
    /// Removes these items by key (unknown keys are fine).
    fn delete(&self, keys: Vec<String>) -> impl Future<Output = Result<(), SearchError>> + Send;
    /// Removes everything (before a full re-index).
    fn clear(&self) -> impl Future<Output = Result<(), SearchError>> + Send;
    fn search(
        &self,
        query: &SearchQuery,
    ) -> impl Future<Output = Result<SearchResults, SearchError>> + Send;
}

/// The engine this process uses, chosen at start-up.
pub enum Engine {
    Tantivy(TantivyIndex),
    Meili(MeiliIndex),
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Engine({})", self.name())
    }
}

impl SearchIndex for Engine {
    fn name(&self) -> &'static str {
        match self {
            Engine::Tantivy(i) => i.name(),
            Engine::Meili(i) => i.name(),
        }
    }
    async fn upsert(&self, docs: Vec<SearchDoc>) -> Result<(), SearchError> {
        match self {
            Engine::Tantivy(i) => i.upsert(docs).await,
            Engine::Meili(i) => i.upsert(docs).await,
        }
    }
    async fn delete(&self, keys: Vec<String>) -> Result<(), SearchError> {
        match self {
            Engine::Tantivy(i) => i.delete(keys).await,
            Engine::Meili(i) => i.delete(keys).await,
        }
    }
    async fn clear(&self) -> Result<(), SearchError> {
        match self {
            Engine::Tantivy(i) => i.clear().await,
            Engine::Meili(i) => i.clear().await,
        }
    }
    async fn search(&self, query: &SearchQuery) -> Result<SearchResults, SearchError> {
        match self {
            Engine::Tantivy(i) => i.search(query).await,
            Engine::Meili(i) => i.search(query).await,
        }
    }
}
