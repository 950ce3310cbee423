//! Form posts and downloads of quality assessment: instruments (new, copy, items, scale),
//! campaigns (new, respondents, results CSV), assessments (self-assessment, verification,
//! closing) and improvement plans made from them. The rules are in
//! `app::backend::quality`; a refused form comes back with its typed fields and a code
//! the page explains.

use app::backend::quality::{self, assessments, campaigns, improvement, instruments};
use app::backend::{Cx, ServerError};
use axum::response::{IntoResponse, Response};
use axum::Form;

use crate::forms::{answer_kept, back_to, csv, field, Ids, Kept};

type Pairs = Form<Vec<(String, String)>>;

/// Answers a form of the quality area: done, to `to` with `done`; refused, back to
/// `page` with the typed fields (see `forms::answer_kept`).
#[allow(clippy::too_many_arguments)]
async fn answer(
    cx: &Cx,
    scope: &str,
    key: &str,
    pairs: &[(String, String)],
    page: &str,
    anchor: &str,
    outcome: Result<String, ServerError>,
    done: &str,
) -> Response {
    let kept = Kept { scope, key, pairs };
    answer_kept(cx, kept, page, anchor, outcome.map(|to| (to, done))).await
}

/// `POST /quality/instruments`: staff start an instrument (its version 1).
pub async fn new_instrument(cx: Cx, Form(pairs): Pairs) -> Response {
    let outcome = instruments::create(&cx, &pairs).await;
    let outcome = outcome.map(|v| format!("/quality/versions/{v}"));
    let scope = quality::scope("home", 0);
    answer(
        &cx,
        &scope,
        "instrument",
        &pairs,
        "/quality",
        "#instruments",
        outcome,
        "saved",
    )
    .await
}

/// `POST /quality/versions/{id}/copy` (`note`): the next version, a copy of this one.
pub async fn copy(cx: Cx, ids: Ids, Form(pairs): Pairs) -> Response {
    let v = match ids.id("id") {
        Ok(v) => v,
        Err(e) => return e.into_response(),
    };
    let outcome = instruments::copy(&cx, v, &field(&pairs, "note")).await;
    let outcome = outcome.map(|v| format!("/quality/versions/{v}"));
    let page = format!("/quality/versions/{v}");
    let scope = quality::scope("version", v);
    answer(&cx, &scope, "copy", &pairs, &page, "", outcome, "copied").await
}

/// `POST /quality/versions/{id}/items` (`parent`, code, texts…): an item added.
pub async fn add_item(cx: Cx, ids: Ids, Form(pairs): Pairs) -> Response {
    let v = match ids.id("id") {
        Ok(v) => v,
        Err(e) => return e.into_response(),
    };
    let parent = field(&pairs, "parent");
    let key = format!("n{}", if parent.is_empty() { "0" } else { &parent });
    let page = format!("/quality/versions/{v}");
    let outcome = instruments::save_item(&cx, v, None, &pairs).await;
    let outcome = outcome.map(|()| page.clone());
    let scope = quality::scope("version", v);
    let anchor = format!("#{key}");
    answer(&cx, &scope, &key, &pairs, &page, &anchor, outcome, "saved").await
}

/// `POST /quality/versions/{id}/items/{item}` (code, texts…, or `delete`): an item
/// changed or removed.
pub async fn edit_item(cx: Cx, ids: Ids, Form(pairs): Pairs) -> Response {
    let (v, item) = match (ids.id("id"), ids.id("item")) {
        (Ok(v), Ok(i)) => (v, i),
        (Err(e), _) | (_, Err(e)) => return e.into_response(),
    };
    let page = format!("/quality/versions/{v}");
    if !field(&pairs, "delete").is_empty() {
        let outcome = instruments::delete_item(&cx, v, item).await;
        return back_to(&page, "", outcome.map(|()| "deleted"));
    }
    let key = format!("i{item}");
    let outcome = instruments::save_item(&cx, v, Some(item), &pairs).await;
    let outcome = outcome.map(|()| page.clone());
    let scope = quality::scope("version", v);
    let anchor = format!("#item-{item}");
    answer(&cx, &scope, &key, &pairs, &page, &anchor, outcome, "saved").await
}

/// `POST /quality/versions/{id}/scale`: the rating scale's weights and names.
pub async fn scale(cx: Cx, ids: Ids, Form(pairs): Pairs) -> Response {
    let v = match ids.id("id") {
        Ok(v) => v,
        Err(e) => return e.into_response(),
    };
    let page = format!("/quality/versions/{v}");
    let outcome = instruments::save_scale(&cx, v, &pairs).await;
    let outcome = outcome.map(|()| page.clone());
    let scope = quality::scope("version", v);
    answer(
        &cx, &scope, "scale", &pairs, &page, "#scale", outcome, "saved",
    )
    .await
}

/// `POST /quality/campaigns`: a campaign started.
pub async fn new_campaign(cx: Cx, Form(pairs): Pairs) -> Response {
    let outcome = campaigns::create(&cx, &pairs).await;
    let outcome = outcome.map(|c| format!("/quality/campaigns/{c}"));
    let scope = quality::scope("home", 0);
    answer(
        &cx,
        &scope,
        "campaign",
        &pairs,
        "/quality",
        "#new-campaign",
        outcome,
        "saved",
    )
    .await
}

/// `POST /quality/campaigns/{id}/respondent` (`assessment`, `respondent`).
pub async fn respondent(cx: Cx, ids: Ids, Form(pairs): Pairs) -> Response {
    let c = match ids.id("id") {
        Ok(c) => c,
        Err(e) => return e.into_response(),
    };
    let assessment = field(&pairs, "assessment").parse::<i64>().unwrap_or(0);
    let outcome = campaigns::set_respondent(&cx, c, assessment, &field(&pairs, "respondent")).await;
    back_to(
        &format!("/quality/campaigns/{c}"),
        "#services",
        outcome.map(|()| "saved"),
    )
}

/// `GET /quality/campaigns/{id}/results.csv`.
pub async fn results_csv(cx: Cx, ids: Ids) -> Response {
    match ids.id("id") {
        Ok(c) => csv(campaigns::csv(&cx, c).await),
        Err(e) => e.into_response(),
    }
}

/// `POST /quality/assessments/{id}/self` (ratings; `intent` save or submit).
pub async fn save_self(cx: Cx, ids: Ids, Form(pairs): Pairs) -> Response {
    let a = match ids.id("id") {
        Ok(a) => a,
        Err(e) => return e.into_response(),
    };
    let submit = field(&pairs, "intent") == "submit";
    let page = format!("/quality/assessments/{a}");
    let outcome = assessments::save_self(&cx, a, &pairs, submit).await;
    let outcome = outcome.map(|()| page.clone());
    let done = if submit { "submitted" } else { "saved" };
    let scope = quality::scope("assessment", a);
    answer(&cx, &scope, "self", &pairs, &page, "", outcome, done).await
}

/// `POST /quality/assessments/{id}/verify` (ratings; `intent` save or finish).
pub async fn verify(cx: Cx, ids: Ids, Form(pairs): Pairs) -> Response {
    let a = match ids.id("id") {
        Ok(a) => a,
        Err(e) => return e.into_response(),
    };
    let finish = field(&pairs, "intent") == "finish";
    let page = format!("/quality/assessments/{a}");
    let outcome = assessments::verify(&cx, a, &pairs, finish).await;
    let outcome = outcome.map(|()| page.clone());
    let done = if finish { "verified" } else { "saved" };
    let scope = quality::scope("assessment", a);
    answer(&cx, &scope, "verify", &pairs, &page, "", outcome, done).await
}

/// `POST /quality/assessments/{id}/close`: the lead makes the verified ratings final.
pub async fn close(cx: Cx, ids: Ids) -> Response {
    let a = match ids.id("id") {
        Ok(a) => a,
        Err(e) => return e.into_response(),
    };
    let outcome = assessments::close(&cx, a).await;
    back_to(
        &format!("/quality/assessments/{a}"),
        "",
        outcome.map(|()| "closed"),
    )
}

/// `POST /quality/assessments/{id}/plan`: an improvement plan made from picked gaps.
pub async fn plan(cx: Cx, ids: Ids, Form(pairs): Pairs) -> Response {
    let a = match ids.id("id") {
        Ok(a) => a,
        Err(e) => return e.into_response(),
    };
    let page = format!("/quality/assessments/{a}");
    let outcome = improvement::make_plan(&cx, a, &pairs).await;
    let outcome = outcome.map(|p| format!("/plans/{p}"));
    let scope = improvement::kept_scope(a);
    answer(
        &cx,
        &scope,
        "plan",
        &pairs,
        &page,
        "#improvement",
        outcome,
        "saved",
    )
    .await
}
