//! National operational plans as pages show them: a country's plan for a period
//! (objectives → lines of action in a demand-reduction domain → actions), its approval by
//! the national authority, its versions, and its check-ins at 1, 3, 6 and 12 months.

use serde::{Deserialize, Serialize};

use super::country::CountryName;
use super::draft::DiffLine;

/// A demand-reduction domain (prevention, treatment…) with its four names; the list is
/// a table admins may edit, so it has the same shape as a country's names.
pub type DomainName = CountryName;

/// The months after approval at which a plan is checked in on.
pub const CHECKIN_MONTHS: [i64; 4] = [1, 3, 6, 12];

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PlanStatus {
    Draft,
    Submitted,
    Approved,
    Returned,
}

impl PlanStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            PlanStatus::Draft => "draft",
            PlanStatus::Submitted => "submitted",
            PlanStatus::Approved => "approved",
            PlanStatus::Returned => "returned",
        }
    }

    pub fn parse(s: &str) -> Option<PlanStatus> {
        Some(match s {
            "draft" => PlanStatus::Draft,
            "submitted" => PlanStatus::Submitted,
            "approved" => PlanStatus::Approved,
            "returned" => PlanStatus::Returned,
            _ => return None,
        })
    }

    /// Whether the plan's text may be changed in place (an approved plan is frozen; a
    /// submitted one waits for the decision).
    pub fn editable(self) -> bool {
        matches!(self, PlanStatus::Draft | PlanStatus::Returned)
    }
}

/// An action's state in a check-in.
pub const ACTION_STATUSES: [&str; 5] = [
    "not_started",
    "in_progress",
    "completed",
    "delayed",
    "cancelled",
];
/// Red, amber, green.
pub const RAGS: [&str; 3] = ["red", "amber", "green"];

/// One plan in a list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlanSummary {
    pub id: i64,
    pub title: String,
    pub country: CountryName,
    pub space_slug: String,
    pub space_name: String,
    pub starts_on: String,
    pub ends_on: String,
    pub status: PlanStatus,
    pub revision: i64,
    /// Check-ins due and not submitted, whose day has passed.
    pub overdue: i64,
    /// The next check-in not submitted yet: months and due day.
    pub next_checkin: Option<(i64, String)>,
    /// Actions rated red in the latest submitted check-in.
    pub red: i64,
    /// The latest submitted check-in (months) and its actions rated red, amber, green.
    pub latest_ratings: Option<(i64, [i64; 3])>,
    /// A service's improvement plan (made from its quality assessment), not a national one.
    pub improvement: bool,
}

/// The plans a viewer may see, and whether they may start one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlanList {
    pub plans: Vec<PlanSummary>,
    /// Spaces (slug, name) the viewer may start a plan in.
    pub can_start_in: Vec<(String, String)>,
    pub staff: bool,
    /// The viewer's refused try of the new-plan form, shown again.
    pub kept: Option<KeptForm>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Action {
    pub id: i64,
    pub title: String,
    pub responsible: String,
    pub co_responsible: String,
    pub starts_on: String,
    pub ends_on: String,
    /// Planned budget in minor units and its currency.
    pub budget_minor: Option<i64>,
    pub currency: Option<String>,
    pub funding_source: String,
    pub indicator: String,
    /// The defined indicator it is measured by, if any (its code).
    pub indicator_code: Option<String>,
    pub baseline: String,
    pub baseline_year: Option<i64>,
    pub target: String,
    /// In an improvement plan, the assessment criterion the action closes: id and code.
    pub criterion: Option<(i64, String)>,
    /// The catalogue's funding mechanism it names as its source, if any.
    pub funding: Option<super::funding::FundingChoice>,
    /// From the latest submitted check-in: status, rating, percent complete.
    pub latest: Option<(String, String, i64)>,
    /// Technical-assistance requests filed from this action: id, title, status.
    pub requests: Vec<(i64, String, String)>,
    /// Its discussion: thread id and comments shown.
    pub discussion: Option<(i64, i64)>,
    /// The MEM recommendations it answers (ids in the country's register).
    pub cites: Vec<i64>,
    /// Its indicator's value as each submitted check-in (months) reported it.
    pub indicator_values: Vec<(i64, String)>,
}

/// A figure as people type it ("40", "35 %", "0,5", "1.200.000", "1.200,50"): its number,
/// if it has one. With both a comma and a dot, the last one is the decimal mark; a lone
/// mark followed by exactly three digits (after something other than 0) groups thousands,
/// otherwise it is the decimal mark; several of the same mark group thousands.
pub fn figure(text: &str) -> Option<f64> {
    let t = text.trim().trim_end_matches('%').trim();
    if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit() || b"-.,".contains(&b)) {
        return None;
    }
    let decimal = match (t.rfind(','), t.rfind('.')) {
        (Some(c), Some(d)) => Some(c.max(d)),
        (Some(i), None) | (None, Some(i)) => {
            let mark = &t[i..=i];
            let before = t[..i].trim_start_matches('-');
            let thousands = t.matches(mark).count() > 1 || (t.len() - i - 1 == 3 && before != "0");
            (!thousands).then_some(i)
        }
        (None, None) => None,
    };
    let mut number = String::with_capacity(t.len());
    for (i, c) in t.char_indices() {
        match c {
            '.' | ',' if Some(i) == decimal => number.push('.'),
            '.' | ',' => {}
            c => number.push(c),
        }
    }
    number.parse::<f64>().ok().filter(|v| v.is_finite())
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Line {
    pub id: i64,
    pub title: String,
    pub domain: String,
    pub actions: Vec<Action>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Objective {
    pub id: i64,
    pub title: String,
    pub lines: Vec<Line>,
    /// Its discussion: thread id and comments shown.
    pub discussion: Option<(i64, i64)>,
    /// The MEM recommendations it answers (ids in the country's register).
    pub cites: Vec<i64>,
}

/// A recommendation the Multilateral Evaluation Mechanism made to a country in a round.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recommendation {
    pub id: i64,
    pub round: String,
    pub code: String,
    pub text: String,
}

/// A country's register of MEM recommendations.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecommendationRegister {
    pub country: CountryName,
    pub items: Vec<Recommendation>,
    /// Staff and the country's focal points add to it.
    pub can_edit: bool,
}

/// A check-in as the plan lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckinSummary {
    pub months: i64,
    pub due_on: String,
    pub submitted: bool,
    pub overdue: bool,
    pub submitted_by: Option<String>,
    pub submitted_at: Option<i64>,
}

/// One saved version of a plan.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VersionLine {
    pub number: i64,
    pub revision: i64,
    pub author: Option<String>,
    pub summary: String,
    pub approved: bool,
    pub at: i64,
}

/// What the viewer may do with a plan.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanPermissions {
    /// Change objectives, lines and actions, fill check-ins.
    pub can_edit: bool,
    /// Submit, record the national approval, return with reasons.
    pub can_decide: bool,
    /// Comment on objectives and actions (post in the plan's space).
    pub can_comment: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlanPage {
    pub summary: PlanSummary,
    pub language: String,
    pub authority: Option<String>,
    pub approved_on: Option<String>,
    pub approval_ref: Option<String>,
    pub approved_by: Option<String>,
    pub return_reason: Option<String>,
    pub objectives: Vec<Objective>,
    pub domains: Vec<DomainName>,
    pub checkins: Vec<CheckinSummary>,
    pub versions: Vec<VersionLine>,
    pub permissions: PlanPermissions,
    /// The last live event of the plan's room when the page was read.
    pub live_since: i64,
    /// Per submitted check-in (months): actions rated red, amber, green.
    pub rag_by_checkin: Vec<(i64, [i64; 3])>,
    /// The country's MEM recommendations (what objectives and actions may cite).
    pub recommendations: Vec<Recommendation>,
    /// The viewer's refused try of one of the page's forms, shown again.
    pub kept: Option<KeptForm>,
    /// Per currency: the planned budget, and per submitted check-in (months) the executed.
    pub budget: Vec<BudgetLine>,
    /// An improvement plan's service and assessment, and the criteria it may cite.
    pub improvement: Option<Improvement>,
    /// The funding mechanisms open to the plan's country (for those who may edit it).
    pub funding_choices: Vec<super::funding::FundingChoice>,
}

/// What an improvement plan is about: a service's closed assessment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Improvement {
    pub service_id: i64,
    pub service: String,
    pub assessment_id: i64,
    /// The criteria its actions may cite: id, code, text in the plan's language.
    pub criteria: Vec<(i64, String, String)>,
}

/// A plan's budget in one currency: planned, and executed as each check-in reported.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BudgetLine {
    pub currency: String,
    pub planned_minor: i64,
    pub executed: Vec<(i64, i64)>,
}

/// The difference between two versions of a plan, line by line.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlanDiff {
    pub plan: PlanSummary,
    pub from: i64,
    pub to: i64,
    /// Every version, newest first, to choose two from.
    pub versions: Vec<VersionLine>,
    pub lines: Vec<DiffLine>,
    pub added: usize,
    pub removed: usize,
}

/// One action's line in a check-in.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub action_id: i64,
    pub action_title: String,
    pub objective_title: String,
    pub currency: Option<String>,
    /// Empty when nothing is saved yet.
    pub status: String,
    pub percent: i64,
    pub executed_minor: Option<i64>,
    pub indicator: String,
    pub indicator_value: String,
    pub rag: String,
    pub narrative: String,
    pub evidence: String,
    pub author: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckinPage {
    pub plan: PlanSummary,
    pub checkin: CheckinSummary,
    pub entries: Vec<Entry>,
    pub can_edit: bool,
    /// The viewer's refused try of this check-in's form, shown again.
    pub kept: Option<KeptForm>,
}

/// What someone typed in one of a plan's forms that was refused: the form (`key`) and its
/// fields, shown again beside the message.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeptForm {
    pub key: String,
    pub fields: Vec<(String, String)>,
}

impl KeptForm {
    /// The value typed in field `name` of form `key`, if this is that form.
    pub fn value(kept: Option<&KeptForm>, key: &str, name: &str) -> Option<String> {
        kept.filter(|k| k.key == key)?
            .fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    }
}

/// An amount that is not a non-negative number with at most two decimals.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BadAmount;

/// A budget in minor units as people write it: `12500.5` → `1250050`. None for empty; an
/// error for anything that is not a non-negative amount with at most two decimals.
pub fn parse_amount(text: &str) -> Result<Option<i64>, BadAmount> {
    let t = text.trim().replace([',', ' '], "");
    if t.is_empty() {
        return Ok(None);
    }
    let (whole, frac) = t.split_once('.').unwrap_or((&t, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !digits(whole) || !digits(frac) || frac.len() > 2 || whole.len() > 15 {
        return Err(BadAmount);
    }
    let whole: i64 = whole.parse().map_err(|_| BadAmount)?;
    let cents: i64 = format!("{frac:0<2}").parse().map_err(|_| BadAmount)?;
    Ok(Some(whole * 100 + cents))
}

/// Minor units as an amount people read: `1250050` → `12,500.50`.
pub fn format_amount(minor: i64) -> String {
    let whole = (minor / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{grouped}.{:02}", minor % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_read_and_written_in_minor_units() {
        assert_eq!(parse_amount(""), Ok(None));
        assert_eq!(parse_amount("12500.5"), Ok(Some(1_250_050)));
        assert_eq!(parse_amount("12,500"), Ok(Some(1_250_000)));
        assert_eq!(parse_amount("0.07"), Ok(Some(7)));
        for bad in ["-5", "abc", "1.234", ".5", "1e5", "12.3.4"] {
            assert_eq!(parse_amount(bad), Err(BadAmount), "{bad}");
        }
        assert_eq!(format_amount(1_250_050), "12,500.50");
        assert_eq!(format_amount(7), "0.07");
        assert_eq!(format_amount(100_000_000), "1,000,000.00");
    }
}

#[cfg(test)]
mod figure_tests {
    use super::figure;

    #[test]
    fn figures_are_read_as_people_type_them() {
        assert_eq!(figure("40"), Some(40.0));
        assert_eq!(figure(" 35 % "), Some(35.0));
        assert_eq!(figure("0,5"), Some(0.5));
        assert_eq!(figure("12.5"), Some(12.5));
        assert_eq!(figure("1.200.000"), Some(1_200_000.0));
        assert_eq!(figure("1,200,000"), Some(1_200_000.0));
        assert_eq!(figure("1.200,50"), Some(1200.5));
        assert_eq!(figure("-3"), Some(-3.0));
        assert_eq!(figure("0,125"), Some(0.125));
        assert_eq!(figure("1,200"), Some(1200.0));
        assert_eq!(figure("n/a"), None);
        assert_eq!(figure(""), None);
        assert_eq!(figure("15 centros"), None);
    }
}
