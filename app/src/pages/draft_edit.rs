//! The draft form: start a draft, or save a new revision of one. A save names the
//! revision it started from; when someone saved first the form comes back with the
//! writer's text, the changes made meanwhile, and a save that goes on top of them.

use super::load;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::drafts::{diff_view, error_message};
use crate::api::drafts::draft_form;
use crate::error::AppError;
use crate::i18n::{use_locale, Locale};
use crate::model::draft::DraftCompose;
use crate::model::thread::MAX_TITLE_CHARS;
use crate::tr;

#[component]
pub fn NewDraftPage() -> impl IntoView {
    view! { <DraftFormPage editing=false /> }
}

#[component]
pub fn EditDraftPage() -> impl IntoView {
    view! { <DraftFormPage editing=true /> }
}

#[component]
fn DraftFormPage(editing: bool) -> impl IntoView {
    let locale = use_locale();
    let params = use_params_map();
    let query = use_query_map();
    let data = Resource::new_blocking(
        move || {
            let p = params.read();
            let q = query.read();
            let num = |s: Option<String>| s.and_then(|v| v.parse::<i64>().ok());
            (
                p.get("slug").unwrap_or_default(),
                if editing { num(p.get("draft")) } else { None },
                num(q.get("base")),
                q.get("error"),
                q.get("preview").is_some(),
            )
        },
        move |(slug, draft, base, error, preview)| async move {
            if editing && draft.is_none() {
                return Err(AppError::NotFound);
            }
            let stale = error.as_deref() == Some("stale");
            let c = draft_form(slug, draft, base, stale, preview).await?;
            Ok::<_, AppError>((c, error))
        },
    );
    view! {
        {load(data, move |(c, error)| form_view(locale, c, error))}
    }
}

fn form_view(locale: Locale, c: DraftCompose, error: Option<String>) -> impl IntoView {
    let space_url = format!("/spaces/{}", c.space_slug);
    let (heading, action) = match c.draft_id {
        Some(id) => (
            tr!(locale, "drafts.edit"),
            format!("{space_url}/drafts/{id}/edit"),
        ),
        None => (tr!(locale, "drafts.new"), format!("{space_url}/drafts")),
    };
    if error.is_some() {
        super::set_status(if error.as_deref() == Some("stale") {
            409
        } else {
            422
        });
    }
    let error = error.map(
        |e| view! { <div class="error-box" role="alert"><p>{error_message(locale, &e)}</p></div> },
    );
    let conflict = c.conflict.as_ref().map(|d| view! {
        <section class="conflict" aria-labelledby="conflict-title">
            <h2 id="conflict-title">{tr!(locale, "drafts.conflict_title", from = d.from, to = d.to)}</h2>
            {diff_view(locale, d)}
        </section>
    });
    let preview = c.preview_html.clone().map(|html| {
        view! {
            <section class="preview" aria-labelledby="preview-title">
                <h2 id="preview-title">{tr!(locale, "discussion.preview")}</h2>
                <div class="markdown" inner_html=html></div>
            </section>
        }
    });
    let editing = c.draft_id.is_some();
    view! {
        <Title text=heading.clone() />
        <article class="compose-page">
            <p class="breadcrumb">
                <a href=space_url.clone()>{c.space_name.clone()}</a>
                {c.draft_id.map(|id| view! { " › " <a href=format!("{space_url}/drafts/{id}")>{c.title.clone()}</a> })}
            </p>
            <h1>{heading}</h1>
            {error}
            {conflict}
            {preview}
            <form method="post" action=action class="stacked compose">
                {(!editing).then(|| view! {
                    <label for="draft-title">{tr!(locale, "discussion.thread_title")}</label>
                    <input id="draft-title" name="title" type="text" required maxlength=MAX_TITLE_CHARS.to_string() value=c.title.clone() />
                })}
                <input type="hidden" name="base" value=c.base.to_string() />
                <label for="draft-body">{tr!(locale, "drafts.text")}</label>
                <textarea id="draft-body" name="body" rows="20" required>{c.body.clone()}</textarea>
                <p class="meta">{tr!(locale, "discussion.markdown_hint")} " " {tr!(locale, "discussion.limit", kib = c.max_body_bytes / 1024)}</p>
                <label for="draft-summary">{tr!(locale, "drafts.summary")}</label>
                <input id="draft-summary" name="summary" type="text" maxlength="200" value=c.summary.clone() />
                <div class="buttons">
                    <button type="submit" name="intent" value="preview" class="secondary">{tr!(locale, "discussion.preview")}</button>
                    <button type="submit" name="intent" value="save" class="primary">{tr!(locale, "drafts.save")}</button>
                </div>
            </form>
        </article>
    }
}
