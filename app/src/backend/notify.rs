//! Who hears about a new post: people it mentions, the author of the post it answers, and
//! people watching the space — only those who may read the space, never its author, never
//! someone who muted the space. Runs inside the transaction that writes the post, so a
//! notification exists exactly when its post does.

use std::collections::HashSet;

use sqlx::Row;

use crate::backend::access::space_readers_sql;
use crate::backend::events::{Kind, Room};
use crate::backend::store::notifications::{self, About};
use crate::backend::{Change, ServerError};
use crate::model::profile::{NotificationKind, WatchLevel};
use crate::model::space::Space;

/// What a new post is, for working out whom to tell.
pub struct NewPost<'a> {
    pub space: &'a Space,
    pub post_id: i64,
    pub author_id: i64,
    /// The author of the post it answers, if any.
    pub parent_author: Option<i64>,
    /// Usernames it mentions (already known to exist).
    pub mentions: &'a [String],
    /// A new post (watchers hear of it) rather than an edit (only new mentions count).
    pub fresh: bool,
}

pub async fn after_post(
    change: &mut Change,
    post: &NewPost<'_>,
    now: i64,
) -> Result<(), ServerError> {
    let space_id = post.space.id;
    let muted: HashSet<i64> = notifications::watchers(change.conn(), space_id, WatchLevel::Muted)
        .await?
        .into_iter()
        .collect();
    let readers = |ids: Vec<i64>| -> Vec<i64> {
        ids.into_iter()
            .filter(|id| *id != post.author_id && !muted.contains(id))
            .collect()
    };
    let condition = space_readers_sql(post.space.visibility, "$1");

    // Mentions first: the most specific reason wins when one person has several.
    if !post.mentions.is_empty() {
        let sql = format!(
            "SELECT u.id FROM users u WHERE u.username IN ({}) AND {condition}",
            super::store::placeholders(2, post.mentions.len())
        );
        let mut q = sqlx::query(&sql).bind(space_id);
        for name in post.mentions {
            q = q.bind(name);
        }
        let ids = ids(q.fetch_all(change.conn()).await?)?;
        let added = notifications::add(
            change.tx(),
            &readers(ids),
            NotificationKind::Mention,
            Some(post.author_id),
            About::Post(post.post_id),
            now,
        )
        .await?;
        announce(change, &added, post.post_id, now).await?;
    }
    if let Some(parent_author) = post.parent_author {
        let sql = format!("SELECT u.id FROM users u WHERE u.id = $2 AND {condition}");
        let rows = sqlx::query(&sql)
            .bind(space_id)
            .bind(parent_author)
            .fetch_all(change.conn())
            .await?;
        let added = notifications::add(
            change.tx(),
            &readers(ids(rows)?),
            NotificationKind::Reply,
            Some(post.author_id),
            About::Post(post.post_id),
            now,
        )
        .await?;
        announce(change, &added, post.post_id, now).await?;
    }
    if !post.fresh {
        return Ok(());
    }
    let sql = format!(
        "SELECT u.id FROM users u JOIN space_watch w ON w.user_id = u.id \
         WHERE w.space_id = $1 AND w.level = 'watching' AND {condition}"
    );
    let rows = sqlx::query(&sql)
        .bind(space_id)
        .fetch_all(change.conn())
        .await?;
    let added = notifications::add(
        change.tx(),
        &readers(ids(rows)?),
        NotificationKind::Watched,
        Some(post.author_id),
        About::Post(post.post_id),
        now,
    )
    .await?;
    announce(change, &added, post.post_id, now).await?;
    Ok(())
}

/// Each newly notified person hears of it live (their badge), on every tab.
/// Tells these people about a post for a reason the caller already checked (they may read
/// it): technical-assistance staff about a new request, a requester about staff's reply.
pub async fn tell(
    change: &mut Change,
    users: &[i64],
    kind: NotificationKind,
    actor_id: i64,
    post_id: i64,
    now: i64,
) -> Result<(), ServerError> {
    let users: Vec<i64> = users.iter().copied().filter(|u| *u != actor_id).collect();
    let about = About::Post(post_id);
    let added = notifications::add(change.tx(), &users, kind, Some(actor_id), about, now).await?;
    announce(change, &added, post_id, now).await
}

async fn announce(
    change: &mut Change,
    users: &[i64],
    post_id: i64,
    now: i64,
) -> Result<(), ServerError> {
    for user in users {
        let data = serde_json::json!({ "post": post_id });
        change
            .event(Room::User(*user), Kind::Notification, data, now)
            .await?;
    }
    Ok(())
}

fn ids(rows: Vec<sqlx::any::AnyRow>) -> Result<Vec<i64>, sqlx::Error> {
    rows.iter().map(|r| r.try_get("id")).collect()
}
