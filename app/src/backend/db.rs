//! The database handle: one pool over SQLite (default, embedded) or PostgreSQL (at scale).
//!
//! Queries are written once in portable SQL with `$1` placeholders and run through sqlx's
//! `Any` driver; what differs between the dialects (connection set-up, migrations, the
//! ordering of live events) stays in this module.

use std::{str::FromStr, sync::Arc, time::Duration};

use tokio::sync::Notify;

use sqlx::{
    any::{AnyConnectOptions, AnyPoolOptions},
    AnyPool, Executor,
};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

impl Dialect {
    /// Before an event is written in `tx`: on PostgreSQL, take the transaction-scoped lock
    /// that makes event ids grow in commit order (no later id can commit before this one),
    /// and raise the NOTIFY that wakes the other server processes' hubs at commit (once per
    /// transaction however often it is raised). SQLite has a single writer: nothing to do.
    pub(crate) async fn before_event(
        self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    ) -> Result<(), sqlx::Error> {
        if self == Dialect::Postgres {
            sqlx::query("SELECT pg_advisory_xact_lock($1)")
                .bind(super::events::ORDER_LOCK)
                .execute(&mut **tx)
                .await?;
            sqlx::query("SELECT pg_notify($1, '')")
                .bind(super::events::CHANNEL)
                .execute(&mut **tx)
                .await?;
        }
        Ok(())
    }

    pub fn of_url(url: &str) -> Option<Dialect> {
        if url.starts_with("sqlite:") {
            Some(Dialect::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Some(Dialect::Postgres)
        } else {
            None
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("DATABASE_URL must start with sqlite: or postgres:// (got {0:?})")]
    UnsupportedUrl(String),
    #[error("cannot create the database folder {path}: {source}")]
    Folder {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot connect to the database: {0}")]
    Connect(#[source] sqlx::Error),
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("writing reference data failed: {0}")]
    Reference(#[source] sqlx::Error),
}

#[derive(Clone)]
pub struct Db {
    pub pool: AnyPool,
    pub dialect: Dialect,
    /// Rung after a transaction that recorded live events commits (see `events`).
    events: Arc<Notify>,
    /// Rung after a transaction that queued search index updates commits (see `search`).
    search: Arc<Notify>,
    /// Where to LISTEN for other processes' events (PostgreSQL only). Holds the
    /// connection URL, password included: never log it.
    listen_url: Option<Arc<str>>,
}

impl std::fmt::Debug for Db {
    // By hand: the listen URL may hold a password.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Db")
            .field("pool", &self.pool)
            .field("dialect", &self.dialect)
            .finish_non_exhaustive()
    }
}

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/postgres");

impl Db {
    /// Tells this process's search worker that index updates were queued.
    pub fn search_queued(&self) {
        self.search.notify_one();
    }

    /// Waits until `search_queued` is called (or was, since the last wait).
    pub async fn search_wait(&self) {
        self.search.notified().await;
    }

    /// Tells this process's live hub that events committed.
    pub fn events_written(&self) {
        // A stored permit: a wake-up given while the hub is busy is not lost.
        self.events.notify_one();
    }

    /// Waits until `events_written` is called (or was, since the last wait).
    pub async fn events_wait(&self) {
        self.events.notified().await;
    }

    /// The URL to LISTEN on for other processes' notifications (PostgreSQL only).
    pub fn listen_url(&self) -> Option<&str> {
        self.listen_url.as_deref()
    }

    /// Opens a pool. For SQLite the file (and its folder) is created when missing.
    pub async fn connect(url: &str, max_connections: u32) -> Result<Db, DbError> {
        sqlx::any::install_default_drivers();
        let dialect = Dialect::of_url(url).ok_or_else(|| DbError::UnsupportedUrl(url.into()))?;
        let url = match dialect {
            Dialect::Sqlite => prepare_sqlite_url(url)?,
            Dialect::Postgres => url.to_string(),
        };
        let options = AnyConnectOptions::from_str(&url).map_err(DbError::Connect)?;
        let pool = AnyPoolOptions::new()
            .max_connections(max_connections)
            .acquire_timeout(Duration::from_secs(5))
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if dialect == Dialect::Sqlite {
                        // WAL lets readers work while one writer commits; NORMAL sync in WAL
                        // mode survives a process crash (kill -9) without losing commits.
                        conn.execute(
                            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                             PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;",
                        )
                        .await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await
            .map_err(DbError::Connect)?;
        Ok(Db {
            pool,
            dialect,
            events: Arc::new(Notify::new()),
            search: Arc::new(Notify::new()),
            listen_url: (dialect == Dialect::Postgres).then(|| Arc::from(url.as_str())),
        })
    }

    /// Brings the schema up to date with this dialect's migrations.
    pub async fn migrate(&self) -> Result<(), DbError> {
        let migrator = match self.dialect {
            Dialect::Sqlite => &SQLITE_MIGRATIONS,
            Dialect::Postgres => &POSTGRES_MIGRATIONS,
        };
        migrator.run(&self.pool).await?;
        // Reference data that lives in Rust rather than in each dialect's SQL, written
        // once into an empty table (one transaction: all of it or none).
        let mut tx = self.pool.begin().await.map_err(DbError::Reference)?;
        crate::backend::indicators::reference::seed(&mut tx, crate::backend::now())
            .await
            .map_err(DbError::Reference)?;
        crate::backend::quality::templates::seed(&mut tx, crate::backend::now())
            .await
            .map_err(DbError::Reference)?;
        tx.commit().await.map_err(DbError::Reference)?;
        Ok(())
    }

    /// Whether the database answers a trivial query (for `/readyz`).
    pub async fn ping(&self) -> bool {
        sqlx::query("SELECT 1").execute(&self.pool).await.is_ok()
    }
}

/// Ensures the SQLite file's folder exists and that the file is created on first use.
fn prepare_sqlite_url(url: &str) -> Result<String, DbError> {
    let rest = url.trim_start_matches("sqlite:").trim_start_matches("//");
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    if path.is_empty() || path == ":memory:" {
        return Ok(url.to_string());
    }
    if let Some(parent) = std::path::Path::new(path).parent() {
        if !parent.as_os_str().is_empty() {
            std::fs::create_dir_all(parent).map_err(|source| DbError::Folder {
                path: parent.display().to_string(),
                source,
            })?;
        }
    }
    let query = if query.contains("mode=") {
        query.to_string()
    } else if query.is_empty() {
        "mode=rwc".to_string()
    } else {
        format!("{query}&mode=rwc")
    };
    Ok(format!("sqlite://{path}?{query}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dialects() {
        assert_eq!(Dialect::of_url("sqlite://data/x.db"), Some(Dialect::Sqlite));
        assert_eq!(
            Dialect::of_url("postgres://u@h/db"),
            Some(Dialect::Postgres)
        );
        assert_eq!(Dialect::of_url("mysql://h/db"), None);
    }

    #[test]
    fn sqlite_urls_get_create_mode() {
        let dir = std::env::temp_dir().join("entrust-url-test");
        let url = format!("sqlite://{}/x.db", dir.display());
        assert_eq!(prepare_sqlite_url(&url).unwrap(), format!("{url}?mode=rwc"));
        assert!(dir.is_dir());
        assert_eq!(
            prepare_sqlite_url(&format!("{url}?mode=ro")).unwrap(),
            format!("{url}?mode=ro")
        );
    }
}
