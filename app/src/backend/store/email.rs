//! Email preferences (one row per person who has one) and the outbox of emails to send:
//! queued, held by one sender at a time, sent, retried later, or dropped with a reason.

use sqlx::{Any, Executor, Row};

/// How long a sender holds a row it took: long enough for one SMTP exchange; after it
/// another sender may take the row (the first one died).
pub const LEASE_SECS: i64 = 300;

/// Queues the email of notification `notification_id` (inside the notification's
/// transaction).
pub async fn enqueue<'e>(
    db: impl Executor<'e, Database = Any>,
    user_id: i64,
    notification_id: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO email_outbox (user_id, notification_id, created_at, next_attempt_at) \
         VALUES ($1, $2, $3, $3) ON CONFLICT DO NOTHING",
    )
    .bind(user_id)
    .bind(notification_id)
    .bind(now)
    .execute(db)
    .await?;
    Ok(())
}

/// A person's email settings with what sending needs to know about them.
#[derive(Clone, Debug)]
pub struct Recipient {
    pub user_id: i64,
    pub email: Option<String>,
    pub display_name: String,
    /// Profile languages, comma-separated (the email's language when none is chosen).
    pub languages: String,
    pub time_zone: String,
    pub country_code: Option<String>,
    pub each_notification: bool,
    pub daily_digest: bool,
    /// `""` when the person never chose.
    pub language: String,
    /// `None` until the person has a preferences row.
    pub token: Option<String>,
}

const RECIPIENT: &str = "SELECT u.id, u.email, u.display_name, u.languages, u.time_zone, \
     u.country_code, COALESCE(e.each_notification, 1) AS each_notification, \
     COALESCE(e.daily_digest, 0) AS daily_digest, COALESCE(e.language, '') AS language, \
     e.unsubscribe_token FROM users u LEFT JOIN email_preferences e ON e.user_id = u.id";

fn recipient(r: &sqlx::any::AnyRow) -> Result<Recipient, sqlx::Error> {
    Ok(Recipient {
        user_id: r.try_get("id")?,
        email: r
            .try_get::<Option<String>, _>("email")?
            .filter(|e| !e.is_empty()),
        display_name: r.try_get("display_name")?,
        languages: r.try_get("languages")?,
        time_zone: r.try_get("time_zone")?,
        country_code: r.try_get("country_code")?,
        each_notification: r.try_get::<i64, _>("each_notification")? != 0,
        daily_digest: r.try_get::<i64, _>("daily_digest")? != 0,
        language: r.try_get("language")?,
        token: r.try_get("unsubscribe_token")?,
    })
}

pub async fn recipient_by_id<'e>(
    db: impl Executor<'e, Database = Any>,
    user_id: i64,
) -> Result<Option<Recipient>, sqlx::Error> {
    let sql = format!("{RECIPIENT} WHERE u.id = $1");
    let row = sqlx::query(&sql).bind(user_id).fetch_optional(db).await?;
    row.as_ref().map(recipient).transpose()
}

pub async fn recipient_by_token<'e>(
    db: impl Executor<'e, Database = Any>,
    token: &str,
) -> Result<Option<Recipient>, sqlx::Error> {
    let sql = format!("{RECIPIENT} WHERE e.unsubscribe_token = $1");
    let row = sqlx::query(&sql).bind(token).fetch_optional(db).await?;
    row.as_ref().map(recipient).transpose()
}

/// Gives the person a preferences row (the defaults, with a new unsubscribe token) unless
/// they have one.
pub async fn ensure<'e>(
    db: impl Executor<'e, Database = Any>,
    user_id: i64,
    token: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO email_preferences (user_id, unsubscribe_token, updated_at) \
         VALUES ($1, $2, $3) ON CONFLICT (user_id) DO NOTHING",
    )
    .bind(user_id)
    .bind(token)
    .bind(now)
    .execute(db)
    .await?;
    Ok(())
}

/// Saves the person's choices (their row must exist: see [`ensure`]).
pub async fn save<'e>(
    db: impl Executor<'e, Database = Any>,
    user_id: i64,
    each_notification: bool,
    daily_digest: bool,
    language: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE email_preferences SET each_notification = $1, daily_digest = $2, \
         language = $3, updated_at = $4 WHERE user_id = $5",
    )
    .bind(i64::from(each_notification))
    .bind(i64::from(daily_digest))
    .bind(language)
    .bind(now)
    .bind(user_id)
    .execute(db)
    .await?;
    Ok(())
}

/// Turns off every email to the holder of `token`; false when no one holds it.
pub async fn unsubscribe<'e>(
    db: impl Executor<'e, Database = Any>,
    token: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE email_preferences SET each_notification = 0, daily_digest = 0, \
         updated_at = $1 WHERE unsubscribe_token = $2",
    )
    .bind(now)
    .bind(token)
    .execute(db)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// One row of the outbox a sender took.
#[derive(Clone, Debug)]
pub struct Claimed {
    pub id: i64,
    pub user_id: i64,
    pub notification_id: Option<i64>,
    pub digest_day: Option<String>,
    pub attempts: i64,
    pub created_at: i64,
}

/// Takes up to `limit` rows due now (notifications' at least `delay` seconds old, so one
/// read on the site at once needs no email), holding each for [`LEASE_SECS`]; a row
/// another sender holds is left to it.
pub async fn claim_due(
    pool: &sqlx::AnyPool,
    now: i64,
    delay: i64,
    limit: i64,
) -> Result<Vec<Claimed>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, user_id, notification_id, digest_day, attempts, created_at \
         FROM email_outbox WHERE sent_at IS NULL AND dropped_at IS NULL \
         AND next_attempt_at <= $1 AND lease_until < $1 \
         AND (notification_id IS NULL OR created_at <= $2) ORDER BY id LIMIT $3",
    )
    .bind(now)
    .bind(now - delay)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    let mut taken = Vec::new();
    for r in rows {
        let id: i64 = r.try_get("id")?;
        let held = sqlx::query(
            "UPDATE email_outbox SET lease_until = $1 WHERE id = $2 AND lease_until < $3 \
             AND sent_at IS NULL AND dropped_at IS NULL",
        )
        .bind(now + LEASE_SECS)
        .bind(id)
        .bind(now)
        .execute(pool)
        .await?;
        if held.rows_affected() == 1 {
            taken.push(Claimed {
                id,
                user_id: r.try_get("user_id")?,
                notification_id: r.try_get("notification_id")?,
                digest_day: r.try_get("digest_day")?,
                attempts: r.try_get("attempts")?,
                created_at: r.try_get("created_at")?,
            });
        }
    }
    Ok(taken)
}

pub async fn mark_sent(pool: &sqlx::AnyPool, id: i64, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE email_outbox SET sent_at = $1, lease_until = 0, outcome = 'sent' WHERE id = $2",
    )
    .bind(now)
    .bind(id)
    .execute(pool)
    .await?;
    Ok(())
}

pub async fn mark_dropped(
    pool: &sqlx::AnyPool,
    id: i64,
    now: i64,
    why: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE email_outbox SET dropped_at = $1, lease_until = 0, outcome = $2 WHERE id = $3",
    )
    .bind(now)
    .bind(why)
    .bind(id)
    .execute(pool)
    .await?;
    Ok(())
}

/// Records a failed attempt; the row is tried again at `retry_at`.
pub async fn mark_failed(
    pool: &sqlx::AnyPool,
    id: i64,
    retry_at: i64,
    why: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE email_outbox SET attempts = attempts + 1, next_attempt_at = $1, \
         lease_until = 0, outcome = $2 WHERE id = $3",
    )
    .bind(retry_at)
    .bind(why)
    .bind(id)
    .execute(pool)
    .await?;
    Ok(())
}

/// People who asked for a daily digest and have an address.
pub async fn digest_readers(pool: &sqlx::AnyPool) -> Result<Vec<Recipient>, sqlx::Error> {
    let sql = format!("{RECIPIENT} WHERE e.daily_digest = 1 AND u.email IS NOT NULL");
    let rows = sqlx::query(&sql).fetch_all(pool).await?;
    rows.iter().map(recipient).collect()
}

/// Queues the person's digest of `day` unless it is queued already.
pub async fn enqueue_digest(
    pool: &sqlx::AnyPool,
    user_id: i64,
    day: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO email_outbox (user_id, digest_day, created_at, next_attempt_at) \
         VALUES ($1, $2, $3, $3) ON CONFLICT DO NOTHING",
    )
    .bind(user_id)
    .bind(day)
    .bind(now)
    .execute(pool)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// When the person's last digest went out (what the next one starts after).
pub async fn last_digest_sent(
    pool: &sqlx::AnyPool,
    user_id: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT MAX(sent_at) AS at FROM email_outbox WHERE user_id = $1 \
         AND digest_day IS NOT NULL AND sent_at IS NOT NULL",
    )
    .bind(user_id)
    .fetch_one(pool)
    .await?;
    row.try_get("at")
}

/// Forgets what was sent or dropped before `before`, and drops what is still unsent from
/// before `stale` (news that old is no use by email: the person sees it on the site).
pub async fn tidy(
    pool: &sqlx::AnyPool,
    before: i64,
    stale: i64,
    now: i64,
) -> Result<u64, sqlx::Error> {
    let gone = sqlx::query(
        "DELETE FROM email_outbox WHERE (sent_at IS NOT NULL AND sent_at < $1) \
         OR (dropped_at IS NOT NULL AND dropped_at < $1)",
    )
    .bind(before)
    .execute(pool)
    .await?;
    sqlx::query(
        "UPDATE email_outbox SET dropped_at = $1, outcome = 'stale: ' || outcome \
         WHERE sent_at IS NULL AND dropped_at IS NULL AND created_at < $2 AND lease_until < $1",
    )
    .bind(now)
    .bind(stale)
    .execute(pool)
    .await?;
    Ok(gone.rows_affected())
}

/// Counts of the outbox by state, for operators: waiting, sent, dropped.
pub async fn counts(pool: &sqlx::AnyPool) -> Result<(i64, i64, i64), sqlx::Error> {
    let row = sqlx::query(
        "SELECT COALESCE(SUM(CASE WHEN sent_at IS NULL AND dropped_at IS NULL THEN 1 ELSE 0 END), 0) AS waiting, \
         COALESCE(SUM(CASE WHEN sent_at IS NOT NULL THEN 1 ELSE 0 END), 0) AS sent, \
         COALESCE(SUM(CASE WHEN dropped_at IS NOT NULL THEN 1 ELSE 0 END), 0) AS dropped \
         FROM email_outbox",
    )
    .fetch_one(pool)
    .await?;
    Ok((
        row.try_get("waiting")?,
        row.try_get("sent")?,
        row.try_get("dropped")?,
    ))
}
