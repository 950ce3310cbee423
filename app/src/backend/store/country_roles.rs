//! Country roles: who is a focal point, a publisher or a directory editor for which
//! countries (see [`CountryRole`]). A person's own country is on `users`, verified.

use sqlx::{Any, Executor, Row};

pub use crate::model::user::CountryRole;

/// The countries `user_id` holds `role` for (ISO codes, sorted).
pub async fn countries_of<'e>(
    db: impl Executor<'e, Database = Any>,
    user_id: i64,
    role: CountryRole,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query(
        "SELECT country_code FROM country_roles WHERE user_id = $1 AND role = $2 \
         ORDER BY country_code",
    )
    .bind(user_id)
    .bind(role.as_str())
    .fetch_all(db)
    .await?
    .iter()
    .map(|r| r.try_get("country_code"))
    .collect()
}

/// Every country role of `user_id`, in [`CountryRole::ALL`] order.
pub async fn all_of<'e>(
    db: impl Executor<'e, Database = Any>,
    user_id: i64,
) -> Result<Vec<(CountryRole, Vec<String>)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT role, country_code FROM country_roles WHERE user_id = $1 \
         ORDER BY role, country_code",
    )
    .bind(user_id)
    .fetch_all(db)
    .await?;
    let mut out: Vec<(CountryRole, Vec<String>)> =
        CountryRole::ALL.iter().map(|r| (*r, Vec::new())).collect();
    for r in &rows {
        let role: String = r.try_get("role")?;
        let role = CountryRole::parse(&role)
            .ok_or_else(|| sqlx::Error::Decode(format!("country role {role:?}").into()))?;
        if let Some((_, codes)) = out.iter_mut().find(|(x, _)| *x == role) {
            codes.push(r.try_get("country_code")?);
        }
    }
    Ok(out)
}

/// Replaces the countries `user_id` holds `role` for with `codes` (already checked to
/// exist).
pub async fn replace(
    tx: &mut sqlx::Transaction<'_, Any>,
    user_id: i64,
    role: CountryRole,
    codes: &[String],
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM country_roles WHERE user_id = $1 AND role = $2")
        .bind(user_id)
        .bind(role.as_str())
        .execute(&mut **tx)
        .await?;
    for code in codes {
        sqlx::query(
            "INSERT INTO country_roles (user_id, country_code, role, created_at) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(user_id)
        .bind(code)
        .bind(role.as_str())
        .bind(now)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// The ids of the people holding `role` for `country`.
pub async fn holders<'e>(
    db: impl Executor<'e, Database = Any>,
    country: &str,
    role: CountryRole,
) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query(
        "SELECT user_id FROM country_roles WHERE country_code = $1 AND role = $2 \
         ORDER BY user_id",
    )
    .bind(country)
    .bind(role.as_str())
    .fetch_all(db)
    .await?
    .iter()
    .map(|r| r.try_get("user_id"))
    .collect()
}

/// The people holding `role` for `country`: username and display name, by name.
pub async fn holder_names<'e>(
    db: impl Executor<'e, Database = Any>,
    country: &str,
    role: CountryRole,
) -> Result<Vec<(String, String)>, sqlx::Error> {
    sqlx::query(
        "SELECT u.username, u.display_name FROM country_roles r JOIN users u \
         ON u.id = r.user_id WHERE r.country_code = $1 AND r.role = $2 \
         ORDER BY u.display_name, u.username",
    )
    .bind(country)
    .bind(role.as_str())
    .fetch_all(db)
    .await?
    .iter()
    .map(|r| Ok((r.try_get("username")?, r.try_get("display_name")?)))
    .collect()
}
