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
}

/// The plans a viewer may see, and whether they may start one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlanList {
    pub plans: Vec<PlanSummary>,
    /// Spaces (slug, name) the viewer may start a plan in.
    pub can_start_in: Vec<(String, String)>,
    pub staff: bool,
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
    pub baseline: String,
    pub baseline_year: Option<i64>,
    pub target: String,
    /// From the latest submitted check-in: status, rating, percent complete.
    pub latest: Option<(String, String, i64)>,
    /// Technical-assistance requests filed from this action: id, title, status.
    pub requests: Vec<(i64, String, String)>,
    /// Its discussion: thread id and comments shown.
    pub discussion: Option<(i64, i64)>,
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
    /// Per currency: the planned budget, and per submitted check-in (months) the executed.
    pub budget: Vec<BudgetLine>,
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
