//! Search on a Meilisearch server (`MEILI_URL`, `MEILI_KEY`), for deployments with several
//! server processes or a large corpus. Items are stored as [`SearchDoc`]s in one index;
//! access tokens and facets are filterable attributes, and the viewer's tokens are part of
//! every search's filter, so Meilisearch never returns what the viewer may not see.

use std::collections::BTreeMap;
use std::time::Duration;

use meilisearch_sdk::client::Client;
use meilisearch_sdk::errors::Error as MeiliError;
use meilisearch_sdk::search::Selectors;
use meilisearch_sdk::settings::{PaginationSetting, Settings};
use meilisearch_sdk::task_info::TaskInfo;
use meilisearch_sdk::tasks::Task;

use super::query;
use super::snippet::snippet;
use super::{
    Access, Hit, SearchDoc, SearchError, SearchIndex, SearchQuery, SearchResults, Sort, FACETS,
    MAX_LIMIT, SERVICE_FACETS,
};

/// How long a write may wait for Meilisearch to apply it.
const TASK_TIMEOUT: Duration = Duration::from_secs(60);

pub struct MeiliIndex {
    client: Client,
    uid: String,
}

fn unavailable(e: MeiliError) -> SearchError {
    match e {
        MeiliError::Meilisearch(e) => SearchError::Index(e.to_string()),
        e => SearchError::Unavailable(e.to_string()),
    }
}

impl MeiliIndex {
    /// Connects to the server and makes sure the index `uid` exists with our settings.
    pub async fn open(url: &str, key: Option<&str>, uid: &str) -> Result<MeiliIndex, SearchError> {
        let index = Self::connect(url, key, uid)?;
        index.configure().await?;
        Ok(index)
    }

    /// A handle on the index without talking to the server yet (every call may then find
    /// it down).
    pub fn connect(url: &str, key: Option<&str>, uid: &str) -> Result<MeiliIndex, SearchError> {
        Ok(MeiliIndex {
            client: Client::new(url, key).map_err(unavailable)?,
            uid: uid.to_string(),
        })
    }

    /// Sets searchable, filterable and sortable attributes (idempotent).
    pub async fn configure(&self) -> Result<(), SearchError> {
        let settings = Settings::new()
            .with_searchable_attributes(["title", "text"])
            .with_filterable_attributes(
                ["access", "_geo"]
                    .into_iter()
                    .chain(FACETS)
                    .chain(SERVICE_FACETS),
            )
            .with_sortable_attributes(["date", "_geo"])
            // Exports page through every match, not only the first thousand.
            .with_pagination(PaginationSetting {
                max_total_hits: 100_000,
            })
            // "sort" first: a search sorted by date is sorted by date, not by relevance
            // with dates breaking ties; without a sort the rule does nothing.
            .with_ranking_rules([
                "sort",
                "words",
                "typo",
                "proximity",
                "attribute",
                "exactness",
            ]);
        let task = self
            .client
            .index(&self.uid)
            .set_settings(&settings)
            .await
            .map_err(unavailable)?;
        self.wait(task).await
    }

    async fn wait(&self, task: TaskInfo) -> Result<(), SearchError> {
        match task
            .wait_for_completion(
                &self.client,
                Some(Duration::from_millis(20)),
                Some(TASK_TIMEOUT),
            )
            .await
            .map_err(unavailable)?
        {
            Task::Failed { content } => Err(SearchError::Index(format!("{:?}", content.error))),
            _ => Ok(()),
        }
    }

    /// Deletes the whole index (tests clean up after themselves).
    pub async fn drop_index(&self) -> Result<(), SearchError> {
        let task = self
            .client
            .index(&self.uid)
            .delete()
            .await
            .map_err(unavailable)?;
        self.wait(task).await
    }

    fn filter(q: &SearchQuery) -> Result<String, SearchError> {
        let mut parts = Vec::new();
        if let Access::Tokens(tokens) = &q.access {
            // Tokens are `public`, `network`, `space-<id>`: built here, never typed.
            let list: Vec<String> = tokens.iter().map(|t| format!("{t:?}")).collect();
            parts.push(format!("access IN [{}]", list.join(", ")));
        }
        for (name, value) in super::filter_pairs(&q.filters)? {
            // `pairs` only lets plain tokens through, so quoting cannot be escaped.
            parts.push(format!("{name} = {value:?}"));
        }
        Ok(parts.join(" AND "))
    }
}

impl SearchIndex for MeiliIndex {
    fn name(&self) -> &'static str {
        "meilisearch"
    }

    async fn upsert(&self, docs: Vec<SearchDoc>) -> Result<(), SearchError> {
        if docs.is_empty() {
            return Ok(());
        }
        let task = self
            .client
            .index(&self.uid)
            .add_or_replace(&docs, Some("key"))
            .await
            .map_err(unavailable)?;
        self.wait(task).await
    }

    async fn delete(&self, keys: Vec<String>) -> Result<(), SearchError> {
        if keys.is_empty() {
            return Ok(());
        }
        let task = self
            .client
            .index(&self.uid)
            .delete_documents(&keys)
            .await
            .map_err(unavailable)?;
        self.wait(task).await
    }

    async fn clear(&self) -> Result<(), SearchError> {
        let task = self
            .client
            .index(&self.uid)
            .delete_all_documents()
            .await
            .map_err(unavailable)?;
        self.wait(task).await
    }

    async fn search(&self, q: &SearchQuery) -> Result<SearchResults, SearchError> {
        let parsed = query::parse(&q.text);
        if parsed.is_empty() && !q.text.trim().is_empty() {
            return Ok(SearchResults::default());
        }
        let filter = Self::filter(q)?;
        let index = self.client.index(&self.uid);
        let facet_names: Vec<&str> = FACETS.iter().chain(&SERVICE_FACETS).copied().collect();
        let by_distance = q
            .near
            .filter(|_| q.sort == Sort::Distance)
            .map(|(lat, lng)| [format!("_geoPoint({lat}, {lng}):asc")]);
        let by_distance: Option<[&str; 1]> = by_distance.as_ref().map(|[s]| [s.as_str()]);
        let newest = ["date:desc"];
        let mut search = index.search();
        search
            .with_query(&q.text)
            .with_limit(q.limit.clamp(1, MAX_LIMIT))
            .with_offset(q.offset)
            .with_facets(Selectors::Some(&facet_names));
        if !filter.is_empty() {
            search.with_filter(&filter);
        }
        if let Some(sort) = &by_distance {
            search.with_sort(sort);
        } else if q.sort == Sort::Newest || q.text.trim().is_empty() {
            search.with_sort(&newest);
        }
        let found = search.execute::<SearchDoc>().await.map_err(unavailable)?;
        let words = parsed.all_words();
        let partial = q.prefix && parsed.last_is_partial;
        let hits = found
            .hits
            .into_iter()
            .map(|h| {
                let d = h.result;
                Hit {
                    snippet_html: snippet(&d.text, &words, partial),
                    key: d.key,
                    kind: d.kind,
                    title: d.title,
                    url: d.url,
                    context: d.context,
                    language: d.language,
                    country: d.country,
                    doc_kind: d.doc_kind,
                    date: d.date,
                }
            })
            .collect();
        let mut facets = BTreeMap::new();
        for name in FACETS.iter().chain(&SERVICE_FACETS) {
            facets.insert(name.to_string(), BTreeMap::new());
        }
        for (name, values) in found.facet_distribution.unwrap_or_default() {
            facets.insert(
                name,
                values.into_iter().map(|(v, n)| (v, n as u64)).collect(),
            );
        }
        Ok(SearchResults {
            total: found.estimated_total_hits.unwrap_or(0),
            hits,
            facets,
        })
    }
}
