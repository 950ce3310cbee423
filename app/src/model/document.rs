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
