//! Limits on failed sign-ins (OWASP ASVS 2.2.1), without handing anyone a lock on someone
//! else's account.
//!
//! Failures are counted per account *and client address* together: after the free
//! failures, that pair waits a delay that doubles with each further failure (1 s, 2 s,
//! 4 s … up to 15 minutes) before it may try again. The account itself is never locked,
//! so a stranger's wrong guesses cannot keep its owner out. Failures are also counted per
//! address across accounts (password spraying): an address over its limit waits out the
//! window. Attempts refused this way are refused before any password is checked;
//! successful sign-ins cost nothing.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

/// The longest an account and address pair waits after failing again and again.
pub const MAX_DELAY: Duration = Duration::from_secs(15 * 60);
/// Tracked keys before stale ones are dropped.
const PRUNE_ABOVE: usize = 10_000;

#[derive(Clone)]
pub struct SignInThrottle {
    inner: Arc<Mutex<Inner>>,
    /// Failures an account and address pair may have before delays start.
    pair_free: u32,
    /// Failures an address may have across accounts in a window.
    address_free: u32,
    window: Duration,
}

#[derive(Default)]
struct Inner {
    pairs: HashMap<String, Strikes>,
    addresses: HashMap<String, Strikes>,
}

struct Strikes {
    failures: u32,
    last: Instant,
    until: Option<Instant>,
}

/// The wait after the `failures`-th failure of a pair allowed `free` without one.
pub fn delay_after(failures: u32, free: u32) -> Option<Duration> {
    let over = failures.checked_sub(free).filter(|n| *n > 0)?;
    let secs = 1u64.checked_shl(over - 1).unwrap_or(u64::MAX);
    Some(Duration::from_secs(secs).min(MAX_DELAY))
}

impl SignInThrottle {
    /// `pair_failures` per account and address before growing delays; `address_failures`
    /// per address in `window` before the address waits the window out. Failures older
    /// than `window` are forgotten.
    pub fn new(pair_failures: u32, address_failures: u32, window: Duration) -> Self {
        SignInThrottle {
            inner: Arc::default(),
            pair_free: pair_failures.max(1),
            address_free: address_failures.max(1),
            window,
        }
    }

    fn pair(account: &str, address: &str) -> String {
        format!("{account}\u{0}{address}")
    }

    /// Whether this account may not be tried from this address right now.
    pub fn is_locked(&self, account: &str, address: &str) -> bool {
        let now = Instant::now();
        let inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let locked = |s: Option<&Strikes>| s.and_then(|s| s.until).is_some_and(|u| u > now);
        locked(inner.pairs.get(&Self::pair(account, address)))
            || locked(inner.addresses.get(address))
    }

    /// Counts one failed attempt against the pair and the address.
    pub fn record_failure(&self, account: &str, address: &str) {
        let now = Instant::now();
        let window = self.window;
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if inner.pairs.len() + inner.addresses.len() > PRUNE_ABOVE {
            let stale = |s: &Strikes| s.last + window < now && s.until.is_none_or(|u| u < now);
            inner.pairs.retain(|_, s| !stale(s));
            inner.addresses.retain(|_, s| !stale(s));
        }
        let pair_free = self.pair_free;
        let pair = bump(&mut inner.pairs, Self::pair(account, address), now, window);
        if let Some(wait) = delay_after(pair.failures, pair_free) {
            pair.until = Some(now + wait);
        }
        let address_free = self.address_free;
        let addr = bump(&mut inner.addresses, address.to_string(), now, window);
        if addr.failures > address_free {
            addr.until = Some(now + window);
        }
    }
}

/// One more failure for `key`, its count restarted when the last one is old.
fn bump(
    map: &mut HashMap<String, Strikes>,
    key: String,
    now: Instant,
    window: Duration,
) -> &mut Strikes {
    let s = map.entry(key).or_insert(Strikes {
        failures: 0,
        last: now,
        until: None,
    });
    if s.last + window < now && s.until.is_none_or(|u| u < now) {
        s.failures = 0;
        s.until = None;
    }
    s.failures += 1;
    s.last = now;
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_start_after_the_free_failures_and_double() {
        assert_eq!(delay_after(5, 5), None);
        assert_eq!(delay_after(6, 5), Some(Duration::from_secs(1)));
        assert_eq!(delay_after(7, 5), Some(Duration::from_secs(2)));
        assert_eq!(delay_after(9, 5), Some(Duration::from_secs(8)));
        assert_eq!(delay_after(40, 5), Some(MAX_DELAY));
        assert_eq!(delay_after(400, 5), Some(MAX_DELAY), "no overflow");
    }

    #[test]
    fn a_strangers_failures_never_lock_the_owner_out() {
        let t = SignInThrottle::new(3, 100, Duration::from_secs(60));
        for _ in 0..10 {
            t.record_failure("elena", "203.0.113.9");
        }
        assert!(t.is_locked("elena", "203.0.113.9"), "the guesser waits");
        assert!(
            !t.is_locked("elena", "198.51.100.4"),
            "the owner, from elsewhere, does not"
        );
        assert!(
            !t.is_locked("bob", "203.0.113.9"),
            "other accounts are free"
        );
    }

    #[test]
    fn an_address_spraying_accounts_waits_the_window_out() {
        let t = SignInThrottle::new(100, 2, Duration::from_secs(60));
        for name in ["a", "b", "c"] {
            t.record_failure(name, "10.9.9.9");
        }
        assert!(t.is_locked("d", "10.9.9.9"));
        assert!(!t.is_locked("d", "10.9.9.8"));
    }
}
