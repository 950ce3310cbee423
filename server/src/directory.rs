//! Form posts, uploads and downloads of the directory of treatment services: add or change
//! a service, confirm it is still true, link a library document, report a correction and
//! review it, import services from CSV (with a dry run), and export any search as CSV.
//! The rules are in `app::backend::directory`; refused forms come back with their typed
//! fields and a code the page explains.

use app::backend::directory::{self, corrections, import, search};
use app::backend::{Cx, ServerError};
use app::model::refusal::Refusal;
use app::model::service::{DirectoryAsked, ServiceInput};
use axum::extract::{FromRequest, Multipart, Query};
use axum::response::{IntoResponse, Response};
use axum::Form;

use crate::forms::{answer_kept, back_to, csv, field, Ids, Kept};

/// Runs a form that changes a service: done, back to `page` with the kept try forgotten;
/// refused, the typed fields kept and the form shown again with the message.
async fn answer(
    cx: &Cx,
    scope: &str,
    pairs: &[(String, String)],
    form_page: &str,
    outcome: Result<String, ServerError>,
) -> Response {
    let kept = Kept {
        scope,
        key: "form",
        pairs,
    };
    answer_kept(cx, kept, form_page, "", outcome.map(|page| (page, "saved"))).await
}

/// `POST /directory/new`: a service added.
pub async fn add(cx: Cx, Form(pairs): Form<Vec<(String, String)>>) -> Response {
    let outcome = directory::save(&cx, None, &ServiceInput::from_pairs(&pairs)).await;
    let outcome = outcome.map(|id| format!("/directory/{id}"));
    answer(&cx, "directory:new", &pairs, "/directory/new", outcome).await
}

/// `POST /directory/{id}/edit`: a service changed (a new version).
pub async fn edit(cx: Cx, ids: Ids, Form(pairs): Form<Vec<(String, String)>>) -> Response {
    let id = match ids.id("id") {
        Ok(id) => id,
        Err(e) => return e.into_response(),
    };
    let outcome = directory::save(&cx, Some(id), &ServiceInput::from_pairs(&pairs)).await;
    if let Err(e @ ServerError::Refused(Refusal::NotDirectoryEditor)) = outcome {
        // Nothing of theirs to keep: the service's page says who may change it.
        return back_to(&format!("/directory/{id}"), "", Err(e));
    }
    let outcome = outcome.map(|id| format!("/directory/{id}"));
    let scope = format!("directory:{id}");
    answer(
        &cx,
        &scope,
        &pairs,
        &format!("/directory/{id}/edit"),
        outcome,
    )
    .await
}

/// `POST /directory/{id}/verify`: confirmed true today.
pub async fn verify(cx: Cx, ids: Ids) -> Response {
    let id = match ids.id("id") {
        Ok(id) => id,
        Err(e) => return e.into_response(),
    };
    let outcome = directory::verify(&cx, id).await;
    back_to(
        &format!("/directory/{id}"),
        "",
        outcome.map(|()| "verified"),
    )
}

/// `POST /directory/{id}/documents` (`document`, `remove`): a library document linked or
/// unlinked.
pub async fn documents(cx: Cx, ids: Ids, Form(pairs): Form<Vec<(String, String)>>) -> Response {
    let id = match ids.id("id") {
        Ok(id) => id,
        Err(e) => return e.into_response(),
    };
    let remove = !field(&pairs, "remove").is_empty();
    let outcome = directory::link_document(&cx, id, &field(&pairs, "document"), remove).await;
    back_to(
        &format!("/directory/{id}"),
        "#documents",
        outcome.map(|()| "linked"),
    )
}

/// `POST /directory/{id}/corrections` (`correction`): a reader reports what is wrong.
pub async fn report(cx: Cx, ids: Ids, Form(pairs): Form<Vec<(String, String)>>) -> Response {
    let id = match ids.id("id") {
        Ok(id) => id,
        Err(e) => return e.into_response(),
    };
    let outcome = corrections::report(&cx, id, &field(&pairs, "correction")).await;
    back_to(
        &format!("/directory/{id}"),
        "#corrections",
        outcome.map(|_| "reported"),
    )
}

/// `POST /directory/corrections/{id}` (`status`, `response`): an editor closes a report.
pub async fn review(cx: Cx, ids: Ids, Form(pairs): Form<Vec<(String, String)>>) -> Response {
    let id = match ids.id("id") {
        Ok(id) => id,
        Err(e) => return e.into_response(),
    };
    let outcome = corrections::review(
        &cx,
        id,
        &field(&pairs, "status"),
        &field(&pairs, "response"),
    )
    .await;
    match outcome {
        Ok(service) => back_to(
            &format!("/directory/{service}"),
            "#corrections",
            Ok("reviewed"),
        ),
        Err(e) => back_to("/directory/editor", "", Err(e)),
    }
}

/// `POST /directory/import` (multipart: `file`, and `dry_run` to check only).
pub async fn import(cx: Cx, request: axum::extract::Request) -> Response {
    // Who may import is known before the upload is read.
    if let Err(e) = import::import_page(&cx).await {
        return e.into_response();
    }
    let mut multipart = match Multipart::from_request(request, &()).await {
        Ok(m) => m,
        Err(e) => return e.into_response(),
    };
    let mut upload: Option<(String, Vec<u8>)> = None;
    let mut dry_run = false;
    loop {
        match multipart.next_field().await {
            Ok(Some(f)) if f.name() == Some("file") => {
                let name = f.file_name().unwrap_or("services.csv").to_string();
                match f.bytes().await {
                    Ok(bytes) => upload = Some((name, bytes.to_vec())),
                    Err(e) => return (e.status(), e.body_text()).into_response(),
                }
            }
            Ok(Some(f)) if f.name() == Some("dry_run") => dry_run = true,
            Ok(Some(_)) => {}
            Ok(None) => break,
            Err(e) => return (e.status(), e.body_text()).into_response(),
        }
    }
    let Some((name, bytes)) = upload else {
        return back_to("/directory/import", "", Err(Refusal::Empty.into()));
    };
    match import::import_csv(&cx, &name, &bytes, dry_run).await {
        Ok(report) if report.problems.is_empty() => back_to(
            "/directory/import",
            "",
            Ok(if dry_run { "checked" } else { "imported" }),
        ),
        Ok(_) => back_to("/directory/import", "", Err(Refusal::ImportRefused.into())),
        Err(e) => back_to("/directory/import", "", Err(e)),
    }
}

/// `GET /directory.csv?…`: every service the same search finds, as CSV.
pub async fn export(cx: Cx, Query(pairs): Query<Vec<(String, String)>>) -> Response {
    let asked = DirectoryAsked::from_query(|name| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    });
    let body = search::export(&cx, &asked).await;
    csv(body.map(|b| ("treatment-services.csv".to_string(), b)))
}
