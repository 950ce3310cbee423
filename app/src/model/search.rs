//! Search as pages show it: what kind of thing a result is, the filters and sort a
//! search takes, and result lines with facet counts. The engines live in
//! `backend::search`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// What an indexed item is; results are grouped by it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    Document,
    Thread,
    Post,
    Draft,
}

impl ItemKind {
    pub const ALL: [ItemKind; 4] = [
        ItemKind::Document,
        ItemKind::Thread,
        ItemKind::Post,
        ItemKind::Draft,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::Document => "document",
            ItemKind::Thread => "thread",
            ItemKind::Post => "post",
            ItemKind::Draft => "draft",
        }
    }

    pub fn parse(s: &str) -> Option<ItemKind> {
        ItemKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// Facet filters, each exact; `None` means any.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Filters {
    pub kind: Option<ItemKind>,
    pub language: Option<String>,
    pub country: Option<String>,
    pub doc_kind: Option<String>,
    pub topic: Option<String>,
    pub space: Option<String>,
}

/// ASCII letters, digits, '-' and '_', 1–64 long: the only facet values there are.
pub fn is_token(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    #[default]
    Relevance,
    Newest,
}

/// One result line.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Hit {
    pub key: String,
    pub kind: ItemKind,
    pub title: String,
    pub url: String,
    /// Escaped text with the matched words in `<mark>`: safe to insert as HTML.
    pub snippet_html: String,
    pub context: String,
    pub language: Option<String>,
    pub country: Option<String>,
    pub doc_kind: Option<String>,
    pub date: i64,
}

/// Results with facet counts over everything that matched (not only the shown hits).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SearchResults {
    pub total: usize,
    pub hits: Vec<Hit>,
    /// facet name (`kind`, `language`, `country`, `doc_kind`, `topics`, `space`) → value → count
    pub facets: BTreeMap<String, BTreeMap<String, u64>>,
}

/// Facets counted for every search.
pub const FACETS: [&str; 6] = ["kind", "language", "country", "doc_kind", "topics", "space"];
