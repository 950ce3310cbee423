//! One configured identity provider: its discovery document and keys (fetched lazily and
//! cached), the authorization URL for a new attempt, and the code exchange.

use std::time::{Duration, Instant};

use oauth2::basic::{
    BasicErrorResponse, BasicRevocationErrorResponse, BasicTokenIntrospectionResponse,
    BasicTokenType,
};
use oauth2::{
    AuthUrl, AuthorizationCode, Client, ClientId, ClientSecret, CsrfToken, EndpointNotSet,
    EndpointSet, ExtraTokenFields, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, Scope,
    StandardRevocableToken, StandardTokenResponse, TokenUrl,
};
use serde::{Deserialize, Serialize};
use tokio::sync::RwLock;

use super::{Attempt, IdClaims, OidcError};
use crate::backend::auth::session::new_token;

/// What an operator configures for one provider.
#[derive(Clone)]
pub struct ProviderConfig {
    /// Short name used in URLs (`/auth/oidc/{id}/…`): a–z, 0–9, `-`.
    pub id: String,
    /// What the sign-in button says, e.g. "Ministry Keycloak".
    pub name: String,
    /// The issuer URL exactly as the provider states it in its ID tokens.
    pub issuer: String,
    pub client_id: String,
    pub client_secret: Option<String>,
    pub scopes: Vec<String>,
}

impl std::fmt::Debug for ProviderConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The client secret never reaches a log.
        f.debug_struct("ProviderConfig")
            .field("id", &self.id)
            .field("name", &self.name)
            .field("issuer", &self.issuer)
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret.as_ref().map(|_| "***"))
            .field("scopes", &self.scopes)
            .finish()
    }
}

impl ProviderConfig {
    /// Checks what can be checked without asking the provider.
    pub fn validate(&self) -> Result<(), String> {
        let id_ok = (1..=32).contains(&self.id.len())
            && self
                .id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !id_ok {
            return Err(format!(
                "provider id {:?}: 1–32 characters from a–z, 0–9, '-'",
                self.id
            ));
        }
        if self.name.trim().is_empty() {
            return Err(format!("provider {}: a display name is required", self.id));
        }
        if self.client_id.is_empty() {
            return Err(format!("provider {}: a client id is required", self.id));
        }
        if !is_acceptable_url(&self.issuer) {
            return Err(format!(
                "provider {}: the issuer must be an https:// URL (http:// only on loopback), got {:?}",
                self.id, self.issuer
            ));
        }
        if !self.scopes.iter().any(|s| s == "openid") {
            return Err(format!("provider {}: scopes must include openid", self.id));
        }
        Ok(())
    }
}

/// https everywhere; plain http only to this machine (development and tests).
fn is_acceptable_url(url: &str) -> bool {
    match oauth2::url::Url::parse(url) {
        Ok(u) => match u.scheme() {
            "https" => u.host_str().is_some(),
            "http" => matches!(u.host_str(), Some("127.0.0.1" | "localhost" | "[::1]")),
            _ => false,
        },
        Err(_) => false,
    }
}

/// `scheme://host[:port]` of a URL.
pub fn origin_of(url: &str) -> Option<String> {
    let u = oauth2::url::Url::parse(url).ok()?;
    Some(u.origin().ascii_serialization()).filter(|o| o != "null")
}

/// The ID token arrives beside the access token in the token response.
#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct IdTokenField {
    pub id_token: Option<String>,
}
impl ExtraTokenFields for IdTokenField {}

type TokenResponse = StandardTokenResponse<IdTokenField, BasicTokenType>;
type OidcClient = Client<
    BasicErrorResponse,
    TokenResponse,
    BasicTokenIntrospectionResponse,
    StandardRevocableToken,
    BasicRevocationErrorResponse,
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointSet,
>;

/// The parts of the provider's discovery document this platform uses.
#[derive(Clone, Debug, Deserialize)]
pub struct Metadata {
    pub issuer: String,
    pub authorization_endpoint: String,
    pub token_endpoint: String,
    pub jwks_uri: String,
    #[serde(default)]
    pub code_challenge_methods_supported: Option<Vec<String>>,
}

struct Discovered {
    metadata: Metadata,
    keys: super::token::KeySet,
    fetched: Instant,
    keys_fetched: Instant,
}

/// Discovery is refreshed after this long; keys too, or sooner on an unknown key id.
const DISCOVERY_TTL: Duration = Duration::from_secs(3600);
/// An unknown key id refetches the keys at most this often (a flood of forged tokens must
/// not turn into a flood of requests to the provider).
const KEY_REFRESH_MIN: Duration = Duration::from_secs(30);
/// Largest discovery or key document accepted.
const MAX_DOCUMENT: usize = 512 * 1024;

pub struct Provider {
    pub config: ProviderConfig,
    redirect_uri: String,
    http: oauth2::reqwest::Client,
    cache: RwLock<Option<Discovered>>,
}

impl std::fmt::Debug for Provider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Provider")
            .field("config", &self.config)
            .field("redirect_uri", &self.redirect_uri)
            .finish()
    }
}

/// The HTTP client for providers: no redirects followed (a token endpoint that redirects
/// is misconfigured or hostile), short timeouts.
pub fn http_client() -> Result<oauth2::reqwest::Client, String> {
    oauth2::reqwest::Client::builder()
        .redirect(oauth2::reqwest::redirect::Policy::none())
        .connect_timeout(Duration::from_secs(5))
        .timeout(Duration::from_secs(10))
        .build()
        .map_err(|e| format!("HTTP client for identity providers: {e}"))
}

impl Provider {
    pub fn new(
        config: ProviderConfig,
        site_origin: &str,
        http: oauth2::reqwest::Client,
    ) -> Result<Provider, String> {
        config.validate()?;
        let redirect_uri = format!(
            "{}/auth/oidc/{}/callback",
            site_origin.trim_end_matches('/'),
            config.id
        );
        Ok(Provider {
            config,
            redirect_uri,
            http,
            cache: RwLock::new(None),
        })
    }

    /// The address the provider sends people back to (register it at the provider).
    pub fn redirect_uri(&self) -> &str {
        &self.redirect_uri
    }

    /// Starts an attempt: the URL to send the browser to, the `state` in it, and what
    /// the callback will need.
    pub async fn begin(&self, next: &str) -> Result<(String, String, Attempt), OidcError> {
        let metadata = self.metadata().await?;
        let client = self.client(&metadata)?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let nonce = new_token();
        let (url, state) = client
            .authorize_url(CsrfToken::new_random)
            .add_scopes(self.config.scopes.iter().cloned().map(Scope::new))
            .set_pkce_challenge(challenge)
            .add_extra_param("nonce", nonce.clone())
            .url();
        let attempt = Attempt {
            provider: self.config.id.clone(),
            nonce,
            pkce_verifier: verifier.secret().clone(),
            next: next.to_string(),
        };
        Ok((url.to_string(), state.secret().clone(), attempt))
    }

    /// Trades the code for tokens and verifies the ID token against `attempt`.
    pub async fn finish(&self, code: &str, attempt: &Attempt) -> Result<IdClaims, OidcError> {
        let metadata = self.metadata().await?;
        let client = self.client(&metadata)?;
        let response = client
            .exchange_code(AuthorizationCode::new(code.to_string()))
            .set_pkce_verifier(PkceCodeVerifier::new(attempt.pkce_verifier.clone()))
            .request_async(&self.http)
            .await
            .map_err(|e| OidcError::Exchange(describe_token_error(&e)))?;
        let id_token = response
            .extra_fields()
            .id_token
            .clone()
            .ok_or_else(|| OidcError::Token("the token response has no id_token".into()))?;
        let header = jsonwebtoken::decode_header(&id_token)
            .map_err(|e| OidcError::Token(format!("unreadable token header: {e}")))?;
        let mut keys = self.keys().await?;
        if header
            .kid
            .as_deref()
            .is_some_and(|kid| keys.find(kid).is_none())
        {
            // The provider may have rotated its keys since we fetched them.
            keys = self.refresh_keys().await?;
        }
        super::token::verify(
            &id_token,
            &keys,
            &self.config.issuer,
            &self.config.client_id,
            &attempt.nonce,
        )
    }

    fn client(&self, metadata: &Metadata) -> Result<OidcClient, OidcError> {
        let bad = |what: &str, e: oauth2::url::ParseError| {
            OidcError::Unavailable(format!("{what} is not a URL: {e}"))
        };
        let mut client = Client::new(ClientId::new(self.config.client_id.clone()))
            .set_auth_uri(
                AuthUrl::new(metadata.authorization_endpoint.clone())
                    .map_err(|e| bad("authorization_endpoint", e))?,
            )
            .set_token_uri(
                TokenUrl::new(metadata.token_endpoint.clone())
                    .map_err(|e| bad("token_endpoint", e))?,
            )
            .set_redirect_uri(
                RedirectUrl::new(self.redirect_uri.clone()).map_err(|e| bad("redirect URI", e))?,
            );
        if let Some(secret) = &self.config.client_secret {
            client = client.set_client_secret(ClientSecret::new(secret.clone()));
        }
        Ok(client)
    }

    async fn metadata(&self) -> Result<Metadata, OidcError> {
        if let Some(d) = self.cache.read().await.as_ref() {
            if d.fetched.elapsed() < DISCOVERY_TTL {
                return Ok(d.metadata.clone());
            }
        }
        let mut cache = self.cache.write().await;
        let d = self.discover().await?;
        let metadata = d.metadata.clone();
        *cache = Some(d);
        Ok(metadata)
    }

    async fn keys(&self) -> Result<super::token::KeySet, OidcError> {
        self.metadata().await?;
        match self.cache.read().await.as_ref() {
            Some(d) => Ok(d.keys.clone()),
            None => Err(OidcError::Unavailable("no keys".into())),
        }
    }

    async fn refresh_keys(&self) -> Result<super::token::KeySet, OidcError> {
        let mut cache = self.cache.write().await;
        let Some(d) = cache.as_mut() else {
            return Err(OidcError::Unavailable("no keys".into()));
        };
        if d.keys_fetched.elapsed() >= KEY_REFRESH_MIN {
            d.keys = self.fetch_json(&d.metadata.jwks_uri).await?;
            d.keys_fetched = Instant::now();
        }
        Ok(d.keys.clone())
    }

    /// Reads the discovery document and the keys it points to; the document's issuer must
    /// be exactly the configured one (OpenID Connect Discovery §4.3).
    async fn discover(&self) -> Result<Discovered, OidcError> {
        let url = format!(
            "{}/.well-known/openid-configuration",
            self.config.issuer.trim_end_matches('/')
        );
        let metadata: Metadata = self.fetch_json(&url).await?;
        if metadata.issuer != self.config.issuer {
            return Err(OidcError::Unavailable(format!(
                "discovery states issuer {:?}, configured {:?}",
                metadata.issuer, self.config.issuer
            )));
        }
        if let Some(methods) = &metadata.code_challenge_methods_supported {
            if !methods.iter().any(|m| m == "S256") {
                return Err(OidcError::Unavailable(
                    "the provider does not support PKCE with S256".into(),
                ));
            }
        }
        // The sign-in page's Content-Security-Policy lets forms lead to the issuer's origin
        // only, so the browser must be sent there.
        if origin_of(&metadata.authorization_endpoint) != origin_of(&self.config.issuer) {
            return Err(OidcError::Unavailable(format!(
                "authorization_endpoint {:?} is not on the issuer's origin",
                metadata.authorization_endpoint
            )));
        }
        for (what, u) in [
            ("authorization_endpoint", &metadata.authorization_endpoint),
            ("token_endpoint", &metadata.token_endpoint),
            ("jwks_uri", &metadata.jwks_uri),
        ] {
            if !is_acceptable_url(u) {
                return Err(OidcError::Unavailable(format!(
                    "{what} must be https:// (got {u:?})"
                )));
            }
        }
        let keys = self.fetch_json(&metadata.jwks_uri).await?;
        let now = Instant::now();
        Ok(Discovered {
            metadata,
            keys,
            fetched: now,
            keys_fetched: now,
        })
    }

    async fn fetch_json<T: serde::de::DeserializeOwned>(&self, url: &str) -> Result<T, OidcError> {
        let unavailable = |e: String| OidcError::Unavailable(format!("{url}: {e}"));
        let res = self
            .http
            .get(url)
            .header("accept", "application/json")
            .send()
            .await
            .map_err(|e| unavailable(e.to_string()))?;
        if !res.status().is_success() {
            return Err(unavailable(format!("HTTP {}", res.status())));
        }
        if res
            .content_length()
            .is_some_and(|n| n > MAX_DOCUMENT as u64)
        {
            return Err(unavailable("document too large".into()));
        }
        let body = res.bytes().await.map_err(|e| unavailable(e.to_string()))?;
        if body.len() > MAX_DOCUMENT {
            return Err(unavailable("document too large".into()));
        }
        serde_json::from_slice(&body).map_err(|e| unavailable(e.to_string()))
    }
}

fn describe_token_error<RE: std::error::Error + 'static>(
    e: &oauth2::RequestTokenError<RE, BasicErrorResponse>,
) -> String {
    match e {
        oauth2::RequestTokenError::ServerResponse(r) => format!("the provider said {r}"),
        oauth2::RequestTokenError::Request(e) => format!("request failed: {e}"),
        oauth2::RequestTokenError::Parse(e, _) => format!("unreadable response: {e}"),
        oauth2::RequestTokenError::Other(e) => e.clone(),
    }
}
