//! Space membership and per-space roles.

use sqlx::{Any, Executor};

use crate::backend::ServerError;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SpaceRole {
    Owner,
    Moderator,
    Member,
    Observer,
}

impl SpaceRole {
    pub fn as_str(self) -> &'static str {
        match self {
            SpaceRole::Owner => "owner",
            SpaceRole::Moderator => "moderator",
            SpaceRole::Member => "member",
            SpaceRole::Observer => "observer",
        }
    }
}

pub async fn add<'e>(
    db: impl Executor<'e, Database = Any>,
    space_id: i64,
    user_id: i64,
    role: SpaceRole,
    now: i64,
) -> Result<(), ServerError> {
    sqlx::query(
        "INSERT INTO space_members (space_id, user_id, role, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(space_id)
    .bind(user_id)
    .bind(role.as_str())
    .bind(now)
    .execute(db)
    .await
    .map_err(|e| {
        super::write_error(
            e,
            ServerError::Conflict("already a member of this space".into()),
            ServerError::NotFound,
        )
    })?;
    Ok(())
}
