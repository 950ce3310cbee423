//! Country affiliation: the verified country a person works for, and their requests to be
//! recognised as working for one. A person's country grants access to that country's
//! requests (and plans, check-ins and assessments), so nobody sets it for themselves:
//! admins set it, an invitation carries it, or staff or the country's focal points approve
//! a request for it.

use serde::{Deserialize, Serialize};

use super::country::CountryName;

/// Where a request to be affiliated with a country stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AffiliationStatus {
    Pending,
    Approved,
    Declined,
    /// The person asked for another country, or took the request back.
    Withdrawn,
}

impl AffiliationStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            AffiliationStatus::Pending => "pending",
            AffiliationStatus::Approved => "approved",
            AffiliationStatus::Declined => "declined",
            AffiliationStatus::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "pending" => Some(AffiliationStatus::Pending),
            "approved" => Some(AffiliationStatus::Approved),
            "declined" => Some(AffiliationStatus::Declined),
            "withdrawn" => Some(AffiliationStatus::Withdrawn),
            _ => None,
        }
    }
}

/// Longest note a person may add to their request, and reason a decider may give.
pub const MAX_NOTE_CHARS: usize = 500;

/// One request, as the person and the deciders see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AffiliationRequestView {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub organisation: String,
    pub email: Option<String>,
    pub country: CountryName,
    pub note: String,
    pub status: AffiliationStatus,
    pub created_at: i64,
    pub decided_by: Option<String>,
    pub decided_at: Option<i64>,
    pub reason: String,
}

/// The account page's part about the person's country.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyAffiliation {
    /// The verified country, if any.
    pub country: Option<CountryName>,
    /// The request waiting for a decision, if any.
    pub pending: Option<AffiliationRequestView>,
    /// The latest decided request (to say it was declined, and why).
    pub last_decided: Option<AffiliationRequestView>,
    /// Countries one may ask for (participating ones).
    pub countries: Vec<CountryName>,
}

/// The deciders' queue: pending requests for the countries the viewer decides for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AffiliationQueue {
    pub pending: Vec<AffiliationRequestView>,
    /// Decided lately (last 30), for the record.
    pub recent: Vec<AffiliationRequestView>,
    /// Whether the viewer decides for every country (staff and admins) or only as a
    /// focal point for some.
    pub all_countries: bool,
}
