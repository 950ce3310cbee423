//! Form posts about people: editing one's profile, marking notifications read, and
//! choosing how closely to follow a space.

use app::backend::Cx;
use app::backend::{notifications, people};
use axum::{body::Bytes, extract::Path, response::Response, Form};
use serde::Deserialize;

/// `POST /account/profile`. Read by hand: the language checkboxes send one `languages`
/// pair each, which a plain struct cannot hold.
pub async fn update_profile(cx: Cx, body: Bytes) -> Response {
    let (mut name, mut organisation, mut bio) = (String::new(), String::new(), String::new());
    let mut languages = Vec::new();
    let mut time_zone = None;
    for (key, value) in form_urlencoded::parse(&body) {
        match key.as_ref() {
            "name" => name = value.into_owned(),
            "organisation" => organisation = value.into_owned(),
            "bio" => bio = value.into_owned(),
            "languages" => languages.push(value.into_owned()),
            "time_zone" => time_zone = Some(value.into_owned()),
            _ => {}
        }
    }
    let update = people::Update {
        display_name: &name,
        organisation: &organisation,
        languages: &languages,
        bio: &bio,
        time_zone: time_zone.as_deref(),
    };
    let outcome = people::update(&cx, &update).await;
    crate::forms::back_to("/account/profile", "", outcome.map(|()| "saved"))
}

/// `POST /notifications/read`
pub async fn mark_all_read(cx: Cx) -> Response {
    let outcome = notifications::mark_all_read(&cx).await;
    crate::forms::back_to("/notifications", "", outcome.map(|()| "all_read"))
}

#[derive(Deserialize)]
pub struct WatchForm {
    level: String,
}

/// `POST /spaces/{slug}/watch`
pub async fn watch(cx: Cx, Path(slug): Path<String>, Form(form): Form<WatchForm>) -> Response {
    let outcome = notifications::set_watch_level(&cx, &slug, &form.level).await;
    let slug = crate::forms::safe_slug(&slug);
    crate::forms::back_to(
        &format!("/spaces/{slug}"),
        "#threads",
        outcome.map(|()| "watch_saved"),
    )
}
