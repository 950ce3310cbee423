//! Missions to countries as pages show them: a mission's facts (country, dates, scope,
//! objectives, team, what it serves), its checklist, the services it visits with their
//! notes, its report's revisions and approval, the follow-up actions it put in the
//! country's plans; and the list of missions with their calendar by country and month.

use serde::{Deserialize, Serialize};

use super::country::CountryName;
use super::plan::KeptForm;
use super::quality::Names;

/// Scope levels of a mission (seed 000, activity 7), broadest first.
pub const SCOPES: [&str; 4] = ["system", "strategy", "programme", "service"];

/// A mission's statuses, in the order it goes through them.
pub const STATUSES: [&str; 5] = [
    "planned",
    "in_preparation",
    "under_way",
    "report_in_review",
    "closed",
];

/// The fixed checklist items of every mission, then those of each scope; service visits
/// add the assessment instrument's criteria per service visited.
pub const CHECKLIST_ALL: [&str; 4] = ["agenda", "documents", "opening", "closing"];

/// The scope's own items.
pub fn checklist_of(scope: &str) -> &'static [&'static str] {
    match scope {
        "system" => &["legal_framework", "financing", "information_system"],
        "strategy" => &["strategy_document", "treatment_objectives"],
        "programme" => &["protocols", "records", "staff_training"],
        "service" => &["visit_schedule"],
        _ => &[],
    }
}

/// The status after `status`, if there is one.
pub fn next_status(status: &str) -> Option<&'static str> {
    let i = STATUSES.iter().position(|s| *s == status)?;
    STATUSES.get(i + 1).copied()
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MissionSummary {
    pub id: i64,
    pub country: CountryName,
    pub title: String,
    /// One of [`SCOPES`].
    pub scope: String,
    /// YYYY-MM-DD.
    pub starts_on: String,
    pub ends_on: String,
    /// One of [`STATUSES`].
    pub status: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TeamMember {
    pub username: String,
    pub display_name: String,
    /// `staff` or `expert`.
    pub role: String,
}

/// A service the mission visits, with the team's notes (markdown, and its safe HTML).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Visit {
    pub service_id: i64,
    pub service: String,
    pub visit_on: Option<String>,
    pub notes: String,
    pub notes_html: String,
    pub notes_by: Option<String>,
    pub notes_at: Option<i64>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ChecklistItem {
    pub id: i64,
    /// A fixed item's code (see [`CHECKLIST_ALL`]); empty for a criterion.
    pub item: String,
    /// For a criterion: the service visited, the criterion's code and text.
    pub service: Option<String>,
    pub criterion_code: String,
    pub criterion_text: Names,
    pub done: bool,
    pub note: String,
    pub done_by: Option<String>,
}

/// One saved revision of the report.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ReportRevision {
    pub revision: i64,
    pub body: String,
    pub html: String,
    pub note: String,
    pub author: String,
    pub written_at: i64,
}

/// A plan action the mission put in a plan of the country.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FollowUp {
    pub plan_id: i64,
    pub plan_title: String,
    pub action_id: i64,
    pub title: String,
    pub responsible: String,
    pub ends_on: String,
}

/// A plan action or request the mission serves (`kind` `action` or `request`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Served {
    pub kind: String,
    pub id: i64,
    pub title: String,
    pub link: String,
}

/// A plan of the country a follow-up may go to: its lines of action and, for an
/// improvement plan, the criteria an action must cite.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PlanTarget {
    pub id: i64,
    pub title: String,
    pub lines: Vec<(i64, String)>,
    /// (id, code, text) of the instrument's criteria; empty for a national plan.
    pub criteria: Vec<(i64, String, String)>,
}

/// Someone who may be on a mission's team: staff, or an expert (listed in the network
/// directory with their expertise).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    pub username: String,
    pub display_name: String,
    pub role: String,
}

/// What a mission page needs, for someone who may see the mission.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MissionPage {
    pub summary: MissionSummary,
    pub objectives: String,
    pub objectives_html: String,
    /// The instrument version whose criteria make service visits' checklist: (id, name).
    pub instrument: Option<(i64, String)>,
    pub team: Vec<TeamMember>,
    pub serves: Vec<Served>,
    pub visits: Vec<Visit>,
    pub checklist: Vec<ChecklistItem>,
    /// Newest first.
    pub report: Vec<ReportRevision>,
    pub approved_revision: Option<i64>,
    pub approved_by: Option<String>,
    pub approved_at: Option<i64>,
    pub follow_ups: Vec<FollowUp>,
    /// The team and staff write (checklist, notes, report, follow-ups); staff also move
    /// the status on and approve the report.
    pub can_write: bool,
    pub can_decide: bool,
    pub next_status: Option<String>,
    /// For the forms (empty for those who may not write).
    pub candidates: Vec<Candidate>,
    pub services: Vec<(i64, String)>,
    pub serve_choices: Vec<Served>,
    pub plans: Vec<PlanTarget>,
    pub kept: Option<KeptForm>,
}

/// One country's row of the calendar: per month of the year, the missions under way in it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CalendarRow {
    pub country: CountryName,
    pub months: Vec<Vec<MissionSummary>>,
}

/// The missions page: the viewer's missions, the calendar of `year`, and for staff the
/// new-mission form's choices and their calendar feed's address.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MissionsPage {
    pub missions: Vec<MissionSummary>,
    pub year: i32,
    pub calendar: Vec<CalendarRow>,
    pub staff: bool,
    pub countries: Vec<CountryName>,
    /// Instrument versions (id, name and number).
    pub instruments: Vec<(i64, String)>,
    pub candidates: Vec<Candidate>,
    /// The path of the viewer's calendar feed (with its secret), once they made one.
    pub feed: Option<String>,
    pub kept: Option<KeptForm>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_follow_one_another_and_end_closed() {
        assert_eq!(next_status("planned"), Some("in_preparation"));
        assert_eq!(next_status("report_in_review"), Some("closed"));
        assert_eq!(next_status("closed"), None);
        assert_eq!(next_status("made-up"), None);
    }

    #[test]
    fn every_scope_has_its_own_items() {
        for s in SCOPES {
            assert!(!checklist_of(s).is_empty(), "{s}");
        }
        assert!(checklist_of("other").is_empty());
    }
}
