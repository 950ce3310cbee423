//! The index of country pages and one country's page, the page a staff member opens
//! before a call with that country. It gathers what other areas
//! hold, each part through that area's own rule: spaces and plans the reader may see
//! (`access::visible_spaces_sql`), requests for the country's members and staff
//! (`access::can_see_requests_of`), the latest campaign by `access::quality_sight`, focal
//! points for signed-in readers; directory coverage counts only publicly listed services
//! and the funding count is public, so a visitor sees the public parts.

use crate::backend::access::{self, QualitySight};
use crate::backend::quality::parties_of;
use crate::backend::store::requests::Scope;
use crate::backend::store::{
    countries, country_roles, funding, plans, quality, requests, services, spaces,
};
use crate::backend::{Cx, ServerError};
use crate::model::network::{CountryIndex, CountryPage, PersonLine, SpaceLine};
use crate::model::request::QueueFilters;
use crate::model::user::CountryRole;

/// Open requests the page lists at most.
const MAX_REQUESTS: i64 = 20;

/// Every country, for the index.
pub async fn index(cx: &Cx) -> Result<CountryIndex, ServerError> {
    Ok(CountryIndex {
        countries: countries::list(&cx.db().pool).await?,
    })
}

/// `code`'s page as the viewer may see it; "not found" for a code that is no country.
pub async fn country(cx: &Cx, code: &str) -> Result<CountryPage, ServerError> {
    let code = code.trim().to_ascii_uppercase();
    let pool = &cx.db().pool;
    let country = countries::get(pool, &code)
        .await?
        .ok_or(ServerError::NotFound)?;
    let focal_points = match cx.viewer.user() {
        Some(_) => Some(
            country_roles::holder_names(pool, &code, CountryRole::FocalPoint)
                .await?
                .into_iter()
                .map(|(username, display_name)| PersonLine {
                    username,
                    display_name,
                })
                .collect(),
        ),
        None => None,
    };
    let spaces = spaces::visible_of_country(pool, &cx.viewer, &code)
        .await?
        .into_iter()
        .map(|s| SpaceLine {
            slug: s.slug,
            name: s.name,
            visibility: s.visibility.as_str().to_string(),
        })
        .collect();
    let condition = if access::is_staff(&cx.viewer) {
        "1 = 1".to_string()
    } else {
        access::visible_spaces_sql(&cx.viewer)
    };
    let plans = plans::list(pool, &condition)
        .await?
        .into_iter()
        .filter(|p| p.summary.country.code == code)
        .map(|p| p.summary)
        .collect();
    let requests = match cx.viewer.user() {
        Some(user) if access::can_see_requests_of(&cx.viewer, &code) => {
            let scope = Scope {
                country: Some(&code),
                viewer_id: user.id,
            };
            let open = QueueFilters {
                view: "open".into(),
                ..QueueFilters::default()
            };
            Some(requests::list(pool, &scope, &open, cx.now, MAX_REQUESTS).await?)
        }
        _ => None,
    };
    let mut conn = pool.acquire().await?;
    let campaign = quality::campaigns(&mut conn)
        .await?
        .into_iter()
        .filter(|row| row.country == code)
        .find(|row| {
            access::quality_sight(&cx.viewer, &parties_of(row).as_parties(row))
                != QualitySight::None
        })
        .map(|row| row.summary);
    Ok(CountryPage {
        focal_points,
        spaces,
        plans,
        requests,
        coverage: services::coverage(&mut *conn, &code).await?,
        campaign,
        missions: crate::backend::missions::of_country(cx, &code).await?,
        funding: funding::eligible(&mut *conn, &code).await?.len(),
        country,
    })
}
