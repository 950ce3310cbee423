//! Server-only code: database, stores, access rules, demo data. No UI, no Leptos views.

pub mod access;
pub mod accounts;
pub mod admin;
pub mod affiliation;
pub mod audit_gate;
pub mod auth;
pub mod change;
pub mod content_import;
pub mod context;
pub mod db;
pub mod demo;
pub mod demo_directory;
pub mod demo_funding;
pub mod demo_indicators;
pub mod demo_missions;
pub mod demo_network;
pub mod demo_plans;
pub mod demo_quality;
pub mod directory;
pub mod discussion;
pub mod draft_diffs;
pub mod drafts;
pub mod email;
pub mod error;
pub mod events;
pub mod form_fields;
pub mod funding;
pub mod heavy;
pub mod html_diff;
pub mod indicators;
pub mod kept;
pub mod library;
pub mod membership;
pub mod missions;
pub mod network;
pub mod notifications;
pub mod notify;
pub mod people;
pub mod plans;
pub mod publishing;
pub mod quality;
pub mod requests;
pub mod rooms;
pub mod search;
pub mod spaces;
pub mod spreadsheet;
pub mod state;
pub mod store;
pub mod thread_pages;
pub mod zones;

pub use change::Change;
pub use context::Cx;
pub use db::{Db, Dialect};
pub use error::ServerError;
pub use state::AppState;

/// Seconds since the Unix epoch: how every timestamp is stored, in both dialects.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default()
}
