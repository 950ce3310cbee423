//! The states of the Americas and their participation in the programme.

use serde::{Deserialize, Serialize};

use crate::i18n::Locale;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Participation {
    Active,
    NonParticipating,
    Withdrawn,
}

impl Participation {
    pub fn as_str(self) -> &'static str {
        match self {
            Participation::Active => "active",
            Participation::NonParticipating => "non_participating",
            Participation::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "active" => Some(Participation::Active),
            "non_participating" => Some(Participation::NonParticipating),
            "withdrawn" => Some(Participation::Withdrawn),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Country {
    /// ISO 3166-1 alpha-2.
    pub code: String,
    pub name_en: String,
    pub name_es: String,
    pub name_pt: String,
    pub name_fr: String,
    /// Main working language in the programme (`en`, `es`, `pt`, `fr`).
    pub working_language: String,
    pub participation: Participation,
    /// Date (YYYY-MM-DD) the participation status took effect, when it is not `active`.
    pub status_since: Option<String>,
    pub status_note: Option<String>,
}

impl Country {
    pub fn name(&self, locale: Locale) -> &str {
        match locale {
            Locale::En => &self.name_en,
            Locale::Es => &self.name_es,
            Locale::Pt => &self.name_pt,
            Locale::Fr => &self.name_fr,
        }
    }
}

/// A country's name in the four languages, as carried by listings.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountryName {
    pub code: String,
    pub en: String,
    pub es: String,
    pub pt: String,
    pub fr: String,
}

impl From<Country> for CountryName {
    fn from(c: Country) -> Self {
        CountryName {
            code: c.code,
            en: c.name_en,
            es: c.name_es,
            pt: c.name_pt,
            fr: c.name_fr,
        }
    }
}

impl CountryName {
    pub fn get(&self, locale: Locale) -> &str {
        match locale {
            Locale::En => &self.en,
            Locale::Es => &self.es,
            Locale::Pt => &self.pt,
            Locale::Fr => &self.fr,
        }
    }
}
