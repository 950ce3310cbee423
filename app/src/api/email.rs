//! Server functions for email settings and the unsubscribe page.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::email::{EmailSettings, UnsubscribeView};

/// The signed-in person's email settings.
#[server(endpoint = "email/settings")]
pub async fn get_email_settings() -> Result<EmailSettings, AppError> {
    let cx = super::ssr::cx()?;
    Ok(crate::backend::email::settings(&cx).await?)
}

/// What an unsubscribe link's page shows (anyone holding the link; no session).
#[server(endpoint = "email/unsubscribe")]
pub async fn get_unsubscribe(token: String) -> Result<UnsubscribeView, AppError> {
    let cx = super::ssr::cx()?;
    Ok(crate::backend::email::unsubscribe_view(&cx, &token).await?)
}
