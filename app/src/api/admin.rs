//! Server functions for platform administrators.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::user::AuditEntry;

/// The latest security events. Only admins may read them; everyone else is told the
/// function does not exist.
#[server(endpoint = "admin/audit")]
pub async fn audit_log(limit: i64) -> Result<Vec<AuditEntry>, AppError> {
    use crate::backend::{access, store::audit, ServerError};
    let (viewer, state) = super::ssr::context()?;
    if !access::is_admin(&viewer) {
        return Err(ServerError::NotFound.into());
    }
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
