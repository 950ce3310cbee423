//! Missions in time: the calendar grid (a row per country, a column per month, each
//! mission in every month it spans) the missions page draws with no script, and staff's
//! iCalendar feed (RFC 5545) that calendar programs subscribe to by a secret address —
//! they send no cookie — which stops working when its owner is no longer staff.

use super::staff;
use crate::backend::access::Viewer;
use crate::backend::auth::session::new_token;
use crate::backend::store::{missions as store, users};
use crate::backend::{Cx, ServerError};
use crate::dates::{date_seconds, iso_date};
use crate::model::country::CountryName;
use crate::model::mission::{CalendarRow, MissionSummary};

/// The feed's address (path) for a secret.
pub fn feed_path(token: &str) -> String {
    format!("/missions/calendar/{token}.ics")
}

/// The grid of `year`: countries with a mission that year, by name; per month the
/// missions under way in it.
pub fn grid(missions: &[MissionSummary], year: i32) -> Vec<CalendarRow> {
    let mut rows: Vec<CalendarRow> = Vec::new();
    for m in missions {
        let at = match rows.iter().position(|r| r.country.code == m.country.code) {
            Some(i) => i,
            None => {
                rows.push(CalendarRow {
                    country: m.country.clone(),
                    months: vec![Vec::new(); 12],
                });
                rows.len() - 1
            }
        };
        for month in 1..=12 {
            let first = format!("{year:04}-{month:02}-01");
            let last = format!("{year:04}-{month:02}-31");
            if m.starts_on <= last && m.ends_on >= first {
                rows[at].months[month - 1].push(m.clone());
            }
        }
    }
    rows.sort_by(|a, b| a.country.en.cmp(&b.country.en));
    rows
}

/// Gives the viewer (staff) a new feed secret; the old address stops working.
pub async fn reset_feed(cx: &Cx) -> Result<(), ServerError> {
    let user = staff(cx)?;
    let mut change = cx.change().await?;
    store::set_feed(change.conn(), user, &new_token(), cx.now).await?;
    change.commit().await?;
    Ok(())
}

/// Text escaped for an iCalendar value.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// A content line folded at 75 octets, never inside a character, ending in CRLF.
fn line(out: &mut String, text: &str) {
    let mut width = 0;
    for c in text.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

fn compact(date: &str) -> String {
    date.replace('-', "")
}

/// The calendar of every mission, for the feed whose secret is `token`; "not found" when
/// no such feed exists or its owner is no longer staff.
pub async fn feed(cx: &Cx, token: &str) -> Result<String, ServerError> {
    let pool = &cx.db().pool;
    // Secrets are fixed-length base64url; anything else cannot be one.
    if token.len() != 43
        || !token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return Err(ServerError::NotFound);
    }
    let owner = store::feed_owner(pool, token)
        .await?
        .ok_or(ServerError::NotFound)?;
    let person = users::signed_in(pool, owner)
        .await?
        .ok_or(ServerError::NotFound)?;
    let viewer = Viewer::User(person);
    if !crate::backend::access::is_staff(&viewer) {
        return Err(ServerError::NotFound);
    }
    let sight = super::sight(&viewer).ok_or(ServerError::NotFound)?;
    let missions = store::list(pool, &sight, None, "0000-01-01", "9999-12-31").await?;
    Ok(ics(&missions, &cx.state.site_origin, cx.now))
}

/// The iCalendar text of `missions`, linking each to its page on `origin`.
pub fn ics(missions: &[MissionSummary], origin: &str, now: i64) -> String {
    let stamp = format!("{}T000000Z", compact(&iso_date(now)));
    let mut out = String::new();
    for l in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//ENTRUST Network//Missions//EN",
        "CALSCALE:GREGORIAN",
        "X-WR-CALNAME:ENTRUST missions",
    ] {
        line(&mut out, l);
    }
    for m in missions {
        // DTEND of an all-day event is the day after the last.
        let end = iso_date(date_seconds(&m.ends_on) + 86_400);
        let country: &CountryName = &m.country;
        line(&mut out, "BEGIN:VEVENT");
        line(&mut out, &format!("UID:mission-{}@entrust-network", m.id));
        line(&mut out, &format!("DTSTAMP:{stamp}"));
        line(
            &mut out,
            &format!("DTSTART;VALUE=DATE:{}", compact(&m.starts_on)),
        );
        line(&mut out, &format!("DTEND;VALUE=DATE:{}", compact(&end)));
        line(
            &mut out,
            &format!(
                "SUMMARY:{}",
                escape(&format!("{} — {}", country.en, m.title))
            ),
        );
        line(
            &mut out,
            &format!(
                "STATUS:{}",
                if m.status == "planned" {
                    "TENTATIVE"
                } else {
                    "CONFIRMED"
                }
            ),
        );
        line(
            &mut out,
            &format!("URL:{}/missions/{}", origin.trim_end_matches('/'), m.id),
        );
        line(&mut out, "END:VEVENT");
    }
    line(&mut out, "END:VCALENDAR");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mission(id: i64, country: &str, from: &str, to: &str) -> MissionSummary {
        MissionSummary {
            id,
            country: CountryName {
                code: country.into(),
                en: country.into(),
                ..CountryName::default()
            },
            title: "Supervision; visits, notes\nand more".into(),
            scope: "service".into(),
            starts_on: from.into(),
            ends_on: to.into(),
            status: "planned".into(),
        }
    }

    #[test]
    fn a_mission_sits_in_every_month_it_spans_of_its_countrys_row() {
        let rows = grid(
            &[
                mission(1, "PE", "2026-03-30", "2026-04-03"),
                mission(2, "JM", "2026-11-10", "2026-11-12"),
                mission(3, "PE", "2025-12-20", "2026-01-05"),
            ],
            2026,
        );
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].country.code, "JM");
        let pe = &rows[1];
        let ids = |m: usize| pe.months[m].iter().map(|x| x.id).collect::<Vec<_>>();
        assert_eq!(ids(0), vec![3]);
        assert_eq!(ids(2), vec![1]);
        assert_eq!(ids(3), vec![1]);
        assert!(ids(4).is_empty());
    }

    #[test]
    fn the_feed_is_valid_icalendar_with_escaped_folded_lines() {
        let text = ics(
            &[mission(7, "PE", "2026-03-30", "2026-04-03")],
            "https://entrust.example/",
            0,
        );
        assert!(text.starts_with("BEGIN:VCALENDAR\r\n"));
        assert!(text.ends_with("END:VCALENDAR\r\n"));
        assert!(text.contains("DTSTART;VALUE=DATE:20260330\r\n"));
        assert!(text.contains("DTEND;VALUE=DATE:20260404\r\n"));
        assert!(text.contains("Supervision\\; visits\\, notes\\nand more"));
        assert!(text.contains("URL:https://entrust.example/missions/7"));
        assert!(text.split("\r\n").all(|l| l.len() <= 75), "{text}");
        assert!(!text.replace("\r\n", "").contains('\n'));
    }
}
