//! Server functions for indicators: the list, an indicator's page and history, a
//! country's series, the availability matrix, the import page. The rules are in
//! `backend::indicators`; form posts, uploads and CSV are handled by `server::indicators`.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::indicator::{
    AvailabilityMatrix, CountrySeries, ImportPage, IndicatorHistory, IndicatorList, IndicatorPage,
};

#[server(endpoint = "indicators/list")]
pub async fn list_indicators(
    #[server(default)] form: Option<String>,
) -> Result<IndicatorList, AppError> {
    let cx = super::ssr::cx()?;
    Ok(crate::backend::indicators::list(&cx, form.as_deref()).await?)
}

#[server(endpoint = "indicators/page")]
pub async fn read_indicator(
    code: String,
    #[server(default)] period: Option<String>,
    #[server(default)] form: Option<String>,
) -> Result<IndicatorPage, AppError> {
    let cx = super::ssr::cx()?;
    let page = crate::backend::indicators::page(&cx, &code, period.as_deref(), form.as_deref());
    Ok(page.await?)
}

#[server(endpoint = "indicators/history")]
pub async fn read_indicator_versions(code: String) -> Result<IndicatorHistory, AppError> {
    let cx = super::ssr::cx()?;
    Ok(crate::backend::indicators::history(&cx, &code).await?)
}

#[server(endpoint = "indicators/series")]
pub async fn read_country_series(
    code: String,
    country: String,
    #[server(default)] form: Option<String>,
) -> Result<CountrySeries, AppError> {
    let cx = super::ssr::cx()?;
    let series = crate::backend::indicators::series(&cx, &code, &country, form.as_deref());
    Ok(series.await?)
}

#[server(endpoint = "indicators/availability")]
pub async fn read_availability_matrix() -> Result<AvailabilityMatrix, AppError> {
    let cx = super::ssr::cx()?;
    Ok(crate::backend::indicators::matrix(&cx).await?)
}

#[server(endpoint = "indicators/import")]
pub async fn read_import_page() -> Result<ImportPage, AppError> {
    let cx = super::ssr::cx()?;
    Ok(crate::backend::indicators::import_page(&cx).await?)
}
