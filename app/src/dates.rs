//! Dates as the platform stores and shows them: instants are seconds since the Unix epoch,
//! days are ISO `YYYY-MM-DD`. An instant is shown as the day it is in the reader's time
//! zone ([`Zone`], chosen on their profile or taken from their country); a day that is only
//! a day (a document's publication date) is shown as written.
//!
//! The arithmetic here is plain, so the browser build carries no date crate and no zone
//! data: the server builds each reader's [`Zone`] (see `backend::zones`) and renders the
//! pages with it.

use std::sync::Arc;

/// A Unix timestamp (seconds) as an ISO date, `YYYY-MM-DD`, in UTC.
pub fn iso_date(unix_seconds: i64) -> String {
    // Days-to-civil conversion (Howard Hinnant's algorithm); avoids a date crate in the wasm.
    let days = unix_seconds.div_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!("{y:04}-{m:02}-{d:02}")
}

/// `YYYY-MM-DD` → seconds since the epoch at midnight UTC (0 when malformed).
pub fn date_seconds(date: &str) -> i64 {
    let mut parts = date.split('-').map(|p| p.parse::<i64>().ok());
    let (Some(Some(y)), Some(Some(m)), Some(Some(d))) = (parts.next(), parts.next(), parts.next())
    else {
        return 0;
    };
    // Howard Hinnant's days-from-civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    (era * 146_097 + doe - 719_468) * 86_400
}

/// A time zone as pages and the backend use it: its IANA name and its offset from UTC at
/// any instant (daylight saving time moves it). Built on the server from the zone
/// database; [`Zone::utc`] everywhere else.
#[derive(Clone)]
pub struct Zone {
    name: Arc<str>,
    /// Seconds to add to UTC at an instant.
    offset: Arc<dyn Fn(i64) -> i64 + Send + Sync>,
}

impl Zone {
    pub fn utc() -> Zone {
        Zone::new("UTC", |_| 0)
    }

    pub fn new(name: &str, offset: impl Fn(i64) -> i64 + Send + Sync + 'static) -> Zone {
        Zone {
            name: name.into(),
            offset: Arc::new(offset),
        }
    }

    /// The IANA name, e.g. `America/Lima`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Seconds ahead of UTC at instant `t` (negative across the Americas).
    pub fn offset_at(&self, t: i64) -> i64 {
        (self.offset)(t)
    }

    /// The day instant `t` falls on here.
    pub fn date(&self, t: i64) -> String {
        iso_date(t + self.offset_at(t))
    }

    /// The last second of day `date` here (a due date is due by the end of the day where
    /// the person is). `date` must be a valid `YYYY-MM-DD`.
    pub fn end_of_day(&self, date: &str) -> i64 {
        let next_midnight = date_seconds(date) + 86_400;
        // The offset at the local midnight, found from the offset near it (a change of
        // offset at midnight itself is rare, and moves the end by that hour at most).
        let guess = next_midnight - self.offset_at(next_midnight);
        next_midnight - self.offset_at(guess) - 1
    }

    /// `UTC−05:00` at instant `t`, as choices show it.
    pub fn label_at(&self, t: i64) -> String {
        let o = self.offset_at(t);
        let sign = if o < 0 { '−' } else { '+' };
        let o = o.abs();
        format!("UTC{sign}{:02}:{:02}", o / 3600, o % 3600 / 60)
    }
}

impl Default for Zone {
    fn default() -> Zone {
        Zone::utc()
    }
}

impl std::fmt::Debug for Zone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Zone({})", self.name)
    }
}

impl PartialEq for Zone {
    fn eq(&self, other: &Zone) -> bool {
        self.name == other.name
    }
}

/// The zone of the reader of the page being rendered (UTC when the page was given none).
pub fn reader_zone() -> Zone {
    leptos::prelude::use_context::<Zone>().unwrap_or_default()
}

/// The day instant `t` falls on for the reader of the page being rendered.
pub fn day(t: i64) -> String {
    reader_zone().date(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(iso_date(0), "1970-01-01");
        assert_eq!(iso_date(951_782_400), "2000-02-29");
        assert_eq!(iso_date(1_795_305_600), "2026-11-22");
        assert_eq!(iso_date(-86_400), "1969-12-31");
        assert_eq!(date_seconds("1970-01-01"), 0);
        assert_eq!(date_seconds("2000-03-01"), 951_868_800);
        assert_eq!(date_seconds("nonsense"), 0);
        assert_eq!(iso_date(date_seconds("2026-11-23")), "2026-11-23");
    }

    #[test]
    fn a_fixed_zone_moves_days_and_ends_them_where_the_reader_is() {
        let lima = Zone::new("America/Lima", |_| -5 * 3600);
        // 02:00 UTC on 6 December is still the 5th in Lima.
        let t = date_seconds("2026-12-06") + 2 * 3600;
        assert_eq!(Zone::utc().date(t), "2026-12-06");
        assert_eq!(lima.date(t), "2026-12-05");
        let end = lima.end_of_day("2026-12-05");
        assert_eq!(end, date_seconds("2026-12-06") + 5 * 3600 - 1);
        assert_eq!(lima.date(end), "2026-12-05");
        assert_eq!(lima.date(end + 1), "2026-12-06");
        assert_eq!(lima.label_at(t), "UTC−05:00");
        assert_eq!(Zone::new("X", |_| 5 * 3600 + 1800).label_at(0), "UTC+05:30");
    }
}
