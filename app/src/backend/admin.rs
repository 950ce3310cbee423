//! What platform admins do to accounts: change a person's platform role, give them roles
//! for some countries (focal point, publisher, directory editor), invite someone (a
//! person's own country is set in `affiliation`). Only admins; every change is audited in
//! the same transaction; an admin cannot remove the last admin.

use crate::backend::access::{self, SignedIn, Viewer};
use crate::backend::events::Room;
use crate::backend::store::{audit, countries, country_roles, invitations, users};
use crate::backend::Cx;
use crate::backend::ServerError;
use crate::model::refusal::Refusal;
use crate::model::user::{CountryRole, PlatformRole};

/// The signed-in admin, or "not found" for everyone else (the pages do not exist for them).
pub fn admin(viewer: &Viewer) -> Result<&SignedIn, ServerError> {
    match viewer.user() {
        Some(u) if access::is_admin(viewer) => Ok(u),
        _ => Err(ServerError::NotFound),
    }
}

pub fn parse_role(s: &str) -> Result<PlatformRole, ServerError> {
    PlatformRole::parse(s).ok_or_else(|| ServerError::from(Refusal::BadRole))
}

async fn user_id(cx: &Cx, username: &str) -> Result<i64, ServerError> {
    users::id_of(&cx.db().pool, username)
        .await?
        .ok_or_else(|| ServerError::from(Refusal::UnknownUser))
}

pub async fn change_role(cx: &Cx, username: &str, role: PlatformRole) -> Result<(), ServerError> {
    let actor = admin(&cx.viewer)?;
    let id = user_id(cx, username).await?;
    let mut change = cx.change().await?;
    let current = users::role_of(change.conn(), id).await?;
    if current == Some(PlatformRole::Admin)
        && role != PlatformRole::Admin
        && users::count_admins(change.conn()).await? <= 1
    {
        return Err(ServerError::from(Refusal::LastAdmin));
    }
    users::set_role(change.conn(), id, role).await?;
    change.access_changed(Room::User(id), cx.now).await?;
    let detail = format!("user={username} role={}", role.as_str());
    audit::record(
        change.conn(),
        Some(actor.id),
        "role_changed",
        &detail,
        "",
        cx.now,
    )
    .await?;
    change.commit().await?;
    Ok(())
}

/// Reads a list like `CO, pe; BR` into checked, upper-case, de-duplicated ISO codes.
async fn country_codes(cx: &Cx, list: &str) -> Result<Vec<String>, ServerError> {
    let mut codes: Vec<String> = list
        .split([',', ';', ' '])
        .map(|c| c.trim().to_ascii_uppercase())
        .filter(|c| !c.is_empty())
        .collect();
    codes.sort();
    codes.dedup();
    for code in &codes {
        if code.len() != 2 || countries::get(&cx.db().pool, code).await?.is_none() {
            return Err(ServerError::from(Refusal::UnknownCountry));
        }
    }
    Ok(codes)
}

/// Sets the countries a person holds each country role for: `lists` has one list like
/// `CO, PE` per role (a role left out keeps its countries).
pub async fn set_country_roles(
    cx: &Cx,
    username: &str,
    lists: &[(CountryRole, &str)],
) -> Result<(), ServerError> {
    let actor = admin(&cx.viewer)?;
    let id = user_id(cx, username).await?;
    let mut checked = Vec::with_capacity(lists.len());
    for (role, list) in lists {
        checked.push((*role, country_codes(cx, list).await?));
    }
    let mut change = cx.change().await?;
    let mut detail = format!("user={username}");
    for (role, codes) in &checked {
        country_roles::replace(change.tx(), id, *role, codes, cx.now).await?;
        detail.push_str(&format!(" {}={}", role.as_str(), codes.join(",")));
    }
    change.access_changed(Room::User(id), cx.now).await?;
    audit::record(
        change.conn(),
        Some(actor.id),
        "role_changed",
        &detail,
        "",
        cx.now,
    )
    .await?;
    change.commit().await?;
    Ok(())
}

/// Makes an invitation link; returns its token.
pub async fn invite(
    cx: &Cx,
    role: PlatformRole,
    country: &str,
    note: &str,
) -> Result<String, ServerError> {
    let actor = admin(&cx.viewer)?;
    if note.chars().count() > 200 {
        return Err(ServerError::from(Refusal::NoteTooLong));
    }
    let country_code = country_codes(cx, country).await?;
    if country_code.len() > 1 {
        return Err(ServerError::from(Refusal::UnknownCountry));
    }
    let invitation = invitations::Invitation {
        role,
        country_code: country_code.into_iter().next(),
        note: note.trim().to_string(),
    };
    let mut change = cx.change().await?;
    let token = invitations::create(change.conn(), &invitation, actor.id, cx.now).await?;
    let detail = format!("role={} note={}", role.as_str(), invitation.note);
    audit::record(
        change.conn(),
        Some(actor.id),
        "invitation_created",
        &detail,
        "",
        cx.now,
    )
    .await?;
    change.commit().await?;
    Ok(token)
}

/// The latest security events (`limit` clamped to 1–500).
pub async fn audit_log(
    cx: &Cx,
    limit: i64,
) -> Result<Vec<crate::model::user::AuditEntry>, ServerError> {
    admin(&cx.viewer)?;
    let rows = audit::recent(&cx.db().pool, limit.clamp(1, 500)).await?;
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
    cx: &Cx,
    filter: &str,
) -> Result<crate::model::user::AdminUsers, ServerError> {
    let site_origin = &cx.state.site_origin;
    admin(&cx.viewer)?;
    let pool = &cx.db().pool;
    Ok(crate::model::user::AdminUsers {
        users: users::list_for_admin(pool, filter, 500).await?,
        invitations: invitations::pending(pool, cx.now).await?,
        countries: countries::list(pool)
            .await?
            .into_iter()
            .map(crate::model::country::CountryName::from)
            .collect(),
        site_origin: site_origin.to_string(),
    })
}
