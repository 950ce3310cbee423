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

/// The signed-in person, for the header and pages (no secrets, no ids of other people).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub username: String,
    pub display_name: String,
    pub role: PlatformRole,
}
