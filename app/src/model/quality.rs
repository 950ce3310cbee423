//! Quality-standards assessment of services as pages show it: an instrument's version
//! (areas → standards → criteria, with its rating scale), a campaign over services of a
//! country's directory, one service's self-assessment and verification, and the scores —
//! per area, per service, and across a campaign.

use serde::{Deserialize, Serialize};

use super::country::CountryName;
use super::plan::KeptForm;

/// A text in the platform's four languages; `code` is the item's own code.
pub type Names = CountryName;

/// How a criterion may be verified.
pub const SOURCES: [&str; 4] = ["document", "record", "observation", "interview"];

/// The three levels of an instrument's tree.
pub const ITEM_KINDS: [&str; 3] = ["area", "standard", "criterion"];

/// A level of a version's rating scale; no weight means "not applicable" (left out of
/// the score).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScaleLevel {
    pub code: String,
    /// Percent of a "met" the level counts for.
    pub weight: Option<i64>,
    pub names: Names,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Item {
    pub id: i64,
    pub parent: Option<i64>,
    pub kind: String,
    pub code: String,
    pub text: Names,
    pub guidance: Names,
    pub sources: Vec<String>,
}

/// One version of an instrument, whole.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Instrument {
    pub version_id: i64,
    pub instrument_id: i64,
    /// The instrument's names (`code` is its stable code).
    pub name: Names,
    pub number: i64,
    pub note: String,
    pub scale: Vec<ScaleLevel>,
    /// Areas, standards and criteria in tree order (each after its parent).
    pub items: Vec<Item>,
    /// Campaigns that use this version: once there is one, it is frozen.
    pub campaigns: i64,
}

impl Instrument {
    pub fn children(&self, parent: Option<i64>) -> impl Iterator<Item = &Item> {
        self.items.iter().filter(move |i| i.parent == parent)
    }

    /// The areas' codes, in order.
    pub fn area_codes(&self) -> Vec<String> {
        self.items
            .iter()
            .filter(|i| i.kind == "area")
            .map(|i| i.code.clone())
            .collect()
    }

    pub fn criteria(&self) -> impl Iterator<Item = &Item> {
        self.items.iter().filter(|i| i.kind == "criterion")
    }

    pub fn level(&self, code: &str) -> Option<&ScaleLevel> {
        self.scale.iter().find(|l| l.code == code)
    }

    /// The area a criterion (or standard) belongs to.
    pub fn area_of(&self, item: i64) -> Option<&Item> {
        let mut at = self.items.iter().find(|i| i.id == item)?;
        while let Some(parent) = at.parent {
            at = self.items.iter().find(|i| i.id == parent)?;
        }
        (at.kind == "area").then_some(at)
    }
}

/// A version in the list of instruments.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VersionSummary {
    pub id: i64,
    pub number: i64,
    pub note: String,
    pub areas: i64,
    pub criteria: i64,
    pub campaigns: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InstrumentSummary {
    pub id: i64,
    pub name: Names,
    pub versions: Vec<VersionSummary>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AssessmentStatus {
    /// The respondent is filling the self-assessment.
    SelfAssessment,
    /// Submitted: an assessor verifies it on site.
    Submitted,
    /// Verified: the lead closes it.
    Verified,
    /// Closed: the verified ratings are final.
    Closed,
}

impl AssessmentStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            AssessmentStatus::SelfAssessment => "self",
            AssessmentStatus::Submitted => "submitted",
            AssessmentStatus::Verified => "verified",
            AssessmentStatus::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<AssessmentStatus> {
        Some(match s {
            "self" => AssessmentStatus::SelfAssessment,
            "submitted" => AssessmentStatus::Submitted,
            "verified" => AssessmentStatus::Verified,
            "closed" => AssessmentStatus::Closed,
            _ => return None,
        })
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CampaignSummary {
    pub id: i64,
    pub title: String,
    pub country: CountryName,
    pub instrument: Names,
    pub version_number: i64,
    pub starts_on: String,
    pub ends_on: String,
    pub lead: String,
    pub services: i64,
    pub closed: i64,
}

/// One service of a campaign, as lists show it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AssessmentSummary {
    pub id: i64,
    pub campaign_id: i64,
    pub campaign: String,
    pub service_id: i64,
    pub service: String,
    pub region: String,
    pub respondent: Option<String>,
    pub status: AssessmentStatus,
}

/// A service a campaign may assess: id, name, region.
pub type ServiceChoice = (i64, String, String);

/// What the quality page lists for the viewer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QualityHome {
    pub instruments: Vec<InstrumentSummary>,
    pub campaigns: Vec<CampaignSummary>,
    /// Assessments waiting for the viewer (to fill, verify or close).
    pub tasks: Vec<AssessmentSummary>,
    /// Staff build instruments.
    pub staff: bool,
    /// Countries the viewer may start a campaign in.
    pub can_start_in: Vec<CountryName>,
    /// Services the new-campaign form offers, per country.
    pub services: Vec<(String, Vec<ServiceChoice>)>,
    pub kept: Option<KeptForm>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InstrumentPage {
    pub instrument: Instrument,
    /// Staff may change it while no campaign uses it.
    pub can_edit: bool,
    pub staff: bool,
    pub kept: Option<KeptForm>,
}

/// Scores of one area, in percent (none when no criterion of it is applicable).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AreaScore {
    pub code: String,
    pub self_score: Option<f64>,
    pub verified: Option<f64>,
}

/// A distribution across services: median and range, and how many services.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Spread {
    pub median: f64,
    pub min: f64,
    pub max: f64,
    pub n: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ServiceRow {
    pub assessment: AssessmentSummary,
    /// Per area (in the instrument's order): self and verified.
    pub areas: Vec<AreaScore>,
    /// Criteria where the assessor's rating differs from the self-rating.
    pub disagreements: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CriterionStat {
    pub criterion_id: i64,
    pub code: String,
    /// Mean verified score across services, percent.
    pub mean: f64,
    pub not_met: i64,
    pub rated: i64,
}

/// A campaign's results: final (closed) assessments only, except the self-scores, which
/// count every submitted one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CampaignScores {
    /// Per area: (code, verified spread, self spread).
    pub areas: Vec<(String, Option<Spread>, Option<Spread>)>,
    /// Per region: (region, per area the median verified score).
    pub regions: Vec<(String, Vec<Option<f64>>)>,
    pub services: Vec<ServiceRow>,
    /// The weakest criteria, lowest mean first.
    pub weakest: Vec<CriterionStat>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CampaignPage {
    pub summary: CampaignSummary,
    pub instrument: Instrument,
    pub assessors: Vec<String>,
    pub scores: CampaignScores,
    /// The lead, the country's focal points and staff name respondents and close.
    pub can_manage: bool,
    /// The country's publishers may publish the aggregated results to the library.
    pub can_publish: bool,
    pub kept: Option<KeptForm>,
}

/// One criterion's ratings in an assessment.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Rating {
    pub criterion_id: i64,
    pub self_level: Option<String>,
    pub self_comment: String,
    pub evidence: String,
    pub verified_level: Option<String>,
    pub verified_sources: Vec<String>,
    pub verified_comment: String,
}

/// What the viewer may do with an assessment now.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AssessmentRights {
    pub fill: bool,
    pub verify: bool,
    pub close: bool,
    /// Make an improvement plan from its gaps (closed, country's plan writers).
    pub plan: bool,
    /// Open the campaign's page (a respondent reads only their own assessment).
    pub campaign: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AssessmentPage {
    pub summary: AssessmentSummary,
    pub country: CountryName,
    pub instrument: Instrument,
    pub ratings: Vec<Rating>,
    pub areas: Vec<AreaScore>,
    pub rights: AssessmentRights,
    /// The service's previous closed assessment: its id and per criterion code the final
    /// level then.
    pub previous: Option<(i64, Vec<(String, String)>)>,
    /// Improvement plans made from it: id and title.
    pub plans: Vec<(i64, String)>,
    /// Spaces (slug, name) an improvement plan may be kept in.
    pub plan_spaces: Vec<(String, String)>,
    pub kept: Option<KeptForm>,
}

/// The percent a level counts for, or `None` when it leaves the criterion out.
pub fn weight_of(scale: &[ScaleLevel], level: &str) -> Option<i64> {
    scale
        .iter()
        .find(|l| l.code == level)
        .and_then(|l| l.weight)
}

/// Formats a score for tables: "63 %" (never broken across lines) or "—".
pub fn percent(score: Option<f64>) -> String {
    score.map_or_else(|| "—".to_string(), |s| format!("{s:.0}\u{a0}%"))
}

/// An instrument's text in `locale`, or in English where it has not been translated yet.
pub fn text_in(names: &Names, locale: crate::i18n::Locale) -> &str {
    match names.get(locale) {
        "" => &names.en,
        t => t,
    }
}
