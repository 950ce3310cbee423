//! Profiles: who someone is (name, country, organisation, role, languages, a short bio)
//! and what they wrote lately — only posts the viewer may read. Profiles are for signed-in
//! people: the names of health officials are not public. Everyone edits only their own,
//! except their country, which is verified (see `affiliation`).

use crate::backend::access::Viewer;
use crate::backend::events::{self, Kind, Room};
use crate::backend::store::profiles;
use crate::backend::{Db, ServerError};
use crate::markdown;
use crate::model::profile::{
    Profile, ProfileForm, LANGUAGES, MAX_BIO_BYTES, MAX_ORGANISATION_CHARS,
};

pub const REFUSED_NAME: &str = "name";
pub const REFUSED_ORGANISATION: &str = "organisation";
pub const REFUSED_LANGUAGE: &str = "language";
pub const REFUSED_BIO: &str = "bio";

pub async fn profile(db: &Db, viewer: &Viewer, username: &str) -> Result<Profile, ServerError> {
    let me = viewer.user().ok_or(ServerError::Unauthorized)?;
    let row = profiles::by_username(&db.pool, username)
        .await?
        .ok_or(ServerError::NotFound)?;
    let recent = profiles::recent_posts(&db.pool, row.id, viewer, 20).await?;
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

pub async fn form(db: &Db, viewer: &Viewer) -> Result<ProfileForm, ServerError> {
    let me = viewer.user().ok_or(ServerError::Unauthorized)?;
    let row = profiles::by_username(&db.pool, &me.username)
        .await?
        .ok_or(ServerError::Unauthorized)?;
    Ok(ProfileForm {
        display_name: row.display_name,
        organisation: row.organisation,
        languages: row.languages,
        bio_md: row.bio_md,
        affiliation: crate::backend::affiliation::mine(db, viewer).await?,
    })
}

/// What the form sent (a `country` field, if any, is ignored: see `affiliation`).
pub struct Update<'a> {
    pub display_name: &'a str,
    pub organisation: &'a str,
    pub languages: &'a [String],
    pub bio: &'a str,
}

pub async fn update(db: &Db, viewer: &Viewer, u: &Update<'_>) -> Result<(), ServerError> {
    let me = viewer.user().ok_or(ServerError::Unauthorized)?;
    let refuse = |code: &str| ServerError::Invalid(code.into());
    let name = u.display_name.trim();
    if name.is_empty() || name.chars().count() > 100 || name.chars().any(char::is_control) {
        return Err(refuse(REFUSED_NAME));
    }
    let organisation = u.organisation.trim();
    if organisation.chars().count() > MAX_ORGANISATION_CHARS
        || organisation.chars().any(char::is_control)
    {
        return Err(refuse(REFUSED_ORGANISATION));
    }
    let mut languages: Vec<String> = Vec::new();
    for l in u.languages {
        if !LANGUAGES.contains(&l.as_str()) {
            return Err(refuse(REFUSED_LANGUAGE));
        }
        if !languages.contains(l) {
            languages.push(l.clone());
        }
    }
    if u.bio.len() > MAX_BIO_BYTES {
        return Err(refuse(REFUSED_BIO));
    }
    let bio_html = markdown::render_plain(u.bio).html;
    let update = profiles::ProfileUpdate {
        display_name: name,
        organisation,
        languages: &languages,
        bio_md: u.bio,
        bio_html: &bio_html,
    };
    let mut tx = db.pool.begin().await?;
    profiles::update(&mut *tx, me.id, &update).await?;
    // Names are shown on cached thread pages: this makes them stale (see thread_pages).
    let data = serde_json::json!({ "user": me.id });
    events::record(
        &mut tx,
        Room::People,
        Kind::ProfileChanged,
        data,
        crate::backend::now(),
    )
    .await?;
    db.commit_with_events(tx).await?;
    Ok(())
}
