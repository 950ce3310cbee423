//! Server functions for the funding catalogue: the catalogue with its facets, one
//! mechanism, the deadlines on the home page. The rules are in `backend::funding`; form
//! posts are handled by `server::funding`.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::funding::{FundingAsked, FundingPage, MechanismPage, UpcomingDeadline};

#[server(endpoint = "funding/catalogue")]
pub async fn read_catalogue(
    #[server(default)] asked: FundingAsked,
    #[server(default)] form: Option<String>,
) -> Result<FundingPage, AppError> {
    let cx = super::ssr::cx()?;
    Ok(crate::backend::funding::catalogue(&cx, &asked, form.as_deref()).await?)
}

#[server(endpoint = "funding/mechanism")]
pub async fn read_mechanism(
    id: i64,
    #[server(default)] form: Option<String>,
) -> Result<MechanismPage, AppError> {
    let cx = super::ssr::cx()?;
    Ok(crate::backend::funding::page(&cx, id, form.as_deref()).await?)
}

#[server(endpoint = "funding/upcoming")]
pub async fn upcoming_deadlines() -> Result<Vec<UpcomingDeadline>, AppError> {
    let cx = super::ssr::cx()?;
    Ok(crate::backend::funding::upcoming(&cx).await?)
}
