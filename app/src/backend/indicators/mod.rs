//! Indicators: the definitions programme staff keep (versioned, in four languages), the
//! values countries report for them, each country's baseline and target, and where the
//! data exist across the region.
//!
//! Who may do what (`access`): anyone signed in reads definitions and validated values;
//! a country's own members and staff also see its provisional values
//! (`access::sees_provisional_figures_of`); staff and the country's focal points enter,
//! correct and import its values and set its goal and availability
//! (`access::decides_for_country`); staff define indicators and validate values.
//!
//! - `definitions`: defining an indicator and editing it (each edit a new version);
//! - `values`: entering or correcting a value, validating it, a country's goal and
//!   availability — every value checked by [`check_value`];
//! - `import`: CSV of values in, all-or-nothing, with a report naming rows and columns;
//! - `export`: any view of values, and the availability matrix, as CSV;
//! - `reference`: the definitions every installation starts with.

mod definitions;
mod export;
mod import;
pub mod reference;
mod values;

pub use definitions::{define, edit, DefinitionInput};
pub use export::{availability_csv, values_csv, ExportFilter};
pub use import::{import_csv, import_page, MAX_PROBLEMS};
pub use values::{
    check_value, enter_value, set_availability, set_goal, validate_value, value_place,
    CheckedValue, GoalInput, RawValue, ValueInput,
};

use crate::backend::access;
use crate::backend::store::indicators::{self as store, ValueFilter};
use crate::backend::store::{countries, requests as requests_store};
use crate::backend::{kept, Cx, ServerError};
use crate::model::country::{CountryName, Participation};
use crate::model::indicator::{
    AvailabilityMatrix, CountrySeries, Definition, IndicatorHistory, IndicatorList, IndicatorPage,
    IndicatorSummary,
};

/// Where the list's refused forms are kept (the new-indicator form).
const LIST_SCOPE: &str = "indicators";

fn scope_of(code: &str, country: Option<&str>) -> String {
    match country {
        Some(c) => format!("indicator:{code}:{c}"),
        None => format!("indicator:{code}"),
    }
}

/// An indicator by code, for anyone signed in; "not found" otherwise.
async fn definition(cx: &Cx, code: &str) -> Result<Definition, ServerError> {
    cx.user()?;
    store::definition(&cx.db().pool, &code.to_ascii_uppercase())
        .await?
        .ok_or(ServerError::NotFound)
}

/// The countries taking part, in name order.
async fn participating(cx: &Cx) -> Result<Vec<CountryName>, ServerError> {
    Ok(countries::list(&cx.db().pool)
        .await?
        .into_iter()
        .filter(|c| c.participation == Participation::Active)
        .map(CountryName::from)
        .collect())
}

/// The countries whose values the viewer may enter.
async fn can_enter_for(cx: &Cx) -> Result<Vec<CountryName>, ServerError> {
    Ok(participating(cx)
        .await?
        .into_iter()
        .filter(|c| access::decides_for_country(&cx.viewer, &c.code))
        .collect())
}

/// The indicators page: every definition, by category.
pub async fn list(cx: &Cx, form: Option<&str>) -> Result<IndicatorList, ServerError> {
    cx.user()?;
    let pool = &cx.db().pool;
    // Staff see every country's provisional values, others their own country's.
    let own = match access::provisional_figures_of(&cx.viewer) {
        Some(own) => own,
        None => participating(cx)
            .await?
            .into_iter()
            .map(|c| c.code)
            .collect(),
    };
    let reporting = store::countries_reporting(pool, &own).await?;
    let indicators = store::definitions(pool)
        .await?
        .into_iter()
        .map(|definition| IndicatorSummary {
            countries_reporting: reporting
                .iter()
                .find(|(id, _)| *id == definition.id)
                .map_or(0, |(_, n)| *n),
            definition,
        })
        .collect();
    Ok(IndicatorList {
        indicators,
        can_define: access::is_staff(&cx.viewer),
        can_enter_for: can_enter_for(cx).await?,
        kept: kept::kept(cx, LIST_SCOPE, form).await?,
    })
}

/// One indicator's page: its definition and the region's values for `period` (the
/// latest with values when none is asked for).
pub async fn page(
    cx: &Cx,
    code: &str,
    period: Option<&str>,
    form: Option<&str>,
) -> Result<IndicatorPage, ServerError> {
    let definition = definition(cx, code).await?;
    let pool = &cx.db().pool;
    let periods = store::periods(pool, definition.id).await?;
    let period = period
        .filter(|p| periods.iter().any(|q| q == p))
        .or(periods.first().map(String::as_str))
        .unwrap_or_default()
        .to_string();
    let own = access::provisional_figures_of(&cx.viewer);
    let values = store::values(
        pool,
        &ValueFilter {
            indicator: Some(definition.id),
            country: None,
            period: Some(&period),
            own: own.as_deref(),
        },
    )
    .await?;
    let countries = participating(cx).await?;
    let across = values
        .into_iter()
        .filter(|v| v.disaggregation.is_empty() && !period.is_empty())
        .filter_map(|v| {
            let c = countries.iter().find(|c| c.code == v.country)?;
            Some((c.clone(), v.value, v.status))
        })
        .collect();
    let availability = store::availability(pool)
        .await?
        .into_iter()
        .filter(|(id, ..)| *id == definition.id)
        .filter_map(|(_, country, status, system)| {
            let c = countries.iter().find(|c| c.code == country)?;
            Some((c.clone(), status, system))
        })
        .collect();
    Ok(IndicatorPage {
        documents: store::citing_documents(pool, &definition.code).await?,
        kept: kept::kept(cx, &scope_of(&definition.code, None), form).await?,
        can_define: access::is_staff(&cx.viewer),
        definition,
        period,
        periods,
        across,
        availability,
    })
}

/// Every version of an indicator's definition.
pub async fn history(cx: &Cx, code: &str) -> Result<IndicatorHistory, ServerError> {
    let d = definition(cx, code).await?;
    Ok(IndicatorHistory {
        versions: store::versions(&cx.db().pool, d.id).await?,
        code: d.code,
    })
}

/// A country's page for one indicator: its values (provisional ones only for those who
/// may see them) with their history, its goal and availability.
pub async fn series(
    cx: &Cx,
    code: &str,
    country: &str,
    form: Option<&str>,
) -> Result<CountrySeries, ServerError> {
    let definition = definition(cx, code).await?;
    let pool = &cx.db().pool;
    let country = countries::get(pool, country)
        .await?
        .ok_or(ServerError::NotFound)?;
    let own = access::provisional_figures_of(&cx.viewer);
    let mut values = store::values(
        pool,
        &ValueFilter {
            indicator: Some(definition.id),
            country: Some(&country.code),
            period: None,
            own: own.as_deref(),
        },
    )
    .await?;
    store::with_history(pool, &mut values).await?;
    let availability = store::availability(pool)
        .await?
        .into_iter()
        .find(|(id, c, ..)| *id == definition.id && *c == country.code)
        .map(|(_, _, status, system)| (status, system));
    let requests = if access::can_see_requests_of(&cx.viewer, &country.code) {
        requests_store::about_indicator(pool, definition.id, &country.code).await?
    } else {
        Vec::new()
    };
    Ok(CountrySeries {
        goal: store::goal(pool, definition.id, &country.code).await?,
        can_enter: access::decides_for_country(&cx.viewer, &country.code),
        can_validate: access::is_staff(&cx.viewer),
        kept: kept::kept(cx, &scope_of(&definition.code, Some(&country.code)), form).await?,
        requests,
        can_ask: access::can_see_requests_of(&cx.viewer, &country.code),
        availability,
        values,
        definition,
        country: CountryName::from(country),
    })
}

/// The region's availability matrix: every participating country × every indicator.
pub async fn matrix(cx: &Cx) -> Result<AvailabilityMatrix, ServerError> {
    cx.user()?;
    let pool = &cx.db().pool;
    let defs = store::definitions(pool).await?;
    let records = store::availability(pool).await?;
    let rows = participating(cx)
        .await?
        .into_iter()
        .map(|c| {
            let cells = defs
                .iter()
                .map(|d| {
                    records
                        .iter()
                        .find(|(id, country, ..)| *id == d.id && *country == c.code)
                        .map(|(_, _, status, system)| (status.clone(), system.clone()))
                })
                .collect();
            (c, cells)
        })
        .collect();
    Ok(AvailabilityMatrix {
        indicators: defs,
        rows,
    })
}
