//! Server functions for the signed-in person's own account.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::user::SessionView;

/// The viewer's live sessions, the current one marked.
#[server(endpoint = "account/sessions")]
pub async fn my_sessions() -> Result<Vec<SessionView>, AppError> {
    use crate::backend::{auth::session, now, ServerError};
    let (viewer, state) = super::ssr::context()?;
    let user = viewer.user().ok_or(ServerError::Unauthorized)?;
    let rows = session::list_for_user(&state.db.pool, user.id, state.sessions, now())
        .await
        .map_err(ServerError::from)?;
    Ok(rows
        .into_iter()
        .map(|r| SessionView {
            current: r.id == user.session_id,
            id: r.id,
            created_at: r.created_at,
            last_seen_at: r.last_seen_at,
            user_agent: r.user_agent,
        })
        .collect())
}

/// The countries a new account can belong to; not found when sign-up is closed and
/// `invite` is not a valid invitation token.
#[server(endpoint = "account/signup_countries")]
pub async fn signup_countries(
    invite: String,
) -> Result<Vec<crate::model::country::CountryName>, AppError> {
    use crate::backend::{now, store::countries, store::invitations, ServerError};
    let (_viewer, state) = super::ssr::context()?;
    let invited = !invite.is_empty()
        && invitations::valid(&state.db.pool, &invite, now())
            .await
            .map_err(ServerError::from)?
            .is_some();
    if !state.allow_signup && !invited {
        return Err(ServerError::NotFound.into());
    }
    let list = countries::list(&state.db.pool)
        .await
        .map_err(ServerError::from)?;
    Ok(list
        .into_iter()
        .map(crate::model::country::CountryName::from)
        .collect())
}
