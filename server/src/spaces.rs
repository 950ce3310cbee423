//! Form posts that start a space, change its settings, and archive or restore it. The
//! rules live in `app::backend::spaces`.

use app::backend::spaces;
use app::backend::Cx;
use axum::{
    extract::Path,
    response::{IntoResponse, Redirect, Response},
    Form,
};
use serde::Deserialize;

use crate::forms::{back_to, message_code, safe_slug};

#[derive(Deserialize)]
pub struct SpaceForm {
    name: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    country: String,
    visibility: String,
}

impl SpaceForm {
    fn fields(&self) -> spaces::SpaceForm<'_> {
        spaces::SpaceForm {
            name: &self.name,
            description: &self.description,
            country: &self.country,
            visibility: &self.visibility,
        }
    }
}

/// `POST /spaces`
pub async fn create(cx: Cx, Form(form): Form<SpaceForm>) -> Response {
    match spaces::create(&cx, &form.fields()).await {
        Ok(slug) => Redirect::to(&format!("/spaces/{}", safe_slug(&slug))).into_response(),
        Err(e) => match message_code(&e) {
            Some(code) => Redirect::to(&format!("/spaces/new?error={code}")).into_response(),
            None => e.into_response(),
        },
    }
}

/// `POST /spaces/{slug}/settings`
pub async fn update(cx: Cx, Path(slug): Path<String>, Form(form): Form<SpaceForm>) -> Response {
    let page = format!("/spaces/{}/settings", safe_slug(&slug));
    match spaces::update(&cx, &slug, &form.fields()).await {
        Ok(()) => back_to(&page, "", Ok("saved")),
        Err(e) => match message_code(&e) {
            Some(code) => Redirect::to(&format!("{page}?error={code}")).into_response(),
            None => e.into_response(),
        },
    }
}

#[derive(Deserialize)]
pub struct ArchiveForm {
    action: String,
}

/// `POST /spaces/{slug}/archive` (action `archive` or `restore`)
pub async fn archive(cx: Cx, Path(slug): Path<String>, Form(form): Form<ArchiveForm>) -> Response {
    let archive = match form.action.as_str() {
        "archive" => Some(true),
        "restore" => Some(false),
        _ => None,
    };
    let outcome = spaces::set_archived(&cx, &slug, archive).await;
    back_to(&format!("/spaces/{}", safe_slug(&slug)), "", outcome)
}
