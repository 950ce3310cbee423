//! Data access, one module per table family. Functions take an executor so they run on the
//! pool or inside a transaction alike.

pub mod affiliations;
pub mod audit;
pub mod compose;
pub mod countries;
pub mod country_roles;
pub mod documents;
pub mod drafts;
pub mod email;
pub mod funding;
pub mod identities;
pub mod indicators;
pub mod invitations;
pub mod members;
pub mod missions;
pub mod network;
pub mod notifications;
pub mod plans;
pub mod posts;
pub mod profiles;
pub mod quality;
pub mod recommendations;
pub mod requests;
pub mod services;
pub mod spaces;
pub mod submissions;
pub mod threads;
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

/// `count` numbered placeholders from `$first` on, comma-separated (`$3, $4, $5`), for an
/// `IN (…)` list whose values are then bound one by one — never spliced into the SQL.
pub(crate) fn placeholders(first: usize, count: usize) -> String {
    (first..first + count)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Maps the constraint violations a write can hit to the reader's errors: a unique
/// violation to `on_unique`, a foreign-key violation to `on_foreign_key`, anything else to
/// an internal database error.
pub(crate) fn write_error(
    e: sqlx::Error,
    on_unique: crate::backend::ServerError,
    on_foreign_key: crate::backend::ServerError,
) -> crate::backend::ServerError {
    match &e {
        sqlx::Error::Database(d) if d.is_unique_violation() => on_unique,
        sqlx::Error::Database(d) if d.is_foreign_key_violation() => on_foreign_key,
        _ => crate::backend::ServerError::Db(e),
    }
}
