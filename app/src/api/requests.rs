//! Server functions for technical-assistance requests: a country's list, the filing form,
//! a request's page, the staff queue, the programme's figures and canned replies. The
//! rules are in `backend::requests`; form posts are handled by `server::requests`.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::request::{
    CannedReply, CountryRequests, Figures, Queue, QueueFilters, RequestForm, RequestPage,
};

#[server(endpoint = "requests/mine")]
pub async fn list_country_requests() -> Result<Option<CountryRequests>, AppError> {
    let cx = super::ssr::cx()?;
    if cx.viewer.user().is_none() {
        return Ok(None);
    }
    Ok(Some(crate::backend::requests::of_country(&cx).await?))
}

#[server(endpoint = "requests/form")]
pub async fn open_request_form(
    #[server(default)] action: Option<i64>,
    #[server(default)] indicator: Option<String>,
) -> Result<RequestForm, AppError> {
    let cx = super::ssr::cx()?;
    Ok(crate::backend::requests::form(&cx, action, indicator.as_deref()).await?)
}

#[server(endpoint = "requests/page")]
pub async fn read_request(
    id: i64,
    #[server(default)] page: Option<i64>,
    #[server(default)] insert: Option<i64>,
) -> Result<RequestPage, AppError> {
    let cx = super::ssr::cx()?;
    let page = page.unwrap_or(1);
    Ok(crate::backend::requests::page(&cx, id, page, insert).await?)
}

#[server(endpoint = "requests/queue")]
pub async fn request_queue(filters: QueueFilters) -> Result<Queue, AppError> {
    let cx = super::ssr::cx()?;
    Ok(crate::backend::requests::queue(&cx, filters).await?)
}

#[server(endpoint = "requests/figures")]
pub async fn request_figures() -> Result<Figures, AppError> {
    let cx = super::ssr::cx()?;
    Ok(crate::backend::requests::figures(&cx).await?)
}

#[server(endpoint = "requests/canned")]
pub async fn canned_replies() -> Result<Vec<CannedReply>, AppError> {
    let cx = super::ssr::cx()?;
    Ok(crate::backend::requests::canned(&cx).await?)
}
