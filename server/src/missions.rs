//! Form posts of missions, and staff's calendar feed. The rules are in
//! `app::backend::missions`; a refused form comes back with its typed fields (long texts:
//! objectives, notes, the report are never lost) and a code the page explains.

use app::backend::missions::{self, calendar, checklist, followups, report};
use app::backend::{Cx, ServerError};
use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Form;

use crate::forms::{answer_kept, back_to, Ids, Kept};

type Pairs = Form<Vec<(String, String)>>;

fn page(id: i64) -> String {
    format!("/missions/{id}")
}

/// Answers a mission form whose fields are kept when refused (`key` names the form).
async fn kept_answer(
    cx: &Cx,
    id: i64,
    key: &str,
    anchor: &str,
    pairs: &[(String, String)],
    outcome: Result<&'static str, ServerError>,
) -> Response {
    let scope = missions::scope(id);
    let kept = Kept {
        scope: &scope,
        key,
        pairs,
    };
    let outcome = outcome.map(|done| (page(id), done));
    answer_kept(cx, kept, &page(id), anchor, outcome).await
}

/// `POST /missions`: staff plan a mission.
pub async fn create(cx: Cx, Form(pairs): Pairs) -> Response {
    let outcome = missions::create(&cx, &pairs).await;
    let scope = missions::scope(0);
    let kept = Kept {
        scope: &scope,
        key: "mission",
        pairs: &pairs,
    };
    let outcome = outcome.map(|id| (page(id), "created"));
    answer_kept(&cx, kept, "/missions", "#new", outcome).await
}

/// `POST /missions/{id}/status` (`from`): the next step.
pub async fn advance(cx: Cx, ids: Ids, Form(pairs): Pairs) -> Response {
    let id = match ids.id("id") {
        Ok(id) => id,
        Err(e) => return e.into_response(),
    };
    let from = crate::forms::field(&pairs, "from");
    let outcome = missions::advance(&cx, id, &from).await;
    back_to(&page(id), "#status", outcome.map(|()| "moved"))
}

/// `POST /missions/{id}/team` (`member`…): people added to the team.
pub async fn add_members(cx: Cx, ids: Ids, Form(pairs): Pairs) -> Response {
    let id = match ids.id("id") {
        Ok(id) => id,
        Err(e) => return e.into_response(),
    };
    let outcome = missions::add_members(&cx, id, &pairs).await;
    kept_answer(&cx, id, "team", "#team", &pairs, outcome.map(|()| "saved")).await
}

/// `POST /missions/{id}/team/remove` (`member`).
pub async fn remove_member(cx: Cx, ids: Ids, Form(pairs): Pairs) -> Response {
    let id = match ids.id("id") {
        Ok(id) => id,
        Err(e) => return e.into_response(),
    };
    let member = crate::forms::field(&pairs, "member");
    let outcome = missions::remove_member(&cx, id, &member).await;
    back_to(&page(id), "#team", outcome.map(|()| "saved"))
}

/// `POST /missions/{id}/serves` (`serves`…: `action:ID`, `request:ID`).
pub async fn serves(cx: Cx, ids: Ids, Form(pairs): Pairs) -> Response {
    let id = match ids.id("id") {
        Ok(id) => id,
        Err(e) => return e.into_response(),
    };
    let outcome = missions::add_serves(&cx, id, &pairs).await;
    kept_answer(
        &cx,
        id,
        "serves",
        "#serves",
        &pairs,
        outcome.map(|()| "saved"),
    )
    .await
}

/// `POST /missions/{id}/visits` (`service`, `visit_on`).
pub async fn add_visit(cx: Cx, ids: Ids, Form(pairs): Pairs) -> Response {
    let id = match ids.id("id") {
        Ok(id) => id,
        Err(e) => return e.into_response(),
    };
    let outcome = checklist::add_visit(&cx, id, &pairs).await;
    kept_answer(
        &cx,
        id,
        "visit",
        "#visits",
        &pairs,
        outcome.map(|()| "saved"),
    )
    .await
}

/// `POST /missions/{id}/visits/{service}/notes` (`notes`).
pub async fn notes(cx: Cx, ids: Ids, Form(pairs): Pairs) -> Response {
    let (id, service) = match (ids.id("id"), ids.id("service")) {
        (Ok(id), Ok(s)) => (id, s),
        (Err(e), _) | (_, Err(e)) => return e.into_response(),
    };
    let outcome = checklist::notes(&cx, id, service, &pairs).await;
    let key = format!("notes{service}");
    let anchor = format!("#visit-{service}");
    kept_answer(&cx, id, &key, &anchor, &pairs, outcome.map(|()| "saved")).await
}

/// `POST /missions/{id}/checklist/{item}` (`done`, `note`).
pub async fn tick(cx: Cx, ids: Ids, Form(pairs): Pairs) -> Response {
    let (id, item) = match (ids.id("id"), ids.id("item")) {
        (Ok(id), Ok(i)) => (id, i),
        (Err(e), _) | (_, Err(e)) => return e.into_response(),
    };
    let outcome = checklist::tick(&cx, id, item, &pairs).await;
    back_to(
        &page(id),
        &format!("#item-{item}"),
        outcome.map(|()| "saved"),
    )
}

/// `POST /missions/{id}/report` (`body`, `note`): a new revision.
pub async fn write_report(cx: Cx, ids: Ids, Form(pairs): Pairs) -> Response {
    let id = match ids.id("id") {
        Ok(id) => id,
        Err(e) => return e.into_response(),
    };
    let outcome = report::write(&cx, id, &pairs).await;
    kept_answer(
        &cx,
        id,
        "report",
        "#report",
        &pairs,
        outcome.map(|_| "report_saved"),
    )
    .await
}

/// `POST /missions/{id}/approve` (`revision`).
pub async fn approve(cx: Cx, ids: Ids, Form(pairs): Pairs) -> Response {
    let id = match ids.id("id") {
        Ok(id) => id,
        Err(e) => return e.into_response(),
    };
    let outcome = report::approve(&cx, id, &pairs).await;
    back_to(&page(id), "#report", outcome.map(|()| "approved"))
}

/// `POST /missions/{id}/follow-ups`: a finding made an action of one of the country's plans.
pub async fn follow_up(cx: Cx, ids: Ids, Form(pairs): Pairs) -> Response {
    let id = match ids.id("id") {
        Ok(id) => id,
        Err(e) => return e.into_response(),
    };
    let outcome = followups::add(&cx, id, &pairs).await;
    kept_answer(
        &cx,
        id,
        "followup",
        "#follow-ups",
        &pairs,
        outcome.map(|_| "follow_up"),
    )
    .await
}

/// `POST /missions/feed`: staff get a new secret address for their calendar feed.
pub async fn reset_feed(cx: Cx) -> Response {
    back_to(
        "/missions",
        "#feed",
        calendar::reset_feed(&cx).await.map(|()| "feed"),
    )
}

/// `GET /missions/calendar/{file}` (`SECRET.ics`): the feed, for calendar programs.
pub async fn feed(cx: Cx, Path(file): Path<String>) -> Response {
    let Some(token) = file.strip_suffix(".ics") else {
        return ServerError::NotFound.into_response();
    };
    match calendar::feed(&cx, token).await {
        Ok(text) => (
            [
                (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
                (header::CACHE_CONTROL, "private, max-age=300"),
                (header::REFERRER_POLICY, "no-referrer"),
            ],
            text,
        )
            .into_response(),
        Err(e) => e.into_response(),
    }
}
