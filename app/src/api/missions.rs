//! Server functions for missions: the missions page (list and calendar) and one mission.
//! The rules are in `backend::missions`; form posts are handled by `server::missions`.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::mission::{MissionPage, MissionsPage};

#[server(endpoint = "missions/list")]
pub async fn read_missions(
    #[server(default)] year: Option<i32>,
    #[server(default)] form: Option<String>,
) -> Result<MissionsPage, AppError> {
    let cx = super::ssr::cx()?;
    Ok(crate::backend::missions::list(&cx, year, form.as_deref()).await?)
}

#[server(endpoint = "missions/one")]
pub async fn read_mission(
    id: i64,
    #[server(default)] form: Option<String>,
) -> Result<MissionPage, AppError> {
    let cx = super::ssr::cx()?;
    Ok(crate::backend::missions::page(&cx, id, form.as_deref()).await?)
}
