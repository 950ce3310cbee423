//! Form posts about country affiliation: asking to be recognised as working for a
//! country, taking the request back, and deciding on requests (staff and focal points).
//! Rules in `app::backend::affiliation`.

use app::backend::{access::Viewer, affiliation, now, AppState};
use axum::{
    extract::{Path, State},
    response::Response,
    Extension, Form,
};
use serde::Deserialize;

use crate::forms::{back_to, path_id};

const MINE: &str = "/account/profile";
const QUEUE: &str = "/affiliations";

#[derive(Deserialize)]
pub struct AskForm {
    #[serde(default)]
    country: String,
    #[serde(default)]
    note: String,
}

/// `POST /account/affiliation`
pub async fn ask(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    Form(form): Form<AskForm>,
) -> Response {
    let outcome = affiliation::ask(&state.db, &viewer, &form.country, &form.note, now()).await;
    back_to(MINE, "#affiliation", outcome.map(|()| "affiliation_asked"))
}

/// `POST /account/affiliation/withdraw`
pub async fn withdraw(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
) -> Response {
    let outcome = affiliation::withdraw(&state.db, &viewer, now()).await;
    back_to(
        MINE,
        "#affiliation",
        outcome.map(|()| "affiliation_withdrawn"),
    )
}

#[derive(Deserialize)]
pub struct DecideForm {
    #[serde(default)]
    decision: String,
    #[serde(default)]
    reason: String,
}

/// `POST /affiliations/{id}/decide`
pub async fn decide(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    Path(id): Path<String>,
    Form(form): Form<DecideForm>,
) -> Response {
    let outcome = async {
        let id = path_id(&id)?;
        affiliation::decide(&state.db, &viewer, id, &form.decision, &form.reason, now()).await
    };
    back_to(QUEUE, "", outcome.await)
}
