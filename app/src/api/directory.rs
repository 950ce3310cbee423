//! Server functions for the directory of treatment services: the search page, a service's
//! page and form, the editors' page, the import page. The rules are in
//! `backend::directory`; form posts, uploads and CSV are handled by `server::directory`.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::service::{
    DirectoryAsked, DirectoryImportPage, DirectoryPage, EditorPage, ServiceForm, ServicePage,
};

#[server(endpoint = "directory/search")]
pub async fn read_directory(
    #[server(default)] asked: DirectoryAsked,
) -> Result<DirectoryPage, AppError> {
    let cx = super::ssr::cx()?;
    Ok(crate::backend::directory::search::page(&cx, &asked).await?)
}

#[server(endpoint = "directory/service")]
pub async fn read_service(
    id: i64,
    #[server(default)] form: Option<String>,
) -> Result<ServicePage, AppError> {
    let cx = super::ssr::cx()?;
    Ok(crate::backend::directory::page(&cx, id, form.as_deref()).await?)
}

#[server(endpoint = "directory/form")]
pub async fn read_service_form(
    id: Option<i64>,
    #[server(default)] form: Option<String>,
) -> Result<ServiceForm, AppError> {
    let cx = super::ssr::cx()?;
    Ok(crate::backend::directory::form(&cx, id, form.as_deref()).await?)
}

#[server(endpoint = "directory/editor")]
pub async fn read_directory_editor() -> Result<EditorPage, AppError> {
    let cx = super::ssr::cx()?;
    Ok(crate::backend::directory::editor_page(&cx).await?)
}

#[server(endpoint = "directory/import")]
pub async fn read_directory_import() -> Result<DirectoryImportPage, AppError> {
    let cx = super::ssr::cx()?;
    Ok(crate::backend::directory::import::import_page(&cx).await?)
}
