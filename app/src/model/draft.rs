//! Drafts in a space — markdown documents with numbered revisions, a status and a comment
//! thread — as pages show them.

use serde::{Deserialize, Serialize};

/// Where a draft stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DraftStatus {
    Draft,
    InReview,
    Approved,
}

impl DraftStatus {
    pub const ALL: [DraftStatus; 3] = [
        DraftStatus::Draft,
        DraftStatus::InReview,
        DraftStatus::Approved,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DraftStatus::Draft => "draft",
            DraftStatus::InReview => "in_review",
            DraftStatus::Approved => "approved",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        DraftStatus::ALL.into_iter().find(|d| d.as_str() == s)
    }
}

/// A draft in a space's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftSummary {
    pub id: i64,
    pub title: String,
    pub status: DraftStatus,
    pub revisions: i64,
    pub updated_at: i64,
}

/// A space's drafts, and whether the viewer may start one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftList {
    pub drafts: Vec<DraftSummary>,
    pub can_create: bool,
}

/// One revision in a draft's history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevisionSummary {
    pub number: i64,
    pub author_name: String,
    pub created_at: i64,
    pub summary: String,
}

/// A draft page: one revision of it (the newest unless asked), its history and what the
/// viewer may do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftView {
    pub id: i64,
    pub title: String,
    pub status: DraftStatus,
    pub space_slug: String,
    pub space_name: String,
    /// The revision shown and the newest one.
    pub shown: i64,
    pub current: i64,
    pub body_html: String,
    pub author_name: String,
    pub created_at: i64,
    /// Newest first.
    pub history: Vec<RevisionSummary>,
    pub thread_id: Option<i64>,
    pub comments: i64,
    pub can_edit: bool,
    pub can_set_status: bool,
    /// The viewer publishes library documents for some country, so may propose this draft
    /// to the library.
    pub can_propose: bool,
    /// The draft's newest live event when the page was read (see `ThreadView`).
    pub live_since: i64,
}

/// One line of a diff: unchanged, removed or added, split into segments of which the
/// changed words are marked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiffLine {
    /// ' ' unchanged, '-' only in the older revision, '+' only in the newer.
    pub tag: char,
    /// `(changed, text)` pieces of the line.
    pub segments: Vec<(bool, String)>,
}

/// The difference between two revisions of a draft.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftDiff {
    pub id: i64,
    pub title: String,
    pub space_slug: String,
    pub from: i64,
    pub to: i64,
    pub current: i64,
    pub lines: Vec<DiffLine>,
    pub added: usize,
    pub removed: usize,
    /// The newer revision's HTML with changed words marked; `None` when the two read alike
    /// (or, with `coarse`, when they are too long to mark).
    pub rendered: Option<String>,
    /// The revisions were too long or too different for every detail: long rewritten runs
    /// are shown line by line, and very long revisions get no marked reading view.
    pub coarse: bool,
}

/// What the draft form starts with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftCompose {
    pub space_slug: String,
    pub space_name: String,
    /// The draft being edited (None for a new one).
    pub draft_id: Option<i64>,
    pub title: String,
    pub body: String,
    pub summary: String,
    /// The revision the edit starts from.
    pub base: i64,
    pub preview_html: Option<String>,
    /// When a save was refused because someone saved first: the newest revision and
    /// what changed between the edit's base and it.
    pub conflict: Option<DraftDiff>,
    pub max_body_bytes: usize,
}
