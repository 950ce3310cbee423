//! Starting a space, changing its settings, archiving it. Admins and TA staff start spaces
//! for any country or the region; country publishers for their own countries. The person
//! who starts a space owns it; owners and admins change and archive it. Every change is
//! one transaction with its audit entry.

use crate::backend::access::{self, Viewer};
use crate::backend::membership::may_manage;
use crate::backend::search::queue::{self, Entity};
use crate::backend::store::{audit, countries, members, spaces};
use crate::backend::{Db, ServerError};
use crate::model::country::CountryName;
use crate::model::space::{Space, SpaceRole, SpaceSettings, Visibility};

pub const REFUSED_COUNTRY: &str = "country_not_yours";
pub const REFUSED_VISIBILITY: &str = "visibility";

/// What the space form sent.
pub struct SpaceForm<'a> {
    pub slug: &'a str,
    pub name: &'a str,
    pub description: &'a str,
    pub country: &'a str,
    pub visibility: &'a str,
}

impl SpaceForm<'_> {
    fn country(&self) -> Option<String> {
        Some(self.country.trim().to_ascii_uppercase()).filter(|c| !c.is_empty())
    }
}

/// The countries the viewer may start a space for, and whether "regional" is allowed.
async fn choices(db: &Db, viewer: &Viewer) -> Result<(Vec<CountryName>, bool), ServerError> {
    let all = countries::list(&db.pool).await?;
    let allowed = all
        .into_iter()
        .filter(|c| access::can_create_space(viewer, Some(&c.code)))
        .map(CountryName::from)
        .collect();
    Ok((allowed, access::can_create_space(viewer, None)))
}

/// The empty form, for those who may start a space somewhere.
pub async fn new_form(db: &Db, viewer: &Viewer) -> Result<SpaceSettings, ServerError> {
    viewer.user().ok_or(ServerError::Unauthorized)?;
    let (countries, allow_regional) = choices(db, viewer).await?;
    if countries.is_empty() && !allow_regional {
        return Err(ServerError::Forbidden);
    }
    Ok(SpaceSettings {
        slug: String::new(),
        name: String::new(),
        description: String::new(),
        country_code: None,
        visibility: Visibility::Private,
        archived: false,
        countries,
        allow_regional,
    })
}

pub async fn create(
    db: &Db,
    viewer: &Viewer,
    form: &SpaceForm<'_>,
    now: i64,
) -> Result<String, ServerError> {
    let user = viewer.user().ok_or(ServerError::Unauthorized)?;
    let country = form.country();
    // Only those who may start a space somewhere get past here; for them, the country
    // they chose must be one of theirs.
    if !access::can_create_space(viewer, None) && user.publisher_for.is_empty() {
        return Err(ServerError::Forbidden);
    }
    if !access::can_create_space(viewer, country.as_deref()) {
        return Err(ServerError::Invalid(REFUSED_COUNTRY.into()));
    }
    let visibility = Visibility::parse(form.visibility)
        .ok_or_else(|| ServerError::Invalid(REFUSED_VISIBILITY.into()))?;
    if form.slug.trim().starts_with(spaces::REQUEST_SPACE_PREFIX) {
        return Err(ServerError::Invalid(format!(
            "slug: addresses beginning with {} are kept for countries' requests",
            spaces::REQUEST_SPACE_PREFIX
        )));
    }
    let new = spaces::NewSpace {
        slug: form.slug.trim(),
        name: form.name,
        description: form.description,
        country_code: country.as_deref(),
        visibility,
    };
    let mut tx = db.pool.begin().await?;
    let id = spaces::create(&mut *tx, &new, now).await?;
    members::add(&mut *tx, id, user.id, SpaceRole::Owner, now).await?;
    let detail = format!("space {} ({})", new.slug, visibility.as_str());
    audit::record(&mut *tx, Some(user.id), "space_created", &detail, "", now).await?;
    tx.commit().await?;
    Ok(new.slug.to_string())
}

/// The space, if the viewer may see it and manage it.
async fn managed(db: &Db, viewer: &Viewer, slug: &str) -> Result<Space, ServerError> {
    let user = viewer.user().ok_or(ServerError::Unauthorized)?;
    let space = spaces::by_slug(&db.pool, slug)
        .await?
        .filter(|s| access::can_view_space(viewer, s.id, s.visibility))
        .ok_or(ServerError::NotFound)?;
    // A country's request space keeps its fixed shape: private, never archived, so no
    // setting can open its requests to anyone else.
    if space.ta_country.is_some() || !may_manage(db, user, space.id).await? {
        return Err(ServerError::Forbidden);
    }
    Ok(space)
}

pub async fn settings(db: &Db, viewer: &Viewer, slug: &str) -> Result<SpaceSettings, ServerError> {
    let space = managed(db, viewer, slug).await?;
    let (mut countries, allow_regional) = choices(db, viewer).await?;
    // The space's own country stays a choice even for an owner who may not start spaces.
    if let Some(c) = &space.country {
        if !countries.iter().any(|x| x.code == c.code) {
            countries.insert(0, c.clone());
        }
    }
    let regional = space.country.is_none();
    Ok(SpaceSettings {
        slug: space.slug,
        name: space.name,
        description: space.description,
        country_code: space.country.map(|c| c.code),
        visibility: space.visibility,
        archived: space.archived,
        countries,
        allow_regional: allow_regional || regional,
    })
}

pub async fn update(
    db: &Db,
    viewer: &Viewer,
    slug: &str,
    form: &SpaceForm<'_>,
    now: i64,
) -> Result<(), ServerError> {
    let space = managed(db, viewer, slug).await?;
    let user = viewer.user().ok_or(ServerError::Unauthorized)?;
    let country = form.country();
    let unchanged = country.as_deref() == space.country.as_ref().map(|c| c.code.as_str());
    if !unchanged && !access::can_create_space(viewer, country.as_deref()) {
        return Err(ServerError::Invalid(REFUSED_COUNTRY.into()));
    }
    let visibility = Visibility::parse(form.visibility)
        .ok_or_else(|| ServerError::Invalid(REFUSED_VISIBILITY.into()))?;
    let new = spaces::NewSpace {
        slug: &space.slug,
        name: form.name,
        description: form.description,
        country_code: country.as_deref(),
        visibility,
    };
    let mut tx = db.pool.begin().await?;
    spaces::update(&mut *tx, space.id, &new).await?;
    if visibility != space.visibility {
        let detail = format!(
            "space {}: {} -> {}",
            space.slug,
            space.visibility.as_str(),
            visibility.as_str()
        );
        audit::record(
            &mut *tx,
            Some(user.id),
            "space_visibility_changed",
            &detail,
            "",
            now,
        )
        .await?;
    }
    // Its name and visibility are on every search item of the space.
    queue::enqueue(&mut *tx, Entity::Space(space.id), now).await?;
    tx.commit().await?;
    db.search_queued();
    Ok(())
}

pub async fn set_archived(
    db: &Db,
    viewer: &Viewer,
    slug: &str,
    archive: Option<bool>,
    now: i64,
) -> Result<&'static str, ServerError> {
    let space = managed(db, viewer, slug).await?;
    let user = viewer.user().ok_or(ServerError::Unauthorized)?;
    let archive = archive.ok_or_else(|| ServerError::Invalid("bad_action".into()))?;
    let mut tx = db.pool.begin().await?;
    spaces::set_archived(&mut *tx, space.id, archive.then_some(now)).await?;
    let event = if archive {
        "space_archived"
    } else {
        "space_restored"
    };
    audit::record(
        &mut *tx,
        Some(user.id),
        event,
        &format!("space {}", space.slug),
        "",
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(if archive { "archived" } else { "restored" })
}
