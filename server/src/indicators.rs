//! Form posts, uploads and downloads of indicators: define one or change its definition,
//! enter or correct a country's value, validate one, set a country's goal and
//! availability, import values from a CSV file (multipart upload), and export values or
//! the availability matrix as CSV. The rules are in `app::backend::indicators`; refused
//! forms come back with their typed fields and a code the page explains.

use app::backend::indicators::{self, DefinitionInput, ExportFilter, GoalInput, ValueInput};
use app::backend::{kept, Cx, ServerError};
use app::model::indicator::IndicatorText;
use app::model::refusal::Refusal;
use axum::extract::{FromRequest, Multipart, Path, Query};
use axum::response::{IntoResponse, Response};
use axum::Form;

use crate::forms::{answer_kept, back_to, csv, field, Ids, Kept};

fn definition_input(pairs: &[(String, String)]) -> DefinitionInput {
    DefinitionInput {
        code: field(pairs, "code"),
        category: field(pairs, "category"),
        unit: field(pairs, "unit"),
        frequency: field(pairs, "frequency"),
        ratio: !field(pairs, "ratio").is_empty(),
        bounded: !field(pairs, "bounded").is_empty(),
        disaggregations: pairs
            .iter()
            .filter(|(k, _)| k == "disaggregations")
            .map(|(_, v)| v.clone())
            .collect(),
        texts: ["en", "es", "pt", "fr"]
            .into_iter()
            .map(|l| {
                let f = |name: &str| field(pairs, &format!("{name}_{l}"));
                IndicatorText {
                    language: l.to_string(),
                    name: f("name"),
                    definition: f("definition"),
                    numerator: f("numerator"),
                    denominator: f("denominator"),
                    formula: f("formula"),
                    source: f("source"),
                }
            })
            .collect(),
    }
}

/// Answers a form of an indicator page: done, back to `page` with the kept try
/// forgotten; refused with a message, the typed fields kept under `scope` and `key` and
/// the form shown again; other errors get their status.
async fn answer(
    cx: &Cx,
    scope: &str,
    key: &str,
    pairs: &[(String, String)],
    page: &str,
    outcome: Result<&str, ServerError>,
) -> Response {
    let kept = Kept { scope, key, pairs };
    answer_kept(
        cx,
        kept,
        page,
        "",
        outcome.map(|done| (page.to_string(), done)),
    )
    .await
}

/// An indicator code or country code from a path, as the pages write them: anything else
/// is a page that does not exist.
fn code(raw: &str) -> Result<String, ServerError> {
    let ok = (1..=20).contains(&raw.len())
        && raw.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    ok.then(|| raw.to_ascii_uppercase())
        .ok_or(ServerError::NotFound)
}

/// `POST /indicators`: staff define an indicator, whose page it goes to.
pub async fn define(cx: Cx, Form(pairs): Form<Vec<(String, String)>>) -> Response {
    match indicators::define(&cx, &definition_input(&pairs)).await {
        Ok(code) => match kept::clear(&cx, "indicators", "define").await {
            Ok(()) => back_to(&format!("/indicators/{code}"), "", Ok("defined")),
            Err(e) => e.into_response(),
        },
        Err(e) => answer(&cx, "indicators", "define", &pairs, "/indicators", Err(e)).await,
    }
}

/// `POST /indicators/{code}`: staff change the definition (a new version).
pub async fn edit(
    cx: Cx,
    Path(raw): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let code = match code(&raw) {
        Ok(c) => c,
        Err(e) => return e.into_response(),
    };
    let outcome = indicators::edit(&cx, &code, &definition_input(&pairs)).await;
    let page = format!("/indicators/{code}");
    let scope = format!("indicator:{code}");
    answer(
        &cx,
        &scope,
        "edit",
        &pairs,
        &page,
        outcome.map(|()| "edited"),
    )
    .await
}

/// Runs one of a country's indicator forms (`key`) and answers with its page.
async fn on_country(
    cx: &Cx,
    raw: (String, String),
    key: &str,
    pairs: &[(String, String)],
    action: impl AsyncFnOnce(&str, &str) -> Result<&'static str, ServerError>,
) -> Response {
    let (code, country) = match (code(&raw.0), code(&raw.1)) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(e), _) | (_, Err(e)) => return e.into_response(),
    };
    let outcome = action(&code, &country).await;
    let page = format!("/indicators/{code}/{country}");
    let scope = format!("indicator:{code}:{country}");
    answer(cx, &scope, key, pairs, &page, outcome).await
}

/// `POST /indicators/{code}/{country}/values`: a value entered or corrected.
pub async fn enter_value(
    cx: Cx,
    Path(raw): Path<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let input = ValueInput {
        period: field(&pairs, "period"),
        disaggregation: field(&pairs, "disaggregation"),
        value: field(&pairs, "value"),
        numerator: field(&pairs, "numerator"),
        denominator: field(&pairs, "denominator"),
        source: field(&pairs, "source"),
    };
    on_country(&cx, raw, "value", &pairs, async |code, country| {
        indicators::enter_value(&cx, code, country, &input).await?;
        Ok("value_saved")
    })
    .await
}

/// `POST /indicators/{code}/{country}/goal`: the country's baseline and target.
pub async fn set_goal(
    cx: Cx,
    Path(raw): Path<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let input = GoalInput {
        baseline: field(&pairs, "baseline"),
        baseline_period: field(&pairs, "baseline_period"),
        target: field(&pairs, "target"),
        target_period: field(&pairs, "target_period"),
    };
    on_country(&cx, raw, "goal", &pairs, async |code, country| {
        indicators::set_goal(&cx, code, country, &input).await?;
        Ok("goal_saved")
    })
    .await
}

/// `POST /indicators/{code}/{country}/availability`: whether the data exist, and where.
pub async fn set_availability(
    cx: Cx,
    Path(raw): Path<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let (status, system) = (field(&pairs, "availability"), field(&pairs, "system"));
    on_country(&cx, raw, "availability", &pairs, async |code, country| {
        indicators::set_availability(&cx, code, country, &status, &system).await?;
        Ok("availability_saved")
    })
    .await
}

/// `POST /indicators/values/{id}/validate`: staff validate a value.
pub async fn validate(cx: Cx, ids: Ids) -> Response {
    let id = match ids.id("id") {
        Ok(id) => id,
        Err(e) => return e.into_response(),
    };
    let (code, country) = match indicators::value_place(&cx, id).await {
        Ok(place) => place,
        Err(e) => return e.into_response(),
    };
    let outcome = indicators::validate_value(&cx, id).await;
    back_to(
        &format!("/indicators/{code}/{country}"),
        &format!("#value-{id}"),
        outcome.map(|()| "validated"),
    )
}

/// `POST /indicators/import` (multipart, field `file`): the file's values in, all or
/// nothing; the import page shows the report either way.
pub async fn import(cx: Cx, request: axum::extract::Request) -> Response {
    // Who may import is known before the upload is read.
    if let Err(e) = indicators::import_page(&cx).await {
        return e.into_response();
    }
    let mut multipart = match Multipart::from_request(request, &()).await {
        Ok(m) => m,
        Err(e) => return e.into_response(),
    };
    let mut upload: Option<(String, Vec<u8>)> = None;
    loop {
        match multipart.next_field().await {
            Ok(Some(f)) if f.name() == Some("file") => {
                let name = f.file_name().unwrap_or("values.csv").to_string();
                match f.bytes().await {
                    Ok(bytes) => upload = Some((name, bytes.to_vec())),
                    Err(e) => return (e.status(), e.body_text()).into_response(),
                }
            }
            Ok(Some(_)) => {}
            Ok(None) => break,
            Err(e) => return (e.status(), e.body_text()).into_response(),
        }
    }
    let Some((name, bytes)) = upload else {
        return back_to("/indicators/import", "", Err(Refusal::Empty.into()));
    };
    match indicators::import_csv(&cx, &name, &bytes).await {
        Ok(report) if report.problems.is_empty() => {
            back_to("/indicators/import", "", Ok("imported"))
        }
        Ok(_) => back_to("/indicators/import", "", Err(Refusal::ImportRefused.into())),
        Err(e) => back_to("/indicators/import", "", Err(e)),
    }
}

#[derive(serde::Deserialize)]
pub struct ExportQuery {
    #[serde(default)]
    indicator: String,
    #[serde(default)]
    country: String,
    #[serde(default)]
    period: String,
}

/// `GET /indicators/values.csv?indicator=&country=&period=`: the values the viewer may see.
pub async fn values_csv(cx: Cx, Query(q): Query<ExportQuery>) -> Response {
    let filter = ExportFilter {
        indicator: q.indicator,
        country: q.country,
        period: q.period,
    };
    let mut name = String::from("indicator-values");
    for part in [&filter.indicator, &filter.country, &filter.period] {
        if !part.is_empty() && code(part).is_ok() {
            name.push('-');
            name.push_str(&part.to_ascii_uppercase());
        }
    }
    let body = indicators::values_csv(&cx, &filter).await;
    csv(body.map(|b| (format!("{name}.csv"), b)))
}

/// `GET /indicators/availability.csv`: the availability matrix.
pub async fn availability_csv(cx: Cx) -> Response {
    let body = indicators::availability_csv(&cx).await;
    csv(body.map(|b| ("indicator-availability.csv".to_string(), b)))
}
