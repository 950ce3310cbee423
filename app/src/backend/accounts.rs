//! Local accounts: who may create one (sign-up open, or a valid invitation — one rule for
//! the page and the form), creating it, signing in (sessions started, failures recorded,
//! a session token resolved to a viewer), changing its password, and ending sessions. The
//! server's handlers only carry the HTTP side (cookies, redirects, throttling).
//!
//! A new account never chooses its own country: an invitation may carry one (verified by
//! the admin who made it); otherwise the country picked on the form becomes a request
//! that staff or the country's focal points approve (see `affiliation`).

use crate::backend::access::Viewer;
use crate::backend::auth::{password, session};
use crate::backend::events::Room;
use crate::backend::store::{affiliations, audit, countries, invitations, users};
use crate::backend::{Cx, ServerError};
use crate::model::country::{CountryName, Participation};
use crate::model::refusal::Refusal;
use crate::model::user::{PlatformRole, SessionView, SignUpForm};

/// Who may create an account: anyone when sign-up is open, else only the holder of a valid
/// invitation. Returns the invitation (if a token was given); "not found" when sign-up is
/// closed and there is none; a refusal when a token was given but is not valid.
pub async fn signup_gate(
    cx: &Cx,
    invite: &str,
) -> Result<Option<invitations::Invitation>, ServerError> {
    let invitation = match invite.trim() {
        "" => None,
        token => Some(
            invitations::valid(&cx.db().pool, token, cx.now)
                .await?
                .ok_or(Refusal::Invite)?,
        ),
    };
    if !cx.state.allow_signup && invitation.is_none() {
        return Err(ServerError::NotFound);
    }
    Ok(invitation)
}

/// What the sign-up page offers: the countries one may say one works for, or the country
/// an invitation carries.
pub async fn signup_form(cx: &Cx, invite: &str) -> Result<SignUpForm, ServerError> {
    let invitation = match signup_gate(cx, invite).await {
        Ok(i) => i,
        // A stale link still shows the form when sign-up is open; closed, it is no page.
        Err(ServerError::Refused(_)) if cx.state.allow_signup => None,
        Err(ServerError::Refused(_)) => return Err(ServerError::NotFound),
        Err(e) => return Err(e),
    };
    let all = countries::list(&cx.db().pool).await?;
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
pub async fn sign_up(cx: &Cx, form: &SignUp<'_>, user_agent: &str) -> Result<String, ServerError> {
    let now = cx.now;
    let invitation = signup_gate(cx, form.invite).await?;
    if form.password != form.confirm {
        return Err(Refusal::Mismatch.into());
    }
    let hash = hash_password(form.password).await?;
    let username = form.username.trim().to_ascii_lowercase();
    let email = Some(form.email.trim()).filter(|e| !e.is_empty());
    if email.is_some_and(|e| e.len() > 254 || !e.contains('@')) {
        return Err(Refusal::Invalid.into());
    }
    // The invitation's country is verified; the form's is only asked for.
    let verified = invitation.as_ref().and_then(|i| i.country_code.clone());
    let asked = match (&verified, form.country.trim()) {
        (Some(_), _) | (None, "") => None,
        (None, code) => {
            let code = code.to_ascii_uppercase();
            match countries::get(&cx.db().pool, &code).await? {
                Some(c) if c.participation == Participation::Active => Some(code),
                _ => return Err(Refusal::Invalid.into()),
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
    let mut change = cx.change().await?;
    let id = match users::create(change.conn(), &new, now).await {
        Ok(id) => id,
        Err(ServerError::Conflict(_)) => return Err(Refusal::Taken.into()),
        Err(ServerError::Invalid(_)) => return Err(Refusal::Invalid.into()),
        Err(e) => return Err(e),
    };
    // Redeeming inside the change: of two people racing with one link, one wins.
    if invitation.is_some()
        && !invitations::redeem(change.conn(), form.invite.trim(), id, now).await?
    {
        return Err(Refusal::Invite.into());
    }
    if let Some(code) = &asked {
        affiliations::insert(change.conn(), id, code, "", now).await?;
        let detail = format!("country={code}");
        audit::record(
            change.conn(),
            Some(id),
            "affiliation_requested",
            &detail,
            "",
            now,
        )
        .await?;
    }
    let token = session::create(change.conn(), id, user_agent, now).await?;
    let how = if invitation.is_some() {
        "invitation"
    } else {
        ""
    };
    audit::record(change.conn(), Some(id), "sign_up", how, "", now).await?;
    change.commit().await?;
    Ok(token)
}

/// Hashes on a blocking thread: argon2 is deliberately slow. A password that breaks the
/// length rule is refused as weak.
async fn hash_password(password: &str) -> Result<String, ServerError> {
    let password = password.to_string();
    match tokio::task::spawn_blocking(move || password::hash(&password)).await {
        Ok(Ok(h)) => Ok(h),
        Ok(Err(ServerError::Invalid(_))) => Err(Refusal::Weak.into()),
        Ok(Err(e)) => Err(e),
        Err(e) => Err(ServerError::Internal(format!("hashing task: {e}"))),
    }
}

/// The account with this username, if `password` is its password (checked on a blocking
/// thread; an unknown username takes as long as a wrong password).
pub async fn password_matches(
    cx: &Cx,
    username: &str,
    password: &str,
) -> Result<Option<i64>, ServerError> {
    let creds = users::credentials(&cx.db().pool, username).await?;
    let stored = creds.as_ref().and_then(|c| c.password_hash.clone());
    let password = password.to_string();
    let ok = tokio::task::spawn_blocking(move || password::verify(&password, stored.as_deref()))
        .await
        .unwrap_or(false);
    Ok(creds.filter(|_| ok).map(|c| c.id))
}

/// Records a failed sign-in against the named account (when there is one).
pub async fn sign_in_failed(cx: &Cx, username: &str, address: &str) -> Result<(), ServerError> {
    let pool = &cx.db().pool;
    let uid = users::id_of(pool, username).await?;
    let detail = format!("username={}", username.chars().take(40).collect::<String>());
    audit::record(pool, uid, "sign_in_failed", &detail, address, cx.now).await?;
    Ok(())
}

/// How a person proved who they are, for a new session and the audit log.
pub struct Proof<'a> {
    pub user_id: i64,
    /// `local` or `oidc:{provider}`.
    pub method: &'a str,
    pub address: &'a str,
    pub user_agent: &'a str,
}

/// Starts a session for someone who has just proved who they are, ending the browser's
/// previous one (`old_token`): a new token at every sign-in. Returns the new token.
pub async fn start_session(
    cx: &Cx,
    proof: &Proof<'_>,
    old_token: Option<&str>,
) -> Result<String, ServerError> {
    let pool = &cx.db().pool;
    if let Some(old) = old_token {
        session::end(pool, old).await?;
    }
    let token = session::create(pool, proof.user_id, proof.user_agent, cx.now).await?;
    let (id, method, address) = (Some(proof.user_id), proof.method, proof.address);
    audit::record(pool, id, "sign_in", method, address, cx.now).await?;
    Ok(token)
}

/// Who a session token belongs to: anonymous when it names no live session (forged,
/// ended, timed out) or the lookup fails (logged).
pub async fn viewer_for(cx: &Cx, token: &str) -> Viewer {
    let pool = &cx.db().pool;
    let user = match session::resolve(pool, token, cx.state.sessions, cx.now).await {
        Ok(Some(user_id)) => users::signed_in(pool, user_id).await,
        Ok(None) => return Viewer::Anonymous,
        Err(e) => Err(e),
    };
    match user {
        Ok(Some(mut u)) => {
            u.session_id = session::id_of(token);
            Viewer::User(u)
        }
        Ok(None) => Viewer::Anonymous,
        Err(e) => {
            tracing::error!(error = %e, "session lookup failed");
            Viewer::Anonymous
        }
    }
}

/// Changes the viewer's password after checking the current one, and ends every other
/// session of theirs (their live sockets on those sessions close).
pub async fn change_password(
    cx: &Cx,
    current: &str,
    new: &str,
    confirm: &str,
) -> Result<(), ServerError> {
    let (user, now) = (cx.user()?, cx.now);
    if password_matches(cx, &user.username, current)
        .await?
        .is_none()
    {
        let pool = &cx.db().pool;
        audit::record(pool, Some(user.id), "password_change_failed", "", "", now).await?;
        return Err(Refusal::WrongCurrent.into());
    }
    if new != confirm {
        return Err(Refusal::Mismatch.into());
    }
    let hash = hash_password(new).await?;
    let mut change = cx.change().await?;
    users::set_password(change.conn(), user.id, &hash).await?;
    session::end_others(change.conn(), user.id, &user.session_id).await?;
    change.access_changed(Room::User(user.id), now).await?;
    audit::record(
        change.conn(),
        Some(user.id),
        "password_changed",
        "",
        "",
        now,
    )
    .await?;
    change.commit().await?;
    Ok(())
}

/// Ends the session with this token (sign-out); its live sockets close.
pub async fn sign_out(cx: &Cx, token: &str) -> Result<(), ServerError> {
    let mut change = cx.change().await?;
    session::end(change.conn(), token).await?;
    if let Some(u) = cx.viewer.user() {
        change.access_changed(Room::User(u.id), cx.now).await?;
        audit::record(change.conn(), Some(u.id), "sign_out", "", "", cx.now).await?;
    }
    change.commit().await?;
    Ok(())
}

/// Ends one of the viewer's own sessions by its id; returns whether there was one.
pub async fn end_session(cx: &Cx, id: &str) -> Result<bool, ServerError> {
    let user = cx.user()?;
    let mut change = cx.change().await?;
    if !session::end_by_id(change.conn(), user.id, id).await? {
        // Not one of this person's sessions: nothing to end, and nothing to reveal.
        return Ok(false);
    }
    change.access_changed(Room::User(user.id), cx.now).await?;
    audit::record(
        change.conn(),
        Some(user.id),
        "session_ended",
        "",
        "",
        cx.now,
    )
    .await?;
    change.commit().await?;
    Ok(true)
}

/// The viewer's live sessions, the current one marked.
pub async fn sessions(cx: &Cx) -> Result<Vec<SessionView>, ServerError> {
    let user = cx.user()?;
    let rows = session::list_for_user(&cx.db().pool, user.id, cx.state.sessions, cx.now).await?;
    Ok(rows
        .into_iter()
        .map(|r| SessionView {
            current: r.id == user.session_id,
            id: r.id,
            created_at: r.created_at,
            last_seen_at: r.last_seen_at,
            user_agent: r.user_agent,
        })
        .collect())
}
