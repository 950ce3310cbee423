//! The directory of treatment services: who may see a record (everyone when its operator
//! consented to public listing; otherwise the country's focal points, its directory
//! editors and staff — `access::sees_unlisted_services_of`), who may change one (the
//! country's directory editors and staff — `access::can_edit_directory_of`), and how a
//! change is written: checked whole (`check`), the previous version kept, the search
//! index told in the same transaction. Search, import, corrections and the place list are
//! in the submodules.

pub mod check;
pub mod corrections;
pub mod geography;
pub mod import;
pub mod search;

use crate::backend::access;
use crate::backend::change::Change;
use crate::backend::kept;
use crate::backend::search::queue::Entity;
use crate::backend::store::{countries, services as store};
use crate::backend::{Cx, ServerError};
use crate::model::country::{CountryName, Participation};
use crate::model::refusal::{FieldRefusal, Problem, Refusal};
use crate::model::service::{
    EditorPage, ServiceForm, ServiceInput, ServicePage, ServiceRecord, STALE_DAYS,
};

/// Most rows each list of the editor's page shows.
const EDITOR_LIST: i64 = 200;

/// Today (UTC) as `YYYY-MM-DD`.
pub fn today(cx: &Cx) -> String {
    crate::dates::iso_date(cx.now)
}

/// Records confirmed on this day or before are stale today.
pub fn stale_before(cx: &Cx) -> String {
    crate::dates::iso_date(cx.now - STALE_DAYS * 86_400)
}

/// Where a service's kept form lives (see `kept`).
fn scope(id: Option<i64>) -> String {
    id.map_or_else(
        || "directory:new".to_string(),
        |id| format!("directory:{id}"),
    )
}

/// The record if the viewer may see it; otherwise "not found", as if it did not exist.
pub async fn visible(cx: &Cx, id: i64) -> Result<ServiceRecord, ServerError> {
    let mut conn = cx.db().pool.acquire().await?;
    let record = store::get(&mut conn, id)
        .await?
        .ok_or(ServerError::NotFound)?;
    if record.public_listing || access::sees_unlisted_services_of(&cx.viewer, &record.country) {
        Ok(record)
    } else {
        Err(ServerError::NotFound)
    }
}

/// The active countries whose directory the viewer edits.
pub async fn editable_countries(cx: &Cx) -> Result<Vec<CountryName>, ServerError> {
    Ok(countries::list(&cx.db().pool)
        .await?
        .into_iter()
        .filter(|c| c.participation == Participation::Active)
        .filter(|c| access::can_edit_directory_of(&cx.viewer, &c.code))
        .map(CountryName::from)
        .collect())
}

/// A service's page.
pub async fn page(cx: &Cx, id: i64, form: Option<&str>) -> Result<ServicePage, ServerError> {
    let record = visible(cx, id).await?;
    let pool = &cx.db().pool;
    let country = countries::list(pool)
        .await?
        .into_iter()
        .find(|c| c.code == record.country)
        .map(CountryName::from)
        .ok_or(ServerError::NotFound)?;
    let can_edit = access::can_edit_directory_of(&cx.viewer, &record.country);
    let corrections = match cx.viewer.user() {
        Some(_) if can_edit => store::corrections_of(pool, id, None).await?,
        Some(u) => store::corrections_of(pool, id, Some(u.id)).await?,
        None => Vec::new(),
    };
    Ok(ServicePage {
        stale: record.verified_on <= stale_before(cx),
        can_edit,
        signed_in: cx.viewer.user().is_some(),
        history: store::versions(pool, id).await?,
        corrections,
        documents: store::documents(pool, id).await?,
        terms: store::terms(pool).await?,
        assessment: crate::backend::quality::latest_for_service(cx, id).await?,
        kept: kept::kept(cx, &scope(Some(id)), form).await?,
        record,
        country,
    })
}

/// The form to add a service (`id` None) or change one, with what was typed when the
/// last try was refused.
pub async fn form(
    cx: &Cx,
    id: Option<i64>,
    form: Option<&str>,
) -> Result<ServiceForm, ServerError> {
    cx.user()?;
    let countries = editable_countries(cx).await?;
    let mut input = match id {
        Some(id) => {
            let record = visible(cx, id).await?;
            if !access::can_edit_directory_of(&cx.viewer, &record.country) {
                return Err(ServerError::Forbidden);
            }
            ServiceInput::from_record(&record)
        }
        None if countries.is_empty() => return Err(ServerError::Forbidden),
        None => ServiceInput {
            fields: vec![
                ("country".into(), countries[0].code.clone()),
                ("verified_on".into(), today(cx)),
                ("public_listing".into(), "yes".into()),
                ("intake_24h".into(), "no".into()),
            ],
        },
    };
    let kept = kept::kept(cx, &scope(id), form).await?;
    if let Some(k) = &kept {
        input = ServiceInput::from_pairs(&k.fields);
    }
    Ok(ServiceForm {
        id,
        input,
        countries,
        terms: store::terms(&cx.db().pool).await?,
        kept: kept.is_some(),
    })
}

/// The first problem of a checked record, as the form shows it.
fn refused(issues: Vec<check::Issue>) -> ServerError {
    let Some((_, code)) = issues.into_iter().next() else {
        return ServerError::Invalid("refused".into());
    };
    match (Refusal::parse(&code), FieldRefusal::parse(&code)) {
        (Some(r), _) => ServerError::Refused(r),
        (None, Some(f)) => ServerError::Field(f),
        (None, None) => ServerError::Invalid(code),
    }
}

/// Whether the country code names an active country (else the field is refused).
async fn known_country(cx: &Cx, code: &str) -> Result<(), ServerError> {
    let active = countries::list(&cx.db().pool)
        .await?
        .into_iter()
        .any(|c| c.code == code && c.participation == Participation::Active);
    if active {
        Ok(())
    } else {
        Err(FieldRefusal::new("country", Problem::Choice).into())
    }
}

/// What writing a record did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Written {
    Added,
    Changed,
    Unchanged,
}

/// Writes `record` (checked) as a new service or over `previous`, keeping the version
/// and queueing the index, inside `change`.
pub async fn write(
    change: &mut Change,
    mut record: ServiceRecord,
    previous: Option<&ServiceRecord>,
    origin: &str,
    by: i64,
    now: i64,
) -> Result<(i64, Written), ServerError> {
    let (id, written) = match previous {
        None => {
            record.version = 1;
            let id = store::insert(change.conn(), &record, now).await?;
            record.id = id;
            let fields: Vec<String> = Vec::new();
            store::add_version(change.conn(), &record, &fields, origin, Some(by), now).await?;
            (id, Written::Added)
        }
        Some(before) => {
            record.id = before.id;
            let changed = check::changed(before, &record);
            if changed.is_empty() {
                return Ok((before.id, Written::Unchanged));
            }
            record.version = before.version + 1;
            store::update(change.conn(), &record, now).await?;
            store::add_version(change.conn(), &record, &changed, origin, Some(by), now).await?;
            (before.id, Written::Changed)
        }
    };
    change.index(Entity::Service(id), now).await?;
    Ok((id, written))
}

/// Adds (`id` None) or changes a service from the form; returns its id.
pub async fn save(cx: &Cx, id: Option<i64>, input: &ServiceInput) -> Result<i64, ServerError> {
    let user = cx.user()?;
    let previous = match id {
        Some(id) => {
            let record = visible(cx, id).await?;
            if !access::can_edit_directory_of(&cx.viewer, &record.country) {
                return Err(ServerError::Refused(Refusal::NotDirectoryEditor));
            }
            Some(record)
        }
        None => None,
    };
    let country = input.get("country").to_ascii_uppercase();
    known_country(cx, &country).await?;
    if !access::can_edit_directory_of(&cx.viewer, &country) {
        return Err(ServerError::Refused(Refusal::NotDirectoryEditor));
    }
    let terms = store::terms(&cx.db().pool).await?;
    let record = check::check(input, &terms, &today(cx)).map_err(refused)?;
    let mut change = cx.change().await?;
    let (id, _) = write(
        &mut change,
        record,
        previous.as_ref(),
        "form",
        user.id,
        cx.now,
    )
    .await?;
    change.commit().await?;
    Ok(id)
}

/// The country's editors confirm the record is still true today (a version of its own).
pub async fn verify(cx: &Cx, id: i64) -> Result<(), ServerError> {
    let user = cx.user()?;
    let record = visible(cx, id).await?;
    if !access::can_edit_directory_of(&cx.viewer, &record.country) {
        return Err(ServerError::Refused(Refusal::NotDirectoryEditor));
    }
    let mut confirmed = record.clone();
    confirmed.verified_on = today(cx);
    let mut change = cx.change().await?;
    write(
        &mut change,
        confirmed,
        Some(&record),
        "verified",
        user.id,
        cx.now,
    )
    .await?;
    change.commit().await?;
    Ok(())
}

/// Links (or, with `remove`, unlinks) the library document `slug` to the service.
pub async fn link_document(cx: &Cx, id: i64, slug: &str, remove: bool) -> Result<(), ServerError> {
    cx.user()?;
    let record = visible(cx, id).await?;
    if !access::can_edit_directory_of(&cx.viewer, &record.country) {
        return Err(ServerError::Refused(Refusal::NotDirectoryEditor));
    }
    // A pasted address works as well as a bare slug.
    let slug = slug.trim().trim_end_matches('/');
    let slug = slug
        .split_once("/library/")
        .map_or(slug, |(_, rest)| rest)
        .trim_start_matches('/')
        .to_string();
    let mut change = cx.change().await?;
    if remove {
        store::unlink_document(change.conn(), id, &slug).await?;
    } else if !store::link_document(change.conn(), id, &slug).await? {
        return Err(FieldRefusal::new("document", Problem::Choice).into());
    }
    change.commit().await?;
    Ok(())
}

/// What the viewer's countries' directories need: stale records, unlisted ones, open
/// corrections.
pub async fn editor_page(cx: &Cx) -> Result<EditorPage, ServerError> {
    cx.user()?;
    let countries = editable_countries(cx).await?;
    if countries.is_empty() {
        return Err(ServerError::Forbidden);
    }
    let codes: Vec<String> = countries.iter().map(|c| c.code.clone()).collect();
    let pool = &cx.db().pool;
    let before = stale_before(cx);
    let stale_ids =
        store::ids_where(pool, &codes, "s.verified_on <= $1", &before, EDITOR_LIST).await?;
    let unlisted_ids = store::ids_where(
        pool,
        &codes,
        "s.public_listing = 0 AND $1 = $1",
        "",
        EDITOR_LIST,
    )
    .await?;
    let total = store::ids_where(pool, &codes, "$1 = $1", "", 100_000)
        .await?
        .len();
    let mut conn = pool.acquire().await?;
    Ok(EditorPage {
        stale: store::hits(&mut conn, &stale_ids, None, &before).await?,
        unlisted: store::hits(&mut conn, &unlisted_ids, None, &before).await?,
        corrections: store::open_corrections(&mut *conn, &codes).await?,
        terms: store::terms(&mut *conn).await?,
        countries,
        total,
    })
}
