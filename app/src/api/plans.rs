//! Server functions for operational plans: the list, a plan's page, a check-in's page. The
//! rules are in `backend::plans`; form posts are handled by `server::plans`.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::plan::{
    CheckinPage, DomainName, PlanDiff, PlanList, PlanPage, RecommendationRegister,
};

#[server(endpoint = "plans/list")]
pub async fn list_plans(#[server(default)] form: Option<String>) -> Result<PlanList, AppError> {
    let cx = super::ssr::cx()?;
    Ok(crate::backend::plans::list(&cx, form.as_deref()).await?)
}

#[server(endpoint = "plans/page")]
pub async fn read_plan(
    id: i64,
    #[server(default)] form: Option<String>,
) -> Result<PlanPage, AppError> {
    let cx = super::ssr::cx()?;
    Ok(crate::backend::plans::page(&cx, id, form.as_deref()).await?)
}

#[server(endpoint = "plans/diff")]
pub async fn compare_plan_versions(
    id: i64,
    #[server(default)] from: Option<i64>,
    #[server(default)] to: Option<i64>,
) -> Result<PlanDiff, AppError> {
    let cx = super::ssr::cx()?;
    Ok(crate::backend::plans::diff(&cx, id, from, to).await?)
}

#[server(endpoint = "plans/checkin")]
pub async fn read_checkin(
    id: i64,
    months: i64,
    #[server(default)] form: Option<String>,
) -> Result<CheckinPage, AppError> {
    let cx = super::ssr::cx()?;
    Ok(crate::backend::plans::checkin_page(&cx, id, months, form.as_deref()).await?)
}

#[server(endpoint = "plans/recommendations")]
pub async fn read_recommendations(country: String) -> Result<RecommendationRegister, AppError> {
    let cx = super::ssr::cx()?;
    Ok(crate::backend::plans::register(&cx, &country).await?)
}

#[server(endpoint = "plans/domains")]
pub async fn list_domains() -> Result<Vec<DomainName>, AppError> {
    let cx = super::ssr::cx()?;
    Ok(crate::backend::plans::domains(&cx).await?)
}
