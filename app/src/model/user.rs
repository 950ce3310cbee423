//! People on the platform as the interface sees them.

use serde::{Deserialize, Serialize};

/// Platform-wide role; per-space roles are kept with the space's members.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlatformRole {
    Admin,
    TaStaff,
    Member,
}

impl PlatformRole {
    pub fn as_str(self) -> &'static str {
        match self {
            PlatformRole::Admin => "admin",
            PlatformRole::TaStaff => "ta_staff",
            PlatformRole::Member => "member",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "admin" => Some(PlatformRole::Admin),
            "ta_staff" => Some(PlatformRole::TaStaff),
            "member" => Some(PlatformRole::Member),
            _ => None,
        }
    }
}

/// A role a person holds for one country (besides their own affiliation): focal points
/// speak for the country's plans and approve affiliations, publishers publish to the
/// library, directory editors keep the country's services directory.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CountryRole {
    FocalPoint,
    Publisher,
    DirectoryEditor,
}

impl CountryRole {
    pub const ALL: [CountryRole; 3] = [
        CountryRole::FocalPoint,
        CountryRole::Publisher,
        CountryRole::DirectoryEditor,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CountryRole::FocalPoint => "focal_point",
            CountryRole::Publisher => "publisher",
            CountryRole::DirectoryEditor => "directory_editor",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        CountryRole::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// The signed-in person, for the header and pages (no secrets, no ids of other people).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub username: String,
    pub display_name: String,
    pub role: PlatformRole,
    /// Whether the account has a local password (people who sign in through an identity
    /// provider have none, and manage it there).
    pub has_password: bool,
    /// Notifications not read yet (the header's badge).
    pub unread_notifications: i64,
    /// Publishes library documents for at least one country.
    pub is_publisher: bool,
    /// Is a focal point of at least one country (approves its affiliations).
    pub is_focal_point: bool,
}

/// Whether self-service sign-up is open (provided per request by the server).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SignupEnabled(pub bool);

/// One of the signed-in person's sessions, for the "your sessions" list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionView {
    /// Opaque identifier used to end the session (not a credential).
    pub id: String,
    pub created_at: i64,
    pub last_seen_at: i64,
    pub user_agent: String,
    /// The session this page was requested with.
    pub current: bool,
}

/// A security-relevant event as the admins' audit page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub at: i64,
    pub username: Option<String>,
    pub event: String,
    pub detail: String,
    pub address: String,
}

/// An identity provider people can sign in with, as the sign-in page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInProvider {
    pub id: String,
    pub name: String,
}

/// The identity providers configured on this deployment (provided per request).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SignInProviders(pub Vec<SignInProvider>);

/// A person as the admins' user list shows them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminUserView {
    pub username: String,
    pub display_name: String,
    pub email: Option<String>,
    /// The person's verified country (ISO code).
    pub country_code: Option<String>,
    pub role: PlatformRole,
    /// Countries this person holds each country role for (ISO codes), in
    /// [`CountryRole::ALL`] order.
    pub country_roles: Vec<(CountryRole, Vec<String>)>,
    pub created_at: i64,
}

/// A pending invitation link (the link itself is shown once, when it is made).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationView {
    pub role: PlatformRole,
    pub country_code: Option<String>,
    pub note: String,
    pub created_at: i64,
    pub expires_at: i64,
    pub created_by: Option<String>,
}

/// Everything the admins' users page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminUsers {
    pub users: Vec<AdminUserView>,
    pub invitations: Vec<InvitationView>,
    pub countries: Vec<super::country::CountryName>,
    /// The site's public origin, to show invitation links in full.
    pub site_origin: String,
}

/// What the sign-up page offers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignUpForm {
    /// Countries a new member may say they work for (a request staff approve).
    pub countries: Vec<super::country::CountryName>,
    /// The country the invitation carries, already verified by the admin who made it.
    pub invited_country: Option<super::country::CountryName>,
}
