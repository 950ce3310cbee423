//! Form posts that change who belongs to a space: add, change role, remove or leave, ask
//! to join, approve or decline. The rules live in `app::backend::membership`; each handler
//! sends the browser back to the space page with `?done=` or `?error=` for the message.

use app::backend::{access::Viewer, membership, now, AppState, ServerError};
use axum::{
    extract::{Path, State},
    response::{IntoResponse, Redirect, Response},
    Extension, Form,
};
use serde::Deserialize;

/// Where the outcome is shown: the space page, at its members section.
fn back(slug: &str, outcome: Result<&str, ServerError>) -> Response {
    let slug = crate::forms::safe_slug(slug);
    crate::forms::back_to(&format!("/spaces/{slug}"), "#members", outcome)
}

#[derive(Deserialize)]
pub struct AddForm {
    who: String,
    role: String,
}

/// `POST /spaces/{slug}/members/add`
pub async fn add(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    Path(slug): Path<String>,
    Form(form): Form<AddForm>,
) -> Response {
    let outcome = membership::add(&state.db, &viewer, &slug, &form.who, &form.role, now()).await;
    back(&slug, outcome.map(|_| "added"))
}

#[derive(Deserialize)]
pub struct RoleForm {
    username: String,
    role: String,
}

/// `POST /spaces/{slug}/members/role`
pub async fn change_role(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    Path(slug): Path<String>,
    Form(form): Form<RoleForm>,
) -> Response {
    let outcome =
        membership::change_role(&state.db, &viewer, &slug, &form.username, &form.role, now()).await;
    back(&slug, outcome.map(|()| "role_changed"))
}

#[derive(Deserialize)]
pub struct UserForm {
    username: String,
}

/// `POST /spaces/{slug}/members/remove` (also how a member leaves)
pub async fn remove(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    Path(slug): Path<String>,
    Form(form): Form<UserForm>,
) -> Response {
    let leaving = viewer.user().is_some_and(|u| u.username == form.username);
    let outcome = membership::remove(&state.db, &viewer, &slug, &form.username, now()).await;
    match (outcome, leaving) {
        // Someone who left a private space can no longer see it.
        (Ok(()), true) => Redirect::to("/spaces").into_response(),
        (outcome, _) => back(&slug, outcome.map(|()| "removed")),
    }
}

#[derive(Deserialize)]
pub struct JoinForm {
    #[serde(default)]
    message: String,
}

/// `POST /spaces/{slug}/join`
pub async fn ask_to_join(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    Path(slug): Path<String>,
    Form(form): Form<JoinForm>,
) -> Response {
    let outcome = membership::ask_to_join(&state.db, &viewer, &slug, &form.message, now()).await;
    back(&slug, outcome.map(|()| "requested"))
}

#[derive(Deserialize)]
pub struct DecideForm {
    username: String,
    decision: String,
}

/// `POST /spaces/{slug}/requests/decide`
pub async fn decide(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    Path(slug): Path<String>,
    Form(form): Form<DecideForm>,
) -> Response {
    let approve = match form.decision.as_str() {
        "approve" => Some(true),
        "decline" => Some(false),
        _ => None,
    };
    let outcome =
        membership::decide(&state.db, &viewer, &slug, &form.username, approve, now()).await;
    let outcome = outcome.map(|()| {
        if approve == Some(true) {
            "approved"
        } else {
            "declined"
        }
    });
    back(&slug, outcome)
}
