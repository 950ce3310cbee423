//! Form posts for drafts: start one, save a revision (refused when someone saved first,
//! with the writer's text kept and the changes shown), restore an old revision, set the
//! status. The rules live in `app::backend::drafts`.

use app::backend::drafts::{self, DraftFor};
use app::backend::{Cx, ServerError};
use axum::response::{IntoResponse, Response};
use axum::Form;
use serde::Deserialize;

use crate::forms::{back_to, safe_slug, Ids};

fn draft_url(slug: &str, draft: i64) -> String {
    format!("/spaces/{}/drafts/{draft}", safe_slug(slug))
}

#[derive(Deserialize)]
pub struct DraftForm {
    #[serde(default)]
    title: String,
    body: String,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    intent: String,
    /// The revision the edit started from.
    #[serde(default)]
    base: i64,
}

/// Answers a draft form for `what` (see `forms::compose`).
async fn compose(
    cx: &Cx,
    slug: &str,
    what: DraftFor,
    form: &DraftForm,
    form_url: &str,
    post: impl AsyncFnOnce() -> Result<String, ServerError>,
) -> Response {
    let keep = async || drafts::keep(cx, slug, what, &form.title, &form.body, &form.summary).await;
    crate::forms::compose(&form.intent, form_url, keep, post).await
}

/// `POST /spaces/{slug}/drafts`
pub async fn create(cx: Cx, ids: Ids, Form(form): Form<DraftForm>) -> Response {
    let slug = ids.slug();
    let form_url = format!("/spaces/{}/drafts/new", safe_slug(slug));
    compose(&cx, slug, DraftFor::New, &form, &form_url, async || {
        let id = drafts::create(&cx, slug, &form.title, &form.body, &form.summary).await?;
        Ok(draft_url(slug, id))
    })
    .await
}

/// `POST /spaces/{slug}/drafts/{draft}/edit`
pub async fn save(cx: Cx, ids: Ids, Form(form): Form<DraftForm>) -> Response {
    let id = match ids.id("draft") {
        Ok(id) => id,
        Err(e) => return e.into_response(),
    };
    let slug = ids.slug();
    let what = DraftFor::Edit { draft_id: id };
    let form_url = format!("{}/edit?base={}", draft_url(slug, id), form.base);
    compose(&cx, slug, what, &form, &form_url, async || {
        drafts::save(&cx, slug, id, form.base, &form.body, &form.summary).await?;
        Ok(format!("{}?done=saved", draft_url(slug, id)))
    })
    .await
}

#[derive(Deserialize)]
pub struct RestoreForm {
    number: i64,
}

/// `POST /spaces/{slug}/drafts/{draft}/restore`
pub async fn restore(cx: Cx, ids: Ids, Form(form): Form<RestoreForm>) -> Response {
    let id = match ids.id("draft") {
        Ok(id) => id,
        Err(e) => return e.into_response(),
    };
    let outcome = drafts::restore(&cx, ids.slug(), id, form.number).await;
    back_to(&draft_url(ids.slug(), id), "", outcome.map(|_| "restored"))
}

#[derive(Deserialize)]
pub struct StatusForm {
    status: String,
}

/// `POST /spaces/{slug}/drafts/{draft}/status`
pub async fn set_status(cx: Cx, ids: Ids, Form(form): Form<StatusForm>) -> Response {
    let id = match ids.id("draft") {
        Ok(id) => id,
        Err(e) => return e.into_response(),
    };
    let outcome = drafts::set_status(&cx, ids.slug(), id, &form.status).await;
    back_to(&draft_url(ids.slug(), id), "", outcome.map(|()| "status"))
}
