//! Server functions for the signed-in person's own account, and the sign-up page.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::affiliation::{AffiliationQueue, MyAffiliation};
use crate::model::user::{SessionView, SignUpForm};

/// The viewer's live sessions, the current one marked.
#[server(endpoint = "account/sessions")]
pub async fn my_sessions() -> Result<Vec<SessionView>, AppError> {
    use crate::backend::accounts;
    let cx = super::ssr::cx()?;
    Ok(accounts::sessions(&cx).await?)
}

/// What the sign-up form offers; not found when sign-up is closed and `invite` is not a
/// valid invitation token.
#[server(endpoint = "account/signup_form")]
pub async fn signup_form(invite: String) -> Result<SignUpForm, AppError> {
    use crate::backend::accounts;
    let cx = super::ssr::cx()?;
    Ok(accounts::signup_form(&cx, &invite).await?)
}

/// The viewer's verified country and their requests for one.
#[server(endpoint = "account/affiliation")]
pub async fn get_my_affiliation() -> Result<MyAffiliation, AppError> {
    let cx = super::ssr::cx()?;
    Ok(crate::backend::affiliation::mine(&cx).await?)
}

/// The affiliation requests the viewer decides on (staff, admins, focal points).
#[server(endpoint = "affiliations/queue")]
pub async fn get_affiliation_queue() -> Result<AffiliationQueue, AppError> {
    let cx = super::ssr::cx()?;
    Ok(crate::backend::affiliation::queue(&cx).await?)
}
