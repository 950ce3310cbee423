//! Languages of the interface and how a request's language is chosen.
//!
//! Strings live in `app/locales/*.toml` and are looked up with `rust_i18n::t!`; this module
//! only knows which languages exist and how to pick one: the `lang` cookie when the reader
//! chose one, otherwise the best match in `Accept-Language`, otherwise English.

use serde::{Deserialize, Serialize};

/// Name of the cookie that remembers the reader's choice.
pub const LANG_COOKIE: &str = "lang";

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    #[default]
    En,
    Es,
    Pt,
    Fr,
}

impl Locale {
    pub const ALL: [Locale; 4] = [Locale::En, Locale::Es, Locale::Pt, Locale::Fr];

    pub fn code(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Es => "es",
            Locale::Pt => "pt",
            Locale::Fr => "fr",
        }
    }

    /// The language's own name for itself, shown in the switcher whatever the current language.
    pub fn endonym(self) -> &'static str {
        match self {
            Locale::En => "English",
            Locale::Es => "Español",
            Locale::Pt => "Português",
            Locale::Fr => "Français",
        }
    }

    /// Accepts a bare code or a full tag (`es`, `es-MX`, `PT_br`).
    pub fn from_tag(tag: &str) -> Option<Locale> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        Locale::ALL.into_iter().find(|l| l.code() == primary)
    }

    /// Picks the language for a request: an explicit cookie wins, then `Accept-Language`.
    pub fn negotiate(cookie: Option<&str>, accept_language: Option<&str>) -> Locale {
        cookie
            .and_then(Locale::from_tag)
            .or_else(|| accept_language.and_then(best_accepted))
            .unwrap_or_default()
    }
}

/// The supported language with the highest quality value in an `Accept-Language` header.
fn best_accepted(header: &str) -> Option<Locale> {
    let mut best: Option<(f32, Locale)> = None;
    for item in header.split(',') {
        let mut parts = item.split(';');
        let tag = parts.next().unwrap_or_default();
        let q = parts
            .find_map(|p| p.trim().strip_prefix("q="))
            .and_then(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        if q <= 0.0 {
            continue;
        }
        if let Some(locale) = Locale::from_tag(tag) {
            if best.is_none_or(|(bq, _)| q > bq) {
                best = Some((q, locale));
            }
        }
    }
    best.map(|(_, l)| l)
}

/// The language of the page being rendered (provided per request by the server).
pub fn use_locale() -> Locale {
    leptos::prelude::use_context::<Locale>().unwrap_or_default()
}

/// Looks a UI string up in the current language.
#[macro_export]
macro_rules! tr {
    ($locale:expr, $key:expr) => {
        rust_i18n::t!($key, locale = $locale.code()).into_owned()
    };
    ($locale:expr, $key:expr, $($name:ident = $value:expr),+ $(,)?) => {
        rust_i18n::t!($key, locale = $locale.code(), $($name = $value),+).into_owned()
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookie_wins_over_header() {
        assert_eq!(
            Locale::negotiate(Some("pt"), Some("es,en;q=0.5")),
            Locale::Pt
        );
    }

    #[test]
    fn unknown_cookie_falls_back_to_header() {
        assert_eq!(
            Locale::negotiate(Some("de"), Some("fr-CA,en;q=0.3")),
            Locale::Fr
        );
    }

    #[test]
    fn header_quality_values_are_respected() {
        assert_eq!(
            Locale::negotiate(None, Some("de;q=1.0, en;q=0.4, es;q=0.8")),
            Locale::Es
        );
        assert_eq!(Locale::negotiate(None, Some("es;q=0, en")), Locale::En);
    }

    #[test]
    fn garbage_defaults_to_english() {
        assert_eq!(Locale::negotiate(None, Some(";;q=abc,,")), Locale::En);
        assert_eq!(Locale::negotiate(None, None), Locale::En);
    }

    /// Every language must translate every key English has, and no stray keys.
    #[test]
    fn all_locales_have_the_same_keys() {
        fn keys(prefix: &str, v: &toml::Value, out: &mut Vec<String>) {
            match v {
                toml::Value::Table(t) => {
                    for (k, v) in t {
                        let p = if prefix.is_empty() {
                            k.clone()
                        } else {
                            format!("{prefix}.{k}")
                        };
                        keys(&p, v, out);
                    }
                }
                _ => out.push(prefix.to_string()),
            }
        }
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/locales");
        let load = |code: &str| {
            let text = std::fs::read_to_string(format!("{dir}/{code}.toml")).unwrap();
            let mut out = Vec::new();
            keys("", &text.parse::<toml::Value>().unwrap(), &mut out);
            out.sort();
            out
        };
        let en = load("en");
        assert!(en.len() > 30, "English has too few keys: {}", en.len());
        for l in Locale::ALL {
            assert_eq!(
                load(l.code()),
                en,
                "keys of {} differ from English",
                l.code()
            );
        }
    }
}
