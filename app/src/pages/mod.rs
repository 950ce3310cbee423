//! One module per page. Pages read through `api` and render complete HTML on the server.

pub mod account;
pub mod admin;
pub mod admin_users;
pub mod affiliations;
pub mod checkin;
pub mod compose;
pub mod country;
pub mod directory;
pub mod directory_editor;
pub mod directory_import;
pub mod draft_edit;
pub mod drafts;
pub mod email;
pub mod funding;
pub mod funding_mechanism;
pub mod home;
pub mod import_report;
pub mod indicator;
pub mod indicator_availability;
pub mod indicator_charts;
pub mod indicator_country;
pub mod indicator_import;
pub mod indicators;
pub mod library;
pub mod mission;
pub mod missions;
pub mod network;
pub mod not_found;
pub mod notifications;
pub mod plan;
pub mod plan_charts;
pub mod plan_domains;
pub mod plan_versions;
pub mod plans;
pub mod post_history;
pub mod post_tree;
pub mod profile;
pub mod publishing;
pub mod quality;
pub mod quality_assessment;
pub mod quality_campaign;
pub mod quality_instrument;
pub mod recommendations;
pub mod request;
pub mod request_queue;
pub mod requests;
pub mod search;
pub mod service;
pub mod service_form;
pub mod signin;
pub mod signup;
pub mod space_members;
pub mod space_settings;
pub mod space_threads;
pub mod spaces;
pub mod thread;

use leptos::prelude::*;

use crate::error::AppError;
use crate::i18n::use_locale;
use crate::tr;

/// Sets the HTTP status of the page being rendered (server only; a no-op in the browser).
pub fn set_status(code: u16) {
    #[cfg(feature = "ssr")]
    if let (Some(res), Ok(status)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::StatusCode::from_u16(code),
    ) {
        res.set_status(status);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = code;
}

/// A readable error in place of a page's content, with the matching HTTP status.
#[component]
pub fn ErrorMessage(error: AppError) -> impl IntoView {
    let locale = use_locale();
    set_status(error.status_code());
    view! {
        <div class="error-box" role="alert">
            <h2>{tr!(locale, "error.title")}</h2>
            <p>{error.message(locale)}</p>
        </div>
    }
}

/// A page's data, once loaded, as `view` shows it; or what went wrong, explained: a thing
/// that does not exist or is hidden from the viewer looks like an unknown address (404),
/// anything else gets a readable message with its status. Every page loads this way.
pub fn load<T, V>(
    data: Resource<Result<T, AppError>>,
    view: impl Fn(T) -> V + Clone + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    V: IntoView + 'static,
{
    view! {
        <Suspense>
            {move || {
                let view = view.clone();
                Suspend::new(async move {
                    match data.await {
                        Ok(t) => view(t).into_any(),
                        Err(AppError::NotFound) => view! { <not_found::NotFound /> }.into_any(),
                        Err(e) => view! { <ErrorMessage error=e /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// The text of translation `key`, or `fallback` when there is none (labels of codes that
/// come from data, not from the fixed lists).
pub fn keyed(locale: crate::i18n::Locale, key: &str, fallback: &str) -> String {
    let text = rust_i18n::t!(key, locale = locale.code()).into_owned();
    if text == key || text.ends_with(key) {
        fallback.to_string()
    } else {
        text
    }
}

/// The page's numeric `:id` (0 when it is not a number: a page that does not exist) and
/// the key of the viewer's kept form (`?form=`), for a page's resource.
pub fn id_and_form() -> impl Fn() -> (i64, Option<String>) + Clone + Send + Sync + 'static {
    let params = leptos_router::hooks::use_params_map();
    let query = leptos_router::hooks::use_query_map();
    move || {
        let id = params
            .read()
            .get("id")
            .and_then(|i| i.parse::<i64>().ok())
            .unwrap_or(0);
        (id, query.read().get("form"))
    }
}

/// The outcome of the form post that led here, read from the address: `?done=` one of
/// `done` (its message from `label("done", code)`), or `?error=` a refusal (a field's
/// named by `label("field", name)`).
pub fn outcome_of(
    locale: crate::i18n::Locale,
    done: &[&str],
    label: impl Fn(&str, &str) -> String,
) -> impl IntoView {
    let query = leptos_router::hooks::use_query_map();
    let q = query.read_untracked();
    let done = q
        .get("done")
        .and_then(|d| done.contains(&d.as_str()).then(|| label("done", &d)));
    let error = q
        .get("error")
        .map(|code| crate::model::refusal::explain(&code, locale, |f| label("field", f)));
    form_outcome(done, error)
}

/// The outcome of the form post that led here (`?done=` / `?error=`, already turned into
/// messages): a status note, or an alert with a 400 status.
pub fn form_outcome(done: Option<String>, error: Option<String>) -> impl IntoView {
    if error.is_some() {
        set_status(400);
    }
    view! {
        {done.map(|m| view! { <div class="notice" role="status"><p>{m}</p></div> })}
        {error.map(|m| view! { <div class="error-box" role="alert"><p>{m}</p></div> })}
    }
}
