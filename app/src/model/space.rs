//! Working-group spaces: who may see them and how they are listed.

use serde::{Deserialize, Serialize};

use super::country::CountryName;

/// Who can see a space.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    /// Anyone, signed in or not.
    Public,
    /// Any signed-in member of the network.
    Network,
    /// Members of the space only.
    Private,
}

impl Visibility {
    pub fn as_str(self) -> &'static str {
        match self {
            Visibility::Public => "public",
            Visibility::Network => "network",
            Visibility::Private => "private",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "public" => Some(Visibility::Public),
            "network" => Some(Visibility::Network),
            "private" => Some(Visibility::Private),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Space {
    pub id: i64,
    pub slug: String,
    pub name: String,
    /// Markdown, and its sanitised HTML.
    pub description: String,
    pub description_html: String,
    /// Archived spaces are read-only and left out of listings.
    pub archived: bool,
    /// `None` for regional spaces shared by several countries.
    pub country: Option<CountryName>,
    pub visibility: Visibility,
    /// Unix seconds.
    pub created_at: i64,
    /// Set on a country's technical-assistance request space (ISO code): its threads are
    /// the country's requests, read by the country's members and staff.
    #[serde(default)]
    pub ta_country: Option<String>,
}

/// Slugs appear in URLs: lowercase ASCII letters, digits and single hyphens, 3–64 long;
/// `new` is the address of the form that starts a space.
pub fn is_valid_slug(slug: &str) -> bool {
    slug != "new"
        && (3..=64).contains(&slug.len())
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !slug.starts_with('-')
        && !slug.ends_with('-')
        && !slug.contains("--")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert!(is_valid_slug("peru-treatment-quality"));
        assert!(!is_valid_slug("Peru"));
        assert!(!is_valid_slug("a"));
        assert!(!is_valid_slug("-lead"));
        assert!(!is_valid_slug("double--hyphen"));
        assert!(!is_valid_slug("../etc"));
        assert!(!is_valid_slug("espaço"));
        assert!(!is_valid_slug("new"), "reserved for the form");
    }

    #[test]
    fn visibility_round_trips() {
        for v in [Visibility::Public, Visibility::Network, Visibility::Private] {
            assert_eq!(Visibility::parse(v.as_str()), Some(v));
        }
        assert_eq!(Visibility::parse("secret"), None);
    }
}

/// A member's role within one space.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SpaceRole {
    /// Manages the space and its members.
    Owner,
    /// Keeps discussions in order.
    Moderator,
    /// Reads and takes part.
    Member,
    /// Reads only.
    Observer,
}

impl SpaceRole {
    pub const ALL: [SpaceRole; 4] = [
        SpaceRole::Owner,
        SpaceRole::Moderator,
        SpaceRole::Member,
        SpaceRole::Observer,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SpaceRole::Owner => "owner",
            SpaceRole::Moderator => "moderator",
            SpaceRole::Member => "member",
            SpaceRole::Observer => "observer",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        SpaceRole::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// A space member, as the members list shows them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberView {
    pub username: String,
    pub display_name: String,
    pub role: SpaceRole,
}

/// A pending request to join a space.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JoinRequestView {
    pub username: String,
    pub display_name: String,
    pub message: String,
    pub created_at: i64,
}

/// What the space page shows about membership, shaped by who is looking.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Membership {
    /// Empty for viewers who are not signed in (names of health officials are not public).
    pub members: Vec<MemberView>,
    /// Pending requests, for those who manage the space only.
    pub requests: Vec<JoinRequestView>,
    pub my_role: Option<SpaceRole>,
    /// Whether the viewer may add, remove and change members (owners and admins).
    pub can_manage: bool,
    /// Whether the viewer has a pending request to join.
    pub requested: bool,
    pub signed_in: bool,
}

/// The space form: a new space or a space's settings, with the choices the viewer has.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpaceSettings {
    /// Empty for a new space.
    pub slug: String,
    pub name: String,
    pub description: String,
    pub country_code: Option<String>,
    pub visibility: Visibility,
    pub archived: bool,
    /// Countries the viewer may choose.
    pub countries: Vec<CountryName>,
    /// Whether the viewer may choose "regional" (no country).
    pub allow_regional: bool,
}
