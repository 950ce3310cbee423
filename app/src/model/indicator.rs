//! Indicators as pages show them: a definition (versioned, in four languages), the values
//! countries report for it by period and disaggregation with their provenance and status,
//! each country's baseline and target, and the availability of the data across the region.
//! The rules every value obeys (a period matching the indicator's frequency, a numerator
//! no larger than its denominator for a share, a value that agrees with its numerator and
//! denominator) live here, so the form, the import and the check-ins apply the same ones.

use serde::{Deserialize, Serialize};

use super::country::CountryName;
use crate::i18n::Locale;

/// Categories of indicators (DOMAIN.md, "Indicators").
pub const CATEGORIES: [&str; 5] = ["access", "retention", "quality", "workforce", "financial"];
/// Units a value is expressed in; `usd` keeps costs comparable across countries.
pub const UNITS: [&str; 5] = ["percent", "count", "days", "usd", "ratio"];
/// How often a value is reported, which fixes how its period is written.
pub const FREQUENCIES: [&str; 3] = ["annual", "quarterly", "monthly"];
/// Dimensions a value may be broken down by.
pub const DIMENSIONS: [&str; 5] = ["sex", "age_band", "primary_drug", "centre_type", "region"];
/// A value's status: entered, or checked by programme staff.
pub const STATUSES: [&str; 2] = ["provisional", "validated"];
/// Whether a country's data for an indicator exist.
pub const AVAILABILITY: [&str; 3] = ["available", "partial", "not_collected"];
/// The columns of a values CSV, exported and imported alike (the export round-trips).
pub const CSV_COLUMNS: [&str; 10] = [
    "country",
    "indicator",
    "period",
    "disaggregation",
    "value",
    "numerator",
    "denominator",
    "unit",
    "source",
    "status",
];

/// A definition's words in one language.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct IndicatorText {
    pub language: String,
    pub name: String,
    pub definition: String,
    pub numerator: String,
    pub denominator: String,
    pub formula: String,
    pub source: String,
}

/// One version of a definition, whole.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Definition {
    pub id: i64,
    pub code: String,
    pub version: i64,
    pub category: String,
    pub unit: String,
    pub frequency: String,
    /// The value is numerator ÷ denominator (× 100 for a percent).
    pub ratio: bool,
    /// The numerator never exceeds the denominator (a share of people).
    pub bounded: bool,
    pub disaggregations: Vec<String>,
    /// Its words in each language it has (English always).
    pub texts: Vec<IndicatorText>,
    pub edited_by: Option<String>,
    pub edited_at: i64,
}

impl Definition {
    /// Its words in `locale`, else in English, else the first there are.
    pub fn text(&self, locale: Locale) -> IndicatorText {
        self.texts
            .iter()
            .find(|t| t.language == locale.code() && !t.name.is_empty())
            .or_else(|| self.texts.iter().find(|t| t.language == "en"))
            .or_else(|| self.texts.first())
            .cloned()
            .unwrap_or_default()
    }

    pub fn name(&self, locale: Locale) -> String {
        self.text(locale).name
    }

    /// What the value of `numerator` over `denominator` is (× 100 for a percent); `None`
    /// when the definition is no ratio or the denominator is zero.
    pub fn computed(&self, numerator: f64, denominator: f64) -> Option<f64> {
        if !self.ratio || denominator == 0.0 {
            return None;
        }
        let scale = if self.unit == "percent" { 100.0 } else { 1.0 };
        Some(numerator / denominator * scale)
    }
}

/// Is `period` written as `frequency` wants: `2024`, `2024-Q3`, `2024-07`?
pub fn period_matches(frequency: &str, period: &str) -> bool {
    let year_ok = |y: &str| {
        y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()) && ("1990"..="2100").contains(&y)
    };
    match frequency {
        "annual" => year_ok(period),
        "quarterly" => period
            .split_once("-Q")
            .is_some_and(|(y, q)| year_ok(y) && matches!(q, "1" | "2" | "3" | "4")),
        "monthly" => period.split_once('-').is_some_and(|(y, m)| {
            year_ok(y) && m.len() == 2 && m.parse::<u8>().is_ok_and(|m| (1..=12).contains(&m))
        }),
        _ => false,
    }
}

/// The period a day (`YYYY-MM-DD`) falls in, written for `frequency`.
pub fn period_of(frequency: &str, day: &str) -> Option<String> {
    let (year, month) = (day.get(0..4)?, day.get(5..7)?.parse::<u8>().ok()?);
    let period = match frequency {
        "annual" => year.to_string(),
        "quarterly" => format!("{year}-Q{}", (month - 1) / 3 + 1),
        "monthly" => format!("{year}-{month:02}"),
        _ => return None,
    };
    period_matches(frequency, &period).then_some(period)
}

/// A disaggregation as stored: `dimension=value` pairs joined by `;`, dimensions in
/// [`DIMENSIONS`] order, values lower-case; `""` is the total. `None` when a dimension is
/// unknown, repeated, not one the indicator allows, or a value is empty or too long.
pub fn normalise_disaggregation(text: &str, allowed: &[String]) -> Option<String> {
    let mut pairs: Vec<(usize, String)> = Vec::new();
    for part in text.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        let (dimension, value) = part.split_once('=')?;
        let dimension = dimension.trim().to_ascii_lowercase();
        let value = value.trim().to_lowercase();
        let at = DIMENSIONS.iter().position(|d| *d == dimension)?;
        let plain = |c: char| c.is_alphanumeric() || " -+_./".contains(c);
        if !allowed.contains(&dimension)
            || value.is_empty()
            || value.chars().count() > 40
            || !value.chars().all(plain)
            || pairs.iter().any(|(p, _)| *p == at)
        {
            return None;
        }
        pairs.push((at, value));
    }
    pairs.sort();
    Some(
        pairs
            .into_iter()
            .map(|(at, v)| format!("{}={v}", DIMENSIONS[at]))
            .collect::<Vec<_>>()
            .join(";"),
    )
}

/// A number as people write it in a value's field or a CSV cell: plain decimal with a
/// point (a CSV's own separator is the comma), optionally behind the `'` an export puts
/// before a leading minus. `None` for anything else, including infinities.
pub fn number(text: &str) -> Option<f64> {
    let t = text.trim();
    let t = t.strip_prefix('\'').unwrap_or(t);
    let plain = |b: u8| b.is_ascii_digit() || b == b'.' || b == b'-';
    if t.is_empty() || !t.bytes().all(plain) {
        return None;
    }
    t.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// A number as exports and pages write it: no trailing zeros, at most four decimals.
pub fn show(v: f64) -> String {
    let s = format!("{v:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".into()
    } else {
        s.to_string()
    }
}

/// An indicator in the list: its current version's names and how many countries report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IndicatorSummary {
    pub definition: Definition,
    pub countries_reporting: i64,
}

/// The indicators page: every definition by category, and whether the viewer may define.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IndicatorList {
    pub indicators: Vec<IndicatorSummary>,
    pub can_define: bool,
    /// Countries whose values the viewer may enter (for the import form's hint).
    pub can_enter_for: Vec<CountryName>,
    pub kept: Option<super::plan::KeptForm>,
}

/// A reported value, with where it came from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Value {
    pub id: i64,
    pub indicator: String,
    pub country: String,
    pub period: String,
    pub disaggregation: String,
    pub value: f64,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    pub source: String,
    pub status: String,
    pub origin: String,
    pub entered_by: Option<String>,
    pub entered_at: i64,
    pub validated_by: Option<String>,
    /// The plan a check-in value came from (its id), for the link.
    pub plan: Option<i64>,
    /// Its earlier versions, newest first (corrections keep them).
    pub history: Vec<PastValue>,
}

/// A value as it stood before a correction.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PastValue {
    pub value: f64,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    pub source: String,
    pub status: String,
    pub entered_by: Option<String>,
    pub entered_at: i64,
    pub replaced_by: Option<String>,
    pub replaced_at: i64,
}

/// A country's baseline and target for an indicator.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Goal {
    pub baseline: Option<f64>,
    pub baseline_period: String,
    pub target: Option<f64>,
    pub target_period: String,
}

/// One indicator's page: its definition, the values of every country for one period
/// (the cross-country chart), and the periods there are.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IndicatorPage {
    pub definition: Definition,
    pub period: String,
    pub periods: Vec<String>,
    /// Country, value, status: the totals for `period` the viewer may see.
    pub across: Vec<(CountryName, f64, String)>,
    pub availability: Vec<(CountryName, String, String)>,
    pub can_define: bool,
    /// Library documents that cite it: (slug, title).
    pub documents: Vec<(String, String)>,
    pub kept: Option<super::plan::KeptForm>,
}

/// A definition's versions, newest first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IndicatorHistory {
    pub code: String,
    pub versions: Vec<Definition>,
}

/// A country's page for one indicator: its series, goal, availability and what the viewer
/// may do.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CountrySeries {
    pub definition: Definition,
    pub country: CountryName,
    pub values: Vec<Value>,
    pub goal: Option<Goal>,
    pub availability: Option<(String, String)>,
    /// May enter and correct values, set the goal and the availability.
    pub can_enter: bool,
    /// May validate values (staff).
    pub can_validate: bool,
    /// Technical-assistance requests about the indicator the viewer may see: (id, subject).
    pub requests: Vec<(i64, String)>,
    /// May file a technical-assistance request for the country (its own members).
    pub can_ask: bool,
    pub kept: Option<super::plan::KeptForm>,
}

/// Whether a country's data for an indicator exist, and from which system.
pub type Availability = (String, String);

/// The region's availability matrix: indicators across, countries down.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AvailabilityMatrix {
    pub indicators: Vec<Definition>,
    /// Country, then per indicator (in `indicators` order) its status and system, if known.
    pub rows: Vec<(CountryName, Vec<Option<Availability>>)>,
}

/// One problem of a refused import: the CSV's line (the header is line 1), the column, and
/// what is wrong (a code the page explains).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportProblem {
    pub line: usize,
    pub column: String,
    pub problem: String,
    /// What the message names besides: the line a duplicate repeats, the unit expected.
    pub detail: String,
}

/// What the import page shows after an import: how many rows went in, or every problem
/// of a refused file.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ImportReport {
    pub file_name: String,
    /// Rows added and corrected (rows equal to what is stored are left as they are).
    pub added: usize,
    pub corrected: usize,
    pub unchanged: usize,
    /// The first problems of a refused file, and how many more there were.
    pub problems: Vec<ImportProblem>,
    pub more: usize,
}

/// The import page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportPage {
    pub can_enter_for: Vec<CountryName>,
    pub report: Option<ImportReport>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_follow_the_frequency() {
        assert!(period_matches("annual", "2024"));
        assert!(!period_matches("annual", "2024-Q1"));
        assert!(!period_matches("annual", "24"));
        assert!(period_matches("quarterly", "2024-Q4"));
        assert!(!period_matches("quarterly", "2024-Q5"));
        assert!(period_matches("monthly", "2024-12"));
        assert!(!period_matches("monthly", "2024-13"));
        assert!(!period_matches("monthly", "2024-1"));
        assert_eq!(
            period_of("quarterly", "2025-08-14").as_deref(),
            Some("2025-Q3")
        );
        assert_eq!(
            period_of("monthly", "2025-08-14").as_deref(),
            Some("2025-08")
        );
        assert_eq!(period_of("annual", "2025-08-14").as_deref(), Some("2025"));
    }

    #[test]
    fn disaggregations_are_normalised_and_checked() {
        let allowed = vec!["sex".to_string(), "age_band".to_string()];
        assert_eq!(normalise_disaggregation("", &allowed).as_deref(), Some(""));
        assert_eq!(
            normalise_disaggregation(" age_band = 15-24 ; SEX=Female", &allowed).as_deref(),
            Some("sex=female;age_band=15-24")
        );
        assert_eq!(normalise_disaggregation("region=andes", &allowed), None);
        assert_eq!(normalise_disaggregation("colour=red", &allowed), None);
        assert_eq!(normalise_disaggregation("sex=f;sex=m", &allowed), None);
        assert_eq!(normalise_disaggregation("sex", &allowed), None);
        assert_eq!(normalise_disaggregation("sex=<b>", &allowed), None);
    }

    #[test]
    fn numbers_are_plain_and_exports_read_back() {
        assert_eq!(number("12.5"), Some(12.5));
        assert_eq!(number("'-3"), Some(-3.0));
        assert_eq!(number("1,5"), None);
        assert_eq!(number("abc"), None);
        assert_eq!(number(""), None);
        assert_eq!(number("inf"), None);
        for v in [0.0, 12.5, 33.3333, -4.0, 1234567.0] {
            assert_eq!(number(&show(v)), Some(v));
        }
        assert_eq!(show(41.20000001), "41.2");
    }

    #[test]
    fn a_percent_is_its_ratio_times_a_hundred() {
        let d = Definition {
            unit: "percent".into(),
            ratio: true,
            ..Definition::default()
        };
        assert_eq!(d.computed(25.0, 200.0), Some(12.5));
        assert_eq!(d.computed(1.0, 0.0), None);
        let cost = Definition {
            unit: "usd".into(),
            ratio: true,
            ..Definition::default()
        };
        assert_eq!(cost.computed(1000.0, 4.0), Some(250.0));
    }
}
