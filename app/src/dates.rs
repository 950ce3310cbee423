//! Dates as the platform stores and shows them: seconds since the Unix epoch, and ISO
//! `YYYY-MM-DD` days (UTC). Plain arithmetic, so the browser build needs no date crate.

/// A Unix timestamp (seconds) as an ISO date, `YYYY-MM-DD` (UTC).
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
}
