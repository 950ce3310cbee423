//! Form posts of the admins' users page: change a platform role, set the countries a
//! person publishes for, make an invitation link. Rules in `app::backend::admin`.

use app::backend::{access::Viewer, admin, now, AppState};
use axum::{
    extract::State,
    response::{IntoResponse, Redirect, Response},
    Extension, Form,
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
pub async fn change_role(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    Form(form): Form<RoleForm>,
) -> Response {
    let outcome = async {
        // Who is asking comes before what they ask: non-admins learn nothing.
        admin::admin(&viewer)?;
        let role = admin::parse_role(&form.role)?;
        admin::change_role(&state.db, &viewer, &form.username, role, now()).await?;
        Ok("role_changed")
    };
    back_to(PAGE, "", outcome.await)
}

#[derive(Deserialize)]
pub struct PublisherForm {
    username: String,
    #[serde(default)]
    countries: String,
}

/// `POST /admin/users/publisher`
pub async fn set_publisher(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    Form(form): Form<PublisherForm>,
) -> Response {
    let outcome =
        admin::set_publisher_countries(&state.db, &viewer, &form.username, &form.countries, now())
            .await;
    back_to(PAGE, "", outcome.map(|()| "publisher_changed"))
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
pub async fn invite(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    Form(form): Form<InviteForm>,
) -> Response {
    let made = async {
        admin::admin(&viewer)?;
        let role = admin::parse_role(&form.role)?;
        admin::invite(&state.db, &viewer, role, &form.country, &form.note, now()).await
    };
    match made.await {
        Ok(token) => Redirect::to(&format!("{PAGE}?invited={token}#invite")).into_response(),
        Err(e) => back_to(PAGE, "", Err(e)),
    }
}
