//! Form posts that change who belongs to a space: add, change role, remove or leave, ask
//! to join, approve or decline. The rules live in `app::backend::membership`; each handler
//! sends the browser back to the space page with `?done=` or `?error=` for the message.

use app::backend::{access::Viewer, membership, now, AppState, ServerError};
use app::model::space::SpaceRole;
use axum::{
    extract::{Path, State},
    response::{IntoResponse, Redirect, Response},
    Extension, Form,
};
use serde::Deserialize;

/// Where the outcome is shown: the space page, at its members section.
fn back(slug: &str, outcome: Result<&str, ServerError>) -> Response {
    let slug: String = slug
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .take(64)
        .collect();
    match outcome {
        Ok(done) => Redirect::to(&format!("/spaces/{slug}?done={done}#members")).into_response(),
        // Refusals with a message code go back to the page; anything else is an error page.
        Err(ServerError::Invalid(code) | ServerError::Conflict(code))
            if code.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') =>
        {
            Redirect::to(&format!("/spaces/{slug}?error={code}#members")).into_response()
        }
        Err(e) => e.into_response(),
    }
}

fn role(s: &str) -> Result<SpaceRole, ServerError> {
    SpaceRole::parse(s).ok_or_else(|| ServerError::Invalid("bad_role".into()))
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
    let outcome = async {
        let role = role(&form.role)?;
        membership::add(&state.db, &viewer, &slug, &form.who, role, now()).await?;
        Ok("added")
    };
    back(&slug, outcome.await)
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
    let outcome = async {
        let role = role(&form.role)?;
        membership::change_role(&state.db, &viewer, &slug, &form.username, role, now()).await?;
        Ok("role_changed")
    };
    back(&slug, outcome.await)
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
    let outcome = async {
        let approve = match form.decision.as_str() {
            "approve" => true,
            "decline" => false,
            _ => return Err(ServerError::Invalid("bad_decision".into())),
        };
        membership::decide(&state.db, &viewer, &slug, &form.username, approve, now()).await?;
        Ok(if approve { "approved" } else { "declined" })
    };
    back(&slug, outcome.await)
}
