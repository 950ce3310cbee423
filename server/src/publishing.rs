//! Form posts that publish to the library: submit a proposal, revise it, and review it
//! (comment, request changes, approve). The rules are in `app::backend::publishing`; a
//! refused form keeps what was typed and comes back with a code the page explains.

use app::backend::Cx;
use app::backend::{publishing, ServerError};
use app::model::refusal::{FieldRefusal, Problem};
use app::model::submission::SubmissionFields;
use axum::{
    response::{IntoResponse, Response},
    Form,
};
use serde::Deserialize;

use crate::forms::{back_to, compose, safe_slug, Ids};

#[derive(Deserialize)]
pub struct SubmissionForm {
    #[serde(default)]
    country: String,
    #[serde(default)]
    language: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    topics: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    context: String,
    #[serde(default)]
    intervention: String,
    #[serde(default)]
    population: String,
    #[serde(default)]
    evidence: String,
    #[serde(default)]
    results: String,
    #[serde(default)]
    costs: String,
    #[serde(default)]
    contact: String,
    /// Promoted from this space's draft.
    #[serde(default)]
    from_space: String,
    #[serde(default)]
    from_draft: String,
    /// The revision a new revision was written on.
    #[serde(default)]
    base: String,
}

impl SubmissionForm {
    fn fields(self) -> (SubmissionFields, String, String, String) {
        (
            SubmissionFields {
                country: self.country,
                language: self.language,
                kind: self.kind,
                topics: self.topics,
                title: self.title,
                summary: self.summary,
                context: self.context,
                intervention: self.intervention,
                population: self.population,
                evidence: self.evidence,
                results: self.results,
                costs: self.costs,
                contact: self.contact,
            },
            self.from_space,
            self.from_draft,
            self.base,
        )
    }
}

/// `POST /library/submissions`
pub async fn submit(cx: Cx, Form(form): Form<SubmissionForm>) -> Response {
    let (fields, space, draft, _) = form.fields();
    let draft_id = draft.parse::<i64>().ok().filter(|n| *n > 0);
    let from = draft_id
        .filter(|_| !space.is_empty())
        .map(|d| (space.as_str(), d));
    let mut form_url = "/library/submit".to_string();
    if let Some((s, d)) = from {
        form_url.push_str(&format!("?space={}&draft={d}", safe_slug(s)));
    }
    compose(
        "",
        &form_url,
        async || publishing::keep(&cx, None, &fields).await,
        async || {
            let id = publishing::submit(&cx, &fields, from).await?;
            Ok(format!("/library/submissions/{id}?done=submitted"))
        },
    )
    .await
}

/// `POST /library/submissions/{id}/revise`
pub async fn revise(cx: Cx, ids: Ids, Form(form): Form<SubmissionForm>) -> Response {
    let id = match ids.id("id") {
        Ok(id) => id,
        Err(e) => return e.into_response(),
    };
    let (fields, _, _, base) = form.fields();
    let Ok(base) = base.parse::<i64>() else {
        // Only a hand-made post lacks it: the form always carries its revision.
        return ServerError::Field(FieldRefusal::new("base", Problem::Required)).into_response();
    };
    compose(
        "",
        &format!("/library/submissions/{id}/edit?base={base}"),
        async || publishing::keep(&cx, Some(id), &fields).await,
        async || {
            publishing::revise(&cx, id, base, &fields).await?;
            Ok(format!("/library/submissions/{id}?done=revised"))
        },
    )
    .await
}

#[derive(Deserialize)]
pub struct ReviewForm {
    #[serde(default)]
    action: String,
    #[serde(default)]
    body: String,
}

/// `POST /library/submissions/{id}/review`
pub async fn review(cx: Cx, ids: Ids, Form(form): Form<ReviewForm>) -> Response {
    let id = match ids.id("id") {
        Ok(id) => id,
        Err(e) => return e.into_response(),
    };
    let outcome = publishing::review(&cx, id, &form.action, &form.body).await;
    let done = match form.action.as_str() {
        "approve" => "approve",
        "request_changes" => "request_changes",
        _ => "comment",
    };
    back_to(
        &format!("/library/submissions/{id}"),
        "",
        outcome.map(|_| done),
    )
}
