//! Form posts for drafts: start one, save a revision (refused when someone saved first,
//! with the writer's text kept and the changes shown), restore an old revision, set the
//! status. The rules live in `app::backend::drafts`.

use app::backend::drafts::{self, DraftFor};
use app::backend::{access::Viewer, now, AppState};
use axum::{
    extract::{Path, State},
    response::{IntoResponse, Redirect, Response},
    Extension, Form,
};
use serde::Deserialize;

use crate::forms::{
    message_code as form_code, path_id as draft_id, safe_slug as clean_slug, with_query,
};

fn draft_url(slug: &str, draft: i64) -> String {
    format!("/spaces/{}/drafts/{draft}", clean_slug(slug))
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

/// Keeps the text and sends the writer back to `form_url` with `query`.
async fn keep_and_return(
    state: &AppState,
    viewer: &Viewer,
    slug: &str,
    what: DraftFor,
    form: &DraftForm,
    form_url: &str,
    query: &str,
) -> Response {
    let kept = drafts::keep(
        &state.db,
        viewer,
        slug,
        what,
        &form.title,
        &form.body,
        &form.summary,
        state.max_post_bytes,
        now(),
    )
    .await;
    match kept {
        Ok(()) => Redirect::to(&with_query(form_url, query)).into_response(),
        Err(e) => e.into_response(),
    }
}

/// `POST /spaces/{slug}/drafts`
pub async fn create(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    Path(slug): Path<String>,
    Form(form): Form<DraftForm>,
) -> Response {
    let form_url = format!("/spaces/{}/drafts/new", clean_slug(&slug));
    if form.intent == "preview" {
        return keep_and_return(
            &state,
            &viewer,
            &slug,
            DraftFor::New,
            &form,
            &form_url,
            "preview=1",
        )
        .await;
    }
    let created = drafts::create(
        &state.db,
        &viewer,
        &slug,
        &form.title,
        &form.body,
        &form.summary,
        state.max_post_bytes,
        now(),
    )
    .await;
    match created {
        Ok(id) => {
            let _ = drafts::forget(&state.db, &viewer, &slug, DraftFor::New).await;
            Redirect::to(&draft_url(&slug, id)).into_response()
        }
        Err(e) => match form_code(&e) {
            Some(code) => {
                let query = format!("error={code}");
                keep_and_return(
                    &state,
                    &viewer,
                    &slug,
                    DraftFor::New,
                    &form,
                    &form_url,
                    &query,
                )
                .await
            }
            None => e.into_response(),
        },
    }
}

/// `POST /spaces/{slug}/drafts/{draft}/edit`
pub async fn save(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    Path((slug, draft)): Path<(String, String)>,
    Form(form): Form<DraftForm>,
) -> Response {
    let id = match draft_id(&draft) {
        Ok(id) => id,
        Err(e) => return e.into_response(),
    };
    let what = DraftFor::Edit { draft_id: id };
    let form_url = format!("{}/edit?base={}", draft_url(&slug, id), form.base);
    if form.intent == "preview" {
        return keep_and_return(&state, &viewer, &slug, what, &form, &form_url, "preview=1").await;
    }
    let saved = drafts::save(
        &state.db,
        &viewer,
        &slug,
        id,
        form.base,
        &form.body,
        &form.summary,
        state.max_post_bytes,
        now(),
    )
    .await;
    match saved {
        Ok(_) => {
            let _ = drafts::forget(&state.db, &viewer, &slug, what).await;
            Redirect::to(&format!("{}?done=saved", draft_url(&slug, id))).into_response()
        }
        Err(e) => match form_code(&e) {
            Some(code) => {
                let query = format!("error={code}");
                keep_and_return(&state, &viewer, &slug, what, &form, &form_url, &query).await
            }
            None => e.into_response(),
        },
    }
}

#[derive(Deserialize)]
pub struct RestoreForm {
    number: i64,
}

/// `POST /spaces/{slug}/drafts/{draft}/restore`
pub async fn restore(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    Path((slug, draft)): Path<(String, String)>,
    Form(form): Form<RestoreForm>,
) -> Response {
    let id = match draft_id(&draft) {
        Ok(id) => id,
        Err(e) => return e.into_response(),
    };
    let outcome = drafts::restore(&state.db, &viewer, &slug, id, form.number, now()).await;
    crate::forms::back_to(&draft_url(&slug, id), "", outcome.map(|_| "restored"))
}

#[derive(Deserialize)]
pub struct StatusForm {
    status: String,
}

/// `POST /spaces/{slug}/drafts/{draft}/status`
pub async fn set_status(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    Path((slug, draft)): Path<(String, String)>,
    Form(form): Form<StatusForm>,
) -> Response {
    let id = match draft_id(&draft) {
        Ok(id) => id,
        Err(e) => return e.into_response(),
    };
    let outcome = drafts::set_status(&state.db, &viewer, &slug, id, &form.status, now()).await;
    crate::forms::back_to(&draft_url(&slug, id), "", outcome.map(|()| "status"))
}
