//! Form posts of the funding catalogue: staff add a mechanism or change one. The rules are
//! in `app::backend::funding`; a refused form comes back with its typed fields and a code
//! the page explains.

use app::backend::funding;
use app::backend::Cx;
use axum::response::{IntoResponse, Response};
use axum::Form;

use crate::forms::{answer_kept, Ids, Kept};

type Pairs = Form<Vec<(String, String)>>;

/// `POST /funding`: a new mechanism.
pub async fn create(cx: Cx, Form(pairs): Pairs) -> Response {
    let outcome = funding::save(&cx, None, &pairs).await;
    let kept = Kept {
        scope: &funding::scope(0),
        key: "mechanism",
        pairs: &pairs,
    };
    let outcome = outcome.map(|id| (format!("/funding/{id}"), "saved"));
    answer_kept(&cx, kept, "/funding", "#new", outcome).await
}

/// `POST /funding/{id}`: a mechanism changed.
pub async fn update(cx: Cx, ids: Ids, Form(pairs): Pairs) -> Response {
    let id = match ids.id("id") {
        Ok(id) => id,
        Err(e) => return e.into_response(),
    };
    let outcome = funding::save(&cx, Some(id), &pairs).await;
    let page = format!("/funding/{id}");
    let kept = Kept {
        scope: &funding::scope(id),
        key: "mechanism",
        pairs: &pairs,
    };
    let outcome = outcome.map(|id| (format!("/funding/{id}"), "saved"));
    answer_kept(&cx, kept, &page, "#edit", outcome).await
}
