//! Sending email: the SMTP connection (`ENTRUST_SMTP_URL`), the loop that empties the
//! outbox every few seconds (what to send, and its words, are the app's
//! `backend::email`), and the two forms about email — one's settings, and the
//! unsubscribe link every email carries, which mail clients may also post to directly
//! (RFC 8058 one-click, named in the `List-Unsubscribe-Post` header).
//!
//! The outbox is a table, so an SMTP outage loses nothing: a failed email is tried again
//! after 30 s, then after doubling delays up to an hour, and several instances share the
//! queue without sending anything twice (each row is held by one sender at a time).

use std::time::Duration;

use app::backend::email::{self, compose::Letter, outbox};
use app::backend::{AppState, Cx};
use axum::{
    body::Bytes,
    extract::Path,
    http::{header, StatusCode},
    response::{IntoResponse, Redirect, Response},
};
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

/// Emails taken from the outbox in one round.
const BATCH: i64 = 50;
/// How often the outbox is looked at.
const EVERY: Duration = Duration::from_secs(10);

/// Where and as whom emails are sent.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    /// The site's host, for Message-IDs.
    host: String,
    /// Seconds a notification waits before its email (read on the site by then: none).
    pub delay: i64,
}

impl Mailer {
    /// `url`: `smtp://host:25`, `smtp://user:pass@host:587?tls=required` (STARTTLS) or
    /// `smtps://user:pass@host:465`; `from`: `Name <address>`.
    pub fn new(url: &str, from: &str, site_origin: &str, delay: i64) -> Result<Mailer, String> {
        let from: Mailbox = from
            .parse()
            .map_err(|e| format!("ENTRUST_MAIL_FROM {from:?} is not an address: {e}"))?;
        // The URL may hold a password: errors never repeat it. (Building starts the
        // connection pool's task: call this inside the runtime.)
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| format!("ENTRUST_SMTP_URL is not a usable SMTP URL ({e})"))?
            .timeout(Some(Duration::from_secs(30)))
            .build();
        let host = site_origin
            .split("://")
            .nth(1)
            .unwrap_or(site_origin)
            .split([':', '/'])
            .next()
            .unwrap_or("localhost")
            .to_string();
        Ok(Mailer {
            transport,
            from,
            host,
            delay,
        })
    }

    /// The email as it goes on the wire.
    pub fn message(&self, letter: &Letter) -> Result<Message, String> {
        let to = Mailbox::new(
            Some(letter.to_name.clone()),
            letter
                .to
                .parse()
                .map_err(|e| format!("not an address: {e}"))?,
        );
        let raw = |name: &'static str, value: String| {
            HeaderValue::new(HeaderName::new_from_ascii_str(name), value)
        };
        let id = format!(
            "<{}.{}@{}>",
            app::backend::auth::session::new_token(),
            letter.kind,
            self.host
        );
        Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(letter.subject.clone())
            .message_id(Some(id))
            .raw_header(raw(
                "List-Unsubscribe",
                format!("<{}>", letter.unsubscribe_url),
            ))
            .raw_header(raw(
                "List-Unsubscribe-Post",
                "List-Unsubscribe=One-Click".to_string(),
            ))
            // Out-of-office replies are not sent back to automatic emails.
            .raw_header(raw("Auto-Submitted", "auto-generated".to_string()))
            .raw_header(raw("Content-Language", letter.locale.code().to_string()))
            .header(ContentType::TEXT_PLAIN)
            .body(letter.text.clone())
            .map_err(|e| e.to_string())
    }
}

/// What one round did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Round {
    pub sent: usize,
    pub dropped: usize,
    pub failed: usize,
}

/// One round: queues the digests whose morning has come, then sends (or drops) what is
/// due, one batch at a time until nothing due is left or a send fails (the server is
/// down: the rest waits for the next round rather than failing one by one).
pub async fn round(state: &AppState, mailer: &Mailer, now: i64) -> Result<Round, String> {
    let mut done = Round::default();
    outbox::queue_digests(state, now)
        .await
        .map_err(|e| e.to_string())?;
    loop {
        let batch = outbox::next(state, now, mailer.delay, BATCH)
            .await
            .map_err(|e| e.to_string())?;
        if batch.is_empty() {
            break;
        }
        let mut outage = false;
        for next in batch {
            match next {
                outbox::Next::Drop { id, why } => {
                    outbox::dropped(state, id, why, now)
                        .await
                        .map_err(|e| e.to_string())?;
                    done.dropped += 1;
                }
                // Rows taken after an outage began are released at once for the next
                // round (counted as a failed attempt each, so backoff applies).
                outbox::Next::Send { id, attempts, .. } if outage => {
                    outbox::failed(
                        state,
                        id,
                        attempts,
                        "not tried: server unreachable",
                        false,
                        now,
                    )
                    .await
                    .map_err(|e| e.to_string())?;
                    done.failed += 1;
                }
                outbox::Next::Send {
                    id,
                    attempts,
                    letter,
                } => {
                    let result = match mailer.message(&letter) {
                        Ok(message) => mailer
                            .transport
                            .send(message)
                            .await
                            .map(|_| ())
                            .map_err(|e| (e.to_string(), e.is_permanent())),
                        // An address the message cannot carry will never be sendable.
                        Err(e) => Err((e, true)),
                    };
                    match result {
                        Ok(()) => {
                            outbox::sent(state, id, now)
                                .await
                                .map_err(|e| e.to_string())?;
                            done.sent += 1;
                        }
                        Err((why, permanent)) => {
                            tracing::warn!(outbox = id, permanent, "email not sent: {why}");
                            outbox::failed(state, id, attempts, &why, permanent, now)
                                .await
                                .map_err(|e| e.to_string())?;
                            done.failed += 1;
                            outage |= !permanent;
                        }
                    }
                }
            }
        }
        if outage {
            break;
        }
    }
    Ok(done)
}

/// Sends email for as long as the process runs.
pub fn start(state: AppState, mailer: Mailer) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(EVERY);
        let mut rounds: u64 = 0;
        loop {
            tick.tick().await;
            let now = app::backend::now();
            match round(&state, &mailer, now).await {
                Ok(r) if r.sent + r.dropped + r.failed > 0 => {
                    tracing::info!(
                        sent = r.sent,
                        dropped = r.dropped,
                        failed = r.failed,
                        "email"
                    )
                }
                Ok(_) => {}
                Err(e) => tracing::warn!("email round failed: {e}"),
            }
            // Hourly: old rows go (see `outbox::tidy`).
            if rounds.is_multiple_of(360) {
                if let Err(e) = outbox::tidy(&state, now).await {
                    tracing::warn!("tidying the email outbox failed: {e}");
                }
            }
            rounds += 1;
        }
    });
}

/// `POST /account/email`: `each=on`, `digest=on` (absent when unticked), `language`.
pub async fn save_settings(cx: Cx, body: Bytes) -> Response {
    let (mut each, mut digest, mut language) = (false, false, String::new());
    for (key, value) in form_urlencoded::parse(&body) {
        match key.as_ref() {
            "each" => each = value == "on",
            "digest" => digest = value == "on",
            "language" => language = value.into_owned(),
            _ => {}
        }
    }
    let outcome = email::save(&cx, each, digest, language.trim()).await;
    crate::forms::back_to("/account/email", "", outcome.map(|()| "saved"))
}

/// `POST /email/unsubscribe/{token}`: from the unsubscribe page's button (back to the page,
/// which says it is done) or from a mail client's one-click unsubscribe (RFC 8058: the
/// body is `List-Unsubscribe=One-Click`, and it wants a plain 200).
pub async fn unsubscribe(cx: Cx, Path(token): Path<String>, body: Bytes) -> Response {
    let one_click =
        form_urlencoded::parse(&body).any(|(k, v)| k == "List-Unsubscribe" && v == "One-Click");
    match email::unsubscribe(&cx, &token).await {
        Ok(()) if one_click => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            "Unsubscribed: no more emails will be sent.\n",
        )
            .into_response(),
        // The token came in the path the form was on; it goes back there as it came.
        Ok(()) => Redirect::to(&format!("/email/unsubscribe/{}?done=1", safe_token(&token)))
            .into_response(),
        Err(e) => e.into_response(),
    }
}

/// A token as it may appear in a URL (tokens are base64url; anything else was not one).
fn safe_token(token: &str) -> String {
    token
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn letter() -> Letter {
        Letter {
            to: "ana.quispe@minsa.gob.pe".into(),
            to_name: "Ana Quispe".into(),
            locale: app::i18n::Locale::Es,
            subject: "Carlos Mejía la mencionó · Plan operativo".into(),
            text: "Hola\n".into(),
            unsubscribe_url: "https://entrust.example.org/email/unsubscribe/abc".into(),
            kind: "notification",
        }
    }

    #[tokio::test]
    async fn messages_carry_the_unsubscribe_headers_and_their_language() {
        let m = Mailer::new(
            "smtp://127.0.0.1:2525",
            "ENTRUST Network <no-reply@entrust.example.org>",
            "https://entrust.example.org",
            0,
        )
        .unwrap();
        let raw = String::from_utf8(m.message(&letter()).unwrap().formatted()).unwrap();
        assert!(
            raw.contains("List-Unsubscribe: <https://entrust.example.org/email/unsubscribe/abc>"),
            "{raw}"
        );
        assert!(raw.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
        assert!(raw.contains("Content-Language: es"));
        assert!(raw.contains("Auto-Submitted: auto-generated"));
        assert!(
            raw.contains("@entrust.example.org>"),
            "Message-ID on the site's host"
        );
    }

    #[tokio::test]
    async fn a_bad_smtp_url_or_sender_is_refused_without_repeating_the_url() {
        let e = Mailer::new("smtp://user:secret@[bad", "a@b.c", "http://x", 0)
            .err()
            .unwrap();
        assert!(!e.contains("secret"), "{e}");
        assert!(Mailer::new("smtp://127.0.0.1:25", "not an address", "http://x", 0).is_err());
    }

    #[test]
    fn only_token_characters_go_back_into_the_url() {
        assert_eq!(safe_token("abc-_09"), "abc-_09");
        assert_eq!(safe_token("a/../b?x=1"), "abx1");
    }
}
