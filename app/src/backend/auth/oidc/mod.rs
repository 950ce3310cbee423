//! Sign-in through OpenID Connect providers (Keycloak, Microsoft Entra, Google…).
//!
//! The authorization code flow with PKCE (S256 only), through the `oauth2` crate: a
//! sign-in [`Attempt`] carries a single-use `state`, a `nonce` and the PKCE verifier, kept
//! server-side ([`attempt`]) and bound to the browser that started it; the callback trades
//! the code for tokens and [`token`] verifies the ID token's signature against the
//! provider's published keys, its issuer, audience, lifetime and nonce.

pub mod attempt;
pub mod flow;
pub mod provider;
pub mod token;

use std::sync::Arc;

pub use attempt::Attempt;
pub use provider::{Provider, ProviderConfig};
pub use token::IdClaims;

/// Why a sign-in through a provider was refused. `code()` goes into the audit log and
/// the sign-in page's `?error=` (which shows a message for it); details go to the log.
#[derive(Debug, thiserror::Error)]
pub enum OidcError {
    #[error("no identity provider called {0:?} is configured")]
    UnknownProvider(String),
    #[error("the identity provider could not be reached or answered nonsense: {0}")]
    Unavailable(String),
    #[error("the identity provider refused: {0}")]
    Denied(String),
    #[error("sign-in attempt unknown, used, expired or started in another browser: {0}")]
    State(&'static str),
    #[error("the code could not be exchanged for tokens: {0}")]
    Exchange(String),
    #[error("the ID token was refused: {0}")]
    Token(String),
}

impl OidcError {
    /// A short, stable code for the audit log and the sign-in page.
    pub fn code(&self) -> &'static str {
        match self {
            OidcError::UnknownProvider(_) => "oidc_unknown",
            OidcError::Unavailable(_) => "oidc_unavailable",
            OidcError::Denied(_) => "oidc_denied",
            OidcError::State(_) => "oidc_state",
            OidcError::Exchange(_) | OidcError::Token(_) => "oidc_token",
        }
    }
}

/// Every configured provider, in the order the sign-in page shows them.
#[derive(Clone, Debug, Default)]
pub struct Providers {
    list: Arc<Vec<Provider>>,
}

impl Providers {
    /// Sets up the providers; `site_origin` gives each its callback address
    /// `{site_origin}/auth/oidc/{id}/callback`. Nothing is fetched yet: discovery happens
    /// at the first sign-in, so the platform starts even when a provider is down.
    pub fn new(configs: Vec<ProviderConfig>, site_origin: &str) -> Result<Providers, String> {
        let http = provider::http_client()?;
        let list = configs
            .into_iter()
            .map(|c| Provider::new(c, site_origin, http.clone()))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Providers {
            list: Arc::new(list),
        })
    }

    pub fn get(&self, id: &str) -> Result<&Provider, OidcError> {
        self.list
            .iter()
            .find(|p| p.config.id == id)
            .ok_or_else(|| OidcError::UnknownProvider(id.chars().take(40).collect()))
    }

    /// The providers' origins (`scheme://host[:port]` of their issuers), where sign-in
    /// forms are allowed to lead (Content-Security-Policy `form-action`).
    pub fn origins(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .list
            .iter()
            .filter_map(|p| provider::origin_of(&p.config.issuer))
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// `(id, display name)` of each provider, for the sign-in buttons.
    pub fn buttons(&self) -> Vec<crate::model::user::SignInProvider> {
        self.list
            .iter()
            .map(|p| crate::model::user::SignInProvider {
                id: p.config.id.clone(),
                name: p.config.name.clone(),
            })
            .collect()
    }
}
