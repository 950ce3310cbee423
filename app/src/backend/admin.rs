//! What platform admins do to accounts: change a person's platform role, make them a
//! publisher for some countries, invite someone. Only admins; every change is audited in
//! the same transaction; an admin cannot remove the last admin.

use crate::backend::access::{self, SignedIn, Viewer};
use crate::backend::store::{audit, countries, invitations, publishers, users};
use crate::backend::{Db, ServerError};
use crate::model::user::PlatformRole;

// Refusal codes, shown as messages on the admin page (`admin.error_{code}`).
pub const REFUSED_UNKNOWN_USER: &str = "unknown_user";
pub const REFUSED_LAST_ADMIN: &str = "last_admin";
pub const REFUSED_UNKNOWN_COUNTRY: &str = "unknown_country";
pub const REFUSED_BAD_ROLE: &str = "bad_role";
pub const REFUSED_TOO_LONG: &str = "too_long";

/// The signed-in admin, or "not found" for everyone else (the pages do not exist for them).
pub fn admin(viewer: &Viewer) -> Result<&SignedIn, ServerError> {
    match viewer.user() {
        Some(u) if access::is_admin(viewer) => Ok(u),
        _ => Err(ServerError::NotFound),
    }
}

pub fn parse_role(s: &str) -> Result<PlatformRole, ServerError> {
    PlatformRole::parse(s).ok_or_else(|| ServerError::Invalid(REFUSED_BAD_ROLE.into()))
}

async fn user_id(db: &Db, username: &str) -> Result<i64, ServerError> {
    users::id_of(&db.pool, username)
        .await?
        .ok_or_else(|| ServerError::Invalid(REFUSED_UNKNOWN_USER.into()))
}

pub async fn change_role(
    db: &Db,
    viewer: &Viewer,
    username: &str,
    role: PlatformRole,
    now: i64,
) -> Result<(), ServerError> {
    let actor = admin(viewer)?;
    let id = user_id(db, username).await?;
    let mut tx = db.pool.begin().await?;
    let current = users::role_of(&mut *tx, id).await?;
    if current == Some(PlatformRole::Admin)
        && role != PlatformRole::Admin
        && users::count_admins(&mut *tx).await? <= 1
    {
        return Err(ServerError::Conflict(REFUSED_LAST_ADMIN.into()));
    }
    users::set_role(&mut *tx, id, role).await?;
    let detail = format!("user={username} role={}", role.as_str());
    audit::record(&mut *tx, Some(actor.id), "role_changed", &detail, "", now).await?;
    tx.commit().await?;
    Ok(())
}

/// Reads a list like `CO, pe; BR` into checked, upper-case, de-duplicated ISO codes.
async fn country_codes(db: &Db, list: &str) -> Result<Vec<String>, ServerError> {
    let mut codes: Vec<String> = list
        .split([',', ';', ' '])
        .map(|c| c.trim().to_ascii_uppercase())
        .filter(|c| !c.is_empty())
        .collect();
    codes.sort();
    codes.dedup();
    for code in &codes {
        if code.len() != 2 || countries::get(&db.pool, code).await?.is_none() {
            return Err(ServerError::Invalid(REFUSED_UNKNOWN_COUNTRY.into()));
        }
    }
    Ok(codes)
}

pub async fn set_publisher_countries(
    db: &Db,
    viewer: &Viewer,
    username: &str,
    list: &str,
    now: i64,
) -> Result<(), ServerError> {
    let actor = admin(viewer)?;
    let id = user_id(db, username).await?;
    let codes = country_codes(db, list).await?;
    let mut tx = db.pool.begin().await?;
    publishers::replace(&mut tx, id, &codes, now).await?;
    let detail = format!("user={username} publisher_for={}", codes.join(","));
    audit::record(&mut *tx, Some(actor.id), "role_changed", &detail, "", now).await?;
    tx.commit().await?;
    Ok(())
}

/// Makes an invitation link; returns its token.
pub async fn invite(
    db: &Db,
    viewer: &Viewer,
    role: PlatformRole,
    country: &str,
    note: &str,
    now: i64,
) -> Result<String, ServerError> {
    let actor = admin(viewer)?;
    if note.chars().count() > 200 {
        return Err(ServerError::Invalid(REFUSED_TOO_LONG.into()));
    }
    let country_code = country_codes(db, country).await?;
    if country_code.len() > 1 {
        return Err(ServerError::Invalid(REFUSED_UNKNOWN_COUNTRY.into()));
    }
    let invitation = invitations::Invitation {
        role,
        country_code: country_code.into_iter().next(),
        note: note.trim().to_string(),
    };
    let mut tx = db.pool.begin().await?;
    let token = invitations::create(&mut *tx, &invitation, actor.id, now).await?;
    let detail = format!("role={} note={}", role.as_str(), invitation.note);
    audit::record(
        &mut *tx,
        Some(actor.id),
        "invitation_created",
        &detail,
        "",
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(token)
}
