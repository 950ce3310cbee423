//! Identity: OpenID Connect providers, local-account passwords and server-side sessions.

pub mod oidc;
pub mod password;
pub mod session;

/// Session lifetimes, from configuration.
#[derive(Clone, Copy, Debug)]
pub struct SessionPolicy {
    /// A session unused for this long ends (seconds).
    pub idle_secs: i64,
    /// A session ends this long after sign-in, however active (seconds).
    pub absolute_secs: i64,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        SessionPolicy {
            idle_secs: 30 * 60,
            absolute_secs: 12 * 3600,
        }
    }
}
