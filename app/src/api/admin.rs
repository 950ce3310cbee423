//! Server functions for platform administrators. Everyone else is told they do not exist.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::user::{AdminUsers, AuditEntry};

/// The latest security events.
#[server(endpoint = "admin/audit")]
pub async fn audit_log(limit: i64) -> Result<Vec<AuditEntry>, AppError> {
    let cx = super::ssr::cx()?;
    Ok(crate::backend::admin::audit_log(&cx, limit).await?)
}

/// People (filtered by `q`), pending invitations, and the countries to choose from.
#[server(endpoint = "admin/users")]
pub async fn list_users(q: String) -> Result<AdminUsers, AppError> {
    use crate::backend::admin;
    let cx = super::ssr::cx()?;
    Ok(admin::users_page(&cx, &q).await?)
}
