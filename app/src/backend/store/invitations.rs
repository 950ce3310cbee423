//! Invitation links: an admin invites one person, who may then create an account with the
//! role (and country) chosen for them, even when self-service sign-up is closed. Only the
//! SHA-256 of the link's token is stored; a link works once, for seven days.

use sqlx::{Any, Executor, Row};

use crate::backend::auth::session::{id_of as digest, new_token};
use crate::model::user::PlatformRole;

pub const LIFETIME_SECS: i64 = 7 * 24 * 3600;

/// What an invitation grants.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invitation {
    pub role: PlatformRole,
    pub country_code: Option<String>,
    pub note: String,
}

/// Creates an invitation and returns the token for its link.
pub async fn create<'e>(
    db: impl Executor<'e, Database = Any>,
    invitation: &Invitation,
    created_by: i64,
    now: i64,
) -> Result<String, sqlx::Error> {
    let token = new_token();
    sqlx::query(
        "INSERT INTO invitations (token_hash, role, country_code, note, created_by, created_at, \
         expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(digest(&token))
    .bind(invitation.role.as_str())
    .bind(invitation.country_code.as_deref())
    .bind(&invitation.note)
    .bind(created_by)
    .bind(now)
    .bind(now + LIFETIME_SECS)
    .execute(db)
    .await?;
    Ok(token)
}

fn from_row(r: &sqlx::any::AnyRow) -> Result<Invitation, sqlx::Error> {
    let role: String = r.try_get("role")?;
    Ok(Invitation {
        role: PlatformRole::parse(&role)
            .ok_or_else(|| sqlx::Error::Decode(format!("role {role:?}").into()))?,
        country_code: r.try_get("country_code")?,
        note: r.try_get("note")?,
    })
}

/// The invitation behind `token`, if it is unused and unexpired.
pub async fn valid<'e>(
    db: impl Executor<'e, Database = Any>,
    token: &str,
    now: i64,
) -> Result<Option<Invitation>, sqlx::Error> {
    sqlx::query(
        "SELECT role, country_code, note FROM invitations \
         WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2",
    )
    .bind(digest(token))
    .bind(now)
    .fetch_optional(db)
    .await?
    .as_ref()
    .map(from_row)
    .transpose()
}

/// Marks the invitation used by `user_id`; false when it was not valid any more (used by
/// someone else a moment ago, or expired), so the caller rolls back.
pub async fn redeem<'e>(
    db: impl Executor<'e, Database = Any>,
    token: &str,
    user_id: i64,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE invitations SET used_by = $1, used_at = $2 \
         WHERE token_hash = $3 AND used_at IS NULL AND expires_at > $2",
    )
    .bind(user_id)
    .bind(now)
    .bind(digest(token))
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Invitations not yet used or expired, newest first, for the admin page.
pub async fn pending<'e>(
    db: impl Executor<'e, Database = Any>,
    now: i64,
) -> Result<Vec<crate::model::user::InvitationView>, sqlx::Error> {
    sqlx::query(
        "SELECT i.role, i.country_code, i.note, i.created_at, i.expires_at, u.username \
         FROM invitations i LEFT JOIN users u ON u.id = i.created_by \
         WHERE i.used_at IS NULL AND i.expires_at > $1 ORDER BY i.created_at DESC LIMIT 100",
    )
    .bind(now)
    .fetch_all(db)
    .await?
    .iter()
    .map(|r| {
        let inv = from_row(r)?;
        Ok(crate::model::user::InvitationView {
            role: inv.role,
            country_code: inv.country_code,
            note: inv.note,
            created_at: r.try_get("created_at")?,
            expires_at: r.try_get("expires_at")?,
            created_by: r.try_get("username")?,
        })
    })
    .collect()
}
