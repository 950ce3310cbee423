//! Country affiliation: which country a person works for, as a verified fact.
//!
//! A person's country opens that country's requests (and soon its plans, check-ins and
//! assessments), so nobody sets it for themselves. It is set by an admin, carried by an
//! invitation, or asked for here and approved by staff or the country's focal points
//! ([`access::can_decide_affiliation`]). Every change is audited and tells the person's
//! open live sockets to check their rooms again.

use crate::backend::access::{self, Viewer};
use crate::backend::events::{self, Room};
use crate::backend::store::{affiliations, audit, countries, users};
use crate::backend::{Db, ServerError};
use crate::model::affiliation::{
    AffiliationQueue, AffiliationStatus, MyAffiliation, MAX_NOTE_CHARS,
};
use crate::model::country::{CountryName, Participation};
use crate::model::user::CountryRole;

pub const REFUSED_COUNTRY: &str = "country";
pub const REFUSED_ALREADY: &str = "already";
pub const REFUSED_NOTE: &str = "note";
pub const REFUSED_DECISION: &str = "decision";
pub const REFUSED_DECIDED: &str = "decided";

fn refuse(code: &str) -> ServerError {
    ServerError::Invalid(code.into())
}

/// A participating country's code from a form value, or a refusal.
async fn participating(db: &Db, code: &str) -> Result<String, ServerError> {
    let code = code.trim().to_ascii_uppercase();
    match countries::get(&db.pool, &code).await? {
        Some(c) if code.len() == 2 && c.participation == Participation::Active => Ok(code),
        _ => Err(refuse(REFUSED_COUNTRY)),
    }
}

fn check_text(text: &str, code: &str) -> Result<String, ServerError> {
    let text = text.trim();
    if text.chars().count() > MAX_NOTE_CHARS
        || text
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\r')
    {
        return Err(refuse(code));
    }
    Ok(text.to_string())
}

/// The account page's view of the viewer's country and requests.
pub async fn mine(db: &Db, viewer: &Viewer) -> Result<MyAffiliation, ServerError> {
    let me = viewer.user().ok_or(ServerError::Unauthorized)?;
    let all = countries::list(&db.pool).await?;
    let country = me
        .country
        .as_deref()
        .and_then(|code| all.iter().find(|c| c.code == code))
        .cloned()
        .map(CountryName::from);
    let (pending, last_decided) = affiliations::of_user(&db.pool, me.id).await?;
    Ok(MyAffiliation {
        country,
        pending: pending.map(|s| s.view),
        last_decided: last_decided.map(|s| s.view),
        countries: all
            .into_iter()
            .filter(|c| c.participation == Participation::Active)
            .map(CountryName::from)
            .collect(),
    })
}

/// Asks to be recognised as working for `country`; replaces a pending request.
pub async fn ask(
    db: &Db,
    viewer: &Viewer,
    country: &str,
    note: &str,
    now: i64,
) -> Result<(), ServerError> {
    let me = viewer.user().ok_or(ServerError::Unauthorized)?;
    let country = participating(db, country).await?;
    if me.country.as_deref() == Some(country.as_str()) {
        return Err(refuse(REFUSED_ALREADY));
    }
    let note = check_text(note, REFUSED_NOTE)?;
    let mut tx = db.pool.begin().await?;
    affiliations::withdraw_pending(&mut *tx, me.id, now).await?;
    affiliations::insert(&mut *tx, me.id, &country, &note, now).await?;
    let detail = format!("country={country}");
    audit::record(
        &mut *tx,
        Some(me.id),
        "affiliation_requested",
        &detail,
        "",
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Takes the viewer's pending request back.
pub async fn withdraw(db: &Db, viewer: &Viewer, now: i64) -> Result<(), ServerError> {
    let me = viewer.user().ok_or(ServerError::Unauthorized)?;
    let mut tx = db.pool.begin().await?;
    if affiliations::withdraw_pending(&mut *tx, me.id, now).await? {
        audit::record(&mut *tx, Some(me.id), "affiliation_withdrawn", "", "", now).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The requests the viewer decides on: every country's for staff and admins, their
/// countries' for focal points; nobody else has a queue.
pub async fn queue(db: &Db, viewer: &Viewer) -> Result<AffiliationQueue, ServerError> {
    let me = viewer.user().ok_or(ServerError::Unauthorized)?;
    let all = access::is_staff(viewer);
    let mine = me.countries_for(CountryRole::FocalPoint);
    if !all && mine.is_empty() {
        return Err(ServerError::Forbidden);
    }
    let scope = (!all).then_some(mine.as_slice());
    Ok(AffiliationQueue {
        pending: affiliations::list(&db.pool, true, scope, 200).await?,
        recent: affiliations::list(&db.pool, false, scope, 30).await?,
        all_countries: all,
    })
}

/// Approves or declines a pending request. A request the viewer may not decide on is
/// "not found", like one that does not exist.
pub async fn decide(
    db: &Db,
    viewer: &Viewer,
    id: i64,
    decision: &str,
    reason: &str,
    now: i64,
) -> Result<&'static str, ServerError> {
    let me = viewer.user().ok_or(ServerError::Unauthorized)?;
    let request = affiliations::by_id(&db.pool, id)
        .await?
        .filter(|r| access::can_decide_affiliation(viewer, &r.view.country.code))
        .ok_or(ServerError::NotFound)?;
    let (status, done) = match decision {
        "approve" => (AffiliationStatus::Approved, "approved"),
        "decline" => (AffiliationStatus::Declined, "declined"),
        _ => return Err(refuse(REFUSED_DECISION)),
    };
    let reason = check_text(reason, REFUSED_NOTE)?;
    let mut tx = db.pool.begin().await?;
    if !affiliations::decide(&mut *tx, id, status, me.id, &reason, now).await? {
        return Err(refuse(REFUSED_DECIDED));
    }
    let country = &request.view.country.code;
    if status == AffiliationStatus::Approved {
        users::set_country(&mut *tx, request.user_id, Some(country)).await?;
        events::access_changed(&mut tx, Room::User(request.user_id), now).await?;
    }
    let detail = format!(
        "user={} country={country} {}",
        request.view.username,
        status.as_str()
    );
    audit::record(
        &mut *tx,
        Some(me.id),
        "affiliation_decided",
        &detail,
        "",
        now,
    )
    .await?;
    db.commit_with_events(tx).await?;
    Ok(done)
}

/// An admin sets (or clears, with an empty `country`) a person's verified country.
pub async fn set_by_admin(
    db: &Db,
    viewer: &Viewer,
    username: &str,
    country: &str,
    now: i64,
) -> Result<(), ServerError> {
    let admin = crate::backend::admin::admin(viewer)?;
    let user_id = users::id_of(&db.pool, username)
        .await?
        .ok_or_else(|| refuse(crate::backend::admin::REFUSED_UNKNOWN_USER))?;
    let country = match country.trim() {
        "" => None,
        code => {
            let code = code.to_ascii_uppercase();
            countries::get(&db.pool, &code)
                .await?
                .ok_or_else(|| refuse(crate::backend::admin::REFUSED_UNKNOWN_COUNTRY))?;
            Some(code)
        }
    };
    let mut tx = db.pool.begin().await?;
    users::set_country(&mut *tx, user_id, country.as_deref()).await?;
    // The admin's decision supersedes whatever the person asked for.
    affiliations::withdraw_pending(&mut *tx, user_id, now).await?;
    events::access_changed(&mut tx, Room::User(user_id), now).await?;
    let detail = format!(
        "user={username} country={}",
        country.as_deref().unwrap_or("none")
    );
    audit::record(
        &mut *tx,
        Some(admin.id),
        "country_changed",
        &detail,
        "",
        now,
    )
    .await?;
    db.commit_with_events(tx).await?;
    Ok(())
}
