//! Filing a request for one's country, the filing form, and the country's own list.

use crate::backend::access;
use crate::backend::discussion;
use crate::backend::store::requests::{self as store, Scope};
use crate::backend::store::{compose, countries, spaces};
use crate::backend::{notify, Cx, ServerError};
use crate::dates::{date_seconds, iso_date};
use crate::model::country::{CountryName, Participation};
use crate::model::profile::NotificationKind;
use crate::model::refusal::Refusal;
use crate::model::request::{CountryRequests, QueueFilters, RequestForm, Urgency, TOPICS};

/// Links a request may carry, and how long each may be.
pub const MAX_LINKS: usize = 10;
pub const MAX_LINK_CHARS: usize = 500;
/// Where a filing's text is kept when the form is refused.
const KEPT: &str = "ta-request";

/// Countries the viewer may file for: their own; any participating one for staff.
async fn filing_countries(cx: &Cx) -> Result<Vec<CountryName>, ServerError> {
    let viewer = &cx.viewer;
    let all = countries::list(&cx.db().pool).await?;
    Ok(all
        .into_iter()
        .filter(|c| {
            if access::is_staff(viewer) {
                c.participation == Participation::Active
            } else {
                access::can_see_requests_of(viewer, &c.code)
            }
        })
        .map(CountryName::from)
        .collect())
}

/// The plan action a filing is for, checked: one of a plan the viewer may see, of the
/// country the request is for ("not found" otherwise).
async fn action_for(cx: &Cx, action: &str, country: &str) -> Result<Option<i64>, ServerError> {
    let action = action.trim();
    if action.is_empty() {
        return Ok(None);
    }
    let id = action.parse::<i64>().map_err(|_| ServerError::NotFound)?;
    let linked = crate::backend::plans::action_ref(cx, id).await?;
    if linked.country != country {
        return Err(Refusal::RequestCountry.into());
    }
    Ok(Some(id))
}

/// The filing form; `action` is the plan action it is asked for from, if any.
pub async fn form(
    cx: &Cx,
    action: Option<i64>,
    indicator: Option<&str>,
) -> Result<RequestForm, ServerError> {
    let user = cx.user()?;
    let kept = compose::get(&cx.db().pool, user.id, KEPT)
        .await?
        .unwrap_or_default();
    Ok(RequestForm {
        countries: filing_countries(cx).await?,
        kept_title: kept.title,
        kept_description: kept.body,
        action: match action {
            Some(a) => Some(crate::backend::plans::action_ref(cx, a).await?),
            None => None,
        },
        indicator: match indicator {
            Some(code) => indicator_id(cx, code).await?.map(|(_, code)| code),
            None => None,
        },
    })
}

/// What a filing says.
#[derive(Clone, Debug, Default)]
pub struct Filing {
    pub country: String,
    pub topic: String,
    pub title: String,
    pub description: String,
    pub urgency: String,
    /// `YYYY-MM-DD` or empty.
    pub desired_date: String,
    /// One link per line: a page of the platform (`/spaces/…`, `/library/…`) or an
    /// `http(s)://` address.
    pub links: String,
    /// The plan action (id) the request is asked for from, or empty.
    pub action: String,
    /// The code of the indicator the request is about, or empty.
    pub indicator: String,
}

/// A defined indicator by code (id and code as stored); `None` for an empty code, a
/// refusal for one no indicator has.
async fn indicator_id(cx: &Cx, code: &str) -> Result<Option<(i64, String)>, ServerError> {
    let code = code.trim().to_ascii_uppercase();
    if code.is_empty() {
        return Ok(None);
    }
    match crate::backend::store::indicators::definition(&cx.db().pool, &code).await? {
        Some(d) => Ok(Some((d.id, d.code))),
        None => Err(Refusal::UnknownIndicator.into()),
    }
}

/// Checks one link: a local path or an absolute http(s) address, no spaces or controls.
fn check_link(link: &str) -> Result<(), ServerError> {
    if crate::links::is_link_to_follow(link) && link.chars().count() <= MAX_LINK_CHARS {
        Ok(())
    } else {
        Err(Refusal::Link.into())
    }
}

/// A `YYYY-MM-DD` date that exists.
pub(super) fn check_date(date: &str) -> Result<(), ServerError> {
    let shape = date.len() == 10
        && date.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if shape && iso_date(date_seconds(date)) == date {
        Ok(())
    } else {
        Err(Refusal::Date.into())
    }
}

/// Keeps a filing's title and description for the form's next try (after a refusal).
pub async fn keep_filing(cx: &Cx, f: &Filing) -> Result<(), ServerError> {
    let user = cx.user()?;
    let kept = compose::Saved {
        title: compose::truncate(&f.title, 1_000),
        body: compose::truncate(&f.description, cx.max_post_bytes()),
    };
    compose::save(&cx.db().pool, user.id, KEPT, &kept, cx.now).await?;
    Ok(())
}

/// Files a request; returns its id. Everything is checked before anything is written.
pub async fn file(cx: &Cx, f: &Filing) -> Result<i64, ServerError> {
    let user = cx.user()?;
    let (pool, now) = (&cx.db().pool, cx.now);
    let country = f.country.trim().to_ascii_uppercase();
    let country = filing_countries(cx)
        .await?
        .into_iter()
        .find(|c| c.code == country)
        .ok_or(Refusal::RequestCountry)?;
    let topic = TOPICS
        .iter()
        .find(|t| **t == f.topic.trim())
        .ok_or(Refusal::Topic)?;
    let title = discussion::check_title(&f.title)?;
    discussion::check_body(&f.description, cx.max_post_bytes())?;
    let urgency = Urgency::parse(f.urgency.trim()).ok_or(Refusal::Urgency)?;
    let desired = match f.desired_date.trim() {
        "" => None,
        d => {
            check_date(d)?;
            Some(d)
        }
    };
    let links: Vec<&str> = f
        .links
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    if links.len() > MAX_LINKS {
        return Err(Refusal::Link.into());
    }
    for link in &links {
        check_link(link)?;
    }
    let action = action_for(cx, &f.action, &country.code).await?;
    let indicator = indicator_id(cx, &f.indicator).await?;
    let rendered = discussion::render(cx, &f.description).await?;
    // The country's request space is made once, with its first request, and stays.
    let space = spaces::request_space(pool, &country.code, &country.en, now).await?;
    let staff: Vec<i64> = store::staff(pool)
        .await?
        .into_iter()
        .map(|(id, _)| id)
        .collect();

    let mut change = cx.change().await?;
    let (thread_id, opening) = discussion::start_in(
        &mut change,
        &space,
        user.id,
        title,
        &f.description,
        &rendered,
        now,
    )
    .await?;
    let new = store::NewRequest {
        country: &country.code,
        requester_id: user.id,
        topic,
        title,
        urgency,
        desired_date: desired,
        due_at: now + urgency.days() * 86_400,
        thread_id,
    };
    let id = store::insert(change.conn(), &new, now).await?;
    if let Some(action) = action {
        store::link_action(change.conn(), id, action).await?;
    }
    if let Some((indicator, _)) = indicator {
        store::link_indicator(change.conn(), id, indicator).await?;
    }
    for (i, link) in links.iter().enumerate() {
        store::insert_link(change.conn(), id, i as i64, link).await?;
    }
    store::record(
        change.conn(),
        id,
        Some(user.id),
        "filed",
        None,
        Some("new"),
        now,
    )
    .await?;
    // Staff hear of every new request.
    notify::tell(
        &mut change,
        &staff,
        NotificationKind::Watched,
        user.id,
        opening,
        now,
    )
    .await?;
    compose::delete(change.conn(), user.id, KEPT).await?;
    change.commit().await?;
    Ok(id)
}

/// The signed-in person's country's requests (staff: a pointer to their queue).
pub async fn of_country(cx: &Cx) -> Result<CountryRequests, ServerError> {
    let user = cx.user()?;
    let pool = &cx.db().pool;
    let country = match &user.country {
        Some(code) => countries::get(pool, code).await?.map(CountryName::from),
        None => None,
    };
    let items = match &country {
        Some(c) => {
            let scope = Scope {
                country: Some(&c.code),
                viewer_id: user.id,
            };
            let f = QueueFilters {
                sort: "newest".into(),
                ..Default::default()
            };
            store::list(pool, &scope, &f, cx.now, 500).await?
        }
        None => Vec::new(),
    };
    Ok(CountryRequests {
        country,
        items,
        staff: access::is_staff(&cx.viewer),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_local_pages_or_web_addresses() {
        assert!(check_link("/library/en/levels-of-care").is_ok());
        assert!(check_link("https://example.org/a?b=c").is_ok());
        assert!(check_link("HTTP://example.org").is_ok());
        for bad in [
            "javascript:alert(1)",
            "//evil.example",
            "/\\evil.example",
            "data:text/html,x",
            "https://",
            "/a b",
            "ftp://x",
        ] {
            assert!(check_link(bad).is_err(), "{bad}");
        }
        assert!(check_link(&format!("/{}", "a".repeat(MAX_LINK_CHARS))).is_err());
    }

    #[test]
    fn dates_must_exist() {
        assert!(check_date("2027-02-28").is_ok());
        for bad in ["2027-02-30", "2027-2-3", "tomorrow", "", "2027-13-01"] {
            assert!(check_date(bad).is_err(), "{bad}");
        }
    }
}
