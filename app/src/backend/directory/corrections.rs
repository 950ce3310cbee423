//! "Report a correction": anyone signed in who can see a service tells its country's
//! editors what is wrong; the editors apply it (editing the record themselves) or dismiss
//! it, with a word back that the reporter sees on the service's page.

use super::visible;
use crate::backend::access;
use crate::backend::store::services as store;
use crate::backend::{Cx, ServerError};
use crate::model::refusal::{FieldRefusal, Problem, Refusal};
use crate::model::service::MAX_TEXT;

/// Files a correction of service `id`; returns its id.
pub async fn report(cx: &Cx, id: i64, body: &str) -> Result<i64, ServerError> {
    let user = cx.user()?;
    visible(cx, id).await?;
    let body = body.trim();
    if body.is_empty() {
        return Err(FieldRefusal::new("correction", Problem::Required).into());
    }
    if body.chars().count() > MAX_TEXT {
        return Err(FieldRefusal::new("correction", Problem::TooLong).into());
    }
    let mut change = cx.change().await?;
    let correction = store::add_correction(change.conn(), id, body, user.id, cx.now).await?;
    change.commit().await?;
    Ok(correction)
}

/// An editor closes correction `id` as `applied` or `dismissed`; returns its service.
pub async fn review(cx: &Cx, id: i64, status: &str, response: &str) -> Result<i64, ServerError> {
    let user = cx.user()?;
    let (correction, country) = store::correction(&cx.db().pool, id)
        .await?
        .ok_or(ServerError::NotFound)?;
    if !access::can_edit_directory_of(&cx.viewer, &country) {
        // Whoever may not review it is told nothing about it.
        return if access::sees_unlisted_services_of(&cx.viewer, &country) {
            Err(ServerError::Refused(Refusal::NotDirectoryEditor))
        } else {
            Err(ServerError::NotFound)
        };
    }
    if !matches!(status, "applied" | "dismissed") {
        return Err(FieldRefusal::new("status", Problem::Choice).into());
    }
    let response = response.trim();
    if response.chars().count() > MAX_TEXT {
        return Err(FieldRefusal::new("response", Problem::TooLong).into());
    }
    let mut change = cx.change().await?;
    if !store::review_correction(change.conn(), id, status, response, user.id, cx.now).await? {
        return Err(ServerError::Refused(Refusal::Decided));
    }
    change.commit().await?;
    Ok(correction.service_id)
}
