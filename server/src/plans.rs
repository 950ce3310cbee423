//! Form posts of operational plans: start one, add objectives, lines and actions, change
//! an action, submit, record the approval, return, start a new revision, comment on an
//! objective or action, cite MEM recommendations from one, add to a country's register of
//! them, and save or submit a check-in. The rules are in `app::backend::plans`; refusals
//! come back to the page with a code it explains.

use app::backend::plans::{
    self, ActionInput, ApprovalInput, EntryInput, NewPlanInput, RecommendationInput,
};
use app::backend::store::plans::Part;
use app::backend::{Cx, ServerError};
use axum::response::{IntoResponse, Response};
use axum::Form;
use serde::Deserialize;

use crate::forms::{back_to, csv, field, message_code, Ids};

fn page(id: i64) -> String {
    format!("/plans/{id}")
}

/// Runs `action` on the plan named in the path and answers with the plan's page.
async fn on_plan(
    ids: &Ids,
    action: impl AsyncFnOnce(i64) -> Result<&'static str, ServerError>,
) -> Response {
    match ids.id("id") {
        Ok(id) => back_to(&page(id), "", action(id).await),
        Err(e) => e.into_response(),
    }
}

/// `POST /plans`: a new plan, whose page it goes to; refused, the form comes back as
/// typed.
pub async fn create(cx: Cx, Form(pairs): Form<Vec<(String, String)>>) -> Response {
    let input = NewPlanInput {
        space: field(&pairs, "space"),
        title: field(&pairs, "title"),
        starts_on: field(&pairs, "starts_on"),
        ends_on: field(&pairs, "ends_on"),
        language: field(&pairs, "language"),
    };
    match plans::create(&cx, &input).await {
        Ok(id) => match plans::clear_kept(&cx, plans::NEW_PLAN, "new").await {
            Ok(()) => back_to(&page(id), "", Ok("started")),
            Err(e) => e.into_response(),
        },
        Err(e) => keeping(&cx, plans::NEW_PLAN, "new", &pairs, "/plans", "", Err(e)).await,
    }
}

/// As [`on_plan`], for a form of the plan's page whose typed fields are kept under `key`
/// when refused (see [`keeping`]).
async fn on_plan_kept(
    cx: &Cx,
    ids: &Ids,
    key: &str,
    pairs: &[(String, String)],
    action: impl AsyncFnOnce(i64) -> Result<&'static str, ServerError>,
) -> Response {
    match ids.id("id") {
        Ok(id) => keeping(cx, id, key, pairs, &page(id), "", action(id).await).await,
        Err(e) => e.into_response(),
    }
}

/// `POST /plans/{id}/objectives`
pub async fn add_objective(cx: Cx, ids: Ids, Form(pairs): Form<Vec<(String, String)>>) -> Response {
    on_plan_kept(&cx, &ids, "objective", &pairs, async |id| {
        plans::add_objective(&cx, id, &field(&pairs, "title")).await?;
        Ok("saved")
    })
    .await
}

/// `POST /plans/{id}/objectives/{objective}/lines`
pub async fn add_line(cx: Cx, ids: Ids, Form(pairs): Form<Vec<(String, String)>>) -> Response {
    let (id, objective) = match (ids.id("id"), ids.id("objective")) {
        (Ok(id), Ok(objective)) => (id, objective),
        (Err(e), _) | (_, Err(e)) => return e.into_response(),
    };
    let (title, domain) = (field(&pairs, "title"), field(&pairs, "domain"));
    let outcome = plans::add_line(&cx, id, objective, &title, &domain).await;
    let (key, anchor) = (format!("o{objective}"), format!("#objective-{objective}"));
    let outcome = outcome.map(|()| "saved");
    keeping(&cx, id, &key, &pairs, &page(id), &anchor, outcome).await
}

fn action_input(pairs: &[(String, String)]) -> ActionInput {
    ActionInput {
        title: field(pairs, "title"),
        responsible: field(pairs, "responsible"),
        co_responsible: field(pairs, "co_responsible"),
        starts_on: field(pairs, "starts_on"),
        ends_on: field(pairs, "ends_on"),
        budget: field(pairs, "budget"),
        currency: field(pairs, "currency"),
        funding_source: field(pairs, "funding_source"),
        indicator: field(pairs, "indicator"),
        indicator_code: field(pairs, "indicator_code"),
        baseline: field(pairs, "baseline"),
        baseline_year: field(pairs, "baseline_year"),
        target: field(pairs, "target"),
        criterion: field(pairs, "criterion"),
        funding: field(pairs, "funding"),
    }
}

/// Answers one of a plan's forms whose typed fields must not be lost: done, back to
/// `page` (a kept try forgotten); refused with a message, the fields kept under `key` and
/// back to `page`, which shows them again beside the message.
async fn keeping(
    cx: &Cx,
    plan: i64,
    key: &str,
    fields: &[(String, String)],
    page: &str,
    anchor: &str,
    outcome: Result<&str, ServerError>,
) -> Response {
    match outcome {
        Ok(done) => match plans::clear_kept(cx, plan, key).await {
            Ok(()) => back_to(page, anchor, Ok(done)),
            Err(e) => e.into_response(),
        },
        Err(e) if message_code(&e).is_some() => match plans::keep(cx, plan, key, fields).await {
            Ok(()) => back_to(page, &format!("&form={key}{anchor}"), Err(e)),
            Err(e) => e.into_response(),
        },
        Err(e) => back_to(page, anchor, Err(e)),
    }
}

/// An action's form: a new one in a line (`new`) or a change to one; refused tries are
/// kept (`l{line}`, `a{action}`) and shown again where the form is.
async fn action_post(cx: &Cx, ids: &Ids, pairs: &[(String, String)], new: bool) -> Response {
    let (param, key, anchor) = if new {
        ("line", "l", "plan-line-")
    } else {
        ("action", "a", "action-")
    };
    let (id, target) = match (ids.id("id"), ids.id(param)) {
        (Ok(id), Ok(target)) => (id, target),
        (Err(e), _) | (_, Err(e)) => return e.into_response(),
    };
    let input = action_input(pairs);
    let outcome = if new {
        plans::add_action(cx, id, target, &input).await.map(|_| ())
    } else {
        plans::update_action(cx, id, target, &input).await
    };
    let (key, anchor) = (format!("{key}{target}"), format!("#{anchor}{target}"));
    let outcome = outcome.map(|()| "saved");
    keeping(cx, id, &key, pairs, &page(id), &anchor, outcome).await
}

/// `POST /plans/{id}/lines/{line}/actions`
pub async fn add_action(cx: Cx, ids: Ids, Form(pairs): Form<Vec<(String, String)>>) -> Response {
    action_post(&cx, &ids, &pairs, true).await
}

/// `POST /plans/{id}/actions/{action}`
pub async fn update_action(cx: Cx, ids: Ids, Form(pairs): Form<Vec<(String, String)>>) -> Response {
    action_post(&cx, &ids, &pairs, false).await
}

/// `POST /plans/{id}/submit`
pub async fn submit(cx: Cx, ids: Ids) -> Response {
    on_plan(&ids, async |id| {
        plans::submit(&cx, id).await?;
        Ok("submitted")
    })
    .await
}

/// `POST /plans/{id}/approve`
pub async fn approve(cx: Cx, ids: Ids, Form(pairs): Form<Vec<(String, String)>>) -> Response {
    let input = ApprovalInput {
        authority: field(&pairs, "authority"),
        approved_on: field(&pairs, "approved_on"),
        reference: field(&pairs, "reference"),
    };
    on_plan_kept(&cx, &ids, "approve", &pairs, async |id| {
        plans::approve(&cx, id, &input).await?;
        Ok("approved")
    })
    .await
}

/// `POST /plans/{id}/return`
pub async fn return_plan(cx: Cx, ids: Ids, Form(pairs): Form<Vec<(String, String)>>) -> Response {
    on_plan_kept(&cx, &ids, "return", &pairs, async |id| {
        plans::return_plan(&cx, id, &field(&pairs, "reasons")).await?;
        Ok("returned")
    })
    .await
}

/// `POST /plans/{id}/comments`: a comment on an objective or action goes to its thread
/// (started by the first), and the writer is taken there; a refused one comes back as
/// typed (kept as `cobjective5`, `caction7`).
pub async fn comment(cx: Cx, ids: Ids, Form(pairs): Form<Vec<(String, String)>>) -> Response {
    let id = match ids.id("id") {
        Ok(id) => id,
        Err(e) => return e.into_response(),
    };
    let part_name = field(&pairs, "part");
    let part = match part_name.as_str() {
        "objective" => Part::Objective,
        "action" => Part::Action,
        _ => return ServerError::NotFound.into_response(),
    };
    let Ok(item) = field(&pairs, "item").parse::<i64>() else {
        return ServerError::NotFound.into_response();
    };
    let (key, anchor) = (
        format!("c{part_name}{item}"),
        format!("#{part_name}-{item}"),
    );
    match plans::comment(&cx, id, part, item, &field(&pairs, "body")).await {
        Ok(c) => match plans::clear_kept(&cx, id, &key).await {
            Ok(()) => axum::response::Redirect::to(&format!(
                "/spaces/{}/threads/{}#p{}",
                crate::forms::safe_slug(&c.space_slug),
                c.thread_id,
                c.post_id
            ))
            .into_response(),
            Err(e) => e.into_response(),
        },
        Err(e) => keeping(&cx, id, &key, &pairs, &page(id), &anchor, Err(e)).await,
    }
}

#[derive(Deserialize)]
pub struct RecommendationForm {
    #[serde(default)]
    round: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    text: String,
}

/// `POST /mem/{country}`: a recommendation added to the country's register.
pub async fn add_recommendation(
    cx: Cx,
    axum::extract::Path(country): axum::extract::Path<String>,
    Form(f): Form<RecommendationForm>,
) -> Response {
    // Only a country code goes back into the address.
    if country.len() != 2 || !country.bytes().all(|b| b.is_ascii_alphabetic()) {
        return ServerError::NotFound.into_response();
    }
    let input = RecommendationInput {
        round: f.round,
        code: f.code,
        text: f.text,
    };
    let outcome = plans::add_recommendation(&cx, &country, &input).await;
    let page = format!("/mem/{}", country.to_ascii_uppercase());
    back_to(&page, "", outcome.map(|()| "recommendation_added"))
}

/// `POST /plans/{id}/citations`: which MEM recommendations an objective or action answers
/// (`recommendation` repeated, one per box ticked).
pub async fn cite(cx: Cx, ids: Ids, Form(pairs): Form<Vec<(String, String)>>) -> Response {
    let part_name = field(&pairs, "part");
    let part = match part_name.as_str() {
        "objective" => Part::Objective,
        "action" => Part::Action,
        _ => return ServerError::NotFound.into_response(),
    };
    let Ok(item) = field(&pairs, "item").parse::<i64>() else {
        return ServerError::NotFound.into_response();
    };
    let mut chosen = Vec::new();
    for (k, v) in &pairs {
        if k == "recommendation" {
            match v.parse::<i64>() {
                Ok(id) => chosen.push(id),
                Err(_) => return ServerError::NotFound.into_response(),
            }
        }
    }
    let anchor = format!("#{part_name}-{item}");
    match ids.id("id") {
        Ok(id) => {
            let outcome = plans::cite(&cx, id, part, item, &chosen).await;
            back_to(&page(id), &anchor, outcome.map(|()| "saved"))
        }
        Err(e) => e.into_response(),
    }
}

/// `POST /admin/domains`: a domain added, or renamed (admins).
pub async fn save_domain(cx: Cx, Form(pairs): Form<Vec<(String, String)>>) -> Response {
    let domain = app::model::plan::DomainName {
        code: field(&pairs, "code"),
        en: field(&pairs, "name_en"),
        es: field(&pairs, "name_es"),
        pt: field(&pairs, "name_pt"),
        fr: field(&pairs, "name_fr"),
    };
    let outcome = plans::save_domain(&cx, &domain).await;
    back_to("/admin/domains", "", outcome.map(|()| "saved"))
}

/// `POST /plans/{id}/revise`
pub async fn revise(cx: Cx, ids: Ids) -> Response {
    on_plan(&ids, async |id| {
        plans::revise(&cx, id).await?;
        Ok("revised")
    })
    .await
}

/// Reads the check-in form: `action=N` for each line, its fields as `aN.field`, and the
/// button pressed as `intent`.
fn entries(pairs: &[(String, String)]) -> (Vec<EntryInput>, bool) {
    let mut out: Vec<EntryInput> = pairs
        .iter()
        .filter(|(k, _)| k == "action")
        .filter_map(|(_, v)| v.parse::<i64>().ok())
        .map(|action_id| EntryInput {
            action_id,
            ..EntryInput::default()
        })
        .collect();
    for (key, value) in pairs {
        let Some((action, field)) = key
            .strip_prefix('a')
            .and_then(|rest| rest.split_once('.'))
            .and_then(|(n, f)| Some((n.parse::<i64>().ok()?, f)))
        else {
            continue;
        };
        let Some(e) = out.iter_mut().find(|e| e.action_id == action) else {
            continue;
        };
        let slot = match field {
            "status" => &mut e.status,
            "percent" => &mut e.percent,
            "executed" => &mut e.executed,
            "indicator_value" => &mut e.indicator_value,
            "rag" => &mut e.rag,
            "narrative" => &mut e.narrative,
            "evidence" => &mut e.evidence,
            _ => continue,
        };
        value.clone_into(slot);
    }
    let submit = pairs.iter().any(|(k, v)| k == "intent" && v == "submit");
    (out, submit)
}

/// `POST /plans/{id}/checkins/{months}`: save, or submit (`intent=submit`).
pub async fn checkin(cx: Cx, ids: Ids, Form(pairs): Form<Vec<(String, String)>>) -> Response {
    let (id, months) = match (ids.id("id"), ids.id("months")) {
        (Ok(id), Ok(m)) => (id, m),
        (Err(e), _) | (_, Err(e)) => return e.into_response(),
    };
    let (lines, submit) = entries(&pairs);
    let outcome = plans::save_checkin(&cx, id, months, &lines, submit)
        .await
        .map(|()| {
            if submit {
                "checkin_submitted"
            } else {
                "checkin_saved"
            }
        });
    let key = format!("checkin{months}");
    let form_page = format!("{}/checkins/{months}", page(id));
    keeping(&cx, id, &key, &pairs, &form_page, "", outcome).await
}

/// A CSV download, or the error's own response.
/// `GET /plans/{id}/export.csv`: the actions with the latest submitted check-in.
pub async fn plan_csv(cx: Cx, ids: Ids, headers: axum::http::HeaderMap) -> Response {
    let locale = crate::router::request_locale(&headers);
    match ids.id("id") {
        Ok(id) => csv(plans::plan_csv(&cx, id, None, locale).await),
        Err(e) => e.into_response(),
    }
}

/// `GET /plans/{id}/checkins/{months}/export.csv`: the actions with that check-in.
pub async fn checkin_csv(cx: Cx, ids: Ids, headers: axum::http::HeaderMap) -> Response {
    let locale = crate::router::request_locale(&headers);
    match (ids.id("id"), ids.id("months")) {
        (Ok(id), Ok(months)) => csv(plans::plan_csv(&cx, id, Some(months), locale).await),
        (Err(e), _) | (_, Err(e)) => e.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::entries;

    #[test]
    fn check_in_lines_are_read_by_action() {
        let pairs: Vec<(String, String)> = [
            ("action", "7"),
            ("a7.status", "delayed"),
            ("a7.percent", "20"),
            ("action", "9"),
            ("a9.rag", "green"),
            ("a8.rag", "red"),
            ("intent", "submit"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let (lines, submit) = entries(&pairs);
        assert!(submit);
        assert_eq!(lines.len(), 2);
        assert_eq!(
            (lines[0].action_id, lines[0].status.as_str()),
            (7, "delayed")
        );
        assert_eq!(lines[0].percent, "20");
        assert_eq!((lines[1].action_id, lines[1].rag.as_str()), (9, "green"));
    }
}
