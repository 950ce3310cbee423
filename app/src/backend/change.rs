//! One change to the platform: a unit of work that owns its database transaction, records
//! the live events and search-index updates the change causes, and on commit wakes this
//! process's live hub and search worker.
//!
//! Every write goes through one [`Change`] (see `Cx::change`): what others must learn about
//! is written in the same transaction as the change itself (the outbox), so a crash loses
//! nothing and a rollback announces nothing; and since the wake-ups belong to `commit`, no
//! writer can forget one. One change is one transaction: a writer that needs two steps
//! (a reply and the request's new status) does both on the same `Change`.

use serde_json::Value;
use sqlx::{Any, AnyConnection, Transaction};

use super::events::{Kind, Room};
use super::search::queue::{self, Entity};
use super::Db;

pub struct Change {
    tx: Transaction<'static, Any>,
    db: Db,
    /// Live events were recorded: the hub is woken after the commit.
    events: bool,
    /// Search updates were queued: the search worker is woken after the commit.
    queued: bool,
}

impl Change {
    /// Begins a change on `db`.
    pub async fn begin(db: &Db) -> Result<Change, sqlx::Error> {
        // On SQLite a change takes the write lock when it begins: one that read first and
        // wrote later would otherwise fail outright (SQLITE_BUSY_SNAPSHOT) whenever another
        // writer — the search worker, say — committed in between, where waiting
        // (busy_timeout) is what is wanted.
        let tx = match db.dialect {
            super::Dialect::Sqlite => db.pool.begin_with("BEGIN IMMEDIATE").await?,
            super::Dialect::Postgres => db.pool.begin().await?,
        };
        Ok(Change {
            tx,
            db: db.clone(),
            events: false,
            queued: false,
        })
    }

    /// The transaction's connection, for the stores (they take any executor).
    pub fn conn(&mut self) -> &mut AnyConnection {
        &mut self.tx
    }

    /// The transaction itself, for stores that run several statements in it.
    pub fn tx(&mut self) -> &mut Transaction<'static, Any> {
        &mut self.tx
    }

    /// Records a live event in this change (see `events`): heard in `room` once the change
    /// commits. Event ids grow in commit order (the database seam orders them).
    pub async fn event(
        &mut self,
        room: Room,
        kind: Kind,
        data: Value,
        now: i64,
    ) -> Result<(), sqlx::Error> {
        self.db.dialect.before_event(&mut self.tx).await?;
        sqlx::query("INSERT INTO events (room, kind, data, created_at) VALUES ($1, $2, $3, $4)")
            .bind(room.name())
            .bind(kind.as_str())
            .bind(data.to_string())
            .bind(now)
            .execute(&mut *self.tx)
            .await?;
        self.events = true;
        Ok(())
    }

    /// Who may see what changed for the people in `room` (see [`Kind::AccessChanged`]).
    pub async fn access_changed(&mut self, room: Room, now: i64) -> Result<(), sqlx::Error> {
        self.event(room, Kind::AccessChanged, serde_json::json!({}), now)
            .await
    }

    /// Queues `entity` to be read into the search index again once the change commits.
    pub async fn index(&mut self, entity: Entity, now: i64) -> Result<(), sqlx::Error> {
        queue::enqueue(&mut *self.tx, entity, now).await?;
        self.queued = true;
        Ok(())
    }

    /// Commits, then wakes whoever must learn of it in this process (other processes hear
    /// the database's notification).
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        self.tx.commit().await?;
        if self.events {
            self.db.events_written();
        }
        if self.queued {
            self.db.search_queued();
        }
        Ok(())
    }
}
