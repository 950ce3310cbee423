//! Defining an indicator and changing its definition (programme staff): every change is a
//! new version kept whole, so the history shows what an indicator meant when a value was
//! reported. The frequency cannot change once values exist (their periods are written for
//! it).

use super::definition;
use crate::backend::access;
use crate::backend::plans::text;
use crate::backend::store::audit;
use crate::backend::store::indicators as store;
use crate::backend::{Cx, ServerError};
use crate::model::indicator::{
    Definition, IndicatorText, CATEGORIES, DIMENSIONS, FREQUENCIES, UNITS,
};
use crate::model::refusal::{FieldRefusal, Problem, Refusal};

/// What the definition form sends: the fields, and per language (`en`, `es`, `pt`, `fr`)
/// the words.
#[derive(Clone, Debug, Default)]
pub struct DefinitionInput {
    pub code: String,
    pub category: String,
    pub unit: String,
    pub frequency: String,
    pub ratio: bool,
    pub bounded: bool,
    pub disaggregations: Vec<String>,
    pub texts: Vec<IndicatorText>,
}

/// Checks the form into a definition (`id` and `code` filled by the caller).
fn checked(input: &DefinitionInput) -> Result<Definition, ServerError> {
    let choice = |field: &str, value: &str, options: &[&str]| -> Result<String, ServerError> {
        if options.contains(&value) {
            Ok(value.to_string())
        } else {
            Err(FieldRefusal::new(field, Problem::Choice).into())
        }
    };
    let category = choice("category", &input.category, &CATEGORIES)?;
    let unit = choice("unit", &input.unit, &UNITS)?;
    let frequency = choice("frequency", &input.frequency, &FREQUENCIES)?;
    if input.bounded && !input.ratio {
        return Err(FieldRefusal::new("bounded", Problem::Choice).into());
    }
    // In the order of DIMENSIONS, each once.
    let mut disaggregations = Vec::new();
    for d in &input.disaggregations {
        if !DIMENSIONS.contains(&d.as_str()) {
            return Err(FieldRefusal::new("disaggregations", Problem::Choice).into());
        }
    }
    for d in DIMENSIONS {
        if input.disaggregations.iter().any(|x| x == d) {
            disaggregations.push(d.to_string());
        }
    }
    let mut texts = Vec::new();
    for t in &input.texts {
        let l = &t.language;
        if !["en", "es", "pt", "fr"].contains(&l.as_str()) {
            return Err(Refusal::Language.into());
        }
        let field = |name: &str| format!("{name}_{l}");
        let name = text(&field("name"), &t.name, 120, l == "en")?;
        let words = IndicatorText {
            language: l.clone(),
            name: name.to_string(),
            definition: text(&field("definition"), &t.definition, 2_000, false)?.to_string(),
            numerator: text(&field("numerator"), &t.numerator, 300, false)?.to_string(),
            denominator: text(&field("denominator"), &t.denominator, 300, false)?.to_string(),
            formula: text(&field("formula"), &t.formula, 200, false)?.to_string(),
            source: text(&field("source"), &t.source, 300, false)?.to_string(),
        };
        // A language left blank is no translation; one with words needs its name.
        let blank = [
            &words.definition,
            &words.numerator,
            &words.denominator,
            &words.formula,
            &words.source,
        ]
        .iter()
        .all(|w| w.is_empty());
        if name.is_empty() && !blank {
            return Err(FieldRefusal::new(&field("name"), Problem::Required).into());
        }
        if !name.is_empty() {
            texts.push(words);
        }
    }
    if !texts.iter().any(|t| t.language == "en") {
        return Err(FieldRefusal::new("name_en", Problem::Required).into());
    }
    Ok(Definition {
        category,
        unit,
        frequency,
        ratio: input.ratio,
        bounded: input.bounded,
        disaggregations,
        texts,
        ..Definition::default()
    })
}

/// Is `code` an indicator code: 2 to 20 of capital letters, digits and hyphens, starting
/// with a letter?
fn code_ok(code: &str) -> bool {
    (2..=20).contains(&code.len())
        && code.starts_with(|c: char| c.is_ascii_uppercase())
        && code
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-')
}

/// Staff define a new indicator; returns its code.
pub async fn define(cx: &Cx, input: &DefinitionInput) -> Result<String, ServerError> {
    let user = cx.user()?;
    if !access::is_staff(&cx.viewer) {
        return Err(Refusal::StaffOnly.into());
    }
    let code = input.code.trim().to_ascii_uppercase();
    if !code_ok(&code) {
        return Err(FieldRefusal::new("code", Problem::Format).into());
    }
    let mut d = checked(input)?;
    let mut change = cx.change().await?;
    let Some(id) = store::create(change.conn(), &code, cx.now).await? else {
        return Err(Refusal::IndicatorExists.into());
    };
    d.id = id;
    store::add_version(change.conn(), &d, Some(user.id), cx.now).await?;
    let detail = format!("indicator={code}");
    audit::record(
        change.conn(),
        Some(user.id),
        "indicator_defined",
        &detail,
        "",
        cx.now,
    )
    .await?;
    change.commit().await?;
    Ok(code)
}

/// Staff change an indicator's definition: a new version when anything differs.
pub async fn edit(cx: &Cx, code: &str, input: &DefinitionInput) -> Result<(), ServerError> {
    let user = cx.user()?;
    let current = definition(cx, code).await?;
    if !access::is_staff(&cx.viewer) {
        return Err(Refusal::StaffOnly.into());
    }
    let mut d = checked(input)?;
    d.id = current.id;
    d.code = current.code.clone();
    let same = d.category == current.category
        && d.unit == current.unit
        && d.frequency == current.frequency
        && d.ratio == current.ratio
        && d.bounded == current.bounded
        && d.disaggregations == current.disaggregations
        && d.texts == current.texts;
    if same {
        return Ok(());
    }
    if d.frequency != current.frequency {
        let any = store::value_count(&cx.db().pool, current.id).await?;
        if any > 0 {
            return Err(Refusal::FrequencyInUse.into());
        }
    }
    let mut change = cx.change().await?;
    let version = store::add_version(change.conn(), &d, Some(user.id), cx.now).await?;
    let detail = format!("indicator={} version={version}", current.code);
    audit::record(
        change.conn(),
        Some(user.id),
        "indicator_edited",
        &detail,
        "",
        cx.now,
    )
    .await?;
    change.commit().await?;
    Ok(())
}
