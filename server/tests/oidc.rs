//! Sign-in through an OpenID Connect provider, against a small provider served on loopback
//! by this test (discovery, keys, token endpoint that checks PKCE): the good path, and
//! every tampered, replayed or forged step refused with an audit entry and no session.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use app::backend::auth::oidc::{ProviderConfig, Providers};
use axum::{body::Body, extract::State, routing::get, routing::post, Form, Json, Router};
use base64::Engine;
use http::{header, Request, StatusCode};
use jsonwebtoken::{EncodingKey, Header};
use ring::signature::{Ed25519KeyPair, KeyPair};
use serde_json::{json, Value};
use sha2::Digest;

use common::{form_post, send};

const CLIENT_ID: &str = "entrust-test";
const CLIENT_SECRET: &str = "test-secret";
const SITE: &str = "http://127.0.0.1:3000";

/// What the fake provider knows: its signing key, the codes it has issued with the PKCE
/// challenge and the claims to put in the ID token, and whether it lies about its issuer.
struct Idp {
    issuer: String,
    pkcs8: Vec<u8>,
    public: Vec<u8>,
    codes: HashMap<String, (String, String)>,
    discovery_issuer: Option<String>,
}

type Shared = Arc<Mutex<Idp>>;

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

fn new_key() -> (Vec<u8>, Vec<u8>) {
    let rng = ring::rand::SystemRandom::new();
    let pkcs8 = Ed25519KeyPair::generate_pkcs8(&rng).unwrap();
    let pair = Ed25519KeyPair::from_pkcs8(pkcs8.as_ref()).unwrap();
    (pkcs8.as_ref().to_vec(), pair.public_key().as_ref().to_vec())
}

async fn start_idp() -> Shared {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let issuer = format!("http://{}", listener.local_addr().unwrap());
    let (pkcs8, public) = new_key();
    let idp = Arc::new(Mutex::new(Idp {
        issuer,
        pkcs8,
        public,
        codes: HashMap::new(),
        discovery_issuer: None,
    }));
    let app = Router::new()
        .route("/.well-known/openid-configuration", get(discovery))
        .route("/jwks", get(jwks))
        .route("/token", post(token))
        .with_state(idp.clone());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    idp
}

async fn discovery(State(idp): State<Shared>) -> Json<Value> {
    let idp = idp.lock().unwrap();
    let iss = &idp.issuer;
    Json(json!({
        "issuer": idp.discovery_issuer.clone().unwrap_or(iss.clone()),
        "authorization_endpoint": format!("{iss}/auth"),
        "token_endpoint": format!("{iss}/token"),
        "jwks_uri": format!("{iss}/jwks"),
        "code_challenge_methods_supported": ["S256"],
    }))
}

async fn jwks(State(idp): State<Shared>) -> Json<Value> {
    let idp = idp.lock().unwrap();
    Json(json!({ "keys": [
        { "kty": "RSA", "use": "enc", "kid": "enc-1", "n": "AQAB", "e": "AQAB", "alg": "RSA-OAEP" },
        { "kty": "OKP", "crv": "Ed25519", "use": "sig", "alg": "EdDSA", "kid": "k1",
          "x": b64(&idp.public) },
    ]}))
}

/// The token endpoint: checks the client's credentials, the code, the redirect URI and
/// the PKCE verifier against the challenge the authorization request carried.
async fn token(
    State(idp): State<Shared>,
    headers: http::HeaderMap,
    Form(form): Form<HashMap<String, String>>,
) -> (StatusCode, Json<Value>) {
    let bad = |e: &str| (StatusCode::BAD_REQUEST, Json(json!({ "error": e })));
    let basic = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{CLIENT_ID}:{CLIENT_SECRET}"))
    );
    if headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        != Some(basic.as_str())
    {
        return bad("invalid_client");
    }
    let mut idp = idp.lock().unwrap();
    let Some((challenge, id_token)) = form.get("code").and_then(|c| idp.codes.remove(c)) else {
        return bad("invalid_grant");
    };
    let verifier = form.get("code_verifier").cloned().unwrap_or_default();
    if b64(&sha2::Sha256::digest(verifier.as_bytes())) != challenge {
        return bad("invalid_grant");
    }
    if form.get("redirect_uri").map(String::as_str)
        != Some(&format!("{SITE}/auth/oidc/test/callback"))
    {
        return bad("invalid_grant");
    }
    (
        StatusCode::OK,
        Json(
            json!({ "access_token": "at", "token_type": "Bearer", "expires_in": 300,
                     "id_token": id_token }),
        ),
    )
}

fn issuer_of(idp: &Shared) -> String {
    idp.lock().unwrap().issuer.clone()
}

fn providers(idp: &Shared) -> Providers {
    let issuer = idp.lock().unwrap().issuer.clone();
    Providers::new(
        vec![ProviderConfig {
            id: "test".into(),
            name: "Test provider".into(),
            issuer,
            client_id: CLIENT_ID.into(),
            client_secret: Some(CLIENT_SECRET.into()),
            scopes: vec!["openid".into(), "profile".into(), "email".into()],
        }],
        SITE,
    )
    .unwrap()
}

/// What the browser carries between `start` and `callback`.
struct Begun {
    state: String,
    nonce: String,
    challenge: String,
    cookie: String,
}

fn cookie_named(headers: &http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .map(|v| v.split(';').next().unwrap().to_string())
        .find(|pair| pair.starts_with(&format!("{name}=")) && pair.len() > name.len() + 1)
}

async fn begin(r: &Router) -> Begun {
    let res = send(
        r,
        form_post("/auth/oidc/test/start", None, "next=%2Fspaces"),
    )
    .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let location = res.headers[header::LOCATION].to_str().unwrap();
    let url = url::Url::parse(location).unwrap();
    let q: HashMap<_, _> = url.query_pairs().into_owned().collect();
    assert_eq!(q["response_type"], "code");
    assert_eq!(q["client_id"], CLIENT_ID);
    assert_eq!(q["code_challenge_method"], "S256", "PKCE must be S256");
    assert_eq!(q["redirect_uri"], format!("{SITE}/auth/oidc/test/callback"));
    assert!(q["scope"].split(' ').any(|s| s == "openid"));
    assert!(q["state"].len() >= 22 && q["nonce"].len() >= 22);
    let cookie = cookie_named(&res.headers, "entrust_oidc").expect("attempt cookie");
    let raw = res.headers[header::SET_COOKIE].to_str().unwrap();
    assert!(
        raw.contains("HttpOnly") && raw.contains("SameSite=Lax"),
        "{raw}"
    );
    Begun {
        state: q["state"].clone(),
        nonce: q["nonce"].clone(),
        challenge: q["code_challenge"].clone(),
        cookie,
    }
}

fn claims(idp: &Shared, b: &Begun, sub: &str) -> Value {
    let now = app::backend::now();
    json!({
        "iss": idp.lock().unwrap().issuer, "sub": sub, "aud": CLIENT_ID,
        "iat": now, "exp": now + 300, "nonce": b.nonce,
        "name": "Ana Pérez", "preferred_username": "ana.perez", "email": "ana@example.org",
        "email_verified": true,
    })
}

fn sign(idp: &Shared, claims: &Value) -> String {
    let mut header = Header::new(jsonwebtoken::Algorithm::EdDSA);
    header.kid = Some("k1".into());
    let key = EncodingKey::from_ed_der(&idp.lock().unwrap().pkcs8);
    jsonwebtoken::encode(&header, claims, &key).unwrap()
}

/// The provider "signs the person in": it issues a code for `id_token`.
fn issue_code(idp: &Shared, b: &Begun, id_token: String) -> String {
    let code = format!("code-{}", b.state.len() + rand_suffix());
    idp.lock()
        .unwrap()
        .codes
        .insert(code.clone(), (b.challenge.clone(), id_token));
    code
}

fn rand_suffix() -> usize {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    N.fetch_add(1, Ordering::SeqCst) * 1000
}

async fn callback(r: &Router, query: &str, cookie: Option<&str>) -> common::Reply {
    let mut b = Request::get(format!("/auth/oidc/test/callback?{query}"));
    if let Some(c) = cookie {
        b = b.header(header::COOKIE, c);
    }
    send(r, b.body(Body::empty()).unwrap()).await
}

fn refused_with(res: &common::Reply, code: &str) {
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert_eq!(
        res.headers[header::LOCATION].to_str().unwrap(),
        format!("/signin?error={code}")
    );
    assert!(
        cookie_named(&res.headers, "entrust_session").is_none(),
        "a refused sign-in must not start a session"
    );
}

async fn failures(db: &app::backend::Db) -> i64 {
    use sqlx::Row;
    sqlx::query("SELECT COUNT(*) AS n FROM audit_log WHERE event = 'sign_in_failed'")
        .fetch_one(&db.pool)
        .await
        .unwrap()
        .try_get("n")
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn first_sign_in_creates_the_person_and_later_ones_match_issuer_and_subject() {
    for t in common::all_databases().await {
        let idp = start_idp().await;
        let r = common::app(&t.db).oidc(providers(&idp)).build().router;
        let b = begin(&r).await;
        let code = issue_code(&idp, &b, sign(&idp, &claims(&idp, &b, "sub-1")));
        let res = callback(
            &r,
            &format!("state={}&code={code}", b.state),
            Some(&b.cookie),
        )
        .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        assert_eq!(res.headers[header::LOCATION], "/spaces");
        let session = cookie_named(&res.headers, "entrust_session").expect("a session");
        let account = send(
            &r,
            Request::get("/account")
                .header(header::COOKIE, &session)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(account.status, StatusCode::OK);
        assert!(account.body.contains("Ana Pérez"), "name from the claims");
        assert!(
            account.body.contains("which manages your password"),
            "no password form for provider accounts"
        );

        // The same subject again: the same person, no new account. The browser still
        // carries its old session: signing in ends it and issues a new one.
        let b2 = begin(&r).await;
        let code = issue_code(&idp, &b2, sign(&idp, &claims(&idp, &b2, "sub-1")));
        let both = format!("{}; {session}", b2.cookie);
        let res = callback(&r, &format!("state={}&code={code}", b2.state), Some(&both)).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);
        let second = cookie_named(&res.headers, "entrust_session").expect("a new session");
        assert_ne!(second, session);
        let old = common::get_as(&r, "/account", Some(&session)).await;
        assert_eq!(
            old.status,
            StatusCode::UNAUTHORIZED,
            "the old session was ended"
        );
        let id = app::backend::store::identities::user_for(&t.db.pool, &issuer_of(&idp), "sub-1")
            .await
            .unwrap()
            .unwrap();

        // Another subject with the same email is another person: never matched on email.
        let b3 = begin(&r).await;
        let code = issue_code(&idp, &b3, sign(&idp, &claims(&idp, &b3, "sub-2")));
        callback(
            &r,
            &format!("state={}&code={code}", b3.state),
            Some(&b3.cookie),
        )
        .await;
        let issuer = idp.lock().unwrap().issuer.clone();
        let other = app::backend::store::identities::user_for(&t.db.pool, &issuer, "sub-2")
            .await
            .unwrap()
            .unwrap();
        assert_ne!(id, other);
        use sqlx::Row;
        let emails: Vec<Option<String>> =
            sqlx::query("SELECT email FROM users WHERE id IN ($1, $2) ORDER BY id")
                .bind(id)
                .bind(other)
                .fetch_all(&t.db.pool)
                .await
                .unwrap()
                .iter()
                .map(|r| r.try_get("email").unwrap())
                .collect();
        assert_eq!(emails, [Some("ana@example.org".to_string()), None]);
        let events: Vec<String> =
            sqlx::query("SELECT detail FROM audit_log WHERE event = 'sign_in'")
                .fetch_all(&t.db.pool)
                .await
                .unwrap()
                .iter()
                .map(|r| r.try_get("detail").unwrap())
                .collect();
        assert_eq!(events, ["oidc:test"; 3]);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replayed_tampered_or_foreign_callbacks_are_refused() {
    for t in common::all_databases().await {
        let idp = start_idp().await;
        let r = common::app(&t.db).oidc(providers(&idp)).build().router;

        // A replayed state: the first use signs in, the second finds nothing.
        let b = begin(&r).await;
        let code = issue_code(&idp, &b, sign(&idp, &claims(&idp, &b, "s")));
        let q = format!("state={}&code={code}", b.state);
        assert!(cookie_named(
            &callback(&r, &q, Some(&b.cookie)).await.headers,
            "entrust_session"
        )
        .is_some());
        refused_with(&callback(&r, &q, Some(&b.cookie)).await, "oidc_state");

        // A tampered state.
        let b = begin(&r).await;
        let code = issue_code(&idp, &b, sign(&idp, &claims(&idp, &b, "s")));
        let q = format!("state={}x&code={code}", b.state);
        refused_with(&callback(&r, &q, Some(&b.cookie)).await, "oidc_state");

        // The callback reaches a browser that did not start the attempt.
        let b = begin(&r).await;
        let code = issue_code(&idp, &b, sign(&idp, &claims(&idp, &b, "s")));
        let q = format!("state={}&code={code}", b.state);
        refused_with(&callback(&r, &q, None).await, "oidc_state");
        // … and the attempt is spent: the right browser cannot use it afterwards either.
        refused_with(&callback(&r, &q, Some(&b.cookie)).await, "oidc_state");

        // A tampered code: the provider refuses the exchange.
        let b = begin(&r).await;
        let q = format!("state={}&code=forged", b.state);
        refused_with(&callback(&r, &q, Some(&b.cookie)).await, "oidc_token");

        // The person said no at the provider.
        let b = begin(&r).await;
        let q = format!("state={}&error=access_denied", b.state);
        refused_with(&callback(&r, &q, Some(&b.cookie)).await, "oidc_denied");

        // Missing state.
        refused_with(&callback(&r, "code=x", Some(&b.cookie)).await, "oidc_state");

        assert_eq!(failures(&t.db).await, 7, "every refusal is audited");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forged_or_mismatched_id_tokens_are_refused() {
    let t = common::sqlite().await;
    let idp = start_idp().await;
    let r = common::app(&t.db).oidc(providers(&idp)).build().router;
    let now = app::backend::now();
    type Tamper = Box<dyn Fn(&Shared, &mut Value) -> Option<String>>;
    let cases: Vec<(&str, Tamper)> = vec![
        (
            "wrong nonce",
            Box::new(|_, c| {
                c["nonce"] = json!("another");
                None
            }),
        ),
        (
            "no nonce",
            Box::new(|_, c| {
                c.as_object_mut().unwrap().remove("nonce");
                None
            }),
        ),
        (
            "wrong issuer",
            Box::new(|_, c| {
                c["iss"] = json!("http://127.0.0.1:1");
                None
            }),
        ),
        (
            "wrong audience",
            Box::new(|_, c| {
                c["aud"] = json!("someone-else");
                None
            }),
        ),
        (
            "several audiences, azp not us",
            Box::new(|_, c| {
                c["aud"] = json!([CLIENT_ID, "x"]);
                c["azp"] = json!("x");
                None
            }),
        ),
        (
            "expired",
            Box::new(move |_, c| {
                c["exp"] = json!(now - 3600);
                c["iat"] = json!(now - 7200);
                None
            }),
        ),
        (
            "not yet valid",
            Box::new(move |_, c| {
                c["nbf"] = json!(now + 3600);
                None
            }),
        ),
        (
            "no subject",
            Box::new(|_, c| {
                c.as_object_mut().unwrap().remove("sub");
                None
            }),
        ),
        (
            "unsigned (alg none)",
            Box::new(|_, c| {
                let h = b64(br#"{"alg":"none","typ":"JWT"}"#);
                Some(format!("{h}.{}.", b64(c.to_string().as_bytes())))
            }),
        ),
        (
            "HMAC with the client secret",
            Box::new(|_, c| {
                Some(
                    jsonwebtoken::encode(
                        &Header::new(jsonwebtoken::Algorithm::HS256),
                        c,
                        &EncodingKey::from_secret(CLIENT_SECRET.as_bytes()),
                    )
                    .unwrap(),
                )
            }),
        ),
        (
            "signed by a key the provider does not publish",
            Box::new(|_, c| {
                let (pkcs8, _) = new_key();
                let mut h = Header::new(jsonwebtoken::Algorithm::EdDSA);
                h.kid = Some("k1".into());
                Some(jsonwebtoken::encode(&h, c, &EncodingKey::from_ed_der(&pkcs8)).unwrap())
            }),
        ),
        (
            "unknown key id",
            Box::new(|idp, c| {
                let mut h = Header::new(jsonwebtoken::Algorithm::EdDSA);
                h.kid = Some("k9".into());
                Some(
                    jsonwebtoken::encode(
                        &h,
                        c,
                        &EncodingKey::from_ed_der(&idp.lock().unwrap().pkcs8),
                    )
                    .unwrap(),
                )
            }),
        ),
        (
            "payload altered after signing",
            Box::new(|idp, c| {
                let good = sign(idp, c);
                let mut parts: Vec<String> = good.split('.').map(String::from).collect();
                let mut forged = c.clone();
                forged["sub"] = json!("admin");
                parts[1] = b64(forged.to_string().as_bytes());
                Some(parts.join("."))
            }),
        ),
    ];
    for (what, tamper) in &cases {
        let b = begin(&r).await;
        let mut c = claims(&idp, &b, "victim");
        let token = tamper(&idp, &mut c).unwrap_or_else(|| sign(&idp, &c));
        let code = issue_code(&idp, &b, token);
        let res = callback(
            &r,
            &format!("state={}&code={code}", b.state),
            Some(&b.cookie),
        )
        .await;
        assert_eq!(
            res.headers
                .get(header::LOCATION)
                .map(|v| v.to_str().unwrap().to_string()),
            Some("/signin?error=oidc_token".to_string()),
            "{what}"
        );
        assert!(
            cookie_named(&res.headers, "entrust_session").is_none(),
            "{what}"
        );
    }
    assert_eq!(failures(&t.db).await, cases.len() as i64);
    assert!(
        app::backend::store::identities::user_for(&t.db.pool, &issuer_of(&idp), "victim")
            .await
            .unwrap()
            .is_none(),
        "no account was created"
    );
    // The sign-in page explains what happened.
    let page = common::get(&r, "/signin?error=oidc_token").await;
    assert_eq!(page.status, StatusCode::UNAUTHORIZED);
    assert!(page.body.contains("could not be verified"), "{}", page.body);
    assert!(page.body.contains("Sign in with Test provider"));
    // The page's policy lets its sign-in forms lead to the provider, and nowhere else.
    let csp = page.headers[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap();
    assert!(
        csp.contains(&format!("form-action 'self' {};", issuer_of(&idp))),
        "{csp}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_provider_that_misstates_its_issuer_or_is_unknown_is_refused() {
    let t = common::sqlite().await;
    let idp = start_idp().await;
    idp.lock().unwrap().discovery_issuer = Some("https://evil.example".into());
    let r = common::app(&t.db).oidc(providers(&idp)).build().router;
    let res = send(&r, form_post("/auth/oidc/test/start", None, "next=%2F")).await;
    refused_with(&res, "oidc_unavailable");
    let res = send(&r, form_post("/auth/oidc/nobody/start", None, "next=%2F")).await;
    refused_with(&res, "oidc_unknown");
    // A cross-site form cannot even start an attempt.
    let res = send(
        &r,
        Request::post("/auth/oidc/test/start")
            .header(header::HOST, common::HOST)
            .header(header::ORIGIN, "https://attacker.example")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from("next=%2F"))
            .unwrap(),
    )
    .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert_eq!(failures(&t.db).await, 2);
}
