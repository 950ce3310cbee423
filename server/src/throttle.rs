//! Limits on failed sign-ins, per account and per client address (OWASP ASVS 2.2.1).
//!
//! Each failure takes a cell from a keyed `governor` limiter; when a key runs out it is
//! locked until the limiter would let it through again, and attempts on a locked key are
//! refused before any password is checked. Successful sign-ins cost nothing.

use std::{
    collections::HashMap,
    num::NonZeroU32,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use governor::{clock::Clock, DefaultKeyedRateLimiter, Quota, RateLimiter};

#[derive(Clone)]
pub struct SignInThrottle {
    inner: Arc<Inner>,
}

struct Inner {
    per_account: DefaultKeyedRateLimiter<String>,
    per_address: DefaultKeyedRateLimiter<String>,
    locked: Mutex<HashMap<String, Instant>>,
}

impl SignInThrottle {
    /// `account_failures` per account and `address_failures` per address, each refilled over
    /// `window`.
    pub fn new(account_failures: u32, address_failures: u32, window: Duration) -> Self {
        let quota = |n: u32| {
            let n = NonZeroU32::new(n.max(1)).unwrap_or(NonZeroU32::MIN);
            Quota::with_period(window / n.get())
                .map(|q| q.allow_burst(n))
                .unwrap_or_else(|| Quota::per_second(n))
        };
        SignInThrottle {
            inner: Arc::new(Inner {
                per_account: RateLimiter::keyed(quota(account_failures)),
                per_address: RateLimiter::keyed(quota(address_failures)),
                locked: Mutex::new(HashMap::new()),
            }),
        }
    }

    fn keys(account: &str, address: &str) -> [String; 2] {
        [format!("account:{account}"), format!("address:{address}")]
    }

    /// Whether this account or this address is locked out right now.
    pub fn is_locked(&self, account: &str, address: &str) -> bool {
        let now = Instant::now();
        let Ok(mut locked) = self.inner.locked.lock() else {
            return false;
        };
        locked.retain(|_, until| *until > now);
        Self::keys(account, address)
            .iter()
            .any(|k| locked.contains_key(k))
    }

    /// Counts one failed attempt against both keys, locking the ones that run out.
    pub fn record_failure(&self, account: &str, address: &str) {
        let [acc, addr] = Self::keys(account, address);
        let clock = governor::clock::DefaultClock::default();
        for (limiter, key) in [
            (&self.inner.per_account, acc),
            (&self.inner.per_address, addr),
        ] {
            if let Err(not_until) = limiter.check_key(&key) {
                let wait: Duration = not_until.wait_time_from(clock.now());
                if let Ok(mut locked) = self.inner.locked.lock() {
                    locked.insert(key, Instant::now() + wait.max(Duration::from_secs(1)));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_locks_after_its_failures_and_others_do_not() {
        let t = SignInThrottle::new(3, 100, Duration::from_secs(60));
        for _ in 0..3 {
            assert!(!t.is_locked("ana", "10.0.0.1"));
            t.record_failure("ana", "10.0.0.1");
        }
        t.record_failure("ana", "10.0.0.1");
        assert!(
            t.is_locked("ana", "10.0.0.2"),
            "the account is locked from any address"
        );
        assert!(!t.is_locked("bob", "10.0.0.3"));
    }

    #[test]
    fn an_address_locks_across_accounts() {
        let t = SignInThrottle::new(100, 2, Duration::from_secs(60));
        for name in ["a", "b", "c"] {
            t.record_failure(name, "10.9.9.9");
        }
        assert!(t.is_locked("d", "10.9.9.9"));
        assert!(!t.is_locked("d", "10.9.9.8"));
    }
}
