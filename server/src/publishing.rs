//! Form posts that publish to the library: submit a proposal, revise it, and review it
//! (comment, request changes, approve). The rules are in `app::backend::publishing`; a
//! refused form keeps what was typed and comes back with a code the page explains.

use app::backend::Cx;
use app::backend::{publishing, ServerError};
use app::model::submission::SubmissionFields;
use axum::{
    response::{IntoResponse, Redirect, Response},
    Form,
};
use serde::Deserialize;

use crate::forms::{safe_slug, Ids};

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

/// The code a refused form comes back with (see `pages::publishing::error_message`), or
/// `None` for errors that are not about the form (403, 404…).
fn code_of(e: &ServerError) -> Option<String> {
    match e {
        ServerError::Invalid(m) => {
            let field = m.split(':').next().unwrap_or("form");
            let field: String = field
                .chars()
                .filter(|c| c.is_ascii_lowercase() || *c == '_')
                .collect();
            Some(if m.contains("not a publisher") {
                "country-publisher".into()
            } else if m.contains("unsafe markup") {
                format!("{field}-unsafe")
            } else {
                field
            })
        }
        ServerError::Conflict(m) if m.starts_with("revision") => Some("conflict".into()),
        _ => None,
    }
}

/// `POST /library/submissions`
pub async fn submit(cx: Cx, Form(form): Form<SubmissionForm>) -> Response {
    let (fields, space, draft, _) = form.fields();
    let draft_id = draft.parse::<i64>().ok().filter(|n| *n > 0);
    let from = draft_id
        .filter(|_| !space.is_empty())
        .map(|d| (space.as_str(), d));
    match publishing::submit(&cx, &fields, from).await {
        Ok(id) => {
            Redirect::to(&format!("/library/submissions/{id}?done=submitted")).into_response()
        }
        Err(e) => match code_of(&e) {
            Some(code) => {
                if let Err(e) = publishing::keep(&cx, None, &fields).await {
                    return e.into_response();
                }
                let mut back = format!("/library/submit?error={code}");
                if let Some((s, d)) = from {
                    back.push_str(&format!("&space={}&draft={d}", safe_slug(s)));
                }
                Redirect::to(&back).into_response()
            }
            None => e.into_response(),
        },
    }
}

/// `POST /library/submissions/{id}/revise`
pub async fn revise(cx: Cx, ids: Ids, Form(form): Form<SubmissionForm>) -> Response {
    let id = match ids.id("id") {
        Ok(id) => id,
        Err(e) => return e.into_response(),
    };
    let (fields, _, _, base) = form.fields();
    let Ok(base) = base.parse::<i64>() else {
        return ServerError::Invalid("base: the revision you started from is missing".into())
            .into_response();
    };
    match publishing::revise(&cx, id, base, &fields).await {
        Ok(()) => Redirect::to(&format!("/library/submissions/{id}?done=revised")).into_response(),
        Err(e) => match code_of(&e) {
            Some(code) => {
                if let Err(e) = publishing::keep(&cx, Some(id), &fields).await {
                    return e.into_response();
                }
                Redirect::to(&format!(
                    "/library/submissions/{id}/edit?base={base}&error={code}"
                ))
                .into_response()
            }
            None => e.into_response(),
        },
    }
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
    match publishing::review(&cx, id, &form.action, &form.body).await {
        Ok(_) => {
            let done = match form.action.as_str() {
                "approve" => "approve",
                "request_changes" => "request_changes",
                _ => "comment",
            };
            Redirect::to(&format!("/library/submissions/{id}?done={done}")).into_response()
        }
        Err(e) => match code_of(&e) {
            Some(code) => {
                Redirect::to(&format!("/library/submissions/{id}?error={code}")).into_response()
            }
            None => e.into_response(),
        },
    }
}
