//! What every request handler and server function can reach.

use axum::extract::FromRef;
use leptos::config::LeptosOptions;

use super::auth::SessionPolicy;
use super::Db;

#[derive(Clone, Debug)]
pub struct AppState {
    pub db: Db,
    pub leptos: LeptosOptions,
    pub sessions: SessionPolicy,
    /// Whether people may create their own accounts at `/signup`.
    pub allow_signup: bool,
    /// The OpenID Connect providers people may sign in with (none by default).
    pub oidc: super::auth::oidc::Providers,
    /// The public origin people reach the site at (for links shown in full).
    pub site_origin: String,
    /// Largest post, draft or description body accepted, in bytes of markdown.
    pub max_post_bytes: usize,
    /// The search engine (embedded tantivy or Meilisearch).
    pub search: std::sync::Arc<super::search::Engine>,
    /// Limits the audit entries anonymous requests can cause (see `audit_gate`).
    pub audit_gate: std::sync::Arc<super::audit_gate::AuditGate>,
    /// What this process keeps in memory to answer faster or more safely.
    pub caches: std::sync::Arc<Caches>,
}

/// In-memory helpers of one process: never the only copy of anything.
#[derive(Debug, Default)]
pub struct Caches {
    /// Thread pages' rows, reused while their version holds (see `thread_pages`).
    pub thread_pages: super::thread_pages::ThreadPages,
    /// CPU-heavy steps run here, off the async runtime (see `heavy`).
    pub heavy: super::heavy::Heavy,
    /// Diffs between draft revisions, computed once (see `draft_diffs`).
    pub draft_diffs: super::draft_diffs::DiffCache,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos.clone()
    }
}

impl AppState {
    /// The state provided to the page or server function being run.
    pub fn from_context() -> Result<AppState, super::ServerError> {
        leptos::prelude::use_context::<AppState>()
            .ok_or_else(|| super::ServerError::Internal("AppState missing from context".into()))
    }
}
