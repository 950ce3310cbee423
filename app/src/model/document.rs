//! Library documents as listings show them.

use serde::{Deserialize, Serialize};

use super::country::CountryName;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentSummary {
    pub slug: String,
    pub title: String,
    pub summary: String,
    /// guideline, manual, standard, best_practice, funding_mechanism, report.
    pub kind: String,
    /// `None` for regional documents.
    pub country: Option<CountryName>,
    pub language: String,
    /// YYYY-MM-DD.
    pub published_on: String,
}

/// A heading of a document, for its table of contents.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TocEntry {
    pub level: u8,
    /// Element id in the rendered body.
    pub id: String,
    pub text: String,
}

/// A thread of a space that links to a document, as its reader may see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkingThread {
    pub title: String,
    pub url: String,
    pub space_name: String,
}

/// A document page: the text, its metadata and what surrounds it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentPage {
    pub summary: DocumentSummary,
    pub source: String,
    pub topics: Vec<String>,
    /// Sanitised HTML, rendered when the document was imported or approved.
    pub body_html: String,
    pub toc: Vec<TocEntry>,
    /// The same document in other languages.
    pub translations: Vec<DocumentSummary>,
    /// Documents sharing its topics.
    pub related: Vec<DocumentSummary>,
    pub threads: Vec<LinkingThread>,
    /// Approved versions, newest first (documents published through the web).
    pub history: Vec<DocumentVersion>,
}

/// One approved version of a document published through the web.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentVersion {
    pub number: i64,
    pub approved_by: String,
    pub approved_at: i64,
}

/// Filters of the library listing; empty strings mean "any".
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LibraryFilters {
    pub kind: String,
    pub country: String,
    pub language: String,
    pub topic: String,
    /// `newest` (default), `oldest` or `title`.
    pub sort: String,
}

/// A facet value with how many listed documents have it; `label` is set where the value
/// is a code with names (countries).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FacetValue {
    pub value: String,
    pub count: i64,
    pub country: Option<CountryName>,
}

/// The library listing with its facets.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LibraryListing {
    pub filters: LibraryFilters,
    pub documents: Vec<DocumentSummary>,
    pub kinds: Vec<FacetValue>,
    pub countries: Vec<FacetValue>,
    pub languages: Vec<FacetValue>,
    pub topics: Vec<FacetValue>,
}
