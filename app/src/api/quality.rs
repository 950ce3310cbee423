//! Server functions for quality assessment: the quality page, an instrument's version, a
//! campaign, an assessment. The rules are in `backend::quality`; form posts and the CSV
//! are handled by `server::quality`.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::quality::{AssessmentPage, CampaignPage, InstrumentPage, QualityHome};

#[server(endpoint = "quality/home")]
pub async fn read_quality(
    #[server(default)] form: Option<String>,
) -> Result<QualityHome, AppError> {
    let cx = super::ssr::cx()?;
    Ok(crate::backend::quality::home(&cx, form.as_deref()).await?)
}

#[server(endpoint = "quality/instrument")]
pub async fn read_instrument(
    version: i64,
    #[server(default)] form: Option<String>,
) -> Result<InstrumentPage, AppError> {
    let cx = super::ssr::cx()?;
    Ok(crate::backend::quality::instruments::page(&cx, version, form.as_deref()).await?)
}

#[server(endpoint = "quality/campaign")]
pub async fn read_campaign(
    id: i64,
    #[server(default)] form: Option<String>,
) -> Result<CampaignPage, AppError> {
    let cx = super::ssr::cx()?;
    Ok(crate::backend::quality::campaigns::page(&cx, id, form.as_deref()).await?)
}

#[server(endpoint = "quality/assessment")]
pub async fn read_assessment(
    id: i64,
    #[server(default)] form: Option<String>,
) -> Result<AssessmentPage, AppError> {
    let cx = super::ssr::cx()?;
    Ok(crate::backend::quality::assessments::page(&cx, id, form.as_deref()).await?)
}
