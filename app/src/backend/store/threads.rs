//! The threads table, and how far each person has read each thread.

use sqlx::{Any, Executor, Row};

use crate::backend::ServerError;
use crate::model::thread::ThreadSummary;

/// A thread as stored; callers apply the access rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ThreadRow {
    pub id: i64,
    pub space_id: i64,
    pub title: String,
    pub author_id: i64,
    pub created_at: i64,
    pub last_seq: i64,
    pub pinned: bool,
    pub locked: bool,
    pub hidden: bool,
    pub deleted: bool,
}

/// A thread flag moderators set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flag {
    Pinned,
    Locked,
    Hidden,
}

impl Flag {
    fn column(self) -> &'static str {
        match self {
            Flag::Pinned => "pinned",
            Flag::Locked => "locked",
            Flag::Hidden => "hidden",
        }
    }
}

pub async fn create<'e>(
    db: impl Executor<'e, Database = Any>,
    space_id: i64,
    title: &str,
    author_id: i64,
    now: i64,
) -> Result<i64, ServerError> {
    let row = sqlx::query(
        "INSERT INTO threads (space_id, title, author_id, created_at, last_post_at) \
         VALUES ($1, $2, $3, $4, $4) RETURNING id",
    )
    .bind(space_id)
    .bind(title)
    .bind(author_id)
    .bind(now)
    .fetch_one(db)
    .await?;
    Ok(row.try_get("id")?)
}

/// Marks a thread as a draft's comment thread (kept out of the space's discussions).
pub async fn set_for_draft<'e>(
    db: impl Executor<'e, Database = Any>,
    thread_id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE threads SET for_draft = 1 WHERE id = $1")
        .bind(thread_id)
        .execute(db)
        .await?;
    Ok(())
}

pub async fn by_id<'e>(
    db: impl Executor<'e, Database = Any>,
    id: i64,
) -> Result<Option<ThreadRow>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT id, space_id, title, author_id, created_at, last_seq, pinned, locked, hidden, \
         deleted_at FROM threads WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(db)
    .await?;
    row.map(|r| {
        Ok(ThreadRow {
            id: r.try_get("id")?,
            space_id: r.try_get("space_id")?,
            title: r.try_get("title")?,
            author_id: r.try_get("author_id")?,
            created_at: r.try_get("created_at")?,
            last_seq: r.try_get("last_seq")?,
            pinned: r.try_get::<i64, _>("pinned")? != 0,
            locked: r.try_get::<i64, _>("locked")? != 0,
            hidden: r.try_get::<i64, _>("hidden")? != 0,
            deleted: r.try_get::<Option<i64>, _>("deleted_at")?.is_some(),
        })
    })
    .transpose()
}

/// Gives out the next post number of a thread and moves its "last post" time, in the
/// caller's transaction (the row stays locked until it ends, so numbers never repeat).
pub async fn next_seq<'e>(
    db: impl Executor<'e, Database = Any>,
    thread_id: i64,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let row = sqlx::query(
        "UPDATE threads SET last_seq = last_seq + 1, last_post_at = $2 WHERE id = $1 \
         RETURNING last_seq",
    )
    .bind(thread_id)
    .bind(now)
    .fetch_one(db)
    .await?;
    row.try_get("last_seq")
}

/// A space's threads, pinned first, then by latest post. `reader` is the signed-in
/// viewer (for unread counts); hidden threads are listed only with `include_hidden`.
pub async fn list<'e>(
    db: impl Executor<'e, Database = Any>,
    space_id: i64,
    reader: Option<i64>,
    include_hidden: bool,
    limit: i64,
) -> Result<Vec<ThreadSummary>, sqlx::Error> {
    let hidden = if include_hidden {
        ""
    } else {
        "AND t.hidden = 0"
    };
    // One query for the page: counts come from correlated subqueries on the
    // (thread_id, seq) index, not one query per thread.
    let sql = format!(
        "SELECT t.id, t.title, u.display_name AS author_name, t.created_at, t.last_post_at, \
         t.pinned, t.locked, t.hidden, r.last_read_seq, \
         (SELECT COUNT(*) FROM posts p WHERE p.thread_id = t.id AND p.deleted_at IS NULL) \
           AS posts, \
         (SELECT COUNT(*) FROM posts p WHERE p.thread_id = t.id AND p.deleted_at IS NULL \
           AND p.author_id <> $2 AND p.seq > COALESCE(r.last_read_seq, 0)) AS unread \
         FROM threads t JOIN users u ON u.id = t.author_id \
         LEFT JOIN thread_reads r ON r.thread_id = t.id AND r.user_id = $2 \
         WHERE t.space_id = $1 AND t.deleted_at IS NULL AND t.for_draft = 0 {hidden} \
         ORDER BY t.pinned DESC, t.last_post_at DESC, t.id DESC LIMIT $3"
    );
    let rows = sqlx::query(&sql)
        .bind(space_id)
        .bind(reader.unwrap_or(0))
        .bind(limit)
        .fetch_all(db)
        .await?;
    rows.iter()
        .map(|r| {
            let last_read: Option<i64> = r.try_get("last_read_seq")?;
            Ok(ThreadSummary {
                id: r.try_get("id")?,
                title: r.try_get("title")?,
                author_name: r.try_get("author_name")?,
                created_at: r.try_get("created_at")?,
                last_post_at: r.try_get("last_post_at")?,
                posts: r.try_get("posts")?,
                unread: if reader.is_some() {
                    r.try_get("unread")?
                } else {
                    0
                },
                seen: last_read.is_some(),
                pinned: r.try_get::<i64, _>("pinned")? != 0,
                locked: r.try_get::<i64, _>("locked")? != 0,
                hidden: r.try_get::<i64, _>("hidden")? != 0,
            })
        })
        .collect()
}

pub async fn set_flag<'e>(
    db: impl Executor<'e, Database = Any>,
    thread_id: i64,
    flag: Flag,
    on: bool,
) -> Result<(), sqlx::Error> {
    // The column name comes from the enum above, never from input.
    let sql = format!("UPDATE threads SET {} = $1 WHERE id = $2", flag.column());
    sqlx::query(&sql)
        .bind(i64::from(on))
        .bind(thread_id)
        .execute(db)
        .await?;
    Ok(())
}

pub async fn mark_deleted<'e>(
    db: impl Executor<'e, Database = Any>,
    thread_id: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE threads SET deleted_at = $1 WHERE id = $2 AND deleted_at IS NULL")
        .bind(now)
        .bind(thread_id)
        .execute(db)
        .await?;
    Ok(())
}

/// The highest post number the person has read in the thread, if they ever opened it.
pub async fn last_read<'e>(
    db: impl Executor<'e, Database = Any>,
    user_id: i64,
    thread_id: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let row =
        sqlx::query("SELECT last_read_seq FROM thread_reads WHERE user_id = $1 AND thread_id = $2")
            .bind(user_id)
            .bind(thread_id)
            .fetch_optional(db)
            .await?;
    row.map(|r| r.try_get("last_read_seq")).transpose()
}

/// Records that the person has read up to post `seq`; never moves the mark backwards.
pub async fn mark_read<'e>(
    db: impl Executor<'e, Database = Any>,
    user_id: i64,
    thread_id: i64,
    seq: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO thread_reads (user_id, thread_id, last_read_seq) VALUES ($1, $2, $3) \
         ON CONFLICT (user_id, thread_id) DO UPDATE SET last_read_seq = \
         CASE WHEN excluded.last_read_seq > thread_reads.last_read_seq \
         THEN excluded.last_read_seq ELSE thread_reads.last_read_seq END",
    )
    .bind(user_id)
    .bind(thread_id)
    .bind(seq)
    .execute(db)
    .await?;
    Ok(())
}
