//! Form posts about country affiliation: asking to be recognised as working for a
//! country, taking the request back, and deciding on requests (staff and focal points).
//! Rules in `app::backend::affiliation`.

use app::backend::affiliation;
use app::backend::Cx;
use axum::{response::Response, Form};
use serde::Deserialize;

use crate::forms::{back_to, Ids};

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
pub async fn ask(cx: Cx, Form(form): Form<AskForm>) -> Response {
    let outcome = affiliation::ask(&cx, &form.country, &form.note).await;
    back_to(MINE, "#affiliation", outcome.map(|()| "affiliation_asked"))
}

/// `POST /account/affiliation/withdraw`
pub async fn withdraw(cx: Cx) -> Response {
    let outcome = affiliation::withdraw(&cx).await;
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
pub async fn decide(cx: Cx, ids: Ids, Form(form): Form<DecideForm>) -> Response {
    let outcome = async {
        let id = ids.id("id")?;
        affiliation::decide(&cx, id, &form.decision, &form.reason).await
    };
    back_to(QUEUE, "", outcome.await)
}
