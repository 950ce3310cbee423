//! People's time zones: the zones a person may choose (those of the Americas, by country,
//! the capital's first), the zone a person is in (their choice, else their country's
//! capital's, else UTC), and a [`Zone`] for it from the IANA database (`chrono-tz`).

use chrono::{Offset, TimeZone};
use chrono_tz::Tz;

use super::access::Viewer;
use crate::dates::Zone;
use crate::model::country::CountryName;
use crate::model::profile::{ZoneChoices, ZoneOption};

/// The zones offered, per country (ISO code), separated by spaces; the first is the
/// capital's, the default for people of that country who chose none.
pub const AMERICAS: [(&str, &str); 35] = [
    ("AG", "America/Antigua"),
    ("AR", "America/Argentina/Buenos_Aires"),
    ("BS", "America/Nassau"),
    ("BB", "America/Barbados"),
    ("BZ", "America/Belize"),
    ("BO", "America/La_Paz"),
    (
        "BR",
        "America/Sao_Paulo America/Manaus America/Cuiaba America/Rio_Branco America/Noronha",
    ),
    (
        "CA",
        "America/Toronto America/St_Johns America/Halifax America/Winnipeg America/Regina \
            America/Edmonton America/Vancouver America/Whitehorse",
    ),
    ("CL", "America/Santiago America/Punta_Arenas Pacific/Easter"),
    ("CO", "America/Bogota"),
    ("CR", "America/Costa_Rica"),
    ("CU", "America/Havana"),
    ("DM", "America/Dominica"),
    ("DO", "America/Santo_Domingo"),
    ("EC", "America/Guayaquil Pacific/Galapagos"),
    ("SV", "America/El_Salvador"),
    ("GD", "America/Grenada"),
    ("GT", "America/Guatemala"),
    ("GY", "America/Guyana"),
    ("HT", "America/Port-au-Prince"),
    ("HN", "America/Tegucigalpa"),
    ("JM", "America/Jamaica"),
    (
        "MX",
        "America/Mexico_City America/Cancun America/Chihuahua America/Mazatlan \
            America/Hermosillo America/Tijuana",
    ),
    ("NI", "America/Managua"),
    ("PA", "America/Panama"),
    ("PY", "America/Asuncion"),
    ("PE", "America/Lima"),
    ("KN", "America/St_Kitts"),
    ("LC", "America/St_Lucia"),
    ("VC", "America/St_Vincent"),
    ("SR", "America/Paramaribo"),
    ("TT", "America/Port_of_Spain"),
    (
        "US",
        "America/New_York America/Chicago America/Denver America/Phoenix \
            America/Los_Angeles America/Anchorage Pacific/Honolulu America/Puerto_Rico",
    ),
    ("UY", "America/Montevideo"),
    ("VE", "America/Caracas"),
];

/// The zones offered for a country, the capital's first.
fn zones_of(list: &'static str) -> impl Iterator<Item = &'static str> {
    list.split_whitespace()
}

/// Whether `name` is one of the zones offered (or `UTC`).
pub fn is_offered(name: &str) -> bool {
    name == "UTC"
        || AMERICAS
            .iter()
            .any(|(_, zones)| zones_of(zones).any(|z| z == name))
}

/// The capital's zone of a country, if it is one of the Americas.
pub fn capital_of(country: &str) -> Option<&'static str> {
    AMERICAS
        .iter()
        .find(|(code, _)| *code == country)
        .and_then(|(_, zones)| zones_of(zones).next())
}

/// The zone someone is in: their choice (`""` for none), else their country's capital's,
/// else UTC.
pub fn effective(chosen: &str, country: Option<&str>) -> &'static str {
    if chosen == "UTC" {
        return "UTC";
    }
    if let Some(z) = AMERICAS
        .iter()
        .flat_map(|(_, zones)| zones_of(zones))
        .find(|z| *z == chosen)
    {
        return z;
    }
    country.and_then(capital_of).unwrap_or("UTC")
}

/// The zones the profile form offers, with their offsets at `now`; `automatic` is what
/// someone of `country` gets without choosing.
pub async fn choices(
    cx: &super::Cx,
    country: Option<&str>,
) -> Result<ZoneChoices, super::ServerError> {
    let option = |name: &str| ZoneOption {
        name: name.to_string(),
        offset: zone(name).label_at(cx.now),
    };
    let countries = super::store::countries::list(&cx.db().pool).await?;
    let groups = countries
        .into_iter()
        .filter_map(|c| {
            let (_, zones) = AMERICAS.iter().find(|(code, _)| *code == c.code)?;
            Some((CountryName::from(c), zones_of(zones).map(option).collect()))
        })
        .collect();
    Ok(ZoneChoices {
        automatic: option(effective("", country)),
        groups,
    })
}

/// The zone a viewer is in (UTC for someone not signed in).
pub fn of(viewer: &Viewer) -> Zone {
    viewer.user().map_or_else(Zone::utc, |u| zone(&u.time_zone))
}

/// The zone named `name` (UTC for a name the database does not know).
pub fn zone(name: &str) -> Zone {
    match name.parse::<Tz>() {
        Ok(tz) => Zone::new(name, move |t| {
            chrono::DateTime::from_timestamp(t, 0).map_or(0, |at| {
                i64::from(
                    tz.offset_from_utc_datetime(&at.naive_utc())
                        .fix()
                        .local_minus_utc(),
                )
            })
        }),
        Err(_) => Zone::utc(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::date_seconds;

    #[test]
    fn every_offered_zone_is_in_the_database_and_in_the_americas_range() {
        let july = date_seconds("2026-07-01");
        let january = date_seconds("2026-01-15");
        for (country, zones) in AMERICAS {
            for name in zones_of(zones) {
                assert!(name.parse::<Tz>().is_ok(), "{country}: {name}");
                for t in [january, july] {
                    let hours = zone(name).offset_at(t) / 3600;
                    assert!((-10..=-2).contains(&hours), "{name}: UTC{hours}");
                }
            }
        }
        assert_eq!(AMERICAS.len(), 35);
    }

    #[test]
    fn daylight_saving_moves_the_offset_and_the_day() {
        let ny = zone("America/New_York");
        assert_eq!(ny.offset_at(date_seconds("2026-01-15")), -5 * 3600);
        assert_eq!(ny.offset_at(date_seconds("2026-07-01")), -4 * 3600);
        // 03:30 UTC on 1 July is the evening of 30 June in New York, and in Lima.
        let t = date_seconds("2026-07-01") + 3 * 3600 + 1800;
        assert_eq!(ny.date(t), "2026-06-30");
        assert_eq!(zone("America/Lima").date(t), "2026-06-30");
        assert_eq!(zone("America/Sao_Paulo").date(t), "2026-07-01");
        // The end of a day in New York, in winter and in summer.
        assert_eq!(
            ny.end_of_day("2026-01-15"),
            date_seconds("2026-01-16") + 5 * 3600 - 1
        );
        assert_eq!(
            ny.end_of_day("2026-07-01"),
            date_seconds("2026-07-02") + 4 * 3600 - 1
        );
    }

    #[test]
    fn a_person_is_in_their_choice_else_their_capital_else_utc() {
        assert_eq!(effective("America/Manaus", Some("PE")), "America/Manaus");
        assert_eq!(effective("", Some("PE")), "America/Lima");
        assert_eq!(effective("Europe/Paris", Some("BR")), "America/Sao_Paulo");
        assert_eq!(effective("", None), "UTC");
        assert_eq!(effective("UTC", Some("PE")), "UTC");
        assert_eq!(effective("", Some("FR")), "UTC");
        assert!(is_offered("UTC") && is_offered("Pacific/Galapagos"));
        assert!(!is_offered("Europe/Paris") && !is_offered(""));
        assert_eq!(zone("Nowhere/Town"), Zone::utc());
    }
}
