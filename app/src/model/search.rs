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
    /// An operational plan: its title, objectives, lines and actions.
    Plan,
    /// A treatment service of the directory.
    Service,
}

impl ItemKind {
    pub const ALL: [ItemKind; 6] = [
        ItemKind::Document,
        ItemKind::Thread,
        ItemKind::Post,
        ItemKind::Draft,
        ItemKind::Plan,
        ItemKind::Service,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::Document => "document",
            ItemKind::Thread => "thread",
            ItemKind::Post => "post",
            ItemKind::Draft => "draft",
            ItemKind::Plan => "plan",
            ItemKind::Service => "service",
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
    /// The directory's facets (see [`SERVICE_FACETS`]), each a term code.
    pub service: ServiceFilters,
}

/// Filters of the directory of services: one term per facet, `None` for any.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceFilters {
    /// First-level region, as its slug (`lima`, `san-martin`).
    pub region: Option<String>,
    pub level: Option<String>,
    pub modality: Option<String>,
    pub medication: Option<String>,
    pub population: Option<String>,
    /// A language the service works in.
    pub speaks: Option<String>,
    pub payment: Option<String>,
    /// `yes` for services taking people in at any hour.
    pub intake: Option<String>,
}

impl ServiceFilters {
    /// (facet name, value) of each filter, in [`SERVICE_FACETS`] order.
    pub fn pairs(&self) -> [(&'static str, &Option<String>); 8] {
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

    /// The filter of facet `name`, to set.
    pub fn get_mut(&mut self, name: &str) -> Option<&mut Option<String>> {
        Some(match name {
            "region" => &mut self.region,
            "level" => &mut self.level,
            "modality" => &mut self.modality,
            "medication" => &mut self.medication,
            "population" => &mut self.population,
            "speaks" => &mut self.speaks,
            "payment" => &mut self.payment,
            "intake" => &mut self.intake,
            _ => return None,
        })
    }
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
    /// Nearest first, from the place the search names (`SearchQuery::near`).
    Distance,
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
/// Facets of the directory of services, counted with the others.
pub const SERVICE_FACETS: [&str; 8] = [
    "region",
    "level",
    "modality",
    "medication",
    "population",
    "speaks",
    "payment",
    "intake",
];

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
    pub spaces: Vec<super::space::Space>,
    /// Names of the countries the results and facets mention (they carry codes).
    pub countries: Vec<super::country::CountryName>,
    /// The engine did not answer (Meilisearch down): the page says so instead of failing.
    pub unavailable: bool,
}

/// A search as asked: the words and each filter as typed (empty means "any").
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchAsked {
    pub q: String,
    pub kind: Option<String>,
    pub language: Option<String>,
    pub country: Option<String>,
    pub doc_kind: Option<String>,
    pub topic: Option<String>,
    pub space: Option<String>,
    pub sort: Option<String>,
    /// Search-as-you-type: the last word may be unfinished.
    pub prefix: bool,
}

/// The plain Latin letter under an accented one (the languages of the Americas).
pub fn fold(c: char) -> char {
    match c {
        'á' | 'à' | 'â' | 'ã' | 'ä' | 'å' => 'a',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'í' | 'ì' | 'î' | 'ï' => 'i',
        'ó' | 'ò' | 'ô' | 'õ' | 'ö' => 'o',
        'ú' | 'ù' | 'û' | 'ü' => 'u',
        'ç' => 'c',
        'ñ' => 'n',
        'ý' | 'ÿ' => 'y',
        other => other,
    }
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

#[cfg(test)]
mod page_tests {
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
