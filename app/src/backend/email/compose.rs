//! The words of emails, in the recipient's language: one notification (what happened,
//! the start of the post, the link to read it) or a day's digest (each unread item with
//! its link); every email ends by saying why it came and how to stop it.

use crate::backend::store::email::Recipient;
use crate::i18n::Locale;
use crate::markdown::plain_text;
use crate::model::profile::NotificationView;
use crate::tr;

/// Most characters of a post quoted in an email (the rest is read on the site).
const QUOTE_CHARS: usize = 600;

/// An email ready to send.
#[derive(Clone, Debug)]
pub struct Letter {
    pub to: String,
    pub to_name: String,
    pub locale: Locale,
    pub subject: String,
    pub text: String,
    /// The one-click unsubscribe link (for the `List-Unsubscribe` header too).
    pub unsubscribe_url: String,
    /// `notification` or `digest`.
    pub kind: &'static str,
}

/// Where links point: the public origin and the person's unsubscribe token.
pub struct Links<'a> {
    pub origin: &'a str,
    pub token: &'a str,
}

impl Links<'_> {
    fn unsubscribe(&self) -> String {
        format!("{}/email/unsubscribe/{}", self.origin, self.token)
    }
}

pub fn notification(
    to: &Recipient,
    address: &str,
    locale: Locale,
    links: &Links<'_>,
    n: &NotificationView,
    body_md: Option<&str>,
) -> Letter {
    let d = n.describe(locale);
    let mut text = format!("{}\n{}\n", d.what, d.title);
    if let Some(quote) = body_md.map(quote).filter(|q| !q.is_empty()) {
        text.push('\n');
        for line in quote.lines() {
            text.push_str("> ");
            text.push_str(line);
            text.push('\n');
        }
    }
    text.push_str(&format!(
        "\n{}: {}{}\n",
        tr!(locale, "email.read_it"),
        links.origin,
        d.href
    ));
    text.push_str(&footer(locale, links, "email.why_each"));
    Letter {
        to: address.to_string(),
        to_name: to.display_name.clone(),
        locale,
        subject: format!("{} · {}", d.what, d.title),
        text,
        unsubscribe_url: links.unsubscribe(),
        kind: "notification",
    }
}

pub fn digest(
    to: &Recipient,
    address: &str,
    locale: Locale,
    links: &Links<'_>,
    items: &[NotificationView],
) -> Letter {
    let mut text = format!(
        "{}\n\n",
        tr!(locale, "email.digest_intro", count = items.len())
    );
    for n in items {
        let d = n.describe(locale);
        text.push_str(&format!(
            "* {}\n  {}\n  {}{}\n\n",
            d.title, d.what, links.origin, d.href
        ));
    }
    text.push_str(&format!(
        "{}: {}/notifications\n",
        tr!(locale, "email.all_notifications"),
        links.origin
    ));
    text.push_str(&footer(locale, links, "email.why_digest"));
    Letter {
        to: address.to_string(),
        to_name: to.display_name.clone(),
        locale,
        subject: tr!(locale, "email.digest_subject", count = items.len()),
        text,
        unsubscribe_url: links.unsubscribe(),
        kind: "digest",
    }
}

fn footer(locale: Locale, links: &Links<'_>, why: &str) -> String {
    format!(
        "\n-- \n{}\n{}: {}/account/email\n{}: {}\n",
        tr!(locale, why),
        tr!(locale, "email.settings_link"),
        links.origin,
        tr!(locale, "email.unsubscribe_link"),
        links.unsubscribe()
    )
}

/// The post's words without markup, cut at a word near [`QUOTE_CHARS`].
fn quote(markdown: &str) -> String {
    let text = plain_text(markdown);
    let text = text.trim();
    if text.chars().count() <= QUOTE_CHARS {
        return text.to_string();
    }
    let cut: String = text.chars().take(QUOTE_CHARS).collect();
    let cut = cut
        .rsplit_once(char::is_whitespace)
        .map_or(cut.as_str(), |(a, _)| a);
    format!("{}…", cut.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_post_is_quoted_up_to_a_word() {
        let long = "palabra ".repeat(200);
        let q = quote(&long);
        assert!(q.ends_with("palabra…"), "{q}");
        assert!(q.chars().count() <= QUOTE_CHARS + 1);
        assert_eq!(quote("**Hola** _mundo_"), "Hola mundo");
    }

    #[test]
    fn raw_html_in_a_post_is_not_quoted() {
        let q = quote("Hello <script>alert(1)</script> world");
        assert!(!q.contains("<script>"), "{q}");
    }
}
