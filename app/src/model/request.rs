//! Technical-assistance requests: what a country asks the programme's staff for, where it
//! stands, and what the staff queue, a request's page and the programme's figures show.

use serde::{Deserialize, Serialize};

use super::country::CountryName;
use super::thread::ThreadView;

/// Topics a request is about, as stored (`topic.<key>` in the locale files).
pub const TOPICS: [&str; 7] = [
    "treatment_guidelines",
    "workforce_training",
    "quality_assurance",
    "indicators",
    "operational_planning",
    "funding",
    "other",
];

/// Where a request stands. `Closed` is left only by reopening it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    New,
    Triaged,
    InProgress,
    /// Waiting for the country to answer a question.
    Waiting,
    Answered,
    Closed,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::New,
        Status::Triaged,
        Status::InProgress,
        Status::Waiting,
        Status::Answered,
        Status::Closed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::Triaged => "triaged",
            Status::InProgress => "in_progress",
            Status::Waiting => "waiting",
            Status::Answered => "answered",
            Status::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Status::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// Open requests still owe the country something; only they can be overdue.
    pub fn is_open(self) -> bool {
        !matches!(self, Status::Answered | Status::Closed)
    }

    /// The statuses staff may move a request to from this one. A closed request has none:
    /// it must be reopened first, so a closing is never undone by accident.
    pub fn next(self) -> &'static [Status] {
        use Status::*;
        match self {
            New => &[Triaged, InProgress, Waiting, Closed],
            Triaged => &[InProgress, Waiting, Closed],
            InProgress => &[Triaged, Waiting, Answered, Closed],
            Waiting => &[InProgress, Answered, Closed],
            Answered => &[InProgress, Waiting, Closed],
            Closed => &[],
        }
    }
}

/// How soon the country needs help; sets the due date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    Low,
    Normal,
    High,
    Urgent,
}

impl Urgency {
    pub const ALL: [Urgency; 4] = [
        Urgency::Low,
        Urgency::Normal,
        Urgency::High,
        Urgency::Urgent,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Urgency::Low => "low",
            Urgency::Normal => "normal",
            Urgency::High => "high",
            Urgency::Urgent => "urgent",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Urgency::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// Days staff have to answer, counted from the filing.
    pub fn days(self) -> i64 {
        match self {
            Urgency::Low => 30,
            Urgency::Normal => 14,
            Urgency::High => 7,
            Urgency::Urgent => 2,
        }
    }
}

/// A line of the queue or of a country's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestSummary {
    pub id: i64,
    pub title: String,
    pub country: CountryName,
    pub topic: String,
    pub urgency: Urgency,
    pub status: Status,
    pub requester_name: String,
    /// Display name of the staff member it is assigned to.
    pub assignee_name: Option<String>,
    pub assignee_username: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub due_at: i64,
    pub overdue: bool,
}

/// One change in a request's history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct RequestEvent {
    pub actor: Option<String>,
    /// `filed`, `status`, `reopened`, `assigned`, `due`, `answer`, `rated`.
    pub action: String,
    pub from: Option<String>,
    pub to: Option<String>,
    pub at: i64,
}

/// A staff-only note.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct InternalNote {
    pub author: String,
    pub body_html: String,
    pub at: i64,
}

/// A person staff can assign requests to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct StaffMember {
    pub username: String,
    pub display_name: String,
}

/// A reply staff keep to insert into conversations.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct CannedReply {
    pub id: i64,
    pub title: String,
    pub body_md: String,
    pub updated_by: Option<String>,
    pub updated_at: i64,
}

/// What the viewer may do on a request's page.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestPermissions {
    /// Staff (and admins): status, assignment, due date, notes, marking the answer.
    pub staff: bool,
    /// The country's side: close with a rating (when not closed).
    pub can_close: bool,
    /// Anyone who may close may also reopen a closed request.
    pub can_reopen: bool,
}

/// A request's page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestPage {
    pub summary: RequestSummary,
    pub requester_username: String,
    pub desired_date: Option<String>,
    pub links: Vec<String>,
    pub answer_post_id: Option<i64>,
    pub rating: Option<String>,
    /// The conversation (the opening post is the description).
    pub thread: ThreadView,
    pub events: Vec<RequestEvent>,
    /// Internal notes: `None` for anyone but staff.
    pub notes: Option<Vec<InternalNote>>,
    pub permissions: RequestPermissions,
    /// For staff: colleagues to assign to, and canned replies to insert.
    pub staff: Vec<StaffMember>,
    pub canned: Vec<CannedReply>,
    /// The reply box's starting text (a canned reply being inserted, or kept text).
    pub reply_text: String,
    /// The plan action it was asked for from, for those who may see the plan.
    pub plan_action: Option<PlanActionRef>,
    /// The indicator the request is about (its code), if any.
    pub indicator: Option<String>,
}

/// The queue's filters and order, as in its address.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueFilters {
    /// Saved view: `mine`, `unassigned`, `overdue`, `open` or `` (all).
    pub view: String,
    pub status: String,
    pub country: String,
    pub topic: String,
    pub urgency: String,
    /// A staff username.
    pub assignee: String,
    /// `due` (default), `oldest`, `newest`, `updated`, `urgency`.
    pub sort: String,
}

/// The staff queue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Queue {
    pub filters: QueueFilters,
    pub items: Vec<RequestSummary>,
    /// Counts for the saved views: mine, unassigned, overdue.
    pub mine: i64,
    pub unassigned: i64,
    pub overdue: i64,
    pub countries: Vec<CountryName>,
    pub staff: Vec<StaffMember>,
}

/// What the requests page shows a signed-in person: their country's requests, and
/// whether they may file one (and for which countries).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountryRequests {
    pub country: Option<CountryName>,
    pub items: Vec<RequestSummary>,
    pub staff: bool,
}

/// The filing form: the countries the viewer may file for, and text kept from a refused
/// attempt.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestForm {
    pub countries: Vec<CountryName>,
    pub kept_title: String,
    pub kept_description: String,
    /// The plan action the request is asked for from (`?action=`), when there is one.
    pub action: Option<PlanActionRef>,
    /// The indicator the request is about (`?indicator=`, its code), when there is one.
    pub indicator: Option<String>,
}

/// A plan's action a request is linked to.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanActionRef {
    pub action_id: i64,
    pub plan_id: i64,
    pub plan_title: String,
    pub action_title: String,
    pub country: String,
}

/// The programme's figures.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figures {
    pub total: i64,
    pub by_status: Vec<(String, i64)>,
    pub by_topic: Vec<(String, i64)>,
    pub by_country: Vec<(CountryName, i64)>,
    /// Seconds from filing to the first staff reply, over the requests that have one.
    pub median_first_response: Option<i64>,
    /// Seconds from filing to the answer, over answered requests.
    pub median_answer: Option<i64>,
    pub overdue: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closed_is_left_only_by_reopening() {
        assert!(Status::Closed.next().is_empty());
        for s in Status::ALL {
            assert!(!s.next().contains(&s), "{s:?} to itself");
            assert_eq!(Status::parse(s.as_str()), Some(s));
        }
        assert!(Status::New.next().contains(&Status::Triaged));
        assert!(!Status::New.next().contains(&Status::Answered));
    }

    #[test]
    fn urgency_sets_days() {
        assert!(Urgency::Urgent.days() < Urgency::High.days());
        assert!(Urgency::High.days() < Urgency::Normal.days());
        assert!(Urgency::Normal.days() < Urgency::Low.days());
        assert_eq!(Urgency::parse("bogus"), None);
    }
}
