//! Country affiliation: which country a person works for, as a verified fact.
//!
//! A person's country opens that country's requests (and soon its plans, check-ins and
//! assessments), so nobody sets it for themselves. It is set by an admin, carried by an
//! invitation, or asked for here and approved by staff or the country's focal points
//! ([`access::decides_for_country`]). Every change is audited and tells the person's
//! open live sockets to check their rooms again.

use crate::backend::access::{self};
use crate::backend::events::Room;
use crate::backend::store::{affiliations, audit, countries, users};
use crate::backend::Cx;
use crate::backend::ServerError;
use crate::model::affiliation::{
    AffiliationQueue, AffiliationStatus, MyAffiliation, MAX_NOTE_CHARS,
};
use crate::model::country::{CountryName, Participation};
use crate::model::refusal::Refusal;
use crate::model::user::CountryRole;

/// A participating country's code from a form value, or a refusal.
async fn participating(cx: &Cx, code: &str) -> Result<String, ServerError> {
    let code = code.trim().to_ascii_uppercase();
    match countries::get(&cx.db().pool, &code).await? {
        Some(c) if code.len() == 2 && c.participation == Participation::Active => Ok(code),
        _ => Err(ServerError::from(Refusal::Country)),
    }
}

fn check_text(text: &str, refusal: Refusal) -> Result<String, ServerError> {
    let text = text.trim();
    if text.chars().count() > MAX_NOTE_CHARS
        || text
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\r')
    {
        return Err(refusal.into());
    }
    Ok(text.to_string())
}

/// The account page's view of the viewer's country and requests.
pub async fn mine(cx: &Cx) -> Result<MyAffiliation, ServerError> {
    let me = cx.viewer.user().ok_or(ServerError::Unauthorized)?;
    let all = countries::list(&cx.db().pool).await?;
    let country = me
        .country
        .as_deref()
        .and_then(|code| all.iter().find(|c| c.code == code))
        .cloned()
        .map(CountryName::from);
    let (pending, last_decided) = affiliations::of_user(&cx.db().pool, me.id).await?;
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
pub async fn ask(cx: &Cx, country: &str, note: &str) -> Result<(), ServerError> {
    let me = cx.viewer.user().ok_or(ServerError::Unauthorized)?;
    let country = participating(cx, country).await?;
    if me.country.as_deref() == Some(country.as_str()) {
        return Err(ServerError::from(Refusal::AlreadyYours));
    }
    let note = check_text(note, Refusal::Note)?;
    let mut change = cx.change().await?;
    affiliations::withdraw_pending(change.conn(), me.id, cx.now).await?;
    affiliations::insert(change.conn(), me.id, &country, &note, cx.now).await?;
    let detail = format!("country={country}");
    audit::record(
        change.conn(),
        Some(me.id),
        "affiliation_requested",
        &detail,
        "",
        cx.now,
    )
    .await?;
    change.commit().await?;
    Ok(())
}

/// Takes the viewer's pending request back.
pub async fn withdraw(cx: &Cx) -> Result<(), ServerError> {
    let me = cx.viewer.user().ok_or(ServerError::Unauthorized)?;
    let mut change = cx.change().await?;
    if affiliations::withdraw_pending(change.conn(), me.id, cx.now).await? {
        audit::record(
            change.conn(),
            Some(me.id),
            "affiliation_withdrawn",
            "",
            "",
            cx.now,
        )
        .await?;
    }
    change.commit().await?;
    Ok(())
}

/// The requests the viewer decides on: every country's for staff and admins, their
/// countries' for focal points; nobody else has a queue.
pub async fn queue(cx: &Cx) -> Result<AffiliationQueue, ServerError> {
    let me = cx.viewer.user().ok_or(ServerError::Unauthorized)?;
    let all = access::is_staff(&cx.viewer);
    let mine = me.countries_for(CountryRole::FocalPoint);
    if !all && mine.is_empty() {
        return Err(ServerError::Forbidden);
    }
    let scope = (!all).then_some(mine.as_slice());
    Ok(AffiliationQueue {
        pending: affiliations::list(&cx.db().pool, true, scope, 200).await?,
        recent: affiliations::list(&cx.db().pool, false, scope, 30).await?,
        all_countries: all,
    })
}

/// Approves or declines a pending request. A request the viewer may not decide on is
/// "not found", like one that does not exist.
pub async fn decide(
    cx: &Cx,
    id: i64,
    decision: &str,
    reason: &str,
) -> Result<&'static str, ServerError> {
    let me = cx.viewer.user().ok_or(ServerError::Unauthorized)?;
    let request = affiliations::by_id(&cx.db().pool, id)
        .await?
        .filter(|r| access::decides_for_country(&cx.viewer, &r.view.country.code))
        .ok_or(ServerError::NotFound)?;
    let (status, done) = match decision {
        "approve" => (AffiliationStatus::Approved, "approved"),
        "decline" => (AffiliationStatus::Declined, "declined"),
        _ => return Err(ServerError::from(Refusal::Decision)),
    };
    let reason = check_text(reason, Refusal::Note)?;
    let mut change = cx.change().await?;
    if !affiliations::decide(change.conn(), id, status, me.id, &reason, cx.now).await? {
        return Err(ServerError::from(Refusal::Decided));
    }
    let country = &request.view.country.code;
    if status == AffiliationStatus::Approved {
        users::set_country(change.conn(), request.user_id, Some(country)).await?;
        change
            .access_changed(Room::User(request.user_id), cx.now)
            .await?;
    }
    let detail = format!(
        "user={} country={country} {}",
        request.view.username,
        status.as_str()
    );
    audit::record(
        change.conn(),
        Some(me.id),
        "affiliation_decided",
        &detail,
        "",
        cx.now,
    )
    .await?;
    change.commit().await?;
    Ok(done)
}

/// An admin sets (or clears, with an empty `country`) a person's verified country.
pub async fn set_by_admin(cx: &Cx, username: &str, country: &str) -> Result<(), ServerError> {
    let admin = crate::backend::admin::admin(&cx.viewer)?;
    let user_id = users::id_of(&cx.db().pool, username)
        .await?
        .ok_or_else(|| ServerError::from(Refusal::UnknownUser))?;
    let country = match country.trim() {
        "" => None,
        code => {
            let code = code.to_ascii_uppercase();
            countries::get(&cx.db().pool, &code)
                .await?
                .ok_or_else(|| ServerError::from(Refusal::UnknownCountry))?;
            Some(code)
        }
    };
    let mut change = cx.change().await?;
    users::set_country(change.conn(), user_id, country.as_deref()).await?;
    // The admin's decision supersedes whatever the person asked for.
    affiliations::withdraw_pending(change.conn(), user_id, cx.now).await?;
    change.access_changed(Room::User(user_id), cx.now).await?;
    let detail = format!(
        "user={username} country={}",
        country.as_deref().unwrap_or("none")
    );
    audit::record(
        change.conn(),
        Some(admin.id),
        "country_changed",
        &detail,
        "",
        cx.now,
    )
    .await?;
    change.commit().await?;
    Ok(())
}
