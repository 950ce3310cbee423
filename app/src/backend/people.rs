//! Profiles: who someone is (name, country, organisation, role, languages, a short bio)
//! and what they wrote lately — only posts the viewer may read. Profiles are for signed-in
//! people: the names of health officials are not public. Everyone edits only their own,
//! except their country, which is verified (see `affiliation`).

use crate::backend::events::{Kind, Room};
use crate::backend::store::profiles;
use crate::backend::ServerError;
use crate::backend::{zones, Cx};
use crate::markdown;
use crate::model::profile::{
    Profile, ProfileForm, LANGUAGES, MAX_BIO_BYTES, MAX_ORGANISATION_CHARS,
};
use crate::model::refusal::Refusal;

pub async fn profile(cx: &Cx, username: &str) -> Result<Profile, ServerError> {
    let me = cx.viewer.user().ok_or(ServerError::Unauthorized)?;
    let row = profiles::by_username(&cx.db().pool, username)
        .await?
        .ok_or(ServerError::NotFound)?;
    let recent = profiles::recent_posts(&cx.db().pool, row.id, &cx.viewer, 20).await?;
    Ok(Profile {
        is_me: row.id == me.id,
        username: row.username,
        display_name: row.display_name,
        country: row.country,
        organisation: row.organisation,
        role: row.role,
        languages: row.languages,
        bio_html: row.bio_html,
        recent,
    })
}

pub async fn form(cx: &Cx) -> Result<ProfileForm, ServerError> {
    let me = cx.viewer.user().ok_or(ServerError::Unauthorized)?;
    let row = profiles::by_username(&cx.db().pool, &me.username)
        .await?
        .ok_or(ServerError::Unauthorized)?;
    Ok(ProfileForm {
        display_name: row.display_name,
        organisation: row.organisation,
        languages: row.languages,
        bio_md: row.bio_md,
        affiliation: crate::backend::affiliation::mine(cx).await?,
        zones: zones::choices(cx, me.country.as_deref()).await?,
        time_zone: row.time_zone,
    })
}

/// What the form sent (a `country` field, if any, is ignored: see `affiliation`).
pub struct Update<'a> {
    pub display_name: &'a str,
    pub organisation: &'a str,
    pub languages: &'a [String],
    pub bio: &'a str,
    /// An IANA name offered by `zones`, or `""` for the country's; `None` leaves it as it is.
    pub time_zone: Option<&'a str>,
}

pub async fn update(cx: &Cx, u: &Update<'_>) -> Result<(), ServerError> {
    let me = cx.viewer.user().ok_or(ServerError::Unauthorized)?;
    let name = u.display_name.trim();
    if name.is_empty() || name.chars().count() > 100 || name.chars().any(char::is_control) {
        return Err(ServerError::from(Refusal::Name));
    }
    let organisation = u.organisation.trim();
    if organisation.chars().count() > MAX_ORGANISATION_CHARS
        || organisation.chars().any(char::is_control)
    {
        return Err(ServerError::from(Refusal::Organisation));
    }
    let mut languages: Vec<String> = Vec::new();
    for l in u.languages {
        if !LANGUAGES.contains(&l.as_str()) {
            return Err(ServerError::from(Refusal::Language));
        }
        if !languages.contains(l) {
            languages.push(l.clone());
        }
    }
    if u.bio.len() > MAX_BIO_BYTES {
        return Err(ServerError::from(Refusal::Bio));
    }
    let time_zone = u.time_zone.map(str::trim);
    if time_zone.is_some_and(|z| !z.is_empty() && !zones::is_offered(z)) {
        return Err(ServerError::from(Refusal::TimeZone));
    }
    let bio_html = markdown::render_plain(u.bio).html;
    let update = profiles::ProfileUpdate {
        display_name: name,
        organisation,
        languages: &languages,
        bio_md: u.bio,
        bio_html: &bio_html,
        time_zone,
    };
    let mut change = cx.change().await?;
    profiles::update(change.conn(), me.id, &update).await?;
    // Names are shown on cached thread pages: this makes them stale (see thread_pages).
    let data = serde_json::json!({ "user": me.id });
    change
        .event(
            Room::People,
            Kind::ProfileChanged,
            data,
            crate::backend::now(),
        )
        .await?;
    change.commit().await?;
    Ok(())
}
