//! A country's values of an indicator: entered or corrected one at a time (the old value
//! kept in its history), validated by staff; the country's baseline and target; whether
//! its data exist. [`check_value`] is the one check every value passes, typed in a form,
//! read from a CSV row or reported in a plan's check-in.

use super::definition;
use crate::backend::access;
use crate::backend::plans::text;
use crate::backend::store::countries;
use crate::backend::store::indicators::{self as store, NewValue};
use crate::backend::{Cx, ServerError};
use crate::model::indicator::{
    normalise_disaggregation, number, period_matches, Definition, Goal, AVAILABILITY,
};
use crate::model::refusal::{FieldRefusal, Problem, Refusal};

/// A value as typed: every field text, as a form or a CSV row carries it.
#[derive(Clone, Debug, Default)]
pub struct RawValue {
    pub period: String,
    pub disaggregation: String,
    pub value: String,
    pub numerator: String,
    pub denominator: String,
    pub source: String,
}

/// A value that passed [`check_value`].
#[derive(Clone, Debug, PartialEq)]
pub struct CheckedValue {
    pub period: String,
    pub disaggregation: String,
    pub value: f64,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    pub source: String,
}

/// The most characters of a value's source.
const MAX_SOURCE: usize = 300;

/// How many decimals a number was written with (what it was rounded to).
fn decimals(text: &str) -> i32 {
    text.trim()
        .split_once('.')
        .map_or(0, |(_, d)| d.len().min(9) as i32)
}

/// Checks a value against its definition: the period written for the indicator's
/// frequency, a disaggregation it allows, numbers where numbers belong (never negative
/// but for costs and ratios), both or neither of numerator and denominator, a numerator
/// no larger than its denominator for a share, and a value that agrees with them (to the
/// decimals it was written with; computed when left empty). Every problem is named by
/// its field: (field, problem code, detail).
pub fn check_value(
    d: &Definition,
    raw: &RawValue,
) -> Result<CheckedValue, Vec<(&'static str, &'static str, String)>> {
    let mut problems = Vec::new();
    let period = raw.period.trim();
    if period.is_empty() {
        problems.push(("period", "required", String::new()));
    } else if !period_matches(&d.frequency, period) {
        problems.push(("period", "period", d.frequency.clone()));
    }
    let disaggregation = normalise_disaggregation(&raw.disaggregation, &d.disaggregations);
    if disaggregation.is_none() {
        problems.push((
            "disaggregation",
            "disaggregation",
            d.disaggregations.join(", "),
        ));
    }
    let may_be_negative = matches!(d.unit.as_str(), "usd" | "ratio");
    let mut read = |field: &'static str, text: &str| -> Option<f64> {
        if text.trim().is_empty() {
            return None;
        }
        match number(text) {
            None => {
                problems.push((field, "number", String::new()));
                None
            }
            Some(v) if v < 0.0 && !may_be_negative => {
                problems.push((field, "negative", String::new()));
                None
            }
            Some(v) => Some(v),
        }
    };
    let value = read("value", &raw.value);
    let numerator = read("numerator", &raw.numerator);
    let denominator = read("denominator", &raw.denominator);
    let has = |t: &str| !t.trim().is_empty();
    let ratio_given = has(&raw.numerator) || has(&raw.denominator);
    if ratio_given && !d.ratio {
        problems.push(("numerator", "no_ratio", String::new()));
    } else if ratio_given && has(&raw.numerator) != has(&raw.denominator) {
        let missing = if has(&raw.numerator) {
            "denominator"
        } else {
            "numerator"
        };
        problems.push((missing, "required", String::new()));
    }
    if let (Some(n), Some(dn)) = (numerator, denominator) {
        if dn == 0.0 {
            problems.push(("denominator", "zero_denominator", String::new()));
        } else if d.bounded && n > dn {
            problems.push(("numerator", "numerator_over_denominator", String::new()));
        }
    }
    let computed = match (numerator, denominator) {
        (Some(n), Some(dn)) => d.computed(n, dn),
        _ => None,
    };
    let value = match (value, computed) {
        (Some(v), Some(c)) => {
            let tolerance = 0.5 * 10f64.powi(-decimals(&raw.value)) + 1e-9;
            if (v - c).abs() > tolerance {
                problems.push(("value", "value_mismatch", crate::model::indicator::show(c)));
            }
            Some(v)
        }
        (Some(v), None) => Some(v),
        // Left empty: the value is what the numerator and denominator give.
        (None, Some(c)) => Some((c * 10_000.0).round() / 10_000.0),
        (None, None) => {
            if !has(&raw.value) && problems.iter().all(|p| p.0 != "denominator") {
                problems.push(("value", "required", String::new()));
            }
            None
        }
    };
    let source = raw.source.trim();
    if source.chars().count() > MAX_SOURCE || source.chars().any(char::is_control) {
        problems.push(("source", "too_long", MAX_SOURCE.to_string()));
    }
    match (value, disaggregation) {
        (Some(value), Some(disaggregation)) if problems.is_empty() => Ok(CheckedValue {
            period: period.to_string(),
            disaggregation,
            value,
            numerator,
            denominator,
            source: source.to_string(),
        }),
        _ => Err(problems),
    }
}

/// A refusal for a form from the first problem of [`check_value`].
fn refusal(problems: &[(&'static str, &'static str, String)]) -> ServerError {
    let Some((field, problem, _)) = problems.first() else {
        return ServerError::Internal("a value refused without a reason".into());
    };
    match *problem {
        "period" => Refusal::Period.into(),
        "disaggregation" => Refusal::Disaggregation.into(),
        "numerator_over_denominator" => Refusal::NumeratorOverDenominator.into(),
        "value_mismatch" => Refusal::ValueMismatch.into(),
        "required" => FieldRefusal::new(field, Problem::Required).into(),
        "too_long" => FieldRefusal::new(field, Problem::TooLong).into(),
        _ => FieldRefusal::new(field, Problem::Format).into(),
    }
}

/// What the value form sends.
pub type ValueInput = RawValue;

/// The definition and country of a country's indicator page, if the viewer may enter
/// its figures (staff and the country's focal points); 403 for others signed in.
async fn for_entry(
    cx: &Cx,
    code: &str,
    country: &str,
) -> Result<(Definition, String), ServerError> {
    let d = definition(cx, code).await?;
    let country = countries::get(&cx.db().pool, country)
        .await?
        .ok_or(ServerError::NotFound)?;
    if !access::decides_for_country(&cx.viewer, &country.code) {
        return Err(ServerError::Forbidden);
    }
    Ok((d, country.code))
}

/// Enters or corrects a country's value for a period and disaggregation; a correction
/// keeps the old value in the history and makes the value provisional again.
pub async fn enter_value(
    cx: &Cx,
    code: &str,
    country: &str,
    input: &ValueInput,
) -> Result<(), ServerError> {
    let user = cx.user()?;
    let (d, country) = for_entry(cx, code, country).await?;
    let v = check_value(&d, input).map_err(|p| refusal(&p))?;
    let mut change = cx.change().await?;
    store::write_value(
        change.conn(),
        &NewValue {
            indicator: d.id,
            country: &country,
            period: &v.period,
            disaggregation: &v.disaggregation,
            value: v.value,
            numerator: v.numerator,
            denominator: v.denominator,
            source: &v.source,
            status: "provisional",
            origin: "entry",
            import: None,
            checkin: None,
            by: user.id,
        },
        cx.now,
    )
    .await?;
    change.commit().await?;
    Ok(())
}

/// The indicator and country of a value the viewer may see ("not found" otherwise): where
/// its page is.
pub async fn value_place(cx: &Cx, id: i64) -> Result<(String, String), ServerError> {
    cx.user()?;
    let (code, country, status) = store::value_owner(&cx.db().pool, id)
        .await?
        .ok_or(ServerError::NotFound)?;
    if status != "validated" && !access::sees_provisional_figures_of(&cx.viewer, &country) {
        return Err(ServerError::NotFound);
    }
    Ok((code, country))
}

/// Staff validate a value (the country's page shows who and when).
pub async fn validate_value(cx: &Cx, id: i64) -> Result<(), ServerError> {
    let user = cx.user()?;
    value_place(cx, id).await?;
    if !access::is_staff(&cx.viewer) {
        return Err(Refusal::StaffOnly.into());
    }
    store::validate(&cx.db().pool, id, user.id, cx.now).await?;
    Ok(())
}

/// What the goal form sends.
#[derive(Clone, Debug, Default)]
pub struct GoalInput {
    pub baseline: String,
    pub baseline_period: String,
    pub target: String,
    pub target_period: String,
}

/// Sets a country's baseline (value and period) and target (value and period).
pub async fn set_goal(
    cx: &Cx,
    code: &str,
    country: &str,
    g: &GoalInput,
) -> Result<(), ServerError> {
    let user = cx.user()?;
    let (d, country) = for_entry(cx, code, country).await?;
    let figure = |field: &str, text: &str| -> Result<Option<f64>, ServerError> {
        if text.trim().is_empty() {
            return Ok(None);
        }
        number(text)
            .map(Some)
            .ok_or_else(|| FieldRefusal::new(field, Problem::Format).into())
    };
    let period = |field: &str, text: &str, needed: bool| -> Result<String, ServerError> {
        let t = text.trim();
        if t.is_empty() && !needed {
            return Ok(String::new());
        }
        if t.is_empty() {
            return Err(FieldRefusal::new(field, Problem::Required).into());
        }
        if !period_matches(&d.frequency, t) {
            return Err(Refusal::Period.into());
        }
        Ok(t.to_string())
    };
    let baseline = figure("baseline", &g.baseline)?;
    let target = figure("target", &g.target)?;
    let goal = Goal {
        baseline,
        baseline_period: period("baseline_period", &g.baseline_period, baseline.is_some())?,
        target,
        target_period: period("target_period", &g.target_period, target.is_some())?,
    };
    if goal.baseline.is_none() && goal.target.is_none() {
        return Err(FieldRefusal::new("target", Problem::Required).into());
    }
    if !goal.baseline_period.is_empty()
        && !goal.target_period.is_empty()
        && goal.target_period < goal.baseline_period
    {
        return Err(Refusal::DateOrder.into());
    }
    store::set_goal(&cx.db().pool, d.id, &country, &goal, user.id, cx.now).await?;
    Ok(())
}

/// Records whether a country's data for an indicator exist, and from which system.
pub async fn set_availability(
    cx: &Cx,
    code: &str,
    country: &str,
    status: &str,
    system: &str,
) -> Result<(), ServerError> {
    let user = cx.user()?;
    let (d, country) = for_entry(cx, code, country).await?;
    if !AVAILABILITY.contains(&status) {
        return Err(FieldRefusal::new("availability", Problem::Choice).into());
    }
    let system = text("system", system, 200, false)?;
    store::set_availability(
        &cx.db().pool,
        d.id,
        &country,
        status,
        system,
        user.id,
        cx.now,
    )
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn coverage() -> Definition {
        Definition {
            code: "COV".into(),
            unit: "percent".into(),
            frequency: "annual".into(),
            ratio: true,
            bounded: true,
            disaggregations: vec!["sex".into()],
            ..Definition::default()
        }
    }

    fn raw(period: &str, value: &str, n: &str, d: &str) -> RawValue {
        RawValue {
            period: period.into(),
            value: value.into(),
            numerator: n.into(),
            denominator: d.into(),
            ..RawValue::default()
        }
    }

    fn codes(
        r: Result<CheckedValue, Vec<(&'static str, &'static str, String)>>,
    ) -> Vec<(&'static str, &'static str)> {
        r.err()
            .unwrap_or_default()
            .into_iter()
            .map(|(f, p, _)| (f, p))
            .collect()
    }

    #[test]
    fn a_value_agrees_with_its_numerator_and_denominator() {
        let d = coverage();
        let ok = check_value(&d, &raw("2024", "12.5", "25", "200"));
        assert_eq!(ok.map(|v| v.value), Ok(12.5));
        // Rounded as written: 12.5 written as a whole number is 13.
        assert!(check_value(&d, &raw("2024", "13", "25", "200")).is_ok());
        let computed = check_value(&d, &raw("2024", "", "1", "3"));
        assert_eq!(computed.map(|v| v.value), Ok(33.3333));
        assert_eq!(
            codes(check_value(&d, &raw("2024", "13.1", "25", "200"))),
            [("value", "value_mismatch")]
        );
        assert_eq!(
            codes(check_value(&d, &raw("2024", "", "300", "200"))),
            [("numerator", "numerator_over_denominator")]
        );
        assert_eq!(
            codes(check_value(&d, &raw("2024", "", "3", ""))),
            [("denominator", "required")]
        );
        assert_eq!(
            codes(check_value(&d, &raw("2024", "", "3", "0"))),
            [("denominator", "zero_denominator")]
        );
    }

    #[test]
    fn bad_fields_are_each_named() {
        let d = coverage();
        assert_eq!(
            codes(check_value(&d, &raw("2024-Q1", "abc", "", ""))),
            [("period", "period"), ("value", "number")]
        );
        assert_eq!(
            codes(check_value(&d, &raw("2024", "-3", "", ""))),
            [("value", "negative")]
        );
        assert_eq!(
            codes(check_value(&d, &raw("", "", "", ""))),
            [("period", "required"), ("value", "required")]
        );
        let mut r = raw("2024", "10", "", "");
        r.disaggregation = "region=andes".into();
        assert_eq!(
            codes(check_value(&d, &r)),
            [("disaggregation", "disaggregation")]
        );
    }

    #[test]
    fn budget_execution_may_pass_a_hundred() {
        let d = Definition {
            bounded: false,
            ..coverage()
        };
        assert_eq!(
            check_value(&d, &raw("2024", "", "120", "100")).map(|v| v.value),
            Ok(120.0)
        );
    }
}
