//! A small in-process cache of thread pages' posts, so that reading a busy thread does not
//! fetch the same hundred rows again for every reader.
//!
//! Entries are keyed by the thread and checked against a version read fresh on every
//! request: the newest live event of the thread's room and of the `people` room. Every
//! change to a thread's posts (new, edited, deleted, hidden) and every change of a
//! display name records such an event in the same transaction (see `events`), so a
//! cached page is used only while nothing it shows has changed — across server
//! processes too, as the version comes from the database.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use sqlx::Row;

use super::events::Room;
use super::store::posts::PostRow;
use super::Db;

/// Threads kept; when full, the cache starts over (busy threads come back at once).
const CAPACITY: usize = 64;

/// `(thread room's newest event id, people room's newest event id)`.
pub type Version = (i64, i64);

/// What a thread page read needs first, in one statement: the page version, and how far
/// `reader` (if any) had read the thread.
pub async fn version_and_last_read(
    db: &Db,
    thread_id: i64,
    reader: Option<i64>,
) -> Result<(Version, Option<i64>), sqlx::Error> {
    let row = sqlx::query(
        "SELECT COALESCE((SELECT MAX(id) FROM events WHERE room = $1), 0) AS t, \
         COALESCE((SELECT MAX(id) FROM events WHERE room = $2), 0) AS p, \
         (SELECT last_read_seq FROM thread_reads WHERE user_id = $3 AND thread_id = $4) AS r",
    )
    .bind(Room::Thread(thread_id).name())
    .bind(Room::People.name())
    .bind(reader.unwrap_or(0))
    .bind(thread_id)
    .fetch_one(&db.pool)
    .await?;
    let last_read: Option<i64> = row.try_get("r")?;
    Ok((
        (row.try_get("t")?, row.try_get("p")?),
        last_read.filter(|_| reader.is_some()),
    ))
}

#[derive(Default)]
pub struct ThreadPages {
    threads: Mutex<HashMap<i64, Entry>>,
}

struct Entry {
    version: Version,
    total: i64,
    pages: HashMap<i64, Arc<Vec<PostRow>>>,
}

impl std::fmt::Debug for ThreadPages {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ThreadPages").finish_non_exhaustive()
    }
}

impl ThreadPages {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<i64, Entry>> {
        self.threads.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The thread's post count at `version`, if known.
    pub fn total(&self, thread: i64, version: Version) -> Option<i64> {
        self.lock()
            .get(&thread)
            .filter(|e| e.version == version)
            .map(|e| e.total)
    }

    /// A page's rows at `version`, if known.
    pub fn page(&self, thread: i64, version: Version, page: i64) -> Option<Arc<Vec<PostRow>>> {
        self.lock()
            .get(&thread)
            .filter(|e| e.version == version)
            .and_then(|e| e.pages.get(&page).cloned())
    }

    /// Remembers what was read at `version` (older entries of the thread are dropped).
    pub fn put(
        &self,
        thread: i64,
        version: Version,
        total: i64,
        page: i64,
        rows: Arc<Vec<PostRow>>,
    ) {
        let mut threads = self.lock();
        if threads.len() >= CAPACITY && !threads.contains_key(&thread) {
            threads.clear();
        }
        let entry = threads.entry(thread).or_insert_with(|| Entry {
            version,
            total,
            pages: HashMap::new(),
        });
        // Rows read at an older version than the entry's must not overwrite newer ones.
        if entry.version < version {
            *entry = Entry {
                version,
                total,
                pages: HashMap::new(),
            };
        }
        if entry.version == version {
            entry.pages.insert(page, rows);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_is_served_only_at_the_version_it_was_read() {
        let cache = ThreadPages::default();
        let rows = Arc::new(Vec::new());
        cache.put(1, (5, 0), 3, 1, rows.clone());
        assert_eq!(cache.total(1, (5, 0)), Some(3));
        assert!(cache.page(1, (5, 0), 1).is_some());
        assert!(cache.page(1, (5, 0), 2).is_none());
        // A new post, or a renamed author: the old rows are no longer used.
        assert!(cache.page(1, (6, 0), 1).is_none());
        assert!(cache.page(1, (5, 1), 1).is_none());
        // Rows read at an older version never replace newer ones.
        cache.put(1, (7, 0), 4, 1, rows.clone());
        cache.put(1, (6, 0), 3, 1, rows);
        assert_eq!(cache.total(1, (7, 0)), Some(4));
        assert_eq!(cache.total(1, (6, 0)), None);
    }
}
