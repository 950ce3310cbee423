//! The posts of threads (a tree per thread, listed depth-first by `path`) and the earlier
//! versions of edited posts.

use sqlx::{Any, Executor, Row};

use crate::model::thread::PostVersion;

/// A post as stored, with its author's names; callers decide what the viewer sees.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PostRow {
    pub id: i64,
    pub thread_id: i64,
    pub parent_id: Option<i64>,
    pub seq: i64,
    pub path: String,
    pub depth: i64,
    pub author_id: i64,
    pub author_username: String,
    pub author_name: String,
    pub body_md: String,
    pub body_html: String,
    pub created_at: i64,
    pub edited_at: Option<i64>,
    pub deleted: bool,
    pub hidden: bool,
}

/// What a new post is: where it goes and what it says (already rendered).
pub struct NewPost<'a> {
    pub thread_id: i64,
    pub seq: i64,
    /// The post it answers, with where that one sits in the tree.
    pub parent: Option<(i64, &'a str, i64)>,
    pub author_id: i64,
    pub body_md: &'a str,
    pub body_html: &'a str,
}

/// One segment of a post's path: its number, zero-padded so paths sort as text.
pub fn path_segment(seq: i64) -> String {
    format!("{seq:08}")
}

pub async fn insert<'e>(
    db: impl Executor<'e, Database = Any>,
    new: &NewPost<'_>,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let (parent_id, path, depth) = match new.parent {
        Some((id, path, depth)) => (
            Some(id),
            format!("{path}.{}", path_segment(new.seq)),
            depth + 1,
        ),
        None => (None, path_segment(new.seq), 0),
    };
    let row = sqlx::query(
        "INSERT INTO posts (thread_id, parent_id, seq, path, depth, author_id, body_md, \
         body_html, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(new.thread_id)
    .bind(parent_id)
    .bind(new.seq)
    .bind(path)
    .bind(depth)
    .bind(new.author_id)
    .bind(new.body_md)
    .bind(new.body_html)
    .bind(now)
    .fetch_one(db)
    .await?;
    row.try_get("id")
}

const COLUMNS: &str = "p.id, p.thread_id, p.parent_id, p.seq, p.path, p.depth, p.author_id, \
     u.username AS author_username, u.display_name AS author_name, p.body_md, p.body_html, \
     p.created_at, p.edited_at, p.deleted_at, p.hidden";

fn from_row(r: &sqlx::any::AnyRow) -> Result<PostRow, sqlx::Error> {
    Ok(PostRow {
        id: r.try_get("id")?,
        thread_id: r.try_get("thread_id")?,
        parent_id: r.try_get("parent_id")?,
        seq: r.try_get("seq")?,
        path: r.try_get("path")?,
        depth: r.try_get("depth")?,
        author_id: r.try_get("author_id")?,
        author_username: r.try_get("author_username")?,
        author_name: r.try_get("author_name")?,
        body_md: r.try_get("body_md")?,
        body_html: r.try_get("body_html")?,
        created_at: r.try_get("created_at")?,
        edited_at: r.try_get("edited_at")?,
        deleted: r.try_get::<Option<i64>, _>("deleted_at")?.is_some(),
        hidden: r.try_get::<i64, _>("hidden")? != 0,
    })
}

pub async fn by_id<'e>(
    db: impl Executor<'e, Database = Any>,
    id: i64,
) -> Result<Option<PostRow>, sqlx::Error> {
    let sql =
        format!("SELECT {COLUMNS} FROM posts p JOIN users u ON u.id = p.author_id WHERE p.id = $1");
    let row = sqlx::query(&sql).bind(id).fetch_optional(db).await?;
    row.as_ref().map(from_row).transpose()
}

/// The opening post of a thread.
pub async fn opening<'e>(
    db: impl Executor<'e, Database = Any>,
    thread_id: i64,
) -> Result<Option<PostRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM posts p JOIN users u ON u.id = p.author_id \
         WHERE p.thread_id = $1 AND p.parent_id IS NULL ORDER BY p.seq LIMIT 1"
    );
    let row = sqlx::query(&sql).bind(thread_id).fetch_optional(db).await?;
    row.as_ref().map(from_row).transpose()
}

/// `limit` posts of a thread in tree order, after skipping `offset`.
/// One page of a thread's posts in tree order, without their markdown source.
pub async fn page<'e>(
    db: impl Executor<'e, Database = Any>,
    thread_id: i64,
    offset: i64,
    limit: i64,
) -> Result<Vec<PostRow>, sqlx::Error> {
    // Pages show the rendered HTML only: the markdown source stays in the database.
    let columns = COLUMNS.replace("p.body_md", "'' AS body_md");
    let sql = format!(
        "SELECT {columns} FROM posts p JOIN users u ON u.id = p.author_id \
         WHERE p.thread_id = $1 ORDER BY p.path LIMIT $2 OFFSET $3"
    );
    let rows = sqlx::query(&sql)
        .bind(thread_id)
        .bind(limit)
        .bind(offset)
        .fetch_all(db)
        .await?;
    rows.iter().map(from_row).collect()
}

pub async fn count<'e>(
    db: impl Executor<'e, Database = Any>,
    thread_id: i64,
) -> Result<i64, sqlx::Error> {
    let row = sqlx::query("SELECT COUNT(*) AS n FROM posts WHERE thread_id = $1")
        .bind(thread_id)
        .fetch_one(db)
        .await?;
    row.try_get("n")
}

/// How many posts come before `path` in tree order (the post's 0-based position).
pub async fn position<'e>(
    db: impl Executor<'e, Database = Any>,
    thread_id: i64,
    path: &str,
) -> Result<i64, sqlx::Error> {
    let row = sqlx::query("SELECT COUNT(*) AS n FROM posts WHERE thread_id = $1 AND path < $2")
        .bind(thread_id)
        .bind(path)
        .fetch_one(db)
        .await?;
    row.try_get("n")
}

/// The first post written after post number `after`, not deleted and not by `reader`
/// (one's own posts are not news): `(id, path)`.
pub async fn first_after<'e>(
    db: impl Executor<'e, Database = Any>,
    thread_id: i64,
    after: i64,
    reader: i64,
) -> Result<Option<(i64, String)>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT id, path FROM posts WHERE thread_id = $1 AND seq > $2 AND deleted_at IS NULL \
         AND author_id <> $3 ORDER BY seq LIMIT 1",
    )
    .bind(thread_id)
    .bind(after)
    .bind(reader)
    .fetch_optional(db)
    .await?;
    row.map(|r| Ok((r.try_get("id")?, r.try_get("path")?)))
        .transpose()
}

/// Replaces a post's text, keeping the one it had as a revision.
pub async fn replace_body(
    tx: &mut sqlx::Transaction<'_, Any>,
    post: &PostRow,
    body_md: &str,
    body_html: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO post_revisions (post_id, body_md, body_html, author_id, written_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(post.id)
    .bind(&post.body_md)
    .bind(&post.body_html)
    .bind(post.author_id)
    .bind(post.edited_at.unwrap_or(post.created_at))
    .execute(&mut **tx)
    .await?;
    sqlx::query("UPDATE posts SET body_md = $1, body_html = $2, edited_at = $3 WHERE id = $4")
        .bind(body_md)
        .bind(body_html)
        .bind(now)
        .bind(post.id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Earlier versions of a post, newest first.
pub async fn revisions<'e>(
    db: impl Executor<'e, Database = Any>,
    post_id: i64,
) -> Result<Vec<PostVersion>, sqlx::Error> {
    sqlx::query_as(
        "SELECT u.display_name AS author_name, r.written_at, r.body_html FROM post_revisions r \
         JOIN users u ON u.id = r.author_id WHERE r.post_id = $1 ORDER BY r.id DESC",
    )
    .bind(post_id)
    .fetch_all(db)
    .await
}

pub async fn mark_deleted<'e>(
    db: impl Executor<'e, Database = Any>,
    post_id: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE posts SET deleted_at = $1 WHERE id = $2 AND deleted_at IS NULL")
        .bind(now)
        .bind(post_id)
        .execute(db)
        .await?;
    Ok(())
}

pub async fn set_hidden<'e>(
    db: impl Executor<'e, Database = Any>,
    post_id: i64,
    hidden: bool,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE posts SET hidden = $1 WHERE id = $2")
        .bind(i64::from(hidden))
        .bind(post_id)
        .execute(db)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_segments_sort_as_numbers() {
        let mut paths = vec![
            path_segment(2),
            format!("{}.{}", path_segment(1), path_segment(10)),
            path_segment(1),
            format!("{}.{}", path_segment(1), path_segment(9)),
        ];
        paths.sort();
        assert_eq!(
            paths,
            [
                "00000001",
                "00000001.00000009",
                "00000001.00000010",
                "00000002"
            ]
        );
    }
}
