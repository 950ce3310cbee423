//! Links between provider accounts (issuer + subject) and people on the platform, and the
//! creation of a person at their first sign-in through a provider.

use sqlx::{Any, Executor, Row};

use super::users::{self, NewUser, PlatformRole};
use crate::backend::auth::oidc::IdClaims;
use crate::backend::ServerError;

/// The person linked to this provider account, if any.
pub async fn user_for<'e>(
    db: impl Executor<'e, Database = Any>,
    issuer: &str,
    subject: &str,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query("SELECT user_id FROM user_identities WHERE issuer = $1 AND subject = $2")
        .bind(issuer)
        .bind(subject)
        .fetch_optional(db)
        .await?
        .map(|r| r.try_get("user_id"))
        .transpose()
}

pub async fn link<'e>(
    db: impl Executor<'e, Database = Any>,
    issuer: &str,
    subject: &str,
    user_id: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO user_identities (issuer, subject, user_id, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(issuer)
    .bind(subject)
    .bind(user_id)
    .bind(now)
    .execute(db)
    .await?;
    Ok(())
}

/// A username derived from the provider's claims: its preferred username or the part of
/// the email before `@`, reduced to the characters usernames allow.
pub fn username_base(claims: &IdClaims) -> String {
    let source = claims
        .preferred_username
        .as_deref()
        .or_else(|| claims.email.as_deref().and_then(|e| e.split('@').next()))
        .unwrap_or("member");
    let mut base: String = source
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'a'..='z' | '0'..='9' | '_' | '.' | '-' => c,
            _ => '-',
        })
        .take(26)
        .collect();
    base = base.trim_matches(|c| c == '-' || c == '.').to_string();
    while base.len() < 3 {
        base.push('x');
    }
    base
}

/// Creates a member from a provider's claims and links the provider account to them.
/// The email is kept only when no one else has it already: an existing account is never
/// taken over because a provider claims the same address.
pub async fn create_user(
    tx: &mut sqlx::Transaction<'_, Any>,
    claims: &IdClaims,
    now: i64,
) -> Result<i64, ServerError> {
    let base = username_base(claims);
    let mut username = base.clone();
    let mut n = 1;
    while users::exists(&mut **tx, &username).await? {
        n += 1;
        if n > 999 {
            return Err(ServerError::Conflict("no free username".into()));
        }
        username = format!("{base}-{n}");
    }
    let email = claims
        .email
        .as_deref()
        .filter(|e| claims.email_verified != Some(false) && e.contains('@') && e.len() <= 254);
    let email = match email {
        Some(e) if users::email_taken(&mut **tx, e).await? => None,
        other => other,
    };
    let name: String = claims
        .name
        .as_deref()
        .or(claims.preferred_username.as_deref())
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .unwrap_or(&username)
        .chars()
        .take(100)
        .collect();
    let id = users::create(
        &mut **tx,
        &NewUser {
            username: &username,
            display_name: &name,
            email,
            country_code: None,
            organisation: "",
            role: PlatformRole::Member,
            password_hash: None,
        },
        now,
    )
    .await?;
    link(&mut **tx, &claims.iss, &claims.sub, id, now).await?;
    Ok(id)
}
