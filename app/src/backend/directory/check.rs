//! The checks a record passes before it is written, the same for the form and for every
//! row of an import: known country, operator, level and terms; dates that exist, a licence
//! that expires after it was issued; coordinates given together and inside the country;
//! capacities and waiting time as whole numbers, never negative; lengths bounded. Each
//! problem is named by its field and a refusal code the pages explain.

use crate::model::refusal::{FieldRefusal, Problem, Refusal};
use crate::model::service::{
    ServiceInput, ServiceRecord, Term, LEVELS, MAX_FIELD, MAX_TEXT, OPERATORS,
};

use super::geography;

/// A problem with one field: (field, refusal code).
pub type Issue = (&'static str, String);

fn field(name: &'static str, problem: Problem) -> Issue {
    (name, FieldRefusal::new(name, problem).code())
}

fn refusal(name: &'static str, r: Refusal) -> Issue {
    (name, r.code().to_string())
}

/// A date `YYYY-MM-DD` that exists.
pub fn valid_date(text: &str) -> bool {
    text.len() == 10 && chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok()
}

fn yes(text: &str) -> Option<bool> {
    match text.to_ascii_lowercase().as_str() {
        "yes" | "y" | "1" | "true" | "on" | "si" | "sí" | "sim" | "oui" => Some(true),
        "" | "no" | "n" | "0" | "false" | "non" | "não" | "nao" => Some(false),
        _ => None,
    }
}

/// Checks `input` for `country` (already known to be one the writer may edit); `today`
/// bounds the date of verification. Every problem found is returned, not just the first.
pub fn check(
    input: &ServiceInput,
    terms: &[Term],
    today: &str,
) -> Result<ServiceRecord, Vec<Issue>> {
    let mut issues: Vec<Issue> = Vec::new();
    let mut text = |name: &'static str, required: bool, max: usize| -> String {
        let v = input.get(name);
        if required && v.is_empty() {
            issues.push(field(name, Problem::Required));
        } else if v.chars().count() > max {
            issues.push(field(name, Problem::TooLong));
        }
        v
    };
    let name = text("name", true, MAX_FIELD);
    let licence_number = text("licence_number", false, MAX_FIELD);
    let licence_body = text("licence_body", false, MAX_FIELD);
    let address = text("address", false, MAX_FIELD);
    let region = text("region", true, 120);
    let district = text("district", false, 120);
    let phone = text("phone", false, 80);
    let email = text("email", false, 200);
    let website = text("website", false, MAX_FIELD);
    let hours = text("hours", false, MAX_FIELD);
    let services_offered = text("services_offered", false, MAX_TEXT);
    let country = input.get("country").to_ascii_uppercase();

    let operator = input.get("operator");
    if !OPERATORS.contains(&operator.as_str()) {
        issues.push(field("operator", Problem::Choice));
    }
    let level = input.get("level");
    if !LEVELS.contains(&level.as_str()) {
        issues.push(field("level", Problem::Choice));
    }
    if !email.is_empty() && (!email.contains('@') || email.contains(char::is_whitespace)) {
        issues.push(field("email", Problem::Format));
    }
    let web = |scheme: &str| website.starts_with(scheme);
    if !(website.is_empty() || web("https://") || web("http://")) {
        issues.push(field("website", Problem::Format));
    }

    let mut date = |name: &'static str, required: bool| -> String {
        let v = input.get(name);
        if v.is_empty() {
            if required {
                issues.push(field(name, Problem::Required));
            }
        } else if !valid_date(&v) {
            issues.push(field(name, Problem::Format));
        }
        v
    };
    let licence_issued = date("licence_issued", false);
    let licence_expires = date("licence_expires", false);
    let verified_on = date("verified_on", true);
    if valid_date(&licence_issued)
        && valid_date(&licence_expires)
        && licence_expires < licence_issued
    {
        issues.push(refusal("licence_expires", Refusal::LicenceDates));
    }
    if valid_date(&verified_on) && verified_on.as_str() > today {
        issues.push(refusal("verified_on", Refusal::VerifiedInFuture));
    }

    let mut degrees = |name: &'static str, limit: f64| -> Option<f64> {
        let v = input.get(name).replace(',', ".");
        if v.is_empty() {
            return None;
        }
        match v.parse::<f64>() {
            Ok(n) if n.is_finite() && n.abs() <= limit => Some(n),
            _ => {
                issues.push(field(name, Problem::Format));
                None
            }
        }
    };
    let latitude = degrees("latitude", 90.0);
    let longitude = degrees("longitude", 180.0);
    match (latitude, longitude) {
        (Some(lat), Some(lon)) if !geography::inside(&country, lat, lon) => {
            issues.push(refusal("latitude", Refusal::OutsideCountry));
        }
        (Some(_), None) if input.get("longitude").is_empty() => {
            issues.push(field("longitude", Problem::Required));
        }
        (None, Some(_)) if input.get("latitude").is_empty() => {
            issues.push(field("latitude", Problem::Required));
        }
        _ => {}
    }

    let mut count = |name: &'static str| -> Option<i64> {
        let v = input.get(name);
        if v.is_empty() {
            return None;
        }
        match v.parse::<i64>() {
            Ok(n) if n < 0 => {
                issues.push(field(name, Problem::Negative));
                None
            }
            Ok(n) if n <= 1_000_000 => Some(n),
            _ => {
                issues.push(field(name, Problem::Format));
                None
            }
        }
    };
    let beds = count("beds");
    let outpatient_places = count("outpatient_places");
    let waiting_days = count("waiting_days");

    let mut flag = |name: &'static str| -> bool {
        yes(&input.get(name)).unwrap_or_else(|| {
            issues.push(field(name, Problem::Choice));
            false
        })
    };
    let intake_24h = flag("intake_24h");
    let public_listing = flag("public_listing");

    let mut chosen = |name: &'static str, kind: &str| -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for code in input
            .get(name)
            .split(';')
            .map(str::trim)
            .filter(|c| !c.is_empty())
        {
            let code = code.to_ascii_lowercase();
            if !terms.iter().any(|t| t.kind == kind && t.code == code) {
                issues.push(field(name, Problem::Choice));
                return Vec::new();
            }
            if !out.contains(&code) {
                out.push(code);
            }
        }
        // One order, as stored and read back, so an unchanged form changes nothing.
        out.sort();
        out
    };
    let modalities = chosen("modalities", "modality");
    let medications = chosen("medications", "medication");
    let populations = chosen("populations", "population");
    let languages = chosen("languages", "language");
    let payments = chosen("payment", "payment");

    if !issues.is_empty() {
        return Err(issues);
    }
    Ok(ServiceRecord {
        id: 0,
        country,
        name,
        operator,
        licence_number,
        licence_body,
        licence_issued,
        licence_expires,
        address,
        region,
        district,
        latitude,
        longitude,
        phone,
        email,
        website,
        hours,
        intake_24h,
        level,
        services_offered,
        beds,
        outpatient_places,
        waiting_days,
        verified_on,
        public_listing,
        modalities,
        medications,
        populations,
        languages,
        payments,
        version: 0,
        updated_at: 0,
    })
}

/// The fields whose values differ between two versions of a record.
pub fn changed(before: &ServiceRecord, after: &ServiceRecord) -> Vec<String> {
    before
        .cells()
        .into_iter()
        .zip(after.cells())
        .filter(|((name, a), (_, b))| *name != "id" && a != b)
        .map(|((name, _), _)| name.to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms() -> Vec<Term> {
        ["outpatient", "oat"]
            .into_iter()
            .map(|c| Term {
                kind: "modality".into(),
                code: c.into(),
                en: c.into(),
                es: c.into(),
                pt: c.into(),
                fr: c.into(),
            })
            .collect()
    }

    fn input(extra: &[(&str, &str)]) -> ServiceInput {
        let mut fields: Vec<(String, String)> = [
            ("country", "PE"),
            ("name", "Centro de Salud Mental Comunitario"),
            ("operator", "public"),
            ("region", "Lima"),
            ("level", "level1"),
            ("verified_on", "2026-10-01"),
            ("public_listing", "yes"),
            ("modalities", "outpatient;OAT"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        for (k, v) in extra {
            fields.retain(|(f, _)| f != k);
            fields.push((k.to_string(), v.to_string()));
        }
        ServiceInput { fields }
    }

    fn codes(extra: &[(&str, &str)]) -> Vec<String> {
        check(&input(extra), &terms(), "2026-12-01")
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|(_, c)| c)
            .collect()
    }

    #[test]
    fn a_good_record_passes() {
        let r = check(&input(&[]), &terms(), "2026-12-01").ok();
        let r = r.unwrap_or_default();
        assert_eq!(r.modalities, ["oat", "outpatient"]);
        assert!(r.public_listing);
    }

    #[test]
    fn each_bad_field_is_named() {
        assert_eq!(codes(&[("level", "level9")]), ["level.choice"]);
        assert_eq!(
            codes(&[("modalities", "outpatient;magic")]),
            ["modalities.choice"]
        );
        assert_eq!(codes(&[("beds", "-3")]), ["beds.negative"]);
        assert_eq!(codes(&[("waiting_days", "soon")]), ["waiting_days.format"]);
        assert_eq!(
            codes(&[
                ("licence_issued", "2024-05-01"),
                ("licence_expires", "2023-05-01")
            ]),
            ["licence_dates"]
        );
        assert_eq!(
            codes(&[("latitude", "4.711"), ("longitude", "-74.072")]),
            ["outside_country"],
            "Bogotá's coordinates for a Peruvian service"
        );
        assert_eq!(codes(&[("latitude", "-12.05")]), ["longitude.required"]);
        assert_eq!(
            codes(&[("verified_on", "2027-01-01")]),
            ["verified_in_future"]
        );
        assert_eq!(
            codes(&[("verified_on", "2026-02-30")]),
            ["verified_on.format"]
        );
        assert_eq!(codes(&[("name", "")]), ["name.required"]);
        assert_eq!(
            codes(&[("public_listing", "perhaps")]),
            ["public_listing.choice"]
        );
        assert_eq!(codes(&[("operator", "state")]), ["operator.choice"]);
    }
}
