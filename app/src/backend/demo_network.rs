//! Demo network: the cohort of the English-speaking Caribbean that CICAD's November 2023
//! workshop gathered to develop individualised operational plans (seed 000) as a working
//! group, with Trinidad and Tobago's ministry contact as its country's focal point. The
//! seed does not say which countries attended, so the group names the English-speaking
//! Caribbean countries of the platform and no more. Nobody is listed in the people
//! directory: that is each person's own choice.

use sqlx::Row;

use super::state::AppState;
use super::store::{country_roles, members, network, spaces, users};
use super::ServerError;
use crate::model::space::Visibility;
use crate::model::user::CountryRole;

const SLUG: &str = "caribbean-plans-cohort";

/// The English-speaking Caribbean countries on the platform.
const COUNTRIES: &[&str] = &[
    "AG", "BS", "BB", "BZ", "DM", "GD", "GY", "JM", "KN", "LC", "VC", "TT",
];

/// Loads the cohort when there is no working group yet; returns how many it wrote.
pub async fn load_network(state: &AppState, now: i64) -> Result<usize, ServerError> {
    let pool = &state.db.pool;
    let existing: i64 = sqlx::query("SELECT COUNT(*) AS n FROM working_groups")
        .fetch_one(pool)
        .await?
        .try_get("n")?;
    if existing > 0 {
        return Ok(0);
    }
    let (Some(staff), Some(marlon)) = (
        users::id_of(pool, "ta.lopez").await?,
        users::id_of(pool, "marlon.baptiste").await?,
    ) else {
        return Ok(0);
    };
    let mut change = super::Change::begin(&state.db).await?;
    let space = match spaces::by_slug(change.conn(), SLUG).await? {
        Some(s) => s.id,
        None => {
            let new = spaces::NewSpace {
                slug: SLUG,
                name: "English-speaking Caribbean — operational plans cohort",
                description: "The countries of the English-speaking Caribbean that CICAD \
                              gathered in November 2023 to develop individualised operational \
                              plans on the consequences of substance use disorders, and that \
                              prepare, implement and evaluate them together.",
                country_code: None,
                visibility: Visibility::Public,
            };
            let id = spaces::create(change.conn(), &new, now).await?;
            members::add(change.conn(), id, staff, members::SpaceRole::Owner, now).await?;
            members::add(change.conn(), id, marlon, members::SpaceRole::Member, now).await?;
            change
                .index(crate::backend::search::queue::Entity::Space(id), now)
                .await?;
            id
        }
    };
    let countries: Vec<String> = COUNTRIES.iter().map(|c| c.to_string()).collect();
    network::set_group(
        change.conn(),
        space,
        "Operational plans on the consequences of substance use disorders",
        "Focal points of the English-speaking Caribbean ask the programme's technical \
         assistance team to join.",
        &countries,
        now,
    )
    .await?;
    country_roles::replace(
        change.tx(),
        marlon,
        CountryRole::FocalPoint,
        &["TT".to_string()],
        now,
    )
    .await?;
    change.commit().await?;
    Ok(1)
}
