//! The catalogue of funding mechanisms (seed 000, activity 1.4): staff keep the records;
//! anyone reads and searches them (words in any of the four languages, facets by kind,
//! eligible country and cycle, "open now"); a plan action names one open to its plan's
//! country as its funding source; staff and focal points see the deadlines coming up on
//! their home page (focal points, those of their countries' mechanisms).
//!
//! The catalogue is public information and small (a few hundred records at most), so the
//! search runs over all of it in memory rather than through the search engine.

use crate::backend::access;
use crate::backend::form_fields::{self, value};
use crate::backend::kept;
use crate::backend::plans::{date, text};
use crate::backend::quality::instruments::{four, staff};
use crate::backend::store::funding as store;
use crate::backend::store::{countries, plans::PlanRow};
use crate::backend::{Cx, ServerError};
use crate::dates::{date_seconds, iso_date};
use crate::model::country::CountryName;
use crate::model::funding::{
    Deadline, FundingAsked, FundingChoice, FundingFacets, FundingPage, Mechanism, MechanismPage,
    UpcomingDeadline, CYCLES, DEADLINE_HORIZON_DAYS, KINDS,
};
use crate::model::plan::parse_amount;
use crate::model::refusal::{FieldRefusal, Problem, Refusal};
use crate::model::search::{fold, normalise_query};

const MAX_NAME: usize = 200;
const MAX_TEXT: usize = 2_000;
const MAX_DEADLINES: usize = 24;

/// Where a refused mechanism form is kept: `0` for the new-mechanism form.
pub fn scope(id: i64) -> String {
    format!("funding:{id}")
}

fn today(cx: &Cx) -> String {
    iso_date(cx.now)
}

/// Lower-case words with accents folded, as the catalogue's search compares them.
fn words(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(fold)
        .collect()
}

/// Whether `m` holds every word of `query` in one of its texts (any language).
fn matches(m: &Mechanism, query: &[String]) -> bool {
    if query.is_empty() {
        return true;
    }
    let mut haystack = words(&m.funder);
    for t in [&m.name, &m.funds, &m.apply] {
        for s in [&t.en, &t.es, &t.pt, &t.fr] {
            haystack.push(' ');
            haystack.push_str(&words(s));
        }
    }
    query.iter().all(|w| haystack.contains(w.as_str()))
}

/// Counts per value of one facet over `found`, in the order of `order` (values none has
/// are left out).
fn count<'a>(
    found: &[&'a Mechanism],
    order: &[String],
    values: impl Fn(&'a Mechanism) -> Vec<&'a str>,
) -> Vec<(String, usize)> {
    order
        .iter()
        .map(|v| {
            let n = found
                .iter()
                .filter(|m| values(m).contains(&v.as_str()))
                .count();
            (v.clone(), n)
        })
        .filter(|(_, n)| *n > 0)
        .collect()
}

/// The catalogue for `asked`: the mechanisms found, and per facet how many of those found
/// by the words and the other facets have each value (so a count says what choosing it
/// would give).
pub async fn catalogue(
    cx: &Cx,
    asked: &FundingAsked,
    form: Option<&str>,
) -> Result<FundingPage, ServerError> {
    let mut conn = cx.db().pool.acquire().await?;
    let all = store::all(&mut conn).await?;
    let countries: Vec<CountryName> = countries::list(&mut *conn)
        .await?
        .into_iter()
        .map(CountryName::from)
        .collect();
    let today = today(cx);
    let query: Vec<String> = words(&normalise_query(&asked.q))
        .split_whitespace()
        .map(String::from)
        .collect();
    let kind = asked.kind.trim();
    let country = asked.country.trim().to_ascii_uppercase();
    let cycle = asked.cycle.trim();
    let open = |m: &Mechanism| m.deadlines.iter().any(|d| d.due_on >= today);
    let keep = |m: &Mechanism, skip: &str| {
        matches(m, &query)
            && (skip == "kind" || kind.is_empty() || m.kind == kind)
            && (skip == "country" || country.is_empty() || m.countries.contains(&country))
            && (skip == "cycle" || cycle.is_empty() || m.cycle == cycle)
            && (!asked.open || open(m))
    };
    let but = |skip: &str| -> Vec<&Mechanism> { all.iter().filter(|m| keep(m, skip)).collect() };
    let strings = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let country_order: Vec<String> = countries.iter().map(|c| c.code.clone()).collect();
    let facets = FundingFacets {
        kind: count(&but("kind"), &strings(&KINDS), |m| vec![m.kind.as_str()]),
        country: count(&but("country"), &country_order, |m| {
            m.countries.iter().map(String::as_str).collect()
        }),
        cycle: count(&but("cycle"), &strings(&CYCLES), |m| vec![m.cycle.as_str()]),
    };
    let found = all.iter().filter(|m| keep(m, "")).cloned().collect();
    Ok(FundingPage {
        asked: FundingAsked {
            country,
            ..asked.clone()
        },
        found,
        facets,
        countries,
        today,
        staff: access::is_staff(&cx.viewer),
        kept: kept::kept(cx, &scope(0), form).await?,
    })
}

/// One mechanism's page (anyone reads it; staff get its form).
pub async fn page(cx: &Cx, id: i64, form: Option<&str>) -> Result<MechanismPage, ServerError> {
    let mut conn = cx.db().pool.acquire().await?;
    let mechanism = store::one(&mut conn, id)
        .await?
        .ok_or(ServerError::NotFound)?;
    let countries = countries::list(&mut *conn)
        .await?
        .into_iter()
        .map(CountryName::from)
        .collect();
    let staff = access::is_staff(&cx.viewer);
    Ok(MechanismPage {
        mechanism,
        countries,
        today: today(cx),
        staff,
        kept: if staff {
            kept::kept(cx, &scope(id), form).await?
        } else {
            None
        },
    })
}

/// An amount field: empty, or a non-negative number with at most two decimals.
fn amount(pairs: &[(String, String)], field: &str) -> Result<Option<i64>, FieldRefusal> {
    parse_amount(value(pairs, field)).map_err(|_| FieldRefusal::new(field, Problem::Format))
}

/// `YYYY-MM-DD label` per line.
fn deadlines(raw: &str) -> Result<Vec<Deadline>, FieldRefusal> {
    let mut out: Vec<Deadline> = Vec::new();
    for line in raw.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let (day, label) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
        let day = date("deadlines", day)?;
        let label = text("deadlines", label, MAX_NAME, false)?;
        if out.iter().any(|d| d.due_on == day) || out.len() == MAX_DEADLINES {
            return Err(FieldRefusal::new("deadlines", Problem::Format));
        }
        out.push(Deadline {
            due_on: day.to_string(),
            label: label.to_string(),
        });
    }
    out.sort_by(|a, b| a.due_on.cmp(&b.due_on));
    Ok(out)
}

/// A mechanism from its form, checked field by field; nothing is written.
async fn parse(cx: &Cx, pairs: &[(String, String)]) -> Result<Mechanism, ServerError> {
    let choice = |field: &str, options: &[&str]| {
        let v = value(pairs, field).trim();
        if v.is_empty() {
            Err(FieldRefusal::new(field, Problem::Required))
        } else if options.contains(&v) {
            Ok(v.to_string())
        } else {
            Err(FieldRefusal::new(field, Problem::Choice))
        }
    };
    let name = four(pairs, "name", "", MAX_NAME, true)?;
    let funder = text("funder", value(pairs, "funder"), MAX_NAME, true)?.to_string();
    let kind = choice("kind", &KINDS)?;
    let funds = four(pairs, "funds", "", MAX_TEXT, true)?;
    let apply = four(pairs, "apply", "", MAX_TEXT, false)?;
    let chosen = form_fields::countries(cx, pairs, "country").await?;
    let amount_min = amount(pairs, "amount_min")?;
    let amount_max = amount(pairs, "amount_max")?;
    if let (Some(lo), Some(hi)) = (amount_min, amount_max) {
        if hi < lo {
            return Err(Refusal::AmountOrder.into());
        }
    }
    let currency = value(pairs, "currency").trim().to_ascii_uppercase();
    let currency = match currency.as_str() {
        "" if amount_min.is_none() && amount_max.is_none() => None,
        "" => return Err(FieldRefusal::new("currency", Problem::Required).into()),
        c if c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase()) => Some(currency),
        _ => return Err(FieldRefusal::new("currency", Problem::Format).into()),
    };
    let cycle = choice("cycle", &CYCLES)?;
    let deadlines = deadlines(value(pairs, "deadlines"))?;
    let contact = text("contact", value(pairs, "contact"), 300, false)?.to_string();
    let url = text("url", value(pairs, "url"), 500, false)?.to_string();
    if !url.is_empty()
        && (!(url.starts_with("https://") || url.starts_with("http://"))
            || url.contains(char::is_whitespace))
    {
        return Err(FieldRefusal::new("url", Problem::Format).into());
    }
    let verified_on = match value(pairs, "verified_on").trim() {
        "" => None,
        d => {
            let d = date("verified_on", d)?;
            if date_seconds(d) > cx.now {
                return Err(Refusal::VerifiedInFuture.into());
            }
            Some(d.to_string())
        }
    };
    Ok(Mechanism {
        id: 0,
        name,
        funder,
        kind,
        countries: chosen,
        funds,
        amount_min,
        amount_max,
        currency,
        cycle,
        deadlines,
        apply,
        contact,
        url,
        verified_on,
    })
}

/// Staff add a mechanism (`id` None) or change one; returns its id. All of it is written
/// in one transaction, or nothing.
pub async fn save(
    cx: &Cx,
    id: Option<i64>,
    pairs: &[(String, String)],
) -> Result<i64, ServerError> {
    let user = staff(cx)?;
    let mut m = parse(cx, pairs).await?;
    m.id = id.unwrap_or(0);
    let mut change = cx.change().await?;
    let saved = store::save(change.conn(), &m, user, cx.now)
        .await?
        .ok_or(ServerError::NotFound)?;
    change.commit().await?;
    Ok(saved)
}

/// Deadlines of the next [`DEADLINE_HORIZON_DAYS`] days for the viewer's home page: all of
/// them for staff, those of mechanisms open to their countries for focal points, none for
/// anyone else.
pub async fn upcoming(cx: &Cx) -> Result<Vec<UpcomingDeadline>, ServerError> {
    let Some(user) = cx.viewer.user() else {
        return Ok(Vec::new());
    };
    let staff = access::is_staff(&cx.viewer);
    let focal: Vec<&str> = user
        .country_roles
        .iter()
        .filter(|(r, _)| *r == crate::model::user::CountryRole::FocalPoint)
        .map(|(_, c)| c.as_str())
        .collect();
    if !staff && focal.is_empty() {
        return Ok(Vec::new());
    }
    let from = today(cx);
    let to = iso_date(cx.now + DEADLINE_HORIZON_DAYS * 86_400);
    let mut conn = cx.db().pool.acquire().await?;
    Ok(store::upcoming(&mut conn, &from, &to)
        .await?
        .into_iter()
        .filter(|(_, open_to)| {
            staff
                || open_to
                    .iter()
                    .any(|c| focal.iter().any(|f| f.eq_ignore_ascii_case(c)))
        })
        .map(|(d, _)| d)
        .collect())
}

/// The mechanisms a plan of `country` may name.
pub async fn choices(cx: &Cx, country: &str) -> Result<Vec<FundingChoice>, ServerError> {
    Ok(store::eligible(&cx.db().pool, country).await?)
}

/// The mechanism a plan action's form names (`funding`, an id; empty for none), if it is
/// open to the plan's country.
pub(crate) async fn cited(
    cx: &Cx,
    plan: &PlanRow,
    funding: &str,
) -> Result<Option<i64>, ServerError> {
    let funding = funding.trim();
    if funding.is_empty() {
        return Ok(None);
    }
    let id: i64 = funding
        .parse()
        .map_err(|_| FieldRefusal::new("funding", Problem::Choice))?;
    if store::is_eligible(&cx.db().pool, id, &plan.summary.country.code).await? {
        Ok(Some(id))
    } else {
        Err(Refusal::FundingNotEligible.into())
    }
}
