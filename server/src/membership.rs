//! Form posts that change who belongs to a space: add, change role, remove or leave, ask
//! to join, approve or decline. The rules live in `app::backend::membership`; each handler
//! sends the browser back to the space page with `?done=` or `?error=` for the message.

use app::backend::Cx;
use app::backend::{membership, ServerError};
use axum::{
    extract::Path,
    response::{IntoResponse, Redirect, Response},
    Form,
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
pub async fn add(cx: Cx, Path(slug): Path<String>, Form(form): Form<AddForm>) -> Response {
    let outcome = membership::add(&cx, &slug, &form.who, &form.role).await;
    back(&slug, outcome.map(|_| "added"))
}

#[derive(Deserialize)]
pub struct RoleForm {
    username: String,
    role: String,
}

/// `POST /spaces/{slug}/members/role`
pub async fn change_role(cx: Cx, Path(slug): Path<String>, Form(form): Form<RoleForm>) -> Response {
    let outcome = membership::change_role(&cx, &slug, &form.username, &form.role).await;
    back(&slug, outcome.map(|()| "role_changed"))
}

#[derive(Deserialize)]
pub struct UserForm {
    username: String,
}

/// `POST /spaces/{slug}/members/remove` (also how a member leaves)
pub async fn remove(cx: Cx, Path(slug): Path<String>, Form(form): Form<UserForm>) -> Response {
    let leaving = cx
        .viewer
        .user()
        .is_some_and(|u| u.username == form.username);
    let outcome = membership::remove(&cx, &slug, &form.username).await;
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
pub async fn ask_to_join(cx: Cx, Path(slug): Path<String>, Form(form): Form<JoinForm>) -> Response {
    let outcome = membership::ask_to_join(&cx, &slug, &form.message).await;
    back(&slug, outcome.map(|()| "requested"))
}

#[derive(Deserialize)]
pub struct DecideForm {
    username: String,
    decision: String,
}

/// `POST /spaces/{slug}/requests/decide`
pub async fn decide(cx: Cx, Path(slug): Path<String>, Form(form): Form<DecideForm>) -> Response {
    let approve = match form.decision.as_str() {
        "approve" => Some(true),
        "decline" => Some(false),
        _ => None,
    };
    let outcome = membership::decide(&cx, &slug, &form.username, approve).await;
    let outcome = outcome.map(|()| {
        if approve == Some(true) {
            "approved"
        } else {
            "declined"
        }
    });
    back(&slug, outcome)
}
