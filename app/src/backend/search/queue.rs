//! The search outbox: which entities changed and must be re-read into the index.
//!
//! Writers call [`enqueue`] inside the transaction that changes searchable text or who may
//! see it, so a committed change is always queued and a rolled-back one never is. The
//! worker reads each entity's current state when it gets to it, so order and repeats do
//! not matter, and deletes exactly the rows it handled (never "everything up to id N":
//! on PostgreSQL a smaller id can commit after a larger one).

use sqlx::{Any, Executor, Row};

/// Something whose searchable text or visibility changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Entity {
    Document(i64),
    Thread(i64),
    Post(i64),
    Draft(i64),
    Plan(i64),
    /// A service of the directory.
    Service(i64),
    /// Everything in the space (its visibility changed).
    Space(i64),
}

impl Entity {
    pub fn name(&self) -> String {
        match self {
            Entity::Document(id) => format!("document:{id}"),
            Entity::Thread(id) => format!("thread:{id}"),
            Entity::Post(id) => format!("post:{id}"),
            Entity::Draft(id) => format!("draft:{id}"),
            Entity::Plan(id) => format!("plan:{id}"),
            Entity::Service(id) => format!("service:{id}"),
            Entity::Space(id) => format!("space:{id}"),
        }
    }

    pub fn parse(name: &str) -> Option<Entity> {
        let (kind, id) = name.split_once(':')?;
        let id: i64 = id.parse().ok()?;
        Some(match kind {
            "document" => Entity::Document(id),
            "thread" => Entity::Thread(id),
            "post" => Entity::Post(id),
            "draft" => Entity::Draft(id),
            "plan" => Entity::Plan(id),
            "service" => Entity::Service(id),
            "space" => Entity::Space(id),
            _ => return None,
        })
    }
}

pub async fn enqueue<'e>(
    db: impl Executor<'e, Database = Any>,
    entity: Entity,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO search_queue (entity, queued_at) VALUES ($1, $2)")
        .bind(entity.name())
        .bind(now)
        .execute(db)
        .await?;
    Ok(())
}

/// The oldest queued rows: (row id, entity). Rows naming no known entity are returned as
/// `None` so the worker can drop them.
pub async fn pending<'e>(
    db: impl Executor<'e, Database = Any>,
    limit: i64,
) -> Result<Vec<(i64, Option<Entity>)>, sqlx::Error> {
    let rows = sqlx::query("SELECT id, entity FROM search_queue ORDER BY id LIMIT $1")
        .bind(limit)
        .fetch_all(db)
        .await?;
    rows.iter()
        .map(|r| {
            let name: String = r.try_get("entity")?;
            Ok((r.try_get("id")?, Entity::parse(&name)))
        })
        .collect()
}

/// Deletes the rows the worker applied.
pub async fn done<'e>(
    db: impl Executor<'e, Database = Any>,
    ids: &[i64],
) -> Result<(), sqlx::Error> {
    if ids.is_empty() {
        return Ok(());
    }
    // Ids are numbers from the table itself, never user text.
    let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    sqlx::query(&format!("DELETE FROM search_queue WHERE id IN ({list})"))
        .execute(db)
        .await?;
    Ok(())
}

/// How many rows wait (the health page and tests show it).
pub async fn len<'e>(db: impl Executor<'e, Database = Any>) -> Result<i64, sqlx::Error> {
    Ok(backlog(db).await?.len)
}

/// What waits for the worker: how many rows, and since when the oldest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backlog {
    pub len: i64,
    /// Unix seconds the oldest waiting row was queued; `None` when nothing waits.
    pub oldest: Option<i64>,
}

/// The queue's depth and the age of its oldest row (operators' figures).
pub async fn backlog<'e>(db: impl Executor<'e, Database = Any>) -> Result<Backlog, sqlx::Error> {
    let row = sqlx::query("SELECT COUNT(*) AS n, MIN(queued_at) AS oldest FROM search_queue")
        .fetch_one(db)
        .await?;
    Ok(Backlog {
        len: row.try_get("n")?,
        oldest: row.try_get("oldest")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for e in [
            Entity::Document(1),
            Entity::Thread(2),
            Entity::Post(3),
            Entity::Draft(4),
            Entity::Space(5),
            Entity::Service(6),
        ] {
            assert_eq!(Entity::parse(&e.name()), Some(e));
        }
        assert_eq!(Entity::parse("user:1"), None);
        assert_eq!(Entity::parse("post:x"), None);
    }
}
