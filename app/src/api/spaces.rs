//! Server functions for working-group spaces.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::space::Space;

/// Spaces the viewer may see, newest first.
#[server(endpoint = "spaces/list")]
pub async fn list_spaces(limit: i64) -> Result<Vec<Space>, AppError> {
    let cx = super::ssr::cx()?;
    Ok(crate::backend::spaces::list(&cx, limit).await?)
}

/// One space by slug. A space the viewer may not see is reported as not found, so its
/// existence is not revealed.
#[server(endpoint = "spaces/get")]
pub async fn get_space(slug: String) -> Result<Space, AppError> {
    let cx = super::ssr::cx()?;
    Ok(crate::backend::access::place(&cx, &slug).await?.space)
}

/// Who belongs to a space, as the viewer may know it (see `backend::membership::view`).
#[server(endpoint = "spaces/membership")]
pub async fn space_membership(slug: String) -> Result<crate::model::space::Membership, AppError> {
    let cx = super::ssr::cx()?;
    Ok(crate::backend::membership::view(&cx, &slug).await?)
}

/// The form for a new space (for those who may start one).
#[server(endpoint = "spaces/new_form")]
pub async fn new_space_form() -> Result<crate::model::space::SpaceSettings, AppError> {
    let cx = super::ssr::cx()?;
    Ok(crate::backend::spaces::new_form(&cx).await?)
}

/// A space's settings (its owners and admins).
#[server(endpoint = "spaces/settings")]
pub async fn space_settings(slug: String) -> Result<crate::model::space::SpaceSettings, AppError> {
    let cx = super::ssr::cx()?;
    Ok(crate::backend::spaces::settings(&cx, &slug).await?)
}

/// Whether the viewer may start a space somewhere (so pages offer it only to them).
#[server(endpoint = "spaces/can_start")]
pub async fn can_start_space() -> Result<bool, AppError> {
    let cx = super::ssr::cx()?;
    Ok(crate::backend::spaces::new_form(&cx).await.is_ok())
}
