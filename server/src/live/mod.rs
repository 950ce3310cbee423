//! Live presence and updates over WebSocket (`GET /live/v1`): the protocol, the hub of
//! this process, one task per socket, and the link to other processes on PostgreSQL.

pub mod hub;
pub mod peers;
pub mod protocol;
pub mod socket;

use std::sync::Arc;
use std::time::Duration;

use app::backend::{events, AppState};

pub use hub::{Hub, LiveConfig};

/// Outbox rows are kept this long; a client away longer reloads its page.
const KEEP_EVENTS: Duration = Duration::from_secs(24 * 3600);

/// How often typing that ran out and people other processes stopped vouching for are
/// cleared.
const EXPIRE_EVERY: Duration = Duration::from_millis(500);

/// A hub for the platform `state`, with its dispatcher, expiry timer, outbox pruning and
/// — on PostgreSQL — its link to the other processes, all started on the current runtime
/// (by `serve`, before the router is built).
pub fn start(state: AppState, config: LiveConfig) -> Arc<Hub> {
    let hub = Hub::new(state, config);
    tokio::spawn(dispatch(hub.clone()));
    tokio::spawn(expire(hub.clone()));
    if let Some(url) = hub.db.listen_url() {
        peers::start(hub.clone(), url.to_string());
    }
    hub
}

/// Hands out committed events: at once when woken (a commit here, or a NOTIFY from
/// another process), and every second regardless, so nothing waits on a lost wake-up.
async fn dispatch(hub: Arc<Hub>) {
    if let Err(e) = hub.start_after_latest().await {
        tracing::warn!("live: reading the outbox failed: {e}");
    }
    let mut pruned = std::time::Instant::now();
    loop {
        tokio::select! {
            _ = hub.db.events_wait() => {}
            _ = tokio::time::sleep(Duration::from_secs(1)) => {}
        }
        if let Err(e) = hub.dispatch().await {
            tracing::warn!("live: reading the outbox failed: {e}");
        }
        if pruned.elapsed() > Duration::from_secs(3600) {
            pruned = std::time::Instant::now();
            let before = app::backend::now() - KEEP_EVENTS.as_secs() as i64;
            if let Err(e) = events::prune(&hub.db, before).await {
                tracing::warn!("live: pruning the outbox failed: {e}");
            }
        }
    }
}

async fn expire(hub: Arc<Hub>) {
    let mut tick = tokio::time::interval(EXPIRE_EVERY);
    loop {
        tick.tick().await;
        hub.expire();
    }
}
