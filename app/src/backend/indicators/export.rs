//! Values and the availability matrix as CSV. The values CSV has the columns the import
//! reads ([`CSV_COLUMNS`]), codes rather than names, so any view exported imports back
//! unchanged; it holds only what the viewer may see (provisional values of their own
//! country, or of every country for staff).

use crate::backend::access;
use crate::backend::spreadsheet;
use crate::backend::store::indicators::{self as store, ValueFilter};
use crate::backend::{Cx, ServerError};
use crate::model::indicator::{show, CSV_COLUMNS};

/// Which values an export takes (each empty for all).
#[derive(Clone, Debug, Default)]
pub struct ExportFilter {
    pub indicator: String,
    pub country: String,
    pub period: String,
}

/// The values a filter takes, as CSV.
pub async fn values_csv(cx: &Cx, f: &ExportFilter) -> Result<String, ServerError> {
    cx.user()?;
    let pool = &cx.db().pool;
    let indicator = match f.indicator.trim() {
        "" => None,
        code => Some(
            store::definition(pool, &code.to_ascii_uppercase())
                .await?
                .ok_or(ServerError::NotFound)?,
        ),
    };
    let country = f.country.trim().to_ascii_uppercase();
    let own = access::provisional_figures_of(&cx.viewer);
    let values = store::values(
        pool,
        &ValueFilter {
            indicator: indicator.as_ref().map(|d| d.id),
            country: (!country.is_empty()).then_some(country.as_str()),
            period: (!f.period.trim().is_empty()).then_some(f.period.trim()),
            own: own.as_deref(),
        },
    )
    .await?;
    let units: Vec<(String, String)> = store::definitions(pool)
        .await?
        .into_iter()
        .map(|d| (d.code, d.unit))
        .collect();
    let number = |v: Option<f64>| v.map(show).unwrap_or_default();
    spreadsheet::write(
        &CSV_COLUMNS,
        values.into_iter().map(|v| {
            let unit = units
                .iter()
                .find(|(c, _)| *c == v.indicator)
                .map(|(_, u)| u.clone())
                .unwrap_or_default();
            vec![
                v.country,
                v.indicator,
                v.period,
                v.disaggregation,
                show(v.value),
                number(v.numerator),
                number(v.denominator),
                unit,
                v.source,
                v.status,
            ]
        }),
    )
}

/// The region's availability matrix as CSV: one row per country and indicator.
pub async fn availability_csv(cx: &Cx) -> Result<String, ServerError> {
    let m = super::matrix(cx).await?;
    let mut rows = Vec::new();
    for (country, cells) in &m.rows {
        for (d, cell) in m.indicators.iter().zip(cells) {
            let (status, system) = cell.clone().unwrap_or_default();
            rows.push(vec![country.code.clone(), d.code.clone(), status, system]);
        }
    }
    spreadsheet::write(&["country", "indicator", "availability", "system"], rows)
}
