//! The directory of treatment services (DOMAIN.md, "Treatment-services directory
//! record"): a service's record as pages and forms carry it, the vocabulary its terms come
//! from, its history and the corrections readers report, the directory's search page and
//! the CSV columns of import and export. The rules are in `backend::directory`.

use serde::{Deserialize, Serialize};

use super::country::CountryName;
use super::indicator::ImportProblem;
use super::plan::KeptForm;
use super::search::{ServiceFilters, Sort};
use crate::i18n::Locale;

/// Levels of care (CICAD practical guide, 2003), in order.
pub const LEVELS: [&str; 5] = ["immediate", "level1", "level2", "level3", "level4"];
/// Who runs a service.
pub const OPERATORS: [&str; 4] = ["public", "private", "ngo", "faith"];
/// The many-valued fields, each chosen from the vocabulary of that kind.
pub const TERM_KINDS: [&str; 5] = [
    "modality",
    "medication",
    "population",
    "language",
    "payment",
];
/// A record not confirmed for this many days is stale.
pub const STALE_DAYS: i64 = 365;
/// Longest free text of a record field (names, addresses, hours…).
pub const MAX_FIELD: usize = 300;
/// Longest description of what a service offers, and of a correction.
pub const MAX_TEXT: usize = 4_000;

/// The columns of an import file and of an export, in this order. The first block maps the
/// WHO/UNODC treatment facility survey's identification, location, setting and capacity
/// questions; many-valued columns take codes separated by `;`.
pub const CSV_COLUMNS: [&str; 30] = [
    "id",
    "country",
    "name",
    "operator",
    "licence_number",
    "licence_body",
    "licence_issued",
    "licence_expires",
    "address",
    "region",
    "district",
    "latitude",
    "longitude",
    "phone",
    "email",
    "website",
    "hours",
    "intake_24h",
    "level",
    "modalities",
    "services_offered",
    "medications",
    "populations",
    "languages",
    "payment",
    "beds",
    "outpatient_places",
    "waiting_days",
    "verified_on",
    "public_listing",
];

/// A word of the vocabulary (a modality, a medication, a population…) in four languages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Term {
    pub kind: String,
    pub code: String,
    pub en: String,
    pub es: String,
    pub pt: String,
    pub fr: String,
}

impl Term {
    pub fn label(&self, locale: Locale) -> &str {
        match locale {
            Locale::En => &self.en,
            Locale::Es => &self.es,
            Locale::Pt => &self.pt,
            Locale::Fr => &self.fr,
        }
    }
}

/// The label of `code` of `kind` among `terms` (the code itself when unknown).
pub fn term_label(terms: &[Term], kind: &str, code: &str, locale: Locale) -> String {
    terms
        .iter()
        .find(|t| t.kind == kind && t.code == code)
        .map_or_else(|| code.to_string(), |t| t.label(locale).to_string())
}

/// A service as stored: every field of the record. Dates are `YYYY-MM-DD`, empty when
/// not known.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ServiceRecord {
    pub id: i64,
    pub country: String,
    pub name: String,
    pub operator: String,
    pub licence_number: String,
    pub licence_body: String,
    pub licence_issued: String,
    pub licence_expires: String,
    pub address: String,
    pub region: String,
    pub district: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub phone: String,
    pub email: String,
    pub website: String,
    pub hours: String,
    pub intake_24h: bool,
    pub level: String,
    pub services_offered: String,
    pub beds: Option<i64>,
    pub outpatient_places: Option<i64>,
    pub waiting_days: Option<i64>,
    pub verified_on: String,
    pub public_listing: bool,
    pub modalities: Vec<String>,
    pub medications: Vec<String>,
    pub populations: Vec<String>,
    pub languages: Vec<String>,
    pub payments: Vec<String>,
    pub version: i64,
    pub updated_at: i64,
}

impl ServiceRecord {
    /// The terms of one kind.
    pub fn terms(&self, kind: &str) -> &[String] {
        match kind {
            "modality" => &self.modalities,
            "medication" => &self.medications,
            "population" => &self.populations,
            "language" => &self.languages,
            _ => &self.payments,
        }
    }

    /// The record's fields as the form and the CSV name them, as text.
    pub fn cells(&self) -> Vec<(&'static str, String)> {
        let num = |v: Option<i64>| v.map(|n| n.to_string()).unwrap_or_default();
        let deg = |v: Option<f64>| v.map(|n| format!("{n:.6}")).unwrap_or_default();
        let flag = |b: bool| if b { "yes" } else { "no" }.to_string();
        vec![
            ("id", self.id.to_string()),
            ("country", self.country.clone()),
            ("name", self.name.clone()),
            ("operator", self.operator.clone()),
            ("licence_number", self.licence_number.clone()),
            ("licence_body", self.licence_body.clone()),
            ("licence_issued", self.licence_issued.clone()),
            ("licence_expires", self.licence_expires.clone()),
            ("address", self.address.clone()),
            ("region", self.region.clone()),
            ("district", self.district.clone()),
            ("latitude", deg(self.latitude)),
            ("longitude", deg(self.longitude)),
            ("phone", self.phone.clone()),
            ("email", self.email.clone()),
            ("website", self.website.clone()),
            ("hours", self.hours.clone()),
            ("intake_24h", flag(self.intake_24h)),
            ("level", self.level.clone()),
            ("modalities", self.modalities.join(";")),
            ("services_offered", self.services_offered.clone()),
            ("medications", self.medications.join(";")),
            ("populations", self.populations.join(";")),
            ("languages", self.languages.join(";")),
            ("payment", self.payments.join(";")),
            ("beds", num(self.beds)),
            ("outpatient_places", num(self.outpatient_places)),
            ("waiting_days", num(self.waiting_days)),
            ("verified_on", self.verified_on.clone()),
            ("public_listing", flag(self.public_listing)),
        ]
    }
}

/// A record as typed (a form or a CSV row): text, checked by `backend::directory::check`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ServiceInput {
    /// Field name (as in [`CSV_COLUMNS`]) → text; many-valued fields as codes joined by `;`.
    pub fields: Vec<(String, String)>,
}

impl ServiceInput {
    /// The text of `name` (empty when absent).
    pub fn get(&self, name: &str) -> String {
        self.fields
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.trim())
            .collect::<Vec<_>>()
            .join(";")
    }

    /// Whether the input has the field at all (an import file may leave columns out).
    pub fn has(&self, name: &str) -> bool {
        self.fields.iter().any(|(k, _)| k == name)
    }

    pub fn from_record(record: &ServiceRecord) -> ServiceInput {
        ServiceInput {
            fields: record
                .cells()
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
        }
    }

    /// A form's fields (checkboxes of a many-valued field come as repeated names).
    pub fn from_pairs(pairs: &[(String, String)]) -> ServiceInput {
        ServiceInput {
            fields: pairs
                .iter()
                .filter(|(k, _)| CSV_COLUMNS.contains(&k.as_str()))
                .cloned()
                .collect(),
        }
    }
}

/// A version of a record: who changed which fields, when, and how.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceVersion {
    pub version: i64,
    pub changed: Vec<String>,
    /// `form`, `import` or `verified`.
    pub origin: String,
    pub by: Option<String>,
    pub at: i64,
}

/// A correction a reader reported, and what became of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Correction {
    pub id: i64,
    pub service_id: i64,
    pub service_name: String,
    pub body: String,
    pub reporter: Option<String>,
    pub reported_at: i64,
    /// `open`, `applied` or `dismissed`.
    pub status: String,
    pub response: String,
    pub reviewer: Option<String>,
}

/// A library document that describes a service.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentLink {
    pub slug: String,
    pub title: String,
}

/// A service's page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ServicePage {
    pub record: ServiceRecord,
    pub country: CountryName,
    pub stale: bool,
    /// The viewer may edit it (the country's directory editors and staff).
    pub can_edit: bool,
    pub signed_in: bool,
    pub history: Vec<ServiceVersion>,
    /// For editors: every correction; for a reporter: their own.
    pub corrections: Vec<Correction>,
    pub documents: Vec<DocumentLink>,
    pub terms: Vec<Term>,
    /// The service's latest quality assessment, when the viewer may read it.
    pub assessment: Option<crate::model::quality::AssessmentSummary>,
    pub kept: Option<KeptForm>,
}

/// The form to add or change a record.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ServiceForm {
    /// `None` for a new service.
    pub id: Option<i64>,
    pub input: ServiceInput,
    /// Countries whose records the viewer may edit.
    pub countries: Vec<CountryName>,
    pub terms: Vec<Term>,
    /// The form was refused and shows what was typed.
    pub kept: bool,
}

/// One result line of the directory.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ServiceHit {
    pub id: i64,
    pub name: String,
    pub country: String,
    pub region: String,
    pub district: String,
    pub address: String,
    pub level: String,
    pub modalities: Vec<String>,
    pub payments: Vec<String>,
    pub intake_24h: bool,
    pub verified_on: String,
    pub stale: bool,
    pub public_listing: bool,
    pub distance_km: Option<f64>,
}

/// A place a reader may measure distances from: a city or a region's capital.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Place {
    /// `PE-lima`: country and slug.
    pub key: String,
    pub country: String,
    pub name: String,
    pub latitude: f64,
    pub longitude: f64,
}

/// The directory's search as asked (every field from the query string).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DirectoryAsked {
    pub q: String,
    pub country: Option<String>,
    pub filters: ServiceFilters,
    pub sort: Sort,
    /// A [`Place::key`].
    pub near: Option<String>,
    /// 1-based page of results.
    pub page: usize,
}

impl DirectoryAsked {
    /// The search a query string asks for (`q`, `country`, each facet by name, `sort`,
    /// `near`, `page`); values that are not plain words are dropped here and refused by
    /// the engine's filter check if they got through.
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> DirectoryAsked {
        let given = |name: &str| {
            get(name)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        let mut filters = ServiceFilters::default();
        for name in super::search::SERVICE_FACETS {
            if let Some(slot) = filters.get_mut(name) {
                *slot = given(name);
            }
        }
        DirectoryAsked {
            q: get("q").unwrap_or_default(),
            country: given("country"),
            filters,
            sort: match given("sort").as_deref() {
                Some("distance") => Sort::Distance,
                Some("newest") => Sort::Newest,
                _ => Sort::Relevance,
            },
            near: given("near"),
            page: given("page")
                .and_then(|p| p.parse().ok())
                .unwrap_or(1)
                .clamp(1, 500),
        }
    }

    /// The query string that asks for this search again (without the page).
    pub fn to_query(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        if !self.q.trim().is_empty() {
            out.push(("q".to_string(), self.q.clone()));
        }
        if let Some(c) = &self.country {
            out.push(("country".to_string(), c.clone()));
        }
        for (name, value) in self.filters.pairs() {
            if let Some(v) = value {
                out.push((name.to_string(), v.clone()));
            }
        }
        match self.sort {
            Sort::Distance => out.push(("sort".to_string(), "distance".to_string())),
            Sort::Newest => out.push(("sort".to_string(), "newest".to_string())),
            Sort::Relevance => {}
        }
        if let Some(n) = &self.near {
            out.push(("near".to_string(), n.clone()));
        }
        out
    }
}

/// Results shown per page of the directory.
pub const DIRECTORY_PAGE: usize = 20;

/// The directory's search page.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DirectoryPage {
    pub asked: DirectoryAsked,
    pub total: usize,
    pub hits: Vec<ServiceHit>,
    /// facet → value → count, over everything that matched.
    pub facets: std::collections::BTreeMap<String, std::collections::BTreeMap<String, u64>>,
    /// Region slug → name.
    pub regions: Vec<(String, String)>,
    pub countries: Vec<CountryName>,
    pub terms: Vec<Term>,
    pub places: Vec<Place>,
    /// The viewer edits some country's directory (links to the editor's pages).
    pub editor: bool,
    /// The engine did not answer: the page says so instead of failing.
    pub unavailable: bool,
}

/// What a country's editors look after: stale records, open corrections, unlisted ones.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EditorPage {
    pub countries: Vec<CountryName>,
    pub stale: Vec<ServiceHit>,
    pub unlisted: Vec<ServiceHit>,
    pub corrections: Vec<Correction>,
    pub total: usize,
    pub terms: Vec<Term>,
}

/// The report of an import or a dry run.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DirectoryImportReport {
    pub file_name: String,
    pub dry_run: bool,
    pub rows: usize,
    pub added: usize,
    pub changed: usize,
    pub unchanged: usize,
    pub problems: Vec<ImportProblem>,
    pub more: usize,
}

/// The import page: for which countries, and the last report.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DirectoryImportPage {
    pub countries: Vec<CountryName>,
    pub report: Option<DirectoryImportReport>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_goes_to_cells_in_column_order() {
        let cells = ServiceRecord::default().cells();
        let names: Vec<&str> = cells.iter().map(|(k, _)| *k).collect();
        assert_eq!(names, CSV_COLUMNS);
    }
}
