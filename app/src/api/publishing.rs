//! Server functions for publishing to the library: the submission form, the list of
//! submissions and a submission's page. The rules are in `backend::publishing`; form
//! posts are handled by `server::publishing`.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::submission::{SubmissionForm, SubmissionPage, SubmissionSummary};

/// The form for a new submission — promoted from a space's draft when `space` and
/// `draft` are given, or filled with a quality campaign's results with `campaign` — or,
/// with `id`, for a new revision of that submission.
#[server(endpoint = "publishing/form")]
pub async fn open_submission_form(
    #[server(default)] id: Option<i64>,
    #[server(default)] space: Option<String>,
    #[server(default)] draft: Option<i64>,
    #[server(default)] campaign: Option<i64>,
) -> Result<SubmissionForm, AppError> {
    let cx = super::ssr::cx()?;
    let from = match (&space, draft) {
        (Some(s), Some(d)) => Some((s.as_str(), d)),
        _ => None,
    };
    let mut form = crate::backend::publishing::form(&cx, id, from).await?;
    // A quality campaign's aggregated results, as the first draft of a new submission.
    if let (None, Some(c)) = (id, campaign) {
        crate::backend::quality::publish::prefill(&cx, c, &mut form).await?;
    }
    Ok(form)
}

#[server(endpoint = "publishing/list")]
pub async fn list_submissions(
    #[server(default)] status: Option<String>,
) -> Result<Vec<SubmissionSummary>, AppError> {
    let cx = super::ssr::cx()?;
    Ok(crate::backend::publishing::list(&cx, status.as_deref().unwrap_or("")).await?)
}

#[server(endpoint = "publishing/page")]
pub async fn read_submission(id: i64) -> Result<SubmissionPage, AppError> {
    let cx = super::ssr::cx()?;
    Ok(crate::backend::publishing::page(&cx, id).await?)
}
