//! The outbox of live events: what changed, for whom to hear about it live.
//!
//! Writers record an event in the [`Change`] that makes the change (so an event is never
//! announced for a write that rolled back, nor lost for one that committed); committing
//! it wakes the live hub, which reads the table from the last id it dispatched. Ids grow in commit order — SQLite has a single writer, and on
//! PostgreSQL writers take a transaction-scoped advisory lock before taking an id — so
//! "everything after id N" never skips a late commit. On PostgreSQL the commit also
//! raises a NOTIFY, which wakes the hubs of other server processes.

use serde_json::json;
use sqlx::Row;

use super::{Change, Db};

/// The NOTIFY channel that tells every server process new events committed.
pub const CHANNEL: &str = "entrust_events";
/// Any number: the advisory lock that orders event ids on PostgreSQL (see `Dialect`).
pub(crate) const ORDER_LOCK: i64 = 0x656e_7472_7573;

/// Where an event is heard: the people in that room.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Room {
    Space(i64),
    Thread(i64),
    Draft(i64),
    /// An operational plan's page.
    Plan(i64),
    /// One person's own room (their notifications), on all their tabs.
    User(i64),
    /// Changes to people's names (nobody joins it: it versions cached thread pages).
    People,
}

impl Room {
    pub fn name(&self) -> String {
        match self {
            Room::Space(id) => format!("space:{id}"),
            Room::Thread(id) => format!("thread:{id}"),
            Room::Draft(id) => format!("draft:{id}"),
            Room::Plan(id) => format!("plan:{id}"),
            Room::User(id) => format!("user:{id}"),
            Room::People => "people".to_string(),
        }
    }

    /// `space:3` → `Room::Space(3)`; anything else is `None` (`people` too: not joinable).
    pub fn parse(name: &str) -> Option<Room> {
        let (kind, id) = name.split_once(':')?;
        // Digits only: no sign, no spaces, no leading '+'.
        if id.is_empty() || id.len() > 18 || !id.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let id: i64 = id.parse().ok()?;
        match kind {
            "space" => Some(Room::Space(id)),
            "thread" => Some(Room::Thread(id)),
            "draft" => Some(Room::Draft(id)),
            "plan" => Some(Room::Plan(id)),
            "user" => Some(Room::User(id)),
            _ => None,
        }
    }
}

/// What happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    PostCreated,
    PostEdited,
    ThreadCreated,
    DraftRevision,
    /// A plan changed (a new version): its readers may load the newest.
    PlanVersion,
    Notification,
    ProfileChanged,
    /// Who may see what changed (a session ended, a membership, role or country changed, a
    /// space's visibility or a thread's state changed): live sockets in the room check
    /// their rights again — in a person's own room, that person's sockets; in a space's
    /// room, every socket (rooms of the space's threads and drafts included). Never sent
    /// to browsers.
    AccessChanged,
}

impl Kind {
    pub fn as_str(&self) -> &'static str {
        match self {
            Kind::PostCreated => "post_created",
            Kind::PostEdited => "post_edited",
            Kind::ThreadCreated => "thread_created",
            Kind::DraftRevision => "draft_revision",
            Kind::PlanVersion => "plan_version",
            Kind::Notification => "notification",
            Kind::ProfileChanged => "profile_changed",
            Kind::AccessChanged => ACCESS_CHANGED,
        }
    }
}

/// The stored kind of [`Kind::AccessChanged`] events.
pub const ACCESS_CHANGED: &str = "access_changed";

/// One stored event.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Event {
    pub id: i64,
    pub room: String,
    pub kind: String,
    /// A JSON object.
    pub data: String,
}

/// A new post: heard in its thread, and in its space (for the thread list's counts).
#[allow(clippy::too_many_arguments)]
pub async fn post_created(
    change: &mut Change,
    space_id: i64,
    thread_id: i64,
    post_id: i64,
    parent_id: Option<i64>,
    author_id: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    let data = json!({
        "thread": thread_id, "post": post_id, "parent": parent_id, "author": author_id
    });
    change
        .event(
            Room::Thread(thread_id),
            Kind::PostCreated,
            data.clone(),
            now,
        )
        .await?;
    change
        .event(Room::Space(space_id), Kind::PostCreated, data, now)
        .await
}

/// Events after `after`, oldest first, at most `limit`; only those of `rooms` when given.
pub async fn after(
    db: &Db,
    after: i64,
    rooms: Option<&[String]>,
    limit: i64,
) -> Result<Vec<Event>, sqlx::Error> {
    match rooms {
        None => {
            sqlx::query_as(
                "SELECT id, room, kind, data FROM events WHERE id > $1 ORDER BY id LIMIT $2",
            )
            .bind(after)
            .bind(limit)
            .fetch_all(&db.pool)
            .await
        }
        Some([]) => Ok(Vec::new()),
        Some(rooms) => {
            let sql = format!(
                "SELECT id, room, kind, data FROM events WHERE id > $1 AND room IN ({}) \
                 ORDER BY id LIMIT $2",
                super::store::placeholders(3, rooms.len())
            );
            let mut q = sqlx::query_as(&sql).bind(after).bind(limit);
            for r in rooms {
                q = q.bind(r);
            }
            q.fetch_all(&db.pool).await
        }
    }
}

/// The newest event's id (0 when there is none).
pub async fn latest(db: &Db) -> Result<i64, sqlx::Error> {
    let row = sqlx::query("SELECT COALESCE(MAX(id), 0) AS id FROM events")
        .fetch_one(&db.pool)
        .await?;
    row.try_get("id")
}

/// The newest event of one room (0 when there is none).
pub async fn latest_in(db: &Db, room: Room) -> Result<i64, sqlx::Error> {
    let row = sqlx::query("SELECT COALESCE(MAX(id), 0) AS id FROM events WHERE room = $1")
        .bind(room.name())
        .fetch_one(&db.pool)
        .await?;
    row.try_get("id")
}

/// The oldest event still kept (0 when there is none): a client asking for events before
/// it has missed some, and must reload instead.
pub async fn oldest(db: &Db) -> Result<i64, sqlx::Error> {
    let row = sqlx::query("SELECT COALESCE(MIN(id), 0) AS id FROM events")
        .fetch_one(&db.pool)
        .await?;
    row.try_get("id")
}

/// Forgets events older than `before` (Unix seconds); returns how many.
pub async fn prune(db: &Db, before: i64) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("DELETE FROM events WHERE created_at < $1")
        .bind(before)
        .execute(&db.pool)
        .await?;
    Ok(done.rows_affected())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn room_names_round_trip_and_nothing_else_parses() {
        for room in [
            Room::Space(3),
            Room::Thread(12),
            Room::Draft(5),
            Room::User(7),
        ] {
            assert_eq!(Room::parse(&room.name()), Some(room));
        }
        for bad in [
            "",
            "thread",
            "thread:",
            "thread:-1",
            "thread:+1",
            "thread: 1",
            "post:1",
            "thread:1:2",
            "thread:99999999999999999999",
            "THREAD:1",
        ] {
            assert_eq!(Room::parse(bad), None, "{bad:?}");
        }
    }
}
