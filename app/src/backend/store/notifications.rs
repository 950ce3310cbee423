//! Notifications (one per person and post, or per person, check-in and reason) and how
//! closely people watch each space.

use sqlx::{Any, Executor, Row};

use crate::model::profile::{NotificationKind, NotificationSubject, NotificationView, WatchLevel};

/// What a notification is about.
#[derive(Clone, Copy)]
pub enum About {
    Post(i64),
    Checkin(i64),
}

/// Notifies each of `users` (for `kind`, by `actor_id` if someone did it) about a post or
/// a check-in; returns who was newly notified. Someone already notified about that post
/// keeps the notification they have (the first reason wins, so callers add the most
/// specific reasons first); a check-in tells each person once per reason.
pub async fn add(
    tx: &mut sqlx::Transaction<'_, Any>,
    users: &[i64],
    kind: NotificationKind,
    actor_id: Option<i64>,
    about: About,
    now: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    let (post, checkin) = match about {
        About::Post(id) => (Some(id), None),
        About::Checkin(id) => (None, Some(id)),
    };
    let mut added = Vec::new();
    for user in users {
        let row = sqlx::query(
            "INSERT INTO notifications (user_id, kind, actor_id, post_id, checkin_id, \
             created_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING id",
        )
        .bind(user)
        .bind(kind.as_str())
        .bind(actor_id)
        .bind(post)
        .bind(checkin)
        .bind(now)
        .fetch_optional(&mut **tx)
        .await?;
        if let Some(row) = row {
            // Its email is queued with it: whether it goes, and when, the sender decides.
            super::email::enqueue(&mut **tx, *user, row.try_get("id")?, now).await?;
            added.push(*user);
        }
    }
    Ok(added)
}

/// What a notification `n` (of the person `u`) is about: a post `p` in thread `t` of space
/// `s`, or a check-in `k` of plan `pl` kept in space `ps`.
pub const SUBJECT_JOINS: &str = "LEFT JOIN posts p ON p.id = n.post_id \
     LEFT JOIN threads t ON t.id = p.thread_id LEFT JOIN spaces s ON s.id = t.space_id \
     LEFT JOIN plan_checkins k ON k.id = n.checkin_id \
     LEFT JOIN plans pl ON pl.id = k.plan_id LEFT JOIN spaces ps ON ps.id = pl.space_id";

/// The conditions that keep a notification shown, since rights change after it was
/// written: a post's is shown while the post is neither deleted nor hidden, nor its
/// thread, its space is not archived and the person (`u`) may still see the space; a
/// check-in's while the person may still see the plan (its space, or they are staff).
pub fn still_readable_sql() -> String {
    format!(
        "((n.post_id IS NOT NULL AND p.deleted_at IS NULL AND p.hidden = 0 \
         AND t.deleted_at IS NULL AND t.hidden = 0 AND s.archived_at IS NULL AND {}) \
         OR (n.checkin_id IS NOT NULL AND (u.role IN ('admin', 'ta_staff') OR {})))",
        crate::backend::access::user_sees_space_sql("u", "s"),
        crate::backend::access::user_sees_space_sql("u", "ps"),
    )
}

/// Which of a person's still-readable notifications to list (newest first).
#[derive(Clone, Copy)]
pub enum Which {
    /// The latest, at most this many.
    Latest(i64),
    /// This one notification.
    One(i64),
    /// Unread ones written after this instant (at most 50).
    UnreadSince(i64),
}

/// The person's latest notifications that are still readable (see [`still_readable_sql`]).
pub async fn recent<'e>(
    db: impl Executor<'e, Database = Any>,
    user_id: i64,
    limit: i64,
) -> Result<Vec<NotificationView>, sqlx::Error> {
    Ok(listed(db, user_id, Which::Latest(limit))
        .await?
        .into_iter()
        .map(|(n, _)| n)
        .collect())
}

/// The person's still-readable notifications, each with the markdown of the post it is
/// about (none for a check-in), for emails that quote it.
pub async fn listed<'e>(
    db: impl Executor<'e, Database = Any>,
    user_id: i64,
    which: Which,
) -> Result<Vec<(NotificationView, Option<String>)>, sqlx::Error> {
    let (condition, value, limit) = match which {
        Which::Latest(limit) => ("n.id > $2", 0, limit),
        Which::One(id) => ("n.id = $2", id, 1),
        Which::UnreadSince(t) => ("n.read_at IS NULL AND n.created_at > $2", t, 50),
    };
    let sql = format!(
        "SELECT n.id, n.kind, COALESCE(a.display_name, '') AS actor_name, s.slug, \
         t.id AS thread_id, t.title, n.post_id, n.created_at, n.read_at, r.id AS request_id, \
         pl.id AS plan_id, pl.title AS plan_title, k.months, k.due_on, p.body_md \
         FROM notifications n JOIN users u ON u.id = n.user_id {SUBJECT_JOINS} \
         LEFT JOIN ta_requests r ON r.thread_id = t.id \
         LEFT JOIN users a ON a.id = n.actor_id \
         WHERE n.user_id = $1 AND {condition} AND {} ORDER BY n.id DESC LIMIT $3",
        still_readable_sql()
    );
    let rows = sqlx::query(&sql)
        .bind(user_id)
        .bind(value)
        .bind(limit)
        .fetch_all(db)
        .await?;
    rows.iter()
        .map(|r| {
            let kind: String = r.try_get("kind")?;
            let about = match r.try_get::<Option<i64>, _>("post_id")? {
                Some(post_id) => NotificationSubject::Post {
                    space_slug: r.try_get("slug")?,
                    thread_id: r.try_get("thread_id")?,
                    thread_title: r.try_get("title")?,
                    post_id,
                    request_id: r.try_get("request_id")?,
                },
                None => NotificationSubject::Checkin {
                    plan_id: r.try_get("plan_id")?,
                    plan_title: r.try_get("plan_title")?,
                    months: r.try_get("months")?,
                    due_on: r.try_get("due_on")?,
                },
            };
            let view = NotificationView {
                id: r.try_get("id")?,
                kind: NotificationKind::parse(&kind)
                    .ok_or_else(|| sqlx::Error::Decode(format!("kind {kind:?}").into()))?,
                actor_name: r.try_get("actor_name")?,
                created_at: r.try_get("created_at")?,
                read: r.try_get::<Option<i64>, _>("read_at")?.is_some(),
                about,
            };
            Ok((view, r.try_get("body_md")?))
        })
        .collect()
}

/// Marks the person's notifications about this check-in as read (they opened it).
pub async fn mark_checkin_read<'e>(
    db: impl Executor<'e, Database = Any>,
    user_id: i64,
    checkin_id: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL \
         AND checkin_id = $3",
    )
    .bind(now)
    .bind(user_id)
    .bind(checkin_id)
    .execute(db)
    .await?;
    Ok(())
}

/// Marks the person's notifications about these posts as read (they have seen them).
pub async fn mark_posts_read<'e>(
    db: impl Executor<'e, Database = Any>,
    user_id: i64,
    post_ids: &[i64],
    now: i64,
) -> Result<(), sqlx::Error> {
    if post_ids.is_empty() {
        return Ok(());
    }
    // Ids are numbers from our own rows, bound one by one.
    let sql = format!(
        "UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL \
         AND post_id IN ({})",
        super::placeholders(3, post_ids.len())
    );
    let mut q = sqlx::query(&sql).bind(now).bind(user_id);
    for id in post_ids {
        q = q.bind(id);
    }
    q.execute(db).await?;
    Ok(())
}

pub async fn mark_all_read<'e>(
    db: impl Executor<'e, Database = Any>,
    user_id: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL")
        .bind(now)
        .bind(user_id)
        .execute(db)
        .await?;
    Ok(())
}

/// How the person follows the space (normal when they never said).
pub async fn watch_level<'e>(
    db: impl Executor<'e, Database = Any>,
    user_id: i64,
    space_id: i64,
) -> Result<WatchLevel, sqlx::Error> {
    let row = sqlx::query("SELECT level FROM space_watch WHERE user_id = $1 AND space_id = $2")
        .bind(user_id)
        .bind(space_id)
        .fetch_optional(db)
        .await?;
    Ok(match row {
        Some(r) => {
            WatchLevel::parse(&r.try_get::<String, _>("level")?).unwrap_or(WatchLevel::Normal)
        }
        None => WatchLevel::Normal,
    })
}

pub async fn set_watch_level<'e>(
    db: impl Executor<'e, Database = Any>,
    user_id: i64,
    space_id: i64,
    level: WatchLevel,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO space_watch (user_id, space_id, level) VALUES ($1, $2, $3) \
         ON CONFLICT (user_id, space_id) DO UPDATE SET level = excluded.level",
    )
    .bind(user_id)
    .bind(space_id)
    .bind(level.as_str())
    .execute(db)
    .await?;
    Ok(())
}

/// People who follow the space at `level`.
pub async fn watchers<'e>(
    db: impl Executor<'e, Database = Any>,
    space_id: i64,
    level: WatchLevel,
) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query("SELECT user_id FROM space_watch WHERE space_id = $1 AND level = $2")
        .bind(space_id)
        .bind(level.as_str())
        .fetch_all(db)
        .await?
        .iter()
        .map(|r| r.try_get("user_id"))
        .collect()
}
