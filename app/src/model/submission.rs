//! Library submissions: a guideline or best practice a country publisher proposes through
//! the web, written in a structured template, reviewed by technical-assistance staff.

use serde::{Deserialize, Serialize};

use super::country::CountryName;

/// The template's sections, in the order the form and the published document show them.
pub const SECTIONS: [&str; 7] = [
    "context",
    "intervention",
    "population",
    "evidence",
    "results",
    "costs",
    "contact",
];

/// What the publisher writes; every section is markdown.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct SubmissionFields {
    pub country: String,
    pub language: String,
    /// `guideline` or `best_practice`.
    pub kind: String,
    /// Comma-separated topic slugs.
    pub topics: String,
    pub title: String,
    pub summary: String,
    pub context: String,
    pub intervention: String,
    pub population: String,
    pub evidence: String,
    pub results: String,
    pub costs: String,
    pub contact: String,
}

impl SubmissionFields {
    /// A template section by name (see [`SECTIONS`]).
    pub fn section(&self, name: &str) -> &str {
        match name {
            "context" => &self.context,
            "intervention" => &self.intervention,
            "population" => &self.population,
            "evidence" => &self.evidence,
            "results" => &self.results,
            "costs" => &self.costs,
            _ => &self.contact,
        }
    }
}

/// A submission in a listing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmissionSummary {
    pub id: i64,
    pub title: String,
    pub country: CountryName,
    pub language: String,
    pub kind: String,
    /// `submitted`, `changes_requested` or `approved`.
    pub status: String,
    pub author_name: String,
    pub updated_at: i64,
}

/// One step of the review conversation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct ReviewEntry {
    pub author_name: String,
    /// `comment`, `request_changes`, `approve` or `resubmit`.
    pub action: String,
    pub revision: i64,
    /// Sanitised HTML.
    pub body_html: String,
    pub created_at: i64,
}

/// A revision in the history list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct SubmissionRevision {
    pub number: i64,
    pub author_name: String,
    pub created_at: i64,
}

/// A submission's page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmissionPage {
    pub summary: SubmissionSummary,
    pub fields: SubmissionFields,
    /// Each template section of the current revision rendered (name, sanitised HTML).
    pub sections_html: Vec<(String, String)>,
    pub revision: i64,
    pub revisions: Vec<SubmissionRevision>,
    pub reviews: Vec<ReviewEntry>,
    /// Where the approved document lives (`/library/es/…`).
    pub document_url: Option<String>,
    pub can_review: bool,
    pub can_revise: bool,
}

/// The submission form: what to prefill and what the viewer may choose.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmissionForm {
    pub fields: SubmissionFields,
    /// Countries the viewer publishes for (admins: all).
    pub countries: Vec<CountryName>,
    /// Set when revising.
    pub submission_id: Option<i64>,
    /// The space draft it is promoted from.
    pub from_draft: Option<i64>,
}
