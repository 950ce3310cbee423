//! ID token verification: signature against the provider's published keys (asymmetric
//! algorithms only, so a token signed with a public key as an HMAC secret, or with none,
//! is refused), exact issuer, our client id as audience, lifetime and nonce.

use jsonwebtoken::jwk::{Jwk, PublicKeyUse};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde::Deserialize;

use super::OidcError;

/// Signature algorithms accepted in ID tokens.
const ALLOWED: [Algorithm; 9] = [
    Algorithm::RS256,
    Algorithm::RS384,
    Algorithm::RS512,
    Algorithm::PS256,
    Algorithm::PS384,
    Algorithm::PS512,
    Algorithm::ES256,
    Algorithm::ES384,
    Algorithm::EdDSA,
];

/// Clock difference tolerated between us and the provider.
const LEEWAY_SECS: u64 = 60;

/// The provider's signing keys. Keys this library cannot read (encryption keys, unknown
/// types) are skipped rather than failing the whole set.
#[derive(Clone, Debug, Default)]
pub struct KeySet(pub Vec<Jwk>);

impl<'de> Deserialize<'de> for KeySet {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Raw {
            keys: Vec<serde_json::Value>,
        }
        let raw = Raw::deserialize(d)?;
        Ok(KeySet(
            raw.keys
                .into_iter()
                .filter_map(|k| serde_json::from_value::<Jwk>(k).ok())
                .filter(|k| !matches!(k.common.public_key_use, Some(PublicKeyUse::Encryption)))
                .collect(),
        ))
    }
}

impl KeySet {
    pub fn find(&self, kid: &str) -> Option<&Jwk> {
        self.0
            .iter()
            .find(|k| k.common.key_id.as_deref() == Some(kid))
    }
}

/// What the platform takes from a verified ID token.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct IdClaims {
    pub iss: String,
    pub sub: String,
    #[serde(default)]
    pub nonce: Option<String>,
    #[serde(default)]
    pub azp: Option<String>,
    #[serde(default)]
    pub aud: Audience,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub preferred_username: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub email_verified: Option<bool>,
}

/// `aud` is a string or an array of strings.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(untagged)]
pub enum Audience {
    One(String),
    Many(Vec<String>),
    #[default]
    Missing,
}

/// Verifies `token` and returns its claims, or says exactly why not.
pub fn verify(
    token: &str,
    keys: &KeySet,
    issuer: &str,
    client_id: &str,
    nonce: &str,
) -> Result<IdClaims, OidcError> {
    let refuse = |why: String| OidcError::Token(why);
    // An `alg: none` (unsigned) token fails here: the library knows no such algorithm.
    let header = jsonwebtoken::decode_header(token)
        .map_err(|e| refuse(format!("unreadable or unsigned token: {e}")))?;
    if !ALLOWED.contains(&header.alg) {
        return Err(refuse(format!("algorithm {:?} not accepted", header.alg)));
    }
    let jwk = match header.kid.as_deref() {
        Some(kid) => keys.find(kid),
        // No key id: acceptable only when exactly one key could have signed it.
        None => {
            let mut usable = keys.0.iter().filter(|k| key_fits(k, header.alg));
            match (usable.next(), usable.next()) {
                (Some(k), None) => Some(k),
                _ => None,
            }
        }
    }
    .ok_or_else(|| refuse("signed with a key the provider does not publish".into()))?;
    if !key_fits(jwk, header.alg) {
        return Err(refuse(
            "the key does not match the token's algorithm".into(),
        ));
    }
    let key = DecodingKey::from_jwk(jwk).map_err(|e| refuse(format!("unusable key: {e}")))?;
    let mut validation = Validation::new(header.alg);
    validation.set_issuer(&[issuer]);
    validation.set_audience(&[client_id]);
    validation.set_required_spec_claims(&["exp", "iat", "iss", "aud", "sub"]);
    validation.leeway = LEEWAY_SECS;
    validation.validate_nbf = true;
    let claims = jsonwebtoken::decode::<IdClaims>(token, &key, &validation)
        .map_err(|e| refuse(format!("{e}")))?
        .claims;
    if claims.nonce.as_deref() != Some(nonce) {
        return Err(refuse("nonce does not match this sign-in attempt".into()));
    }
    // OpenID Connect Core §3.1.3.7: with several audiences, azp must be us.
    if let Audience::Many(list) = &claims.aud {
        if list.len() > 1 && claims.azp.as_deref() != Some(client_id) {
            return Err(refuse(
                "several audiences and azp is not this client".into(),
            ));
        }
    }
    if claims.sub.is_empty() || claims.sub.len() > 255 {
        return Err(refuse("subject missing or too long".into()));
    }
    Ok(claims)
}

/// Whether `jwk` is a key of the right family for `alg` (and says so, if it names one).
fn key_fits(jwk: &Jwk, alg: Algorithm) -> bool {
    use jsonwebtoken::jwk::AlgorithmParameters as P;
    let family = matches!(
        (&jwk.algorithm, alg),
        (
            P::RSA(_),
            Algorithm::RS256
                | Algorithm::RS384
                | Algorithm::RS512
                | Algorithm::PS256
                | Algorithm::PS384
                | Algorithm::PS512
        ) | (P::EllipticCurve(_), Algorithm::ES256 | Algorithm::ES384)
            | (P::OctetKeyPair(_), Algorithm::EdDSA)
    );
    let named = jwk
        .common
        .key_algorithm
        .map(|k| format!("{k:?}") == format!("{alg:?}"))
        .unwrap_or(true);
    family && named
}
