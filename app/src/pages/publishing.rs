//! Publishing to the library: the submission form (new, promoted from a draft, or a new
//! revision), the list of submissions, and a submission's page with its review
//! conversation and the staff's actions. Plain forms posting to `server::publishing`.

use super::load;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::search::language_name;
use super::ErrorMessage;
use crate::api::publishing::{list_submissions, open_submission_form, read_submission};
use crate::components::lists::kind_label;
use crate::dates::day;
use crate::i18n::{use_locale, Locale};
use crate::model::refusal;
use crate::model::submission::{SubmissionForm, SubmissionPage, SubmissionSummary, SECTIONS};
use crate::tr;

pub fn section_label(locale: Locale, name: &str) -> String {
    match name {
        "context" => tr!(locale, "publish.section_context"),
        "intervention" => tr!(locale, "publish.section_intervention"),
        "population" => tr!(locale, "publish.section_population"),
        "evidence" => tr!(locale, "publish.section_evidence"),
        "results" => tr!(locale, "publish.section_results"),
        "costs" => tr!(locale, "publish.section_costs"),
        "contact" => tr!(locale, "publish.section_contact"),
        // Not a section (a hand-made form): its own name, in words.
        other => other.replace('_', " "),
    }
}

fn section_hint(locale: Locale, name: &str) -> String {
    match name {
        "context" => tr!(locale, "publish.hint_context"),
        "intervention" => tr!(locale, "publish.hint_intervention"),
        "population" => tr!(locale, "publish.hint_population"),
        "evidence" => tr!(locale, "publish.hint_evidence"),
        "results" => tr!(locale, "publish.hint_results"),
        "costs" => tr!(locale, "publish.hint_costs"),
        _ => tr!(locale, "publish.hint_contact"),
    }
}

fn status_label(locale: Locale, status: &str) -> String {
    match status {
        "submitted" => tr!(locale, "publish.status_submitted"),
        "changes_requested" => tr!(locale, "publish.status_changes_requested"),
        _ => tr!(locale, "publish.status_approved"),
    }
}

/// The sentence for a refused form: `field`, `field-unsafe`, `country-publisher`,
/// `conflict`.
fn error_message(locale: Locale, code: &str) -> String {
    refusal::explain(code, locale, |field| match field {
        "title" => tr!(locale, "publish.title"),
        "summary" => tr!(locale, "publish.summary"),
        "topics" => tr!(locale, "publish.topics"),
        "country" => tr!(locale, "search.facet_country"),
        "language" => tr!(locale, "search.facet_language"),
        "kind" => tr!(locale, "search.facet_doc_kind"),
        "body" => tr!(locale, "publish.review_body"),
        other => section_label(locale, other),
    })
}

fn done_message(locale: Locale, code: &str) -> Option<String> {
    Some(match code {
        "submitted" => tr!(locale, "publish.done_submitted"),
        "revised" => tr!(locale, "publish.done_revised"),
        "comment" => tr!(locale, "publish.done_comment"),
        "request_changes" => tr!(locale, "publish.done_request_changes"),
        "approve" => tr!(locale, "publish.done_approve"),
        _ => return None,
    })
}

fn query_param(name: &'static str) -> impl Fn() -> Option<String> {
    let query = use_query_map();
    move || query.read().get(name).filter(|v| !v.is_empty())
}

#[component]
pub fn SubmitPage() -> impl IntoView {
    let locale = use_locale();
    let space = query_param("space");
    let draft = query_param("draft");
    let campaign = query_param("campaign");
    let form = Resource::new_blocking(
        move || {
            (
                space(),
                draft().and_then(|d| d.parse::<i64>().ok()),
                campaign().and_then(|c| c.parse::<i64>().ok()),
            )
        },
        |(space, draft, campaign)| open_submission_form(None, space, draft, campaign),
    );
    view! {
        <Title text=tr!(locale, "publish.new_title") />
        <h1>{tr!(locale, "publish.new_title")}</h1>
        <p class="lead">{tr!(locale, "publish.new_intro")}</p>
        {load(form, move |f| view! { <FormView form=f /> })}
    }
}

#[component]
pub fn ReviseSubmissionPage() -> impl IntoView {
    let locale = use_locale();
    let params = use_params_map();
    let form = Resource::new_blocking(
        move || {
            params
                .read()
                .get("id")
                .and_then(|i| i.parse::<i64>().ok())
                .unwrap_or(0)
        },
        |id| open_submission_form(Some(id), None, None, None),
    );
    view! {
        <Title text=tr!(locale, "publish.revise_title") />
        <h1>{tr!(locale, "publish.revise_title")}</h1>
        {load(form, move |f| view! { <FormView form=f /> })}
    }
}

#[component]
fn FormView(form: SubmissionForm) -> impl IntoView {
    let locale = use_locale();
    let error = query_param("error")();
    let f = form.fields;
    let (action, base) = match form.submission_id {
        Some(id) => (format!("/library/submissions/{id}/revise"), Some(id)),
        None => ("/library/submissions".to_string(), None),
    };
    let space = query_param("space")();
    let from = form.from_draft.map(|d| {
        view! {
            <input type="hidden" name="from_space" value=space.clone().unwrap_or_default() />
            <input type="hidden" name="from_draft" value=d.to_string() />
        }
    });
    let revision_base = base.map(|_| view! { <input type="hidden" name="base" value=query_param("base")().unwrap_or_default() /> });
    let country_choice = if form.submission_id.is_some() {
        // A revision keeps the submission's country.
        view! { <input type="hidden" name="country" value=f.country.clone() /> }.into_any()
    } else {
        let options = form
            .countries
            .iter()
            .map(|c| {
                view! { <option value=c.code.clone() selected=c.code == f.country>{c.get(locale).to_string()}</option> }
            })
            .collect_view();
        view! {
            <label for="sub-country">{tr!(locale, "search.facet_country")}</label>
            <select id="sub-country" name="country" required>
                <option value="">{tr!(locale, "publish.choose")}</option>
                {options}
            </select>
        }
        .into_any()
    };
    let languages = ["en", "es", "pt", "fr"]
        .map(|l| view! { <option value=l selected=f.language == l>{language_name(locale, l)}</option> })
        .collect_view();
    let sections = SECTIONS
        .iter()
        .map(|name| {
            let id = format!("sub-{name}");
            let hint_id = format!("{id}-hint");
            view! {
                <label for=id.clone()>{section_label(locale, name)}</label>
                <p class="hint" id=hint_id.clone()>{section_hint(locale, name)}</p>
                <textarea id=id name=*name rows="6" aria-describedby=hint_id required=*name != "costs">
                    {f.section(name).to_string()}
                </textarea>
            }
        })
        .collect_view();
    view! {
        {error.map(|code| view! { <p class="notice error" role="alert">{error_message(locale, &code)}</p> })}
        <form class="stacked submission-form" method="post" action=action>
            {from}
            {revision_base}
            {country_choice}
            <label for="sub-language">{tr!(locale, "search.facet_language")}</label>
            <select id="sub-language" name="language">{languages}</select>
            <label for="sub-kind">{tr!(locale, "search.facet_doc_kind")}</label>
            <select id="sub-kind" name="kind">
                <option value="best_practice" selected=f.kind != "guideline">{kind_label(locale, "best_practice")}</option>
                <option value="guideline" selected=f.kind == "guideline">{kind_label(locale, "guideline")}</option>
            </select>
            <label for="sub-title">{tr!(locale, "publish.title")}</label>
            <input id="sub-title" name="title" value=f.title.clone() maxlength="200" required />
            <label for="sub-summary">{tr!(locale, "publish.summary")}</label>
            <textarea id="sub-summary" name="summary" rows="3" maxlength="600" required>{f.summary.clone()}</textarea>
            <label for="sub-topics">{tr!(locale, "publish.topics")}</label>
            <p class="hint" id="sub-topics-hint">{tr!(locale, "publish.hint_topics")}</p>
            <input id="sub-topics" name="topics" value=f.topics.replace(',', ", ") aria-describedby="sub-topics-hint" required />
            {sections}
            <button type="submit">{tr!(locale, "publish.send")}</button>
        </form>
    }
}

#[component]
pub fn SubmissionsPage() -> impl IntoView {
    let locale = use_locale();
    let status = query_param("status");
    let list = Resource::new_blocking(status, list_submissions);
    view! {
        <Title text=tr!(locale, "publish.list_title") />
        <h1>{tr!(locale, "publish.list_title")}</h1>
        <nav class="tabs" aria-label=tr!(locale, "publish.filter_status")>
            <a href="/library/submissions">{tr!(locale, "publish.all")}</a>
            {["submitted", "changes_requested", "approved"]
                .map(|s| view! { <a href=format!("/library/submissions?status={s}")>{status_label(locale, s)}</a> })
                .collect_view()}
        </nav>
        <p><a class="button" href="/library/submit">{tr!(locale, "publish.new_title")}</a></p>
        {load(list, move |items| view! { <SubmissionList items=items /> })}
    }
}

#[component]
fn SubmissionList(items: Vec<SubmissionSummary>) -> impl IntoView {
    let locale = use_locale();
    if items.is_empty() {
        return view! { <p class="empty">{tr!(locale, "publish.none")}</p> }.into_any();
    }
    view! {
        <ul class="cards">
            {items.into_iter().map(|s| view! {
                <li class="card">
                    <h3 lang=s.language.clone()><a href=format!("/library/submissions/{}", s.id)>{s.title.clone()}</a></h3>
                    <p class="meta">
                        <span class=format!("badge status-{}", s.status)>{status_label(locale, &s.status)}</span>
                        <span>{kind_label(locale, &s.kind)}</span>
                        <span>{s.country.get(locale).to_string()}</span>
                        <span>{s.author_name.clone()}</span>
                        <span>{day(s.updated_at)}</span>
                    </p>
                </li>
            }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
pub fn SubmissionPageView() -> impl IntoView {
    let locale = use_locale();
    let params = use_params_map();
    let page = Resource::new_blocking(
        move || {
            params
                .read()
                .get("id")
                .and_then(|i| i.parse::<i64>().ok())
                .unwrap_or(0)
        },
        read_submission,
    );
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => view! { <Submission page=p /> }.into_any(),
                    Err(e) => view! { <Title text=tr!(locale, "publish.list_title") /> <ErrorMessage error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Submission(page: SubmissionPage) -> impl IntoView {
    let locale = use_locale();
    let done = query_param("done")();
    let error = query_param("error")();
    let s = page.summary;
    let id = s.id;
    let sections = page
        .sections_html
        .iter()
        .map(|(name, html)| {
            view! {
                <h2>{section_label(locale, name)}</h2>
                // Sanitised by the one markdown renderer.
                <div class="markdown" inner_html=html.clone()></div>
            }
        })
        .collect_view();
    let reviews = page
        .reviews
        .iter()
        .map(|r| {
            let what = match r.action.as_str() {
                "request_changes" => tr!(locale, "publish.did_request_changes"),
                "approve" => tr!(locale, "publish.did_approve"),
                "resubmit" => tr!(locale, "publish.did_resubmit", number = r.revision.to_string()),
                _ => tr!(locale, "publish.did_comment"),
            };
            view! {
                <li class=format!("review review-{}", r.action)>
                    <p class="meta"><strong>{r.author_name.clone()}</strong>" · "{what}" · "{day(r.created_at)}</p>
                    <div class="markdown" inner_html=r.body_html.clone()></div>
                </li>
            }
        })
        .collect_view();
    let revisions = page
        .revisions
        .iter()
        .map(|r| view! { <li>{tr!(locale, "publish.revision_line", number = r.number.to_string(), name = r.author_name.clone(), date = day(r.created_at))}</li> })
        .collect_view();
    let revise = (page.can_revise).then(|| {
        view! { <p><a class="button" href=format!("/library/submissions/{id}/edit?base={}", page.revision)>{tr!(locale, "publish.revise_title")}</a></p> }
    });
    let staff_actions = page.can_review.then(|| {
        view! {
            <button type="submit" name="action" value="request_changes">{tr!(locale, "publish.request_changes")}</button>
            <button type="submit" name="action" value="approve">{tr!(locale, "publish.approve")}</button>
        }
    });
    let published = page.document_url.clone().map(|url| {
        view! { <p class="notice"><a href=url>{tr!(locale, "publish.published_at")}</a></p> }
    });
    view! {
        <Title text=s.title.clone() />
        <p class="breadcrumb"><a href="/library/submissions">{tr!(locale, "publish.list_title")}</a></p>
        {done.and_then(|d| done_message(locale, &d)).map(|m| view! { <p class="notice" role="status">{m}</p> })}
        {error.map(|code| view! { <p class="notice error" role="alert">{error_message(locale, &code)}</p> })}
        <article class="submission" lang=s.language.clone()>
            <h1>{s.title.clone()}</h1>
            <p class="meta">
                <span class=format!("badge status-{}", s.status)>{status_label(locale, &s.status)}</span>
                <span>{kind_label(locale, &s.kind)}</span>
                <span>{s.country.get(locale).to_string()}</span>
                <span>{language_name(locale, &s.language)}</span>
                <span>{tr!(locale, "publish.revision_of", number = page.revision.to_string())}</span>
            </p>
            {published}
            <p class="lead">{page.fields.summary.clone()}</p>
            {sections}
        </article>
        {revise}
        <section aria-labelledby="review-title">
            <h2 id="review-title">{tr!(locale, "publish.review")}</h2>
            <ol class="reviews">{reviews}</ol>
            <form class="stacked" method="post" action=format!("/library/submissions/{id}/review")>
                <label for="review-body">{tr!(locale, "publish.review_body")}</label>
                <textarea id="review-body" name="body" rows="4"></textarea>
                <div class="actions">
                    <button type="submit" name="action" value="comment">{tr!(locale, "publish.comment")}</button>
                    {staff_actions}
                </div>
            </form>
        </section>
        <section aria-labelledby="revisions-title">
            <h2 id="revisions-title">{tr!(locale, "publish.revisions")}</h2>
            <ol>{revisions}</ol>
        </section>
    }
}
