//! Server functions for drafts: a space's list, a draft (any revision), the diff between
//! two revisions, and what the draft form starts with. Saves arrive as form posts (see the
//! server's `drafts`).

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::draft::{DraftCompose, DraftDiff, DraftList, DraftView};

#[server(endpoint = "drafts/list")]
pub async fn list_drafts(slug: String) -> Result<DraftList, AppError> {
    let cx = super::ssr::cx()?;
    Ok(crate::backend::drafts::list(&cx, &slug).await?)
}

/// The draft at revision `revision` (the newest when None).
#[server(endpoint = "drafts/get")]
pub async fn get_draft(
    slug: String,
    draft: i64,
    revision: Option<i64>,
) -> Result<DraftView, AppError> {
    let cx = super::ssr::cx()?;
    Ok(crate::backend::drafts::view(&cx, &slug, draft, revision).await?)
}

#[server(endpoint = "drafts/diff")]
pub async fn get_draft_diff(
    slug: String,
    draft: i64,
    from: i64,
    to: i64,
) -> Result<DraftDiff, AppError> {
    let cx = super::ssr::cx()?;
    Ok(crate::backend::drafts::diff(&cx, &slug, draft, from, to).await?)
}

/// The draft form: a new draft (`draft` None) or an edit, after a refused save on `base`
/// (`stale`) or a preview.
#[server(endpoint = "drafts/compose")]
pub async fn draft_form(
    slug: String,
    draft: Option<i64>,
    base: Option<i64>,
    stale: bool,
    preview: bool,
) -> Result<DraftCompose, AppError> {
    use crate::backend::drafts::{self, DraftFor};
    let cx = super::ssr::cx()?;
    let what = match draft {
        Some(draft_id) => DraftFor::Edit { draft_id },
        None => DraftFor::New,
    };
    Ok(drafts::compose_form(&cx, &slug, what, base, stale, preview).await?)
}
