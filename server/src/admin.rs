//! Form posts of the admins' users page: change a platform role, set a person's verified
//! country and the countries they hold country roles for, make an invitation link. Rules in `app::backend::admin`.

use app::backend::admin;
use app::backend::Cx;
use axum::{
    response::{IntoResponse, Redirect, Response},
    Form,
};
use serde::Deserialize;

use crate::forms::back_to;

const PAGE: &str = "/admin/users";

#[derive(Deserialize)]
pub struct RoleForm {
    username: String,
    role: String,
}

/// `POST /admin/users/role`
pub async fn change_role(cx: Cx, Form(form): Form<RoleForm>) -> Response {
    let outcome = async {
        // Who is asking comes before what they ask: non-admins learn nothing.
        admin::admin(&cx.viewer)?;
        let role = admin::parse_role(&form.role)?;
        admin::change_role(&cx, &form.username, role).await?;
        Ok("role_changed")
    };
    back_to(PAGE, "", outcome.await)
}

#[derive(Deserialize)]
pub struct CountryRolesForm {
    username: String,
    #[serde(default)]
    focal_point: String,
    #[serde(default)]
    publisher: String,
    #[serde(default)]
    directory_editor: String,
}

/// `POST /admin/users/country-roles`: the countries a person is a focal point, publisher
/// and directory editor for.
pub async fn set_country_roles(cx: Cx, Form(form): Form<CountryRolesForm>) -> Response {
    use app::model::user::CountryRole;
    let lists = [
        (CountryRole::FocalPoint, form.focal_point.as_str()),
        (CountryRole::Publisher, form.publisher.as_str()),
        (CountryRole::DirectoryEditor, form.directory_editor.as_str()),
    ];
    let outcome = admin::set_country_roles(&cx, &form.username, &lists).await;
    back_to(PAGE, "", outcome.map(|()| "country_roles_changed"))
}

#[derive(Deserialize)]
pub struct CountryForm {
    username: String,
    #[serde(default)]
    country: String,
}

/// `POST /admin/users/country`: sets (or clears) a person's verified country.
pub async fn set_country(cx: Cx, Form(form): Form<CountryForm>) -> Response {
    let outcome = app::backend::affiliation::set_by_admin(&cx, &form.username, &form.country).await;
    back_to(PAGE, "", outcome.map(|()| "country_changed"))
}

#[derive(Deserialize)]
pub struct InviteForm {
    role: String,
    #[serde(default)]
    country: String,
    #[serde(default)]
    note: String,
}

/// `POST /admin/invitations`: shows the new link once, on the users page.
pub async fn invite(cx: Cx, Form(form): Form<InviteForm>) -> Response {
    let made = async {
        admin::admin(&cx.viewer)?;
        let role = admin::parse_role(&form.role)?;
        admin::invite(&cx, role, &form.country, &form.note).await
    };
    match made.await {
        Ok(token) => Redirect::to(&format!("{PAGE}?invited={token}#invite")).into_response(),
        Err(e) => back_to(PAGE, "", Err(e)),
    }
}
