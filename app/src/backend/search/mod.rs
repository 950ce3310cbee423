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
pub use crate::model::search::{
    is_token, Filters, Hit, ItemKind, SearchResults, ServiceFilters, Sort, FACETS, SERVICE_FACETS,
};
use crate::model::user::{CountryRole, PlatformRole};

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
    /// A treatment service's facets and place (empty for everything else).
    #[serde(flatten)]
    pub service: ServiceFacets,
}

/// What the directory filters and sorts a service by: each facet's terms (see
/// `SERVICE_FACETS`; plain tokens) and where it is.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ServiceFacets {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub region: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub level: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub modality: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub medication: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub population: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub speaks: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub payment: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub intake: Vec<String>,
    /// Meilisearch's name for a point, so it can sort by distance itself.
    #[serde(rename = "_geo", default, skip_serializing_if = "Option::is_none")]
    pub geo: Option<Geo>,
}

impl ServiceFacets {
    /// (facet name, values), in `SERVICE_FACETS` order.
    pub fn pairs(&self) -> [(&'static str, &Vec<String>); 8] {
        [
            ("region", &self.region),
            ("level", &self.level),
            ("modality", &self.modality),
            ("medication", &self.medication),
            ("population", &self.population),
            ("speaks", &self.speaks),
            ("payment", &self.payment),
            ("intake", &self.intake),
        ]
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Geo {
    pub lat: f64,
    pub lng: f64,
}

/// Great-circle distance in kilometres between two points (degrees).
pub fn distance_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, lo1, la2, lo2) = (
        a.0.to_radians(),
        a.1.to_radians(),
        b.0.to_radians(),
        b.1.to_radians(),
    );
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().min(1.0).asin()
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
    ]
    .into_iter()
    .chain(filters.service.pairs())
    {
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
            // Services not listed publicly: the same rule as
            // `access::sees_unlisted_services_of`.
            if u.role == PlatformRole::TaStaff {
                tokens.extend(
                    crate::backend::zones::AMERICAS
                        .iter()
                        .map(|(code, _)| unlisted_access(code)),
                );
            } else {
                for (role, code) in &u.country_roles {
                    if matches!(role, CountryRole::FocalPoint | CountryRole::DirectoryEditor) {
                        let token = unlisted_access(code);
                        if !tokens.contains(&token) {
                            tokens.push(token);
                        }
                    }
                }
            }
            Access::Tokens(tokens)
        }
    }
}

/// The access token of a service of `country` that is not listed publicly.
pub fn unlisted_access(country: &str) -> String {
    format!("directory-{}", country.to_ascii_uppercase())
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
#[derive(Clone, Debug, PartialEq)]
pub struct SearchQuery {
    /// The viewer's words, already normalised (`query::normalise`).
    pub text: String,
    pub access: Access,
    pub filters: Filters,
    pub sort: Sort,
    /// Search-as-you-type: the last word also matches as a prefix.
    pub prefix: bool,
    pub limit: usize,
    /// Hits skipped before the first returned (later pages, exports).
    pub offset: usize,
    /// (latitude, longitude) [`Sort::Distance`] measures from.
    pub near: Option<(f64, f64)>,
}

/// Most hits one search returns (exports page through larger sets).
pub const MAX_LIMIT: usize = 1_000;

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
