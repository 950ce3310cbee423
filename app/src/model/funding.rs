//! The catalogue of funding mechanisms as pages show it: a mechanism's record (funder,
//! kind, eligible countries, what it funds, amounts, cycle and deadlines, how to apply,
//! contact, when it was last checked), the catalogue's search with its facets, and the
//! deadlines coming up that the home page lists.

use serde::{Deserialize, Serialize};

use super::country::CountryName;
use super::plan::KeptForm;

/// A text in the platform's four languages (`code` unused).
pub type Texts = CountryName;

/// The kinds of mechanism, in the order the catalogue lists them.
pub const KINDS: [&str; 5] = [
    "national_budget",
    "social_insurance",
    "international_cooperation",
    "grant_programme",
    "loan",
];

/// How often a mechanism funds.
pub const CYCLES: [&str; 4] = ["annual", "rolling", "one_off", "multi_year"];

/// How far ahead the home page looks for deadlines, in days.
pub const DEADLINE_HORIZON_DAYS: i64 = 90;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Deadline {
    /// YYYY-MM-DD.
    pub due_on: String,
    pub label: String,
}

/// One funding mechanism, whole.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Mechanism {
    pub id: i64,
    pub name: Texts,
    pub funder: String,
    /// One of [`KINDS`].
    pub kind: String,
    /// Codes of the countries that may use it.
    pub countries: Vec<String>,
    pub funds: Texts,
    /// Smallest and largest award in minor units of `currency`.
    pub amount_min: Option<i64>,
    pub amount_max: Option<i64>,
    pub currency: Option<String>,
    /// One of [`CYCLES`].
    pub cycle: String,
    pub deadlines: Vec<Deadline>,
    pub apply: Texts,
    pub contact: String,
    pub url: String,
    pub verified_on: Option<String>,
}

/// What the catalogue's search asks: words, and one value per facet (empty for any).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FundingAsked {
    pub q: String,
    pub kind: String,
    pub country: String,
    pub cycle: String,
    /// Only mechanisms with a deadline from today on.
    pub open: bool,
}

/// A facet's values with how many of the found mechanisms have each.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FundingFacets {
    pub kind: Vec<(String, usize)>,
    pub country: Vec<(String, usize)>,
    pub cycle: Vec<(String, usize)>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FundingPage {
    pub asked: FundingAsked,
    pub found: Vec<Mechanism>,
    pub facets: FundingFacets,
    /// Every country (for names and the eligible-countries choice).
    pub countries: Vec<CountryName>,
    /// Today, for telling which deadlines are past.
    pub today: String,
    /// Staff add and change mechanisms.
    pub staff: bool,
    pub kept: Option<KeptForm>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MechanismPage {
    pub mechanism: Mechanism,
    pub countries: Vec<CountryName>,
    pub today: String,
    pub staff: bool,
    pub kept: Option<KeptForm>,
}

/// A deadline coming up, for the home page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UpcomingDeadline {
    pub mechanism_id: i64,
    pub name: Texts,
    pub due_on: String,
    pub label: String,
}

/// A mechanism a plan action may name: id and name.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FundingChoice {
    pub id: i64,
    pub name: Texts,
}
