//! What the sender sends next. Each row of the outbox it takes is checked again when it
//! is sent — the person still wants email, still has an address, may still read what it
//! names, has not read it on the site already — and becomes a [`Letter`] or is dropped
//! with the reason. Failures are retried with a doubling delay; daily digests are queued
//! here once a day per person, in the morning where they are.

use super::compose::{self, Letter, Links};
use crate::backend::auth::session::new_token;
use crate::backend::store::{email as store, notifications};
use crate::backend::{zones, AppState, ServerError};

/// The local hour from which a person's digest of the day is sent.
pub const DIGEST_HOUR: i64 = 7;
/// First retry after a failure, in seconds; each further failure doubles it...
const RETRY_FIRST: i64 = 30;
/// ...up to this.
const RETRY_MOST: i64 = 3600;

/// One row taken from the outbox: its email, or why it will not be sent.
#[derive(Debug)]
pub enum Next {
    Send {
        id: i64,
        attempts: i64,
        letter: Box<Letter>,
    },
    Drop {
        id: i64,
        why: &'static str,
    },
}

/// Takes up to `limit` due rows (notifications at least `delay` seconds old) and says
/// what to do with each.
pub async fn next(
    state: &AppState,
    now: i64,
    delay: i64,
    limit: i64,
) -> Result<Vec<Next>, ServerError> {
    let pool = &state.db.pool;
    let mut out = Vec::new();
    for c in store::claim_due(pool, now, delay, limit).await? {
        let drop = |why| Next::Drop { id: c.id, why };
        let Some(mut r) = store::recipient_by_id(pool, c.user_id).await? else {
            out.push(drop("no such person"));
            continue;
        };
        let Some(address) = r.email.clone() else {
            out.push(drop("no address"));
            continue;
        };
        if r.token.is_none() {
            store::ensure(pool, r.user_id, &new_token(), now).await?;
            r = store::recipient_by_id(pool, c.user_id)
                .await?
                .ok_or(ServerError::NotFound)?;
        }
        let token = r.token.clone().unwrap_or_default();
        let links = Links {
            origin: &state.site_origin,
            token: &token,
        };
        let locale = super::language_of(&r.language, &r.languages);
        let next = match (c.notification_id, &c.digest_day) {
            (Some(id), _) => {
                if !r.each_notification {
                    drop("not wanted")
                } else {
                    let found =
                        notifications::listed(pool, r.user_id, notifications::Which::One(id))
                            .await?;
                    match found.first() {
                        None => drop("no longer readable"),
                        Some((n, _)) if n.read => drop("read on the site"),
                        Some((n, body)) => Next::Send {
                            id: c.id,
                            attempts: c.attempts,
                            letter: Box::new(compose::notification(
                                &r,
                                &address,
                                locale,
                                &links,
                                n,
                                body.as_deref(),
                            )),
                        },
                    }
                }
            }
            (None, _) => {
                if !r.daily_digest {
                    drop("not wanted")
                } else {
                    let since = store::last_digest_sent(pool, r.user_id)
                        .await?
                        // The first digest looks back a week.
                        .unwrap_or(c.created_at - 7 * 86_400);
                    let items: Vec<_> = notifications::listed(
                        pool,
                        r.user_id,
                        notifications::Which::UnreadSince(since),
                    )
                    .await?
                    .into_iter()
                    .map(|(n, _)| n)
                    .collect();
                    if items.is_empty() {
                        drop("nothing new")
                    } else {
                        Next::Send {
                            id: c.id,
                            attempts: c.attempts,
                            letter: Box::new(compose::digest(&r, &address, locale, &links, &items)),
                        }
                    }
                }
            }
        };
        out.push(next);
    }
    Ok(out)
}

/// Records what became of a row.
pub async fn dropped(state: &AppState, id: i64, why: &str, now: i64) -> Result<(), ServerError> {
    Ok(store::mark_dropped(&state.db.pool, id, now, why).await?)
}

pub async fn sent(state: &AppState, id: i64, now: i64) -> Result<(), ServerError> {
    Ok(store::mark_sent(&state.db.pool, id, now).await?)
}

/// A failed attempt: a permanent refusal (the server will never take it) drops the row;
/// anything else is tried again later, `attempts` (before this one) setting how much.
pub async fn failed(
    state: &AppState,
    id: i64,
    attempts: i64,
    why: &str,
    permanent: bool,
    now: i64,
) -> Result<(), ServerError> {
    let why: String = why.chars().take(300).collect();
    if permanent {
        let why = format!("refused: {why}");
        return Ok(store::mark_dropped(&state.db.pool, id, now, &why).await?);
    }
    Ok(store::mark_failed(&state.db.pool, id, now + retry_after(attempts), &why).await?)
}

/// Seconds before the next try after `attempts` earlier failed ones.
pub fn retry_after(attempts: i64) -> i64 {
    let doubled = RETRY_FIRST.saturating_mul(1 << attempts.clamp(0, 20));
    doubled.min(RETRY_MOST)
}

/// Queues today's digest of everyone who wants one and whose morning has come; returns
/// how many were queued.
pub async fn queue_digests(state: &AppState, now: i64) -> Result<usize, ServerError> {
    let pool = &state.db.pool;
    let mut queued = 0;
    for r in store::digest_readers(pool).await? {
        let zone = zones::zone(zones::effective(&r.time_zone, r.country_code.as_deref()));
        let local = now + zone.offset_at(now);
        if local.rem_euclid(86_400) / 3600 < DIGEST_HOUR {
            continue;
        }
        if store::enqueue_digest(pool, r.user_id, &zone.date(now), now).await? {
            queued += 1;
        }
    }
    Ok(queued)
}

/// Keeps the outbox small: forgets what was settled over 30 days ago and drops what has
/// waited over 3 days (an outage that long is told to operators by the queue's figures).
pub async fn tidy(state: &AppState, now: i64) -> Result<u64, ServerError> {
    Ok(store::tidy(&state.db.pool, now - 30 * 86_400, now - 3 * 86_400, now).await?)
}

#[cfg(test)]
mod tests {
    use super::retry_after;

    #[test]
    fn retries_double_up_to_an_hour() {
        assert_eq!(retry_after(0), 30);
        assert_eq!(retry_after(1), 60);
        assert_eq!(retry_after(3), 240);
        assert_eq!(retry_after(10), 3600);
        assert_eq!(retry_after(1000), 3600);
    }
}
