//! The network as pages show it: the list of the programme's countries and one country's
//! page (its focal points, spaces, plans, requests in progress, directory coverage, latest
//! assessment and the funding open to it: what a staff member reads before a call with
//! that country); and the network directory — working groups, and the people who chose
//! to be listed. Each part is there only for those who may see it.

use serde::{Deserialize, Serialize};

use super::country::{Country, CountryName};
use super::plan::{KeptForm, PlanSummary};
use super::quality::CampaignSummary;
use super::request::RequestSummary;

/// A space of the country, as the page lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SpaceLine {
    pub slug: String,
    pub name: String,
    /// `public`, `network` or `private`.
    pub visibility: String,
}

/// A person holding a role for the country: username and display name.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PersonLine {
    pub username: String,
    pub display_name: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CountryPage {
    pub country: Country,
    /// Its focal points, for signed-in readers (None for visitors).
    pub focal_points: Option<Vec<PersonLine>>,
    /// Its spaces the reader may see.
    pub spaces: Vec<SpaceLine>,
    /// Its plans the reader may see.
    pub plans: Vec<PlanSummary>,
    /// Its technical-assistance requests still open, for those who may see them (its own
    /// members and staff); None for everyone else.
    pub requests: Option<Vec<RequestSummary>>,
    /// Publicly listed services of its directory, per level of care (level code, count).
    pub coverage: Vec<(String, i64)>,
    /// Its latest quality campaign the reader may see.
    pub campaign: Option<CampaignSummary>,
    /// How many funding mechanisms are open to it.
    pub funding: usize,
    /// Its missions, for signed-in readers: those they may see (None for visitors).
    pub missions: Option<Vec<crate::model::mission::MissionSummary>>,
}

/// The countries of the programme, for the index of country pages.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CountryIndex {
    pub countries: Vec<Country>,
}

impl CountryPage {
    pub fn name(&self) -> CountryName {
        CountryName::from(self.country.clone())
    }
}

/// A space its owners marked as a working group, as the directory lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorkingGroup {
    pub space: SpaceLine,
    pub topic: String,
    pub how_to_join: String,
    pub countries: Vec<CountryName>,
    /// The focal points of its countries, for signed-in readers (None for visitors).
    pub focal_points: Option<Vec<PersonLine>>,
    pub members: i64,
    /// Posts written in its threads in the last 30 days.
    pub posts_30_days: i64,
}

/// Someone who chose to be listed, with what they chose to show.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ListedPerson {
    pub username: String,
    pub display_name: String,
    /// Their verified country, if any.
    pub country: Option<CountryName>,
    pub organisation: String,
    pub position: String,
    pub languages: Vec<String>,
    pub expertise: String,
}

/// The directory's filters: a country code, a language code, words.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct NetworkAsked {
    pub country: String,
    pub language: String,
    pub q: String,
}

/// The reader's own listing, for the form that changes it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MyListing {
    pub listed: bool,
    pub position: String,
    pub expertise: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NetworkPage {
    pub asked: NetworkAsked,
    pub groups: Vec<WorkingGroup>,
    /// The people listed, for signed-in readers (None for visitors).
    pub people: Option<Vec<ListedPerson>>,
    pub countries: Vec<CountryName>,
    /// The signed-in reader's own listing.
    pub me: Option<MyListing>,
    pub kept: Option<KeptForm>,
}

/// A space's working-group settings, for its owners.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GroupForm {
    pub slug: String,
    /// Whether the space is a working group now.
    pub is_group: bool,
    pub topic: String,
    pub how_to_join: String,
    pub chosen: Vec<String>,
    pub countries: Vec<CountryName>,
    pub kept: Option<KeptForm>,
}
