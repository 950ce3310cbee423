//! What platform admins do to accounts: change a person's platform role, give them roles
//! for some countries (focal point, publisher, directory editor), invite someone (a
//! person's own country is set in `affiliation`). Only admins; every change is audited in
//! the same transaction; an admin cannot remove the last admin.

use crate::backend::access::{self, SignedIn, Viewer};
use crate::backend::events::{self, Room};
use crate::backend::store::{audit, countries, country_roles, invitations, users};
use crate::backend::{Db, ServerError};
use crate::model::user::{CountryRole, PlatformRole};

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
    events::access_changed(&mut tx, Room::User(id), now).await?;
    let detail = format!("user={username} role={}", role.as_str());
    audit::record(&mut *tx, Some(actor.id), "role_changed", &detail, "", now).await?;
    db.commit_with_events(tx).await?;
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

/// Sets the countries a person holds each country role for: `lists` has one list like
/// `CO, PE` per role (a role left out keeps its countries).
pub async fn set_country_roles(
    db: &Db,
    viewer: &Viewer,
    username: &str,
    lists: &[(CountryRole, &str)],
    now: i64,
) -> Result<(), ServerError> {
    let actor = admin(viewer)?;
    let id = user_id(db, username).await?;
    let mut checked = Vec::with_capacity(lists.len());
    for (role, list) in lists {
        checked.push((*role, country_codes(db, list).await?));
    }
    let mut tx = db.pool.begin().await?;
    let mut detail = format!("user={username}");
    for (role, codes) in &checked {
        country_roles::replace(&mut tx, id, *role, codes, now).await?;
        detail.push_str(&format!(" {}={}", role.as_str(), codes.join(",")));
    }
    events::access_changed(&mut tx, Room::User(id), now).await?;
    audit::record(&mut *tx, Some(actor.id), "role_changed", &detail, "", now).await?;
    db.commit_with_events(tx).await?;
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

/// The latest security events (`limit` clamped to 1–500).
pub async fn audit_log(
    db: &Db,
    viewer: &Viewer,
    limit: i64,
) -> Result<Vec<crate::model::user::AuditEntry>, ServerError> {
    admin(viewer)?;
    let rows = audit::recent(&db.pool, limit.clamp(1, 500)).await?;
    Ok(rows
        .into_iter()
        .map(|e| crate::model::user::AuditEntry {
            at: e.at,
            username: e.username,
            event: e.event,
            detail: e.detail,
            address: e.address,
        })
        .collect())
}

/// People (filtered by `filter`), pending invitations, and the countries to choose from.
pub async fn users_page(
    db: &Db,
    viewer: &Viewer,
    filter: &str,
    site_origin: &str,
    now: i64,
) -> Result<crate::model::user::AdminUsers, ServerError> {
    admin(viewer)?;
    let pool = &db.pool;
    Ok(crate::model::user::AdminUsers {
        users: users::list_for_admin(pool, filter, 500).await?,
        invitations: invitations::pending(pool, now).await?,
        countries: countries::list(pool)
            .await?
            .into_iter()
            .map(crate::model::country::CountryName::from)
            .collect(),
        site_origin: site_origin.to_string(),
    })
}
