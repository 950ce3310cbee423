//! Other server processes on the same PostgreSQL database: their events and their
//! presence reach this one through LISTEN/NOTIFY.
//!
//! Events need nothing more than a wake-up (the outbox table holds them; NOTIFY is sent
//! at commit by the writer, see `app::backend::events`). Presence is announced: when a
//! person first enters or last leaves a room here, when they type, and every few seconds
//! for everyone here — so the others drop people whose process died within the heartbeat
//! timeout.

use std::sync::Arc;
use std::time::Duration;

use app::backend::events;
use serde::{Deserialize, Serialize};
use sqlx::postgres::PgListener;
use tokio::sync::mpsc;

use super::hub::{Hub, Person, Remote};

pub const PRESENCE_CHANNEL: &str = "entrust_presence";
/// NOTIFY payloads must stay under 8000 bytes; leave room for the envelope.
const MAX_PAYLOAD: usize = 7000;

/// A presence change to tell the other processes.
#[derive(Debug)]
pub struct Announcement {
    pub room: String,
    pub people: Vec<Person>,
    pub what: Remote,
}

#[derive(Serialize, Deserialize)]
struct Wire {
    /// The announcing process.
    i: String,
    r: String,
    /// "here", "gone" or "typing".
    s: String,
    /// `[id, username, display name]` each.
    p: Vec<(i64, String, String)>,
}

/// Starts listening and announcing; returns at once. Reconnects after failures.
pub fn start(hub: Arc<Hub>, url: String) {
    let (tx, rx) = mpsc::unbounded_channel();
    hub.set_peers(tx.clone());
    tokio::spawn(listen(hub.clone(), url));
    tokio::spawn(announce(hub.clone(), rx));
    tokio::spawn(refresh(hub, tx));
}

async fn listen(hub: Arc<Hub>, url: String) {
    loop {
        match listen_once(&hub, &url).await {
            Ok(()) => return,
            Err(e) => {
                tracing::warn!("live: listening for other processes failed ({e}); retrying");
                // Events are still read from the table on the dispatcher's timer meanwhile.
                tokio::time::sleep(Duration::from_secs(2)).await;
            }
        }
    }
}

async fn listen_once(hub: &Hub, url: &str) -> Result<(), sqlx::Error> {
    let mut listener = PgListener::connect(url).await?;
    listener
        .listen_all([events::CHANNEL, PRESENCE_CHANNEL])
        .await?;
    // Whatever was committed while not listening is in the table.
    hub.db.events_written();
    loop {
        let n = listener.recv().await?;
        if n.channel() == events::CHANNEL {
            hub.db.events_written();
        } else if let Ok(w) = serde_json::from_str::<Wire>(n.payload()) {
            let what = match w.s.as_str() {
                "here" => Remote::Here,
                "gone" => Remote::Gone,
                "typing" => Remote::Typing,
                _ => continue,
            };
            let people: Vec<Person> =
                w.p.into_iter()
                    .map(|(id, username, name)| Person { id, username, name })
                    .collect();
            hub.remote(&w.i, &w.r, &people, &what);
        }
    }
}

async fn announce(hub: Arc<Hub>, mut rx: mpsc::UnboundedReceiver<Announcement>) {
    while let Some(a) = rx.recv().await {
        for payload in payloads(&hub.instance, &a) {
            let sent = sqlx::query("SELECT pg_notify($1, $2)")
                .bind(PRESENCE_CHANNEL)
                .bind(&payload)
                .execute(&hub.db.pool)
                .await;
            if let Err(e) = sent {
                tracing::warn!("live: announcing presence failed: {e}");
            }
        }
    }
}

/// Everyone here, again, a third of the heartbeat timeout apart.
async fn refresh(hub: Arc<Hub>, tx: mpsc::UnboundedSender<Announcement>) {
    let mut tick = tokio::time::interval(hub.config.heartbeat_timeout / 3);
    loop {
        tick.tick().await;
        for (room, people) in hub.local_presence() {
            let a = Announcement {
                room,
                people,
                what: Remote::Here,
            };
            if tx.send(a).is_err() {
                return;
            }
        }
    }
}

/// One announcement as NOTIFY payloads, each under the size limit.
fn payloads(instance: &str, a: &Announcement) -> Vec<String> {
    let s = match a.what {
        Remote::Here => "here",
        Remote::Gone => "gone",
        Remote::Typing => "typing",
    };
    let mut out = Vec::new();
    let mut batch: Vec<(i64, String, String)> = Vec::new();
    let mut size = 0;
    let flush = |batch: &mut Vec<(i64, String, String)>, out: &mut Vec<String>| {
        if !batch.is_empty() {
            let w = Wire {
                i: instance.to_string(),
                r: a.room.clone(),
                s: s.to_string(),
                p: std::mem::take(batch),
            };
            out.push(serde_json::to_string(&w).unwrap_or_default());
        }
    };
    for p in &a.people {
        let cost = p.username.len() + p.name.len() * 6 + 32;
        if size + cost > MAX_PAYLOAD {
            flush(&mut batch, &mut out);
            size = 0;
        }
        size += cost;
        batch.push((p.id, p.username.clone(), p.name.clone()));
    }
    flush(&mut batch, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn many_people_are_split_into_payloads_under_the_limit() {
        let people: Vec<Person> = (0..500)
            .map(|i| Person {
                id: i,
                username: format!("user.{i}"),
                name: format!("Persona número {i} «ñ»"),
            })
            .collect();
        let a = Announcement {
            room: "thread:1".into(),
            people,
            what: Remote::Here,
        };
        let out = payloads("abc", &a);
        assert!(out.len() > 1);
        let mut seen = 0;
        for p in &out {
            assert!(p.len() < 8000, "{}", p.len());
            let w: Wire = serde_json::from_str(p).unwrap();
            seen += w.p.len();
        }
        assert_eq!(seen, 500);
    }
}
