//! Keeps the index in step with the database: applies the search outbox (`queue`) as
//! writes commit, retries while the engine is down, and rebuilds everything on demand
//! (`entrust reindex`, or a new index at start-up).

use std::collections::BTreeSet;
use std::time::Duration;

use super::queue::{self, Entity};
use super::sources::{self, Change};
use super::{ItemKind, SearchError, SearchIndex};
use crate::backend::Db;

/// Queue rows handled per round.
const ROUND: i64 = 500;
/// Items written to the engine per call during a re-index.
const REINDEX_CHUNK: usize = 2_000;

#[derive(Debug, thiserror::Error)]
pub enum WorkerError {
    #[error(transparent)]
    Search(#[from] SearchError),
    #[error("reading what to index failed: {0}")]
    Database(#[from] sqlx::Error),
}

/// Applies up to one round of queued changes; returns how many queue rows it handled.
/// On an engine error nothing is marked done, so the same rows are tried again later.
pub async fn apply_pending(db: &Db, engine: &impl SearchIndex) -> Result<usize, WorkerError> {
    let rows = queue::pending(&db.pool, ROUND).await?;
    if rows.is_empty() {
        return Ok(0);
    }
    let entities: BTreeSet<Entity> = rows.iter().filter_map(|(_, e)| *e).collect();
    let mut change = Change::default();
    for entity in entities {
        change.extend(sources::change_for(db, entity).await?);
    }
    engine.delete(change.delete).await?;
    engine.upsert(change.upsert).await?;
    let ids: Vec<i64> = rows.iter().map(|(id, _)| *id).collect();
    queue::done(&db.pool, &ids).await?;
    Ok(ids.len())
}

/// Runs until the process ends: applies the queue whenever a write is committed (or every
/// second, for writes committed by other processes), backing off while the engine is down.
pub async fn run(db: Db, engine: std::sync::Arc<impl SearchIndex + 'static>) {
    let mut backoff = Duration::from_millis(500);
    loop {
        match apply_pending(&db, engine.as_ref()).await {
            Ok(0) => {
                backoff = Duration::from_millis(500);
                let _ = tokio::time::timeout(Duration::from_secs(1), db.search_wait()).await;
            }
            Ok(_) => backoff = Duration::from_millis(500),
            Err(e) => {
                tracing::warn!(
                    engine = engine.name(),
                    "search index update failed, will retry: {e}"
                );
                tokio::time::sleep(backoff).await;
                backoff = (backoff * 2).min(Duration::from_secs(30));
            }
        }
    }
}

/// Empties the index and fills it again from the database. `progress(done, total)` is
/// called after every chunk. Returns how many items the index holds.
pub async fn reindex(
    db: &Db,
    engine: &impl SearchIndex,
    mut progress: impl FnMut(u64, u64),
) -> Result<usize, WorkerError> {
    let total = sources::total(db).await?.max(0) as u64;
    engine.clear().await?;
    let mut indexed = 0usize;
    let mut read = 0u64;
    let mut chunk = Vec::new();
    progress(0, total);
    for kind in ItemKind::ALL {
        let mut after = 0;
        loop {
            let (docs, last) = sources::page(db, kind, after).await?;
            let Some(last) = last else { break };
            read += (last - after).min(sources::BATCH) as u64;
            after = last;
            chunk.extend(docs);
            if chunk.len() >= REINDEX_CHUNK {
                indexed += chunk.len();
                engine.upsert(std::mem::take(&mut chunk)).await?;
                progress(read.min(total), total);
            }
        }
    }
    indexed += chunk.len();
    engine.upsert(chunk).await?;
    progress(total, total);
    Ok(indexed)
}
