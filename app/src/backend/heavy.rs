//! CPU-heavy steps (diffs between long revisions, today) run here: on a few blocking
//! threads instead of the async runtime, where one long computation would stall every
//! other request on its thread. At most [`WORKERS`] run at once; a request that cannot get
//! a turn within [`QUEUE_WAIT`] is told the server is busy, so a burst of hostile requests
//! queues up here instead of taking the whole process down. Each step must also bound its
//! own work (size limits, deadlines): this only keeps it off the runtime.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Semaphore;

use super::ServerError;

/// Heavy steps running at once (the machine has two cores: one stays free for pages).
pub const WORKERS: usize = 1;
/// How long a request waits for a turn before it is refused as "busy".
pub const QUEUE_WAIT: Duration = Duration::from_secs(5);

#[derive(Debug)]
pub struct Heavy {
    turns: Arc<Semaphore>,
    wait: Duration,
    ran: AtomicU64,
}

impl Default for Heavy {
    fn default() -> Self {
        Heavy::new(WORKERS, QUEUE_WAIT)
    }
}

impl Heavy {
    pub fn new(workers: usize, wait: Duration) -> Heavy {
        Heavy {
            turns: Arc::new(Semaphore::new(workers.max(1))),
            wait,
            ran: AtomicU64::new(0),
        }
    }

    /// Runs `work` on a blocking thread when a turn is free; "busy" when none frees up in
    /// time.
    pub async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, ServerError> {
        let turn = tokio::time::timeout(self.wait, self.turns.clone().acquire_owned())
            .await
            .map_err(|_| ServerError::Busy)?
            .map_err(|_| ServerError::Busy)?;
        self.ran.fetch_add(1, Ordering::Relaxed);
        tokio::task::spawn_blocking(move || {
            let out = work();
            drop(turn);
            out
        })
        .await
        .map_err(|e| ServerError::Internal(format!("a heavy step failed: {e}")))
    }

    /// How many steps have run (for tests and figures).
    pub fn ran(&self) -> u64 {
        self.ran.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The work waits for a message that only the runtime's own thread sends: run on that
    /// thread, it would wait forever (the test would hang); on a blocking thread, it is
    /// answered.
    #[tokio::test(flavor = "current_thread")]
    async fn work_runs_off_the_runtime() {
        let heavy = Heavy::default();
        let (tx, rx) = std::sync::mpsc::channel::<u32>();
        let job = heavy.run(move || rx.recv().map(|n| n + 1));
        let answer = async move {
            tokio::task::yield_now().await;
            tx.send(41).ok();
        };
        let (out, ()) = tokio::join!(job, answer);
        assert_eq!(out.ok().and_then(Result::ok), Some(42));
        assert_eq!(heavy.ran(), 1);
    }

    #[tokio::test(flavor = "current_thread")]
    async fn a_full_pool_turns_requests_away_as_busy() {
        let heavy = Arc::new(Heavy::new(1, Duration::from_millis(50)));
        let (tx, rx) = std::sync::mpsc::channel::<()>();
        let first = {
            let heavy = heavy.clone();
            tokio::spawn(async move { heavy.run(move || rx.recv().is_ok()).await })
        };
        tokio::task::yield_now().await;
        let second = heavy.run(|| true).await;
        assert!(matches!(second, Err(ServerError::Busy)), "{second:?}");
        tx.send(()).ok();
        assert!(matches!(first.await, Ok(Ok(true))));
    }
}
