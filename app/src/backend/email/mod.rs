//! Email: each person's settings (an email per notification, a daily digest, the
//! language), the one-click unsubscribe link every email carries, and — in [`outbox`] and
//! [`compose`] — what the sender sends next and its words. Sending itself (SMTP) is the
//! server's (`server::mailer`).

pub mod compose;
pub mod outbox;

use crate::backend::auth::session::new_token;
use crate::backend::store::email as store;
use crate::backend::{Cx, ServerError};
use crate::i18n::Locale;
use crate::model::email::{EmailSettings, UnsubscribeView};
use crate::model::refusal::Refusal;

/// The signed-in person's settings.
pub async fn settings(cx: &Cx) -> Result<EmailSettings, ServerError> {
    let me = cx.viewer.user().ok_or(ServerError::Unauthorized)?;
    let r = store::recipient_by_id(&cx.db().pool, me.id)
        .await?
        .ok_or(ServerError::Unauthorized)?;
    Ok(EmailSettings {
        address: r.email,
        each_notification: r.each_notification,
        daily_digest: r.daily_digest,
        language: r.language,
    })
}

/// Saves the signed-in person's settings; `language` is `""` or one of the four codes.
pub async fn save(
    cx: &Cx,
    each_notification: bool,
    daily_digest: bool,
    language: &str,
) -> Result<(), ServerError> {
    let me = cx.viewer.user().ok_or(ServerError::Unauthorized)?;
    if !language.is_empty() && Locale::ALL.iter().all(|l| l.code() != language) {
        return Err(Refusal::Language.into());
    }
    let pool = &cx.db().pool;
    store::ensure(pool, me.id, &new_token(), cx.now).await?;
    store::save(
        pool,
        me.id,
        each_notification,
        daily_digest,
        language,
        cx.now,
    )
    .await?;
    Ok(())
}

/// What the unsubscribe page shows for `token` (not found: no such link).
pub async fn unsubscribe_view(cx: &Cx, token: &str) -> Result<UnsubscribeView, ServerError> {
    let r = store::recipient_by_token(&cx.db().pool, token)
        .await?
        .ok_or(ServerError::NotFound)?;
    Ok(UnsubscribeView {
        address_hint: r.email.as_deref().map(hint).unwrap_or_default(),
        subscribed: r.each_notification || r.daily_digest,
    })
}

/// Turns off every email to the holder of `token` (the link's POST, from the page or from
/// a mail client's one-click unsubscribe). No session needed: the token is the proof.
pub async fn unsubscribe(cx: &Cx, token: &str) -> Result<(), ServerError> {
    if store::unsubscribe(&cx.db().pool, token, cx.now).await? {
        Ok(())
    } else {
        Err(ServerError::NotFound)
    }
}

/// `carlos@minsalud.gov.co` → `c…@minsalud.gov.co`.
fn hint(address: &str) -> String {
    match address.split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}…@{domain}")
        }
        None => "…".to_string(),
    }
}

/// The language of emails to a person: their choice, else the first of their profile's
/// languages, else English.
pub fn language_of(chosen: &str, profile_languages: &str) -> Locale {
    Locale::from_tag(chosen)
        .filter(|_| !chosen.is_empty())
        .or_else(|| {
            profile_languages
                .split(',')
                .filter(|l| !l.is_empty())
                .find_map(Locale::from_tag)
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hint_hides_all_but_the_first_letter() {
        assert_eq!(hint("carlos.mejia@minsalud.gov.co"), "c…@minsalud.gov.co");
        assert_eq!(hint("nobody"), "…");
    }

    #[test]
    fn the_language_is_the_choice_then_the_profile_then_english() {
        assert_eq!(language_of("fr", "es,pt"), Locale::Fr);
        assert_eq!(language_of("", "pt,es"), Locale::Pt);
        assert_eq!(language_of("", ""), Locale::En);
    }
}
