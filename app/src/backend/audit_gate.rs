//! A gate for audit entries that anyone can cause without signing in (bogus session
//! cookies, refused cross-site posts, throttled sign-ins): without it, every such request
//! writes a row with text of the sender's choosing, and a script can fill the log (and the
//! disk) and bury real entries.
//!
//! Per event and client address, the first occurrence in a minute is written; the rest
//! are counted and written afterwards as one summary row ("N more like this"). Across all
//! addresses at most [`GLOBAL_PER_MINUTE`] such rows are written a minute (an attacker
//! may hold many addresses); beyond it, one summary row says how many were not written.
//! Details lose control characters and are cut short. Nothing here is ever dropped
//! without being counted in a row.

use std::collections::HashMap;
use std::sync::Mutex;

use super::store::audit;
use super::Db;

/// Seconds one (event, address) window lasts.
pub const WINDOW_SECS: i64 = 60;
/// Gated rows written per minute across all addresses.
pub const GLOBAL_PER_MINUTE: u32 = 60;
/// Windows tracked at once; beyond it, occurrences count towards the global summary.
const MAX_WINDOWS: usize = 10_000;
/// Longest detail kept, in characters.
pub const MAX_DETAIL_CHARS: usize = 200;

#[derive(Default)]
struct Window {
    started: i64,
    suppressed: u64,
}

#[derive(Default)]
struct Inner {
    windows: HashMap<(String, String), Window>,
    global_started: i64,
    global_written: u32,
    global_suppressed: u64,
}

/// A row to write: (event, detail, address, at).
type Row = (String, String, String, i64);

#[derive(Default)]
pub struct AuditGate {
    inner: Mutex<Inner>,
}

impl std::fmt::Debug for AuditGate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AuditGate")
    }
}

/// `detail` without control characters, at most [`MAX_DETAIL_CHARS`] characters.
pub fn clean(detail: &str) -> String {
    detail
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(MAX_DETAIL_CHARS)
        .collect()
}

fn summary(event: &str, address: &str, w: &Window) -> Row {
    (
        event.to_string(),
        format!(
            "{} more like this from this address within {WINDOW_SECS} s (not recorded one by one)",
            w.suppressed
        ),
        address.to_string(),
        w.started + WINDOW_SECS,
    )
}

impl AuditGate {
    /// Records one anonymous-caused entry, or counts it towards a summary row.
    pub async fn record(&self, db: &Db, event: &str, detail: &str, address: &str, now: i64) {
        let rows = self.decide(event, detail, address, now);
        write(db, rows).await;
    }

    /// Writes the summaries of windows that have ended (the server calls this every
    /// minute, so a burst that stops is still summarised).
    pub async fn flush(&self, db: &Db, now: i64) {
        let rows = {
            let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
            expire(&mut inner, now)
        };
        write(db, rows).await;
    }

    fn decide(&self, event: &str, detail: &str, address: &str, now: i64) -> Vec<Row> {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let mut rows = expire(&mut inner, now);
        let key = (event.to_string(), address.to_string());
        if let Some(w) = inner.windows.get_mut(&key) {
            w.suppressed += 1;
            return rows;
        }
        if inner.global_written >= GLOBAL_PER_MINUTE || inner.windows.len() >= MAX_WINDOWS {
            inner.global_suppressed += 1;
            return rows;
        }
        inner.global_written += 1;
        inner.windows.insert(
            key,
            Window {
                started: now,
                suppressed: 0,
            },
        );
        rows.push((event.to_string(), clean(detail), clean(address), now));
        rows
    }
}

/// Ends the windows that are over, returning their summary rows (and the global one).
fn expire(inner: &mut Inner, now: i64) -> Vec<Row> {
    let mut rows = Vec::new();
    inner.windows.retain(|(event, address), w| {
        if now - w.started < WINDOW_SECS {
            return true;
        }
        if w.suppressed > 0 {
            rows.push(summary(event, address, w));
        }
        false
    });
    if now - inner.global_started >= WINDOW_SECS {
        if inner.global_suppressed > 0 {
            rows.push((
                "audit_suppressed".to_string(),
                format!(
                    "{} anonymous audit entries over the limit of {GLOBAL_PER_MINUTE} a minute were not recorded one by one",
                    inner.global_suppressed
                ),
                String::new(),
                inner.global_started + WINDOW_SECS,
            ));
        }
        inner.global_started = now;
        inner.global_written = 0;
        inner.global_suppressed = 0;
    }
    rows
}

async fn write(db: &Db, rows: Vec<Row>) {
    for (event, detail, address, at) in rows {
        if let Err(e) = audit::record(&db.pool, None, &event, &detail, &address, at).await {
            tracing::warn!(error = %e, "recording an audit entry failed");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events(rows: &[Row]) -> Vec<(&str, &str)> {
        rows.iter()
            .map(|(e, d, _, _)| (e.as_str(), d.as_str()))
            .collect()
    }

    #[test]
    fn one_row_per_address_and_minute_then_a_summary() {
        let gate = AuditGate::default();
        let first = gate.decide("session_rejected", "x", "10.0.0.1", 1000);
        assert_eq!(events(&first), vec![("session_rejected", "x")]);
        for t in 1001..1050 {
            assert!(gate
                .decide("session_rejected", "x", "10.0.0.1", t)
                .is_empty());
        }
        // Another address is its own window.
        assert_eq!(
            gate.decide("session_rejected", "y", "10.0.0.2", 1010).len(),
            1
        );
        // After the minute: the summary of the 49 counted, then the new entry.
        let later = gate.decide("session_rejected", "z", "10.0.0.1", 1061);
        assert_eq!(later.len(), 2, "{later:?}");
        assert!(
            later[0].1.starts_with("49 more like this"),
            "{}",
            later[0].1
        );
        assert_eq!(later[1].1, "z");
    }

    #[test]
    fn many_addresses_hit_the_global_limit_and_are_counted() {
        let gate = AuditGate::default();
        let mut written = 0;
        for i in 0..500 {
            written += gate
                .decide(
                    "cross_site_refused",
                    "p",
                    &format!("10.1.{}.{}", i / 250, i % 250),
                    2000,
                )
                .len();
        }
        assert_eq!(written, GLOBAL_PER_MINUTE as usize);
        let rows = {
            let mut inner = gate.inner.lock().unwrap();
            expire(&mut inner, 2000 + WINDOW_SECS)
        };
        let suppressed: Vec<_> = rows.iter().filter(|r| r.0 == "audit_suppressed").collect();
        assert_eq!(suppressed.len(), 1);
        assert!(
            suppressed[0].1.starts_with("440 anonymous"),
            "{}",
            suppressed[0].1
        );
    }

    #[test]
    fn details_lose_control_characters_and_length() {
        let long = format!("a\r\nb\u{0}{}", "x".repeat(1000));
        let c = clean(&long);
        assert!(!c.chars().any(char::is_control));
        assert_eq!(c.chars().count(), MAX_DETAIL_CHARS);
    }
}
