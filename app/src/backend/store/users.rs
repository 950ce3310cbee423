//! The users table: people on the platform and their platform-wide role.

use sqlx::{Any, Executor, Row};

use crate::backend::ServerError;

/// Platform-wide role; per-space roles are kept with the space.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlatformRole {
    Admin,
    TaStaff,
    Member,
}

impl PlatformRole {
    pub fn as_str(self) -> &'static str {
        match self {
            PlatformRole::Admin => "admin",
            PlatformRole::TaStaff => "ta_staff",
            PlatformRole::Member => "member",
        }
    }
}

#[derive(Clone, Debug)]
pub struct NewUser<'a> {
    pub username: &'a str,
    pub display_name: &'a str,
    pub email: Option<&'a str>,
    pub country_code: Option<&'a str>,
    pub organisation: &'a str,
    pub role: PlatformRole,
}

/// Usernames appear in mentions and URLs: 3–32 of a–z, 0–9, `_`, `.` and `-`.
pub fn is_valid_username(name: &str) -> bool {
    (3..=32).contains(&name.len())
        && name.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'_' | b'.' | b'-')
        })
}

pub async fn create<'e>(
    db: impl Executor<'e, Database = Any>,
    new: &NewUser<'_>,
    now: i64,
) -> Result<i64, ServerError> {
    if !is_valid_username(new.username) {
        return Err(ServerError::Invalid(
            "username: 3–32 characters from a–z, 0–9, '_', '.', '-'".into(),
        ));
    }
    if new.display_name.trim().is_empty() || new.display_name.chars().count() > 100 {
        return Err(ServerError::Invalid(
            "name: between 1 and 100 characters".into(),
        ));
    }
    let row = sqlx::query(
        "INSERT INTO users (username, display_name, email, country_code, organisation, role, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(new.username)
    .bind(new.display_name.trim())
    .bind(new.email)
    .bind(new.country_code)
    .bind(new.organisation)
    .bind(new.role.as_str())
    .bind(now)
    .fetch_one(db)
    .await
    .map_err(|e| match &e {
        sqlx::Error::Database(d) if d.is_unique_violation() => {
            ServerError::Conflict("username or email already taken".into())
        }
        sqlx::Error::Database(d) if d.is_foreign_key_violation() => {
            ServerError::Invalid("country: unknown country code".into())
        }
        _ => ServerError::Db(e),
    })?;
    Ok(row.try_get("id")?)
}

pub async fn count<'e>(db: impl Executor<'e, Database = Any>) -> Result<i64, sqlx::Error> {
    sqlx::query("SELECT COUNT(*) AS n FROM users")
        .fetch_one(db)
        .await?
        .try_get("n")
}

pub async fn exists<'e>(
    db: impl Executor<'e, Database = Any>,
    username: &str,
) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query("SELECT id FROM users WHERE username = $1")
        .bind(username)
        .fetch_optional(db)
        .await?
        .is_some())
}
