//! Form posts of technical-assistance requests: file one, reply, staff's changes (status,
//! assignee, due date), marking the answer, closing with a rating, reopening, internal
//! notes and canned replies; and the figures as CSV. The rules are in
//! `app::backend::requests`; refusals come back to the page with a code it explains.

use app::backend::requests::{self, Filing, StaffChange};
use app::backend::{Cx, ServerError};
use app::model::refusal::Refusal;
use axum::{
    http::header,
    response::{IntoResponse, Response},
    Form,
};
use serde::Deserialize;

use crate::forms::{back_to, Ids};

fn page(id: i64) -> String {
    format!("/requests/{id}")
}

/// Runs `action` on the request named in the path (any other path is "not found") and
/// answers with its page: `?done=` what it did, or `?error=` why not.
async fn on_request(
    ids: &Ids,
    anchor: &str,
    action: impl AsyncFnOnce(i64) -> Result<&'static str, ServerError>,
) -> Response {
    match ids.id("id") {
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
    #[serde(default)]
    action: String,
    #[serde(default)]
    indicator: String,
}

/// `POST /requests`: a refused filing goes back to the form with its text kept.
pub async fn file(cx: Cx, Form(form): Form<FilingForm>) -> Response {
    let filing = Filing {
        country: form.country,
        topic: form.topic,
        title: form.title,
        description: form.description,
        urgency: form.urgency,
        desired_date: form.desired_date,
        links: form.links,
        action: form.action,
        indicator: form.indicator,
    };
    let keep = async || requests::keep_filing(&cx, &filing).await;
    let post = async || {
        let id = requests::file(&cx, &filing).await?;
        Ok(format!("{}?done=filed", page(id)))
    };
    // A filing asked for from a plan's action goes back to the form for that action.
    let form_url = match filing.action.trim().parse::<i64>() {
        Ok(action) => format!("/requests/new?action={action}"),
        Err(_) => "/requests/new".to_string(),
    };
    crate::forms::compose("post", &form_url, keep, post).await
}

#[derive(Deserialize)]
pub struct BodyForm {
    #[serde(default)]
    body: String,
}

/// `POST /requests/{id}/reply`: a refused reply comes back in the reply box.
pub async fn reply(cx: Cx, ids: Ids, Form(form): Form<BodyForm>) -> Response {
    let id = match ids.id("id") {
        Ok(id) => id,
        Err(e) => return e.into_response(),
    };
    let keep = async || requests::keep_reply(&cx, id, &form.body).await;
    let post = async || {
        let post = requests::reply(&cx, id, &form.body).await?;
        Ok(format!("{}?done=replied#p{post}", page(id)))
    };
    crate::forms::compose("post", &format!("{}#reply", page(id)), keep, post).await
}

/// `POST /requests/{id}/notes`
pub async fn note(cx: Cx, ids: Ids, Form(form): Form<BodyForm>) -> Response {
    on_request(&ids, "#notes", async |id| {
        requests::add_note(&cx, id, &form.body).await?;
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
pub async fn update(cx: Cx, ids: Ids, Form(form): Form<ChangeForm>) -> Response {
    on_request(&ids, "", async |id| {
        let change = StaffChange {
            status: form.status,
            assignee: form.assignee,
            due: form.due,
        };
        requests::update(&cx, id, &change).await?;
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
pub async fn answer(cx: Cx, ids: Ids, Form(form): Form<AnswerForm>) -> Response {
    on_request(&ids, "", async |id| {
        let post = form
            .post
            .trim()
            .parse::<i64>()
            .map_err(|_| Refusal::Answer)?;
        requests::mark_answer(&cx, id, post).await?;
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
pub async fn close(cx: Cx, ids: Ids, Form(form): Form<CloseForm>) -> Response {
    on_request(&ids, "", async |id| {
        requests::close(&cx, id, &form.rating).await?;
        Ok("closed")
    })
    .await
}

/// `POST /requests/{id}/reopen`
pub async fn reopen(cx: Cx, ids: Ids) -> Response {
    on_request(&ids, "", async |id| {
        requests::reopen(&cx, id).await?;
        Ok("reopened")
    })
    .await
}

/// `GET /requests/figures.csv`: every request with its timings.
pub async fn figures_csv(cx: Cx) -> Response {
    match requests::figures_csv(&cx).await {
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
pub async fn save_canned(cx: Cx, Form(form): Form<CannedForm>) -> Response {
    let id = match form.id.trim() {
        "" => None,
        s => match s.parse::<i64>().ok().filter(|n| *n > 0) {
            Some(id) => Some(id),
            None => return ServerError::NotFound.into_response(),
        },
    };
    let done = requests::save_canned(&cx, id, &form.title, &form.body)
        .await
        .map(|_| "saved");
    back_to("/requests/canned", "", done)
}

/// `POST /requests/canned/{id}/delete`
pub async fn delete_canned(cx: Cx, ids: Ids) -> Response {
    let id = match ids.id("id") {
        Ok(id) => id,
        Err(e) => return e.into_response(),
    };
    let done = requests::delete_canned(&cx, id).await.map(|_| "deleted");
    back_to("/requests/canned", "", done)
}
