//! Data access, one module per table family. Functions take an executor so they run on the
//! pool or inside a transaction alike.

pub mod countries;
pub mod documents;
pub mod spaces;
pub mod users;

use crate::model::country::CountryName;

/// Builds a [`CountryName`] from the joined country columns of a listing row.
pub(crate) fn country_from_row(
    row: &sqlx::any::AnyRow,
) -> Result<Option<CountryName>, sqlx::Error> {
    use sqlx::Row;
    let code: Option<String> = row.try_get("country_code")?;
    Ok(match code {
        Some(code) => Some(CountryName {
            code,
            en: row
                .try_get::<Option<String>, _>("country_en")?
                .unwrap_or_default(),
            es: row
                .try_get::<Option<String>, _>("country_es")?
                .unwrap_or_default(),
            pt: row
                .try_get::<Option<String>, _>("country_pt")?
                .unwrap_or_default(),
            fr: row
                .try_get::<Option<String>, _>("country_fr")?
                .unwrap_or_default(),
        }),
        None => None,
    })
}

/// The columns [`country_from_row`] reads, for a `countries` table aliased `c`.
pub(crate) const COUNTRY_COLUMNS: &str =
    "c.name_en AS country_en, c.name_es AS country_es, c.name_pt AS country_pt, c.name_fr AS country_fr";
