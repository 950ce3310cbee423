//! Space membership, per-space roles, and requests to join a space.

use sqlx::{Any, Executor, Row};

use crate::backend::ServerError;
pub use crate::model::space::SpaceRole;
use crate::model::space::{JoinRequestView, MemberView};

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
            ServerError::from(crate::model::refusal::Refusal::AlreadyMember),
            ServerError::NotFound,
        )
    })?;
    Ok(())
}

/// The person's role in the space, if they are a member.
pub async fn role_of<'e>(
    db: impl Executor<'e, Database = Any>,
    space_id: i64,
    user_id: i64,
) -> Result<Option<SpaceRole>, sqlx::Error> {
    let row = sqlx::query("SELECT role FROM space_members WHERE space_id = $1 AND user_id = $2")
        .bind(space_id)
        .bind(user_id)
        .fetch_optional(db)
        .await?;
    row.map(|r| {
        let s: String = r.try_get("role")?;
        SpaceRole::parse(&s).ok_or_else(|| sqlx::Error::Decode(format!("role {s:?}").into()))
    })
    .transpose()
}

/// Members of a space, owners first, then by name.
pub async fn list<'e>(
    db: impl Executor<'e, Database = Any>,
    space_id: i64,
) -> Result<Vec<MemberView>, sqlx::Error> {
    sqlx::query(
        "SELECT u.username, u.display_name, m.role FROM space_members m \
         JOIN users u ON u.id = m.user_id WHERE m.space_id = $1 \
         ORDER BY CASE m.role WHEN 'owner' THEN 0 WHEN 'moderator' THEN 1 \
         WHEN 'member' THEN 2 ELSE 3 END, u.display_name",
    )
    .bind(space_id)
    .fetch_all(db)
    .await?
    .iter()
    .map(|r| {
        let role: String = r.try_get("role")?;
        Ok(MemberView {
            username: r.try_get("username")?,
            display_name: r.try_get("display_name")?,
            role: SpaceRole::parse(&role)
                .ok_or_else(|| sqlx::Error::Decode(format!("role {role:?}").into()))?,
        })
    })
    .collect()
}

pub async fn set_role<'e>(
    db: impl Executor<'e, Database = Any>,
    space_id: i64,
    user_id: i64,
    role: SpaceRole,
) -> Result<bool, sqlx::Error> {
    Ok(
        sqlx::query("UPDATE space_members SET role = $1 WHERE space_id = $2 AND user_id = $3")
            .bind(role.as_str())
            .bind(space_id)
            .bind(user_id)
            .execute(db)
            .await?
            .rows_affected()
            == 1,
    )
}

pub async fn remove<'e>(
    db: impl Executor<'e, Database = Any>,
    space_id: i64,
    user_id: i64,
) -> Result<bool, sqlx::Error> {
    delete_one(
        db,
        "DELETE FROM space_members WHERE space_id = $1 AND user_id = $2",
        space_id,
        user_id,
    )
    .await
}

/// Runs a `DELETE … WHERE space_id = $1 AND user_id = $2`; true when it deleted a row.
async fn delete_one<'e>(
    db: impl Executor<'e, Database = Any>,
    sql: &'static str,
    space_id: i64,
    user_id: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(sql)
        .bind(space_id)
        .bind(user_id)
        .execute(db)
        .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn count_owners<'e>(
    db: impl Executor<'e, Database = Any>,
    space_id: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query("SELECT COUNT(*) AS n FROM space_members WHERE space_id = $1 AND role = 'owner'")
        .bind(space_id)
        .fetch_one(db)
        .await?
        .try_get("n")
}

/// Records a request to join; a second request from the same person changes nothing.
pub async fn request_to_join<'e>(
    db: impl Executor<'e, Database = Any>,
    space_id: i64,
    user_id: i64,
    message: &str,
    now: i64,
) -> Result<(), ServerError> {
    sqlx::query(
        "INSERT INTO space_join_requests (space_id, user_id, message, created_at) \
         VALUES ($1, $2, $3, $4)",
    )
    .bind(space_id)
    .bind(user_id)
    .bind(message)
    .bind(now)
    .execute(db)
    .await
    .map_err(|e| {
        super::write_error(
            e,
            ServerError::from(crate::model::refusal::Refusal::AlreadyRequested),
            ServerError::NotFound,
        )
    })?;
    Ok(())
}

pub async fn has_requested<'e>(
    db: impl Executor<'e, Database = Any>,
    space_id: i64,
    user_id: i64,
) -> Result<bool, sqlx::Error> {
    Ok(
        sqlx::query("SELECT 1 AS x FROM space_join_requests WHERE space_id = $1 AND user_id = $2")
            .bind(space_id)
            .bind(user_id)
            .fetch_optional(db)
            .await?
            .is_some(),
    )
}

/// Takes (deletes) a pending request; false when there was none.
pub async fn take_request<'e>(
    db: impl Executor<'e, Database = Any>,
    space_id: i64,
    user_id: i64,
) -> Result<bool, sqlx::Error> {
    delete_one(
        db,
        "DELETE FROM space_join_requests WHERE space_id = $1 AND user_id = $2",
        space_id,
        user_id,
    )
    .await
}

pub async fn requests<'e>(
    db: impl Executor<'e, Database = Any>,
    space_id: i64,
) -> Result<Vec<JoinRequestView>, sqlx::Error> {
    sqlx::query(
        "SELECT u.username, u.display_name, r.message, r.created_at FROM space_join_requests r \
         JOIN users u ON u.id = r.user_id WHERE r.space_id = $1 ORDER BY r.created_at",
    )
    .bind(space_id)
    .fetch_all(db)
    .await?
    .iter()
    .map(|r| {
        Ok(JoinRequestView {
            username: r.try_get("username")?,
            display_name: r.try_get("display_name")?,
            message: r.try_get("message")?,
            created_at: r.try_get("created_at")?,
        })
    })
    .collect()
}
