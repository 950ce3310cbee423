//! Server functions for the network: the index of countries, one country's page, the
//! network directory and a space's working-group form. The rules are in
//! `backend::network`; form posts are handled by `server::network`.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::network::{CountryIndex, CountryPage, GroupForm, NetworkAsked, NetworkPage};

#[server(endpoint = "network/countries")]
pub async fn read_countries() -> Result<CountryIndex, AppError> {
    let cx = super::ssr::cx()?;
    Ok(crate::backend::network::index(&cx).await?)
}

#[server(endpoint = "network/country")]
pub async fn read_country(code: String) -> Result<CountryPage, AppError> {
    let cx = super::ssr::cx()?;
    Ok(crate::backend::network::country(&cx, &code).await?)
}

#[server(endpoint = "network/directory")]
pub async fn read_network(
    #[server(default)] asked: NetworkAsked,
    #[server(default)] form: Option<String>,
) -> Result<NetworkPage, AppError> {
    let cx = super::ssr::cx()?;
    Ok(crate::backend::network::directory::page(&cx, &asked, form.as_deref()).await?)
}

#[server(endpoint = "network/group")]
pub async fn read_group_form(
    slug: String,
    #[server(default)] form: Option<String>,
) -> Result<GroupForm, AppError> {
    let cx = super::ssr::cx()?;
    Ok(crate::backend::network::groups::form(&cx, &slug, form.as_deref()).await?)
}
