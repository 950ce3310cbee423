//! Local accounts: who may create one (sign-up open, or a valid invitation — one rule for
//! the page and the form), creating it, changing its password, and ending sessions. The
//! server's handlers only carry the HTTP side (cookies, redirects, throttling).
//!
//! A new account never chooses its own country: an invitation may carry one (verified by
//! the admin who made it); otherwise the country picked on the form becomes a request
//! that staff or the country's focal points approve (see `affiliation`).

use crate::backend::access::Viewer;
use crate::backend::auth::{password, session};
use crate::backend::events::{self, Room};
use crate::backend::store::{affiliations, audit, countries, invitations, users};
use crate::backend::{Db, ServerError};
use crate::model::country::{CountryName, Participation};
use crate::model::user::{PlatformRole, SignUpForm};

pub const REFUSED_INVITE: &str = "invite";
pub const REFUSED_MISMATCH: &str = "mismatch";
pub const REFUSED_WEAK: &str = "weak";
pub const REFUSED_INVALID: &str = "invalid";
pub const REFUSED_TAKEN: &str = "taken";
pub const REFUSED_WRONG_CURRENT: &str = "wrong_current";

fn refuse(code: &str) -> ServerError {
    ServerError::Invalid(code.into())
}

/// Who may create an account: anyone when sign-up is open, else only the holder of a valid
/// invitation. Returns the invitation (if a token was given); "not found" when sign-up is
/// closed and there is none; a refusal when a token was given but is not valid.
pub async fn signup_gate(
    db: &Db,
    allow_signup: bool,
    invite: &str,
    now: i64,
) -> Result<Option<invitations::Invitation>, ServerError> {
    let invitation = match invite.trim() {
        "" => None,
        token => Some(
            invitations::valid(&db.pool, token, now)
                .await?
                .ok_or_else(|| refuse(REFUSED_INVITE))?,
        ),
    };
    if !allow_signup && invitation.is_none() {
        return Err(ServerError::NotFound);
    }
    Ok(invitation)
}

/// What the sign-up page offers: the countries one may say one works for, or the country
/// an invitation carries.
pub async fn signup_form(
    db: &Db,
    allow_signup: bool,
    invite: &str,
    now: i64,
) -> Result<SignUpForm, ServerError> {
    let invitation = match signup_gate(db, allow_signup, invite, now).await {
        Ok(i) => i,
        // A stale link still shows the form when sign-up is open; closed, it is no page.
        Err(ServerError::Invalid(_)) if allow_signup => None,
        Err(ServerError::Invalid(_)) => return Err(ServerError::NotFound),
        Err(e) => return Err(e),
    };
    let all = countries::list(&db.pool).await?;
    let invited_country = invitation
        .and_then(|i| i.country_code)
        .and_then(|code| all.iter().find(|c| c.code == code).cloned())
        .map(CountryName::from);
    Ok(SignUpForm {
        countries: all
            .into_iter()
            .filter(|c| c.participation == Participation::Active)
            .map(CountryName::from)
            .collect(),
        invited_country,
    })
}

/// What the sign-up form sent.
pub struct SignUp<'a> {
    pub username: &'a str,
    pub name: &'a str,
    pub email: &'a str,
    /// The country the person says they work for: a request, not a fact.
    pub country: &'a str,
    pub password: &'a str,
    pub confirm: &'a str,
    pub invite: &'a str,
}

/// Creates the account and its first session; returns the session token.
pub async fn sign_up(
    db: &Db,
    allow_signup: bool,
    form: &SignUp<'_>,
    user_agent: &str,
    now: i64,
) -> Result<String, ServerError> {
    let invitation = signup_gate(db, allow_signup, form.invite, now).await?;
    if form.password != form.confirm {
        return Err(refuse(REFUSED_MISMATCH));
    }
    let hash = hash_password(form.password).await?;
    let username = form.username.trim().to_ascii_lowercase();
    let email = Some(form.email.trim()).filter(|e| !e.is_empty());
    if email.is_some_and(|e| e.len() > 254 || !e.contains('@')) {
        return Err(refuse(REFUSED_INVALID));
    }
    // The invitation's country is verified; the form's is only asked for.
    let verified = invitation.as_ref().and_then(|i| i.country_code.clone());
    let asked = match (&verified, form.country.trim()) {
        (Some(_), _) | (None, "") => None,
        (None, code) => {
            let code = code.to_ascii_uppercase();
            match countries::get(&db.pool, &code).await? {
                Some(c) if c.participation == Participation::Active => Some(code),
                _ => return Err(refuse(REFUSED_INVALID)),
            }
        }
    };
    let new = users::NewUser {
        username: &username,
        display_name: form.name,
        email,
        country_code: verified.as_deref(),
        organisation: "",
        role: invitation.as_ref().map_or(PlatformRole::Member, |i| i.role),
        password_hash: Some(&hash),
    };
    let mut tx = db.pool.begin().await?;
    let id = match users::create(&mut *tx, &new, now).await {
        Ok(id) => id,
        Err(ServerError::Conflict(_)) => return Err(refuse(REFUSED_TAKEN)),
        Err(ServerError::Invalid(_)) => return Err(refuse(REFUSED_INVALID)),
        Err(e) => return Err(e),
    };
    // Redeeming inside the transaction: of two people racing with one link, one wins.
    if invitation.is_some() && !invitations::redeem(&mut *tx, form.invite.trim(), id, now).await? {
        return Err(refuse(REFUSED_INVITE));
    }
    if let Some(code) = &asked {
        affiliations::insert(&mut *tx, id, code, "", now).await?;
        let detail = format!("country={code}");
        audit::record(
            &mut *tx,
            Some(id),
            "affiliation_requested",
            &detail,
            "",
            now,
        )
        .await?;
    }
    let token = session::create(&mut *tx, id, user_agent, now).await?;
    let how = if invitation.is_some() {
        "invitation"
    } else {
        ""
    };
    audit::record(&mut *tx, Some(id), "sign_up", how, "", now).await?;
    tx.commit().await?;
    Ok(token)
}

/// Hashes on a blocking thread: argon2 is deliberately slow. A password that breaks the
/// length rule is refused as weak.
async fn hash_password(password: &str) -> Result<String, ServerError> {
    let password = password.to_string();
    match tokio::task::spawn_blocking(move || password::hash(&password)).await {
        Ok(Ok(h)) => Ok(h),
        Ok(Err(ServerError::Invalid(_))) => Err(refuse(REFUSED_WEAK)),
        Ok(Err(e)) => Err(e),
        Err(e) => Err(ServerError::Internal(format!("hashing task: {e}"))),
    }
}

/// Whether `password` is the account's (checked on a blocking thread).
pub async fn password_matches(
    db: &Db,
    username: &str,
    password: &str,
) -> Result<Option<i64>, ServerError> {
    let creds = users::credentials(&db.pool, username).await?;
    let stored = creds.as_ref().and_then(|c| c.password_hash.clone());
    let password = password.to_string();
    let ok = tokio::task::spawn_blocking(move || password::verify(&password, stored.as_deref()))
        .await
        .unwrap_or(false);
    Ok(creds.filter(|_| ok).map(|c| c.id))
}

/// Changes the viewer's password after checking the current one, and ends every other
/// session of theirs (their live sockets on those sessions close).
pub async fn change_password(
    db: &Db,
    viewer: &Viewer,
    current: &str,
    new: &str,
    confirm: &str,
    now: i64,
) -> Result<(), ServerError> {
    let user = viewer.user().ok_or(ServerError::Unauthorized)?;
    if password_matches(db, &user.username, current)
        .await?
        .is_none()
    {
        audit::record(
            &db.pool,
            Some(user.id),
            "password_change_failed",
            "",
            "",
            now,
        )
        .await?;
        return Err(refuse(REFUSED_WRONG_CURRENT));
    }
    if new != confirm {
        return Err(refuse(REFUSED_MISMATCH));
    }
    let hash = hash_password(new).await?;
    let mut tx = db.pool.begin().await?;
    users::set_password(&mut *tx, user.id, &hash).await?;
    session::end_others(&mut *tx, user.id, &user.session_id).await?;
    events::access_changed(&mut tx, Room::User(user.id), now).await?;
    audit::record(&mut *tx, Some(user.id), "password_changed", "", "", now).await?;
    db.commit_with_events(tx).await?;
    Ok(())
}

/// Ends the session with this token (sign-out); its live sockets close.
pub async fn sign_out(db: &Db, viewer: &Viewer, token: &str, now: i64) -> Result<(), ServerError> {
    let mut tx = db.pool.begin().await?;
    session::end(&mut *tx, token).await?;
    if let Some(u) = viewer.user() {
        events::access_changed(&mut tx, Room::User(u.id), now).await?;
        audit::record(&mut *tx, Some(u.id), "sign_out", "", "", now).await?;
    }
    db.commit_with_events(tx).await?;
    Ok(())
}

/// Ends one of the viewer's own sessions by its id; returns whether there was one.
pub async fn end_session(
    db: &Db,
    viewer: &Viewer,
    id: &str,
    now: i64,
) -> Result<bool, ServerError> {
    let user = viewer.user().ok_or(ServerError::Unauthorized)?;
    let mut tx = db.pool.begin().await?;
    if !session::end_by_id(&mut *tx, user.id, id).await? {
        // Not one of this person's sessions: nothing to end, and nothing to reveal.
        return Ok(false);
    }
    events::access_changed(&mut tx, Room::User(user.id), now).await?;
    audit::record(&mut *tx, Some(user.id), "session_ended", "", "", now).await?;
    db.commit_with_events(tx).await?;
    Ok(true)
}

/// The viewer's live sessions, the current one marked.
pub async fn sessions(
    db: &Db,
    viewer: &Viewer,
    policy: crate::backend::auth::SessionPolicy,
    now: i64,
) -> Result<Vec<crate::model::user::SessionView>, ServerError> {
    let user = viewer.user().ok_or(ServerError::Unauthorized)?;
    let rows = session::list_for_user(&db.pool, user.id, policy, now).await?;
    Ok(rows
        .into_iter()
        .map(|r| crate::model::user::SessionView {
            current: r.id == user.session_id,
            id: r.id,
            created_at: r.created_at,
            last_seen_at: r.last_seen_at,
            user_agent: r.user_agent,
        })
        .collect())
}
