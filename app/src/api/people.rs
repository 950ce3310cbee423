//! Server functions for profiles and the notification centre.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::profile::{Notifications, Profile, ProfileForm};

/// A person's profile (signed-in viewers only).
#[server(endpoint = "people/get")]
pub async fn get_profile(username: String) -> Result<Profile, AppError> {
    let cx = super::ssr::cx()?;
    Ok(crate::backend::people::profile(&cx, &username).await?)
}

/// The viewer's own profile, for the edit form.
#[server(endpoint = "people/form")]
pub async fn get_profile_form() -> Result<ProfileForm, AppError> {
    let cx = super::ssr::cx()?;
    Ok(crate::backend::people::form(&cx).await?)
}

/// The viewer's notifications, newest first.
#[server(endpoint = "notifications/list")]
pub async fn list_notifications() -> Result<Notifications, AppError> {
    let cx = super::ssr::cx()?;
    Ok(crate::backend::notifications::centre(&cx).await?)
}
