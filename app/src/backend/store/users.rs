//! The users table: people on the platform and their platform-wide role.

use sqlx::{Any, Executor, Row};

use crate::backend::access::SignedIn;
use crate::backend::ServerError;

pub use crate::model::user::PlatformRole;

#[derive(Clone, Debug)]
pub struct NewUser<'a> {
    pub username: &'a str,
    pub display_name: &'a str,
    pub email: Option<&'a str>,
    pub country_code: Option<&'a str>,
    pub organisation: &'a str,
    pub role: PlatformRole,
    /// An argon2id PHC string, for local accounts.
    pub password_hash: Option<&'a str>,
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
        "INSERT INTO users (username, display_name, email, country_code, organisation, role, \
         password_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(new.username)
    .bind(new.display_name.trim())
    .bind(new.email)
    .bind(new.country_code)
    .bind(new.organisation)
    .bind(new.role.as_str())
    .bind(new.password_hash)
    .bind(now)
    .fetch_one(db)
    .await
    .map_err(|e| {
        super::write_error(
            e,
            ServerError::Conflict("username or email already taken".into()),
            ServerError::Invalid("country: unknown country code".into()),
        )
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

/// Whether an account already uses this email address (compared case-insensitively).
pub async fn email_taken<'e>(
    db: impl Executor<'e, Database = Any>,
    email: &str,
) -> Result<bool, sqlx::Error> {
    Ok(
        sqlx::query("SELECT id FROM users WHERE LOWER(email) = LOWER($1)")
            .bind(email)
            .fetch_optional(db)
            .await?
            .is_some(),
    )
}

/// What sign-in needs to know about a local account.
#[derive(Clone, Debug)]
pub struct Credentials {
    pub id: i64,
    pub password_hash: Option<String>,
}

pub async fn credentials<'e>(
    db: impl Executor<'e, Database = Any>,
    username: &str,
) -> Result<Option<Credentials>, sqlx::Error> {
    let row = sqlx::query("SELECT id, password_hash FROM users WHERE username = $1")
        .bind(username)
        .fetch_optional(db)
        .await?;
    row.map(|r| {
        Ok(Credentials {
            id: r.try_get("id")?,
            password_hash: r.try_get("password_hash")?,
        })
    })
    .transpose()
}

pub async fn set_password<'e>(
    db: impl Executor<'e, Database = Any>,
    user_id: i64,
    password_hash: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
        .bind(password_hash)
        .bind(user_id)
        .execute(db)
        .await?;
    Ok(())
}

/// The person behind a session, with the spaces they belong to.
pub async fn signed_in<'e, E>(db: E, user_id: i64) -> Result<Option<SignedIn>, sqlx::Error>
where
    E: Executor<'e, Database = Any> + Copy,
{
    // The unread count follows the notification list's rule (what is still readable).
    let sql = format!(
        "SELECT id, username, display_name, role, country_code, time_zone, \
         CASE WHEN password_hash IS NULL THEN 0 ELSE 1 END AS has_password, \
         (SELECT COUNT(*) FROM notifications n {joins} WHERE n.user_id = u.id \
           AND n.read_at IS NULL AND {readable}) AS unread_notifications \
         FROM users u WHERE id = $1",
        joins = super::notifications::SUBJECT_JOINS,
        readable = super::notifications::still_readable_sql(),
    );
    let Some(row) = sqlx::query(&sql).bind(user_id).fetch_optional(db).await? else {
        return Ok(None);
    };
    let role: String = row.try_get("role")?;
    // Memberships, country roles and the request spaces of the person's country (all of
    // them for staff and admins; see `access::can_see_requests_of`) in one statement
    // (every request asks).
    let rows = sqlx::query(
        "SELECT 's' AS k, CAST(space_id AS TEXT) AS v FROM space_members WHERE user_id = $1 \
         UNION \
         SELECT 's' AS k, CAST(s.id AS TEXT) AS v FROM spaces s JOIN users me ON me.id = $1 \
         WHERE s.ta_country IS NOT NULL \
         AND (me.role IN ('ta_staff', 'admin') OR s.ta_country = me.country_code) \
         UNION ALL \
         SELECT role AS k, country_code AS v FROM country_roles WHERE user_id = $1 \
         ORDER BY k, v",
    )
    .bind(user_id)
    .fetch_all(db)
    .await?;
    let (mut spaces, mut country_roles) = (Vec::new(), Vec::new());
    for r in &rows {
        let (k, v): (String, String) = (r.try_get("k")?, r.try_get("v")?);
        match k.as_str() {
            "s" => spaces.push(
                v.parse()
                    .map_err(|_| sqlx::Error::Decode(format!("space id {v:?}").into()))?,
            ),
            role => country_roles.push((
                crate::model::user::CountryRole::parse(role)
                    .ok_or_else(|| sqlx::Error::Decode(format!("country role {role:?}").into()))?,
                v,
            )),
        }
    }
    let country: Option<String> = row.try_get("country_code")?;
    let chosen: String = row.try_get("time_zone")?;
    let time_zone = crate::backend::zones::effective(&chosen, country.as_deref()).to_string();
    Ok(Some(SignedIn {
        id: row.try_get("id")?,
        username: row.try_get("username")?,
        display_name: row.try_get("display_name")?,
        role: PlatformRole::parse(&role)
            .ok_or_else(|| sqlx::Error::Decode(format!("unknown role {role:?}").into()))?,
        spaces,
        country_roles,
        country,
        has_password: row.try_get::<i64, _>("has_password")? == 1,
        session_id: String::new(),
        unread_notifications: row.try_get("unread_notifications")?,
        time_zone,
    }))
}

pub async fn id_of<'e>(
    db: impl Executor<'e, Database = Any>,
    username: &str,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query("SELECT id FROM users WHERE username = $1")
        .bind(username)
        .fetch_optional(db)
        .await?
        .map(|r| r.try_get("id"))
        .transpose()
}

/// The id and username of the account with this username or (case-insensitively) email.
pub async fn find_by_username_or_email<'e>(
    db: impl Executor<'e, Database = Any>,
    who: &str,
) -> Result<Option<(i64, String)>, sqlx::Error> {
    let who = who.trim();
    sqlx::query(
        "SELECT id, username FROM users WHERE username = LOWER($1) OR LOWER(email) = LOWER($1)",
    )
    .bind(who)
    .fetch_optional(db)
    .await?
    .map(|r| Ok((r.try_get("id")?, r.try_get("username")?)))
    .transpose()
}

/// People for the admins' list, filtered by a piece of username, name or email.
pub async fn list_for_admin<'e, E>(
    db: E,
    filter: &str,
    limit: i64,
) -> Result<Vec<crate::model::user::AdminUserView>, sqlx::Error>
where
    E: Executor<'e, Database = Any> + Copy,
{
    let pattern = format!(
        "%{}%",
        filter.trim().to_lowercase().replace(['%', '_', '\\'], "")
    );
    let rows = sqlx::query(
        "SELECT id, username, display_name, email, country_code, role, created_at FROM users \
         WHERE LOWER(username) LIKE $1 OR LOWER(display_name) LIKE $1 \
         OR LOWER(COALESCE(email, '')) LIKE $1 ORDER BY username LIMIT $2",
    )
    .bind(pattern)
    .bind(limit)
    .fetch_all(db)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let role: String = r.try_get("role")?;
        out.push(crate::model::user::AdminUserView {
            username: r.try_get("username")?,
            display_name: r.try_get("display_name")?,
            email: r.try_get("email")?,
            country_code: r.try_get("country_code")?,
            role: PlatformRole::parse(&role)
                .ok_or_else(|| sqlx::Error::Decode(format!("unknown role {role:?}").into()))?,
            country_roles: super::country_roles::all_of(db, r.try_get("id")?).await?,
            created_at: r.try_get("created_at")?,
        });
    }
    Ok(out)
}

/// Sets the person's verified country (`None`: no country).
pub async fn set_country<'e>(
    db: impl Executor<'e, Database = Any>,
    user_id: i64,
    country: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET country_code = $1 WHERE id = $2")
        .bind(country)
        .bind(user_id)
        .execute(db)
        .await?;
    Ok(())
}

pub async fn set_role<'e>(
    db: impl Executor<'e, Database = Any>,
    user_id: i64,
    role: PlatformRole,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET role = $1 WHERE id = $2")
        .bind(role.as_str())
        .bind(user_id)
        .execute(db)
        .await?;
    Ok(())
}

pub async fn count_admins<'e>(db: impl Executor<'e, Database = Any>) -> Result<i64, sqlx::Error> {
    sqlx::query("SELECT COUNT(*) AS n FROM users WHERE role = 'admin'")
        .fetch_one(db)
        .await?
        .try_get("n")
}

pub async fn role_of<'e>(
    db: impl Executor<'e, Database = Any>,
    user_id: i64,
) -> Result<Option<PlatformRole>, sqlx::Error> {
    let row = sqlx::query("SELECT role FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_optional(db)
        .await?;
    row.map(|r| {
        let role: String = r.try_get("role")?;
        PlatformRole::parse(&role)
            .ok_or_else(|| sqlx::Error::Decode(format!("unknown role {role:?}").into()))
    })
    .transpose()
}

/// Which of `names` are usernames of people on the platform (for mention links).
pub async fn existing_usernames<'e>(
    db: impl Executor<'e, Database = Any>,
    names: &[String],
) -> Result<std::collections::HashSet<String>, sqlx::Error> {
    if names.is_empty() {
        return Ok(Default::default());
    }
    // One placeholder per name; the names themselves are bound, never spliced.
    let sql = format!(
        "SELECT username FROM users WHERE username IN ({})",
        super::placeholders(1, names.len())
    );
    let mut query = sqlx::query(&sql);
    for name in names {
        query = query.bind(name);
    }
    let rows = query.fetch_all(db).await?;
    rows.iter().map(|r| r.try_get("username")).collect()
}
