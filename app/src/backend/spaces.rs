//! Starting a space, changing its settings, archiving it. Admins and TA staff start spaces
//! for any country or the region; country publishers for their own countries. The person
//! who starts a space owns it; owners and admins change and archive it. Every change is
//! one transaction with its audit entry.

use crate::backend::access::{self};
use crate::backend::events::Room;
use crate::backend::membership::may_manage;
use crate::backend::search::queue::Entity;
use crate::backend::store::{audit, countries, members, spaces};
use crate::backend::Cx;
use crate::backend::ServerError;
use crate::model::country::CountryName;
use crate::model::refusal::Refusal;
use crate::model::search::fold;
use crate::model::space::{Space, SpaceRole, SpaceSettings, Visibility};

/// What the space form sent (a new space's address is made from its name).
pub struct SpaceForm<'a> {
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

/// The spaces the viewer may see, newest first (`limit` clamped to 1–200).
pub async fn list(cx: &Cx, limit: i64) -> Result<Vec<Space>, ServerError> {
    Ok(spaces::list_visible(&cx.db().pool, &cx.viewer, limit.clamp(1, 200)).await?)
}

/// The countries the viewer may start a space for, and whether "regional" is allowed.
async fn choices(cx: &Cx) -> Result<(Vec<CountryName>, bool), ServerError> {
    let all = countries::list(&cx.db().pool).await?;
    let allowed = all
        .into_iter()
        .filter(|c| access::can_create_space(&cx.viewer, Some(&c.code)))
        .map(CountryName::from)
        .collect();
    Ok((allowed, access::can_create_space(&cx.viewer, None)))
}

/// The empty form, for those who may start a space somewhere.
pub async fn new_form(cx: &Cx) -> Result<SpaceSettings, ServerError> {
    cx.viewer.user().ok_or(ServerError::Unauthorized)?;
    let (countries, allow_regional) = choices(cx).await?;
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

pub async fn create(cx: &Cx, form: &SpaceForm<'_>) -> Result<String, ServerError> {
    let user = cx.viewer.user().ok_or(ServerError::Unauthorized)?;
    let country = form.country();
    // Only those who may start a space somewhere get past here; for them, the country
    // they chose must be one of theirs.
    if !access::can_create_space(&cx.viewer, None)
        && !user.holds_any(crate::model::user::CountryRole::Publisher)
    {
        return Err(ServerError::Forbidden);
    }
    if !access::can_create_space(&cx.viewer, country.as_deref()) {
        return Err(ServerError::from(Refusal::CountryNotYours));
    }
    let visibility =
        Visibility::parse(form.visibility).ok_or_else(|| ServerError::from(Refusal::Visibility))?;
    let mut change = cx.change().await?;
    // The address is made, never chosen: a chosen one that is "taken" would tell anyone
    // that a private space by that name exists.
    let mut slug = new_slug(form.name);
    while spaces::by_slug(change.conn(), &slug).await?.is_some() {
        slug = new_slug(form.name);
    }
    let new = spaces::NewSpace {
        slug: &slug,
        name: form.name,
        description: form.description,
        country_code: country.as_deref(),
        visibility,
    };
    let id = spaces::create(change.conn(), &new, cx.now).await?;
    members::add(change.conn(), id, user.id, SpaceRole::Owner, cx.now).await?;
    let detail = format!("space {} ({})", new.slug, visibility.as_str());
    audit::record(
        change.conn(),
        Some(user.id),
        "space_created",
        &detail,
        "",
        cx.now,
    )
    .await?;
    change.commit().await?;
    Ok(new.slug.to_string())
}

/// A new space's address: its name in lowercase ASCII words joined by hyphens (at most
/// 48 characters), then a random six-character code, e.g. `grupo-de-calidad-peru-k7m2qd`.
pub fn new_slug(name: &str) -> String {
    use argon2::password_hash::rand_core::{OsRng, RngCore};
    const CODE: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut words = String::new();
    for c in name.chars().flat_map(char::to_lowercase).map(fold) {
        if c.is_ascii_alphanumeric() {
            words.push(c);
        } else if !words.is_empty() && !words.ends_with('-') {
            words.push('-');
        }
    }
    let mut words: String = words.trim_end_matches('-').chars().take(48).collect();
    words = words.trim_end_matches('-').to_string();
    if words.len() < 3 || words.starts_with(spaces::REQUEST_SPACE_PREFIX) {
        words = format!("space{}", if words.is_empty() { "" } else { "-" }) + &words;
    }
    let mut bytes = [0u8; 6];
    OsRng.fill_bytes(&mut bytes);
    let code: String = bytes
        .iter()
        .map(|b| CODE[usize::from(*b) % CODE.len()] as char)
        .collect();
    format!("{words}-{code}")
}

/// The space, if the viewer may see it and manage it.
pub(crate) async fn managed(cx: &Cx, slug: &str) -> Result<Space, ServerError> {
    let user = cx.viewer.user().ok_or(ServerError::Unauthorized)?;
    let space = spaces::by_slug(&cx.db().pool, slug)
        .await?
        .filter(|s| access::can_view_space(&cx.viewer, s.id, s.visibility))
        .ok_or(ServerError::NotFound)?;
    // A country's request space keeps its fixed shape: private, never archived, so no
    // setting can open its requests to anyone else.
    if space.ta_country.is_some() || !may_manage(cx, user, space.id).await? {
        return Err(ServerError::Forbidden);
    }
    Ok(space)
}

pub async fn settings(cx: &Cx, slug: &str) -> Result<SpaceSettings, ServerError> {
    let space = managed(cx, slug).await?;
    let (mut countries, allow_regional) = choices(cx).await?;
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

pub async fn update(cx: &Cx, slug: &str, form: &SpaceForm<'_>) -> Result<(), ServerError> {
    let space = managed(cx, slug).await?;
    let user = cx.viewer.user().ok_or(ServerError::Unauthorized)?;
    let country = form.country();
    let unchanged = country.as_deref() == space.country.as_ref().map(|c| c.code.as_str());
    if !unchanged && !access::can_create_space(&cx.viewer, country.as_deref()) {
        return Err(ServerError::from(Refusal::CountryNotYours));
    }
    let visibility =
        Visibility::parse(form.visibility).ok_or_else(|| ServerError::from(Refusal::Visibility))?;
    let new = spaces::NewSpace {
        slug: &space.slug,
        name: form.name,
        description: form.description,
        country_code: country.as_deref(),
        visibility,
    };
    let mut change = cx.change().await?;
    spaces::update(change.conn(), space.id, &new).await?;
    if visibility != space.visibility {
        let detail = format!(
            "space {}: {} -> {}",
            space.slug,
            space.visibility.as_str(),
            visibility.as_str()
        );
        audit::record(
            change.conn(),
            Some(user.id),
            "space_visibility_changed",
            &detail,
            "",
            cx.now,
        )
        .await?;
    }
    if visibility != space.visibility {
        // Whoever may no longer see it leaves its live rooms (its threads' and drafts' too).
        change.access_changed(Room::Space(space.id), cx.now).await?;
    }
    // Its name and visibility are on every search item of the space.
    change.index(Entity::Space(space.id), cx.now).await?;
    change.commit().await?;
    Ok(())
}

pub async fn set_archived(
    cx: &Cx,
    slug: &str,
    archive: Option<bool>,
) -> Result<&'static str, ServerError> {
    let space = managed(cx, slug).await?;
    let user = cx.viewer.user().ok_or(ServerError::Unauthorized)?;
    let archive = archive.ok_or_else(|| ServerError::from(Refusal::BadAction))?;
    let mut change = cx.change().await?;
    spaces::set_archived(change.conn(), space.id, archive.then_some(cx.now)).await?;
    let event = if archive {
        "space_archived"
    } else {
        "space_restored"
    };
    audit::record(
        change.conn(),
        Some(user.id),
        event,
        &format!("space {}", space.slug),
        "",
        cx.now,
    )
    .await?;
    change.commit().await?;
    Ok(if archive { "archived" } else { "restored" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_made_from_the_name_with_a_random_code() {
        let a = new_slug("Perú — Calidad del tratamiento (2026)");
        assert!(a.starts_with("peru-calidad-del-tratamiento-2026-"), "{a}");
        assert_ne!(a, new_slug("Perú — Calidad del tratamiento (2026)"));
        assert!(crate::model::space::is_valid_slug(&a), "{a}");
        let b = new_slug("中文");
        assert!(
            b.starts_with("space-") && crate::model::space::is_valid_slug(&b),
            "{b}"
        );
        let c = new_slug("ta requests co");
        assert!(c.starts_with("space-ta-requests-co-"), "{c}");
        let long = new_slug(&"word ".repeat(40));
        assert!(
            long.len() <= 64 && crate::model::space::is_valid_slug(&long),
            "{long}"
        );
    }
}
