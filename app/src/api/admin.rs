//! Server functions for platform administrators. Everyone else is told they do not exist.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::user::{AdminUsers, AuditEntry};

/// The latest security events.
#[server(endpoint = "admin/audit")]
pub async fn audit_log(limit: i64) -> Result<Vec<AuditEntry>, AppError> {
    use crate::backend::{admin, store::audit, ServerError};
    let (viewer, state) = super::ssr::context()?;
    admin::admin(&viewer)?;
    let rows = audit::recent(&state.db.pool, limit.clamp(1, 500))
        .await
        .map_err(ServerError::from)?;
    Ok(rows
        .into_iter()
        .map(|e| AuditEntry {
            at: e.at,
            username: e.username,
            event: e.event,
            detail: e.detail,
            address: e.address,
        })
        .collect())
}

/// People (filtered by `q`), pending invitations, and the countries to choose from.
#[server(endpoint = "admin/users")]
pub async fn list_users(q: String) -> Result<AdminUsers, AppError> {
    use crate::backend::{admin, now, store, ServerError};
    let (viewer, state) = super::ssr::context()?;
    admin::admin(&viewer)?;
    let pool = &state.db.pool;
    let users = store::users::list_for_admin(pool, &q, 500)
        .await
        .map_err(ServerError::from)?;
    let invitations = store::invitations::pending(pool, now())
        .await
        .map_err(ServerError::from)?;
    let countries = store::countries::list(pool)
        .await
        .map_err(ServerError::from)?
        .into_iter()
        .map(crate::model::country::CountryName::from)
        .collect();
    Ok(AdminUsers {
        users,
        invitations,
        countries,
        site_origin: state.site_origin.clone(),
    })
}
