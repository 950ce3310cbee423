//! Form posts of technical-assistance requests: file one, reply, staff's changes (status,
//! assignee, due date), marking the answer, closing with a rating, reopening, internal
//! notes and canned replies; and the figures as CSV. The rules are in
//! `app::backend::requests`; refusals come back to the page with a code it explains.

use app::backend::requests::{self, Filing, StaffChange};
use app::backend::{access::Viewer, now, AppState, ServerError};
use axum::{
    extract::{Path, State},
    http::header,
    response::{IntoResponse, Redirect, Response},
    Extension, Form,
};
use serde::Deserialize;

use crate::forms::{back_to, message_code, path_id};

fn page(id: i64) -> String {
    format!("/requests/{id}")
}

/// Runs `action` on the request named in the path (any other path is "not found") and
/// answers with its page: `?done=` what it did, or `?error=` why not.
async fn on_request<F, Fut>(id: &str, anchor: &str, action: F) -> Response
where
    F: FnOnce(i64) -> Fut,
    Fut: std::future::Future<Output = Result<&'static str, ServerError>>,
{
    match path_id(id) {
        Ok(id) => back_to(&page(id), anchor, action(id).await),
        Err(e) => e.into_response(),
    }
}

#[derive(Deserialize)]
pub struct FilingForm {
    #[serde(default)]
    country: String,
    #[serde(default)]
    topic: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    urgency: String,
    #[serde(default)]
    desired_date: String,
    #[serde(default)]
    links: String,
}

/// `POST /requests`
pub async fn file(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    Form(form): Form<FilingForm>,
) -> Response {
    let filing = Filing {
        country: form.country,
        topic: form.topic,
        title: form.title,
        description: form.description,
        urgency: form.urgency,
        desired_date: form.desired_date,
        links: form.links,
    };
    match requests::file(&state.db, &viewer, &filing, state.max_post_bytes, now()).await {
        Ok(id) => Redirect::to(&format!("{}?done=filed", page(id))).into_response(),
        Err(e) => match message_code(&e) {
            Some(code) => Redirect::to(&format!("/requests/new?error={code}")).into_response(),
            None => e.into_response(),
        },
    }
}

#[derive(Deserialize)]
pub struct BodyForm {
    #[serde(default)]
    body: String,
}

/// `POST /requests/{id}/reply`
pub async fn reply(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    Path(id): Path<String>,
    Form(form): Form<BodyForm>,
) -> Response {
    let id = match path_id(&id) {
        Ok(id) => id,
        Err(e) => return e.into_response(),
    };
    match requests::reply(
        &state.db,
        &viewer,
        id,
        &form.body,
        state.max_post_bytes,
        now(),
    )
    .await
    {
        Ok(post) => Redirect::to(&format!("{}?done=replied#p{post}", page(id))).into_response(),
        Err(e) => back_to(&page(id), "#reply", Err(e)),
    }
}

/// `POST /requests/{id}/notes`
pub async fn note(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    Path(id): Path<String>,
    Form(form): Form<BodyForm>,
) -> Response {
    on_request(&id, "#notes", |id| async move {
        let max = state.max_post_bytes;
        requests::add_note(&state.db, &viewer, id, &form.body, max, now()).await?;
        Ok("noted")
    })
    .await
}

#[derive(Deserialize)]
pub struct ChangeForm {
    #[serde(default)]
    status: String,
    #[serde(default)]
    assignee: String,
    #[serde(default)]
    due: String,
}

/// `POST /requests/{id}/update`: status, assignee and due date at once ("assign to me"
/// sends the viewer's own username).
pub async fn update(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    Path(id): Path<String>,
    Form(form): Form<ChangeForm>,
) -> Response {
    on_request(&id, "", |id| async move {
        let change = StaffChange {
            status: form.status,
            assignee: form.assignee,
            due: form.due,
        };
        requests::update(&state.db, &viewer, id, &change, now()).await?;
        Ok("updated")
    })
    .await
}

#[derive(Deserialize)]
pub struct AnswerForm {
    #[serde(default)]
    post: String,
}

/// `POST /requests/{id}/answer`
pub async fn answer(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    Path(id): Path<String>,
    Form(form): Form<AnswerForm>,
) -> Response {
    on_request(&id, "", |id| async move {
        let post = form
            .post
            .trim()
            .parse::<i64>()
            .map_err(|_| ServerError::Invalid(requests::REFUSED_ANSWER.into()))?;
        requests::mark_answer(&state.db, &viewer, id, post, now()).await?;
        Ok("answered")
    })
    .await
}

#[derive(Deserialize)]
pub struct CloseForm {
    #[serde(default)]
    rating: String,
}

/// `POST /requests/{id}/close`
pub async fn close(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    Path(id): Path<String>,
    Form(form): Form<CloseForm>,
) -> Response {
    on_request(&id, "", |id| async move {
        requests::close(&state.db, &viewer, id, &form.rating, now()).await?;
        Ok("closed")
    })
    .await
}

/// `POST /requests/{id}/reopen`
pub async fn reopen(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    Path(id): Path<String>,
) -> Response {
    on_request(&id, "", |id| async move {
        requests::reopen(&state.db, &viewer, id, now()).await?;
        Ok("reopened")
    })
    .await
}

/// `GET /requests/figures.csv`: every request with its timings.
pub async fn figures_csv(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
) -> Response {
    match requests::figures_csv(&state.db, &viewer).await {
        Ok(csv) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"ta-requests.csv\"",
                ),
            ],
            csv,
        )
            .into_response(),
        Err(e) => e.into_response(),
    }
}

#[derive(Deserialize)]
pub struct CannedForm {
    #[serde(default)]
    id: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
}

/// `POST /requests/canned`: a new canned reply, or (with `id`) a change to one.
pub async fn save_canned(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    Form(form): Form<CannedForm>,
) -> Response {
    let id = match form.id.trim() {
        "" => None,
        s => match path_id(s) {
            Ok(id) => Some(id),
            Err(e) => return e.into_response(),
        },
    };
    let done = requests::save_canned(
        &state.db,
        &viewer,
        id,
        &form.title,
        &form.body,
        state.max_post_bytes,
        now(),
    )
    .await
    .map(|_| "saved");
    back_to("/requests/canned", "", done)
}

/// `POST /requests/canned/{id}/delete`
pub async fn delete_canned(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    Path(id): Path<String>,
) -> Response {
    let id = match path_id(&id) {
        Ok(id) => id,
        Err(e) => return e.into_response(),
    };
    let done = requests::delete_canned(&state.db, &viewer, id)
        .await
        .map(|_| "deleted");
    back_to("/requests/canned", "", done)
}
