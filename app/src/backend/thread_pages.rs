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

/// Bytes of rows kept (post bodies dominate); past it the cache starts over, and busy
/// threads come back at once. Bounded by size, not count: one page of long posts can
/// weigh more than a hundred pages of short ones.
const CAPACITY_BYTES: usize = 32 * 1024 * 1024;

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
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    threads: HashMap<i64, Entry>,
    bytes: usize,
}

struct Entry {
    version: Version,
    total: i64,
    pages: HashMap<i64, Arc<Vec<PostRow>>>,
    bytes: usize,
}

impl std::fmt::Debug for ThreadPages {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ThreadPages").finish_non_exhaustive()
    }
}

fn weight(rows: &[PostRow]) -> usize {
    rows.iter()
        .map(|r| {
            std::mem::size_of::<PostRow>()
                + r.body_html.len()
                + r.body_md.len()
                + r.path.len()
                + r.author_name.len()
                + r.author_username.len()
        })
        .sum()
}

impl ThreadPages {
    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The thread's post count at `version`, if known.
    pub fn total(&self, thread: i64, version: Version) -> Option<i64> {
        self.lock()
            .threads
            .get(&thread)
            .filter(|e| e.version == version)
            .map(|e| e.total)
    }

    /// A page's rows at `version`, if known.
    pub fn page(&self, thread: i64, version: Version, page: i64) -> Option<Arc<Vec<PostRow>>> {
        self.lock()
            .threads
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
        let size = weight(&rows);
        if size > CAPACITY_BYTES / 4 {
            return;
        }
        let mut state = self.lock();
        if state.bytes + size > CAPACITY_BYTES {
            state.threads.clear();
            state.bytes = 0;
        }
        let State { threads, bytes } = &mut *state;
        let entry = threads.entry(thread).or_insert_with(|| Entry {
            version,
            total,
            pages: HashMap::new(),
            bytes: 0,
        });
        // Rows read at an older version than the entry's must not overwrite newer ones.
        if entry.version < version {
            *bytes -= entry.bytes;
            *entry = Entry {
                version,
                total,
                pages: HashMap::new(),
                bytes: 0,
            };
        }
        if entry.version == version {
            if let Some(old) = entry.pages.insert(page, rows) {
                let old = weight(&old);
                entry.bytes -= old;
                *bytes -= old;
            }
            entry.bytes += size;
            *bytes += size;
        }
    }

    /// Bytes of rows held (for the tests).
    pub fn bytes(&self) -> usize {
        self.lock().bytes
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

    fn row(body: usize) -> PostRow {
        PostRow {
            id: 1,
            thread_id: 1,
            parent_id: None,
            seq: 1,
            path: "00000001".into(),
            depth: 0,
            author_id: 1,
            author_username: "ana".into(),
            author_name: "Ana".into(),
            body_md: String::new(),
            body_html: "x".repeat(body),
            created_at: 0,
            edited_at: None,
            deleted: false,
            hidden: false,
        }
    }

    #[test]
    fn the_cache_stays_within_its_size() {
        let cache = ThreadPages::default();
        let page = Arc::new(vec![row(1024 * 1024); 4]);
        for thread in 0..40 {
            cache.put(thread, (1, 0), 4, 1, page.clone());
            assert!(cache.bytes() <= CAPACITY_BYTES, "{}", cache.bytes());
        }
        // Replacing a page or a version gives its bytes back.
        let before = cache.bytes();
        cache.put(39, (1, 0), 4, 1, page.clone());
        assert_eq!(cache.bytes(), before);
        cache.put(39, (2, 0), 4, 1, Arc::new(vec![row(10)]));
        assert!(cache.bytes() < before);
        // A page too big to be worth keeping is not kept.
        cache.put(7, (1, 0), 1, 1, Arc::new(vec![row(CAPACITY_BYTES)]));
        assert!(cache.page(7, (1, 0), 1).is_none());
    }
}
