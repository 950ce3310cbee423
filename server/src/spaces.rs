//! Form posts that start a space, change its settings, and archive or restore it. The
//! rules live in `app::backend::spaces`.

use app::backend::{access::Viewer, now, spaces, AppState};
use axum::{
    extract::{Path, State},
    response::{IntoResponse, Redirect, Response},
    Extension, Form,
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

/// The code for a refusal the form shows; validation messages ("slug: …") become codes.
fn code_of(e: &app::backend::ServerError) -> Option<String> {
    use app::backend::ServerError::{Conflict, Invalid};
    if let Some(code) = message_code(e) {
        return Some(code.to_string());
    }
    match e {
        Invalid(m) | Conflict(m) if m.starts_with("slug") => Some("slug".into()),
        Invalid(m) if m.starts_with("name") => Some("name".into()),
        Invalid(m) if m.starts_with("description") => Some("description".into()),
        Invalid(m) if m.starts_with("country") => Some("country".into()),
        _ => None,
    }
}

/// `POST /spaces`
pub async fn create(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    Form(form): Form<SpaceForm>,
) -> Response {
    match spaces::create(&state.db, &viewer, &form.fields(), now()).await {
        Ok(slug) => Redirect::to(&format!("/spaces/{}", safe_slug(&slug))).into_response(),
        Err(e) => match code_of(&e) {
            Some(code) => Redirect::to(&format!("/spaces/new?error={code}")).into_response(),
            None => e.into_response(),
        },
    }
}

/// `POST /spaces/{slug}/settings`
pub async fn update(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    Path(slug): Path<String>,
    Form(form): Form<SpaceForm>,
) -> Response {
    let page = format!("/spaces/{}/settings", safe_slug(&slug));
    match spaces::update(&state.db, &viewer, &slug, &form.fields(), now()).await {
        Ok(()) => back_to(&page, "", Ok("saved")),
        Err(e) => match code_of(&e) {
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
pub async fn archive(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    Path(slug): Path<String>,
    Form(form): Form<ArchiveForm>,
) -> Response {
    let archive = match form.action.as_str() {
        "archive" => Some(true),
        "restore" => Some(false),
        _ => None,
    };
    let outcome = spaces::set_archived(&state.db, &viewer, &slug, archive, now()).await;
    back_to(&format!("/spaces/{}", safe_slug(&slug)), "", outcome)
}
