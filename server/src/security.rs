//! Security headers on every response, including a strict Content-Security-Policy.
//!
//! Scripts run only from this origin or with the per-response nonce that Leptos puts on
//! its hydration script; `'wasm-unsafe-eval'` lets the WebAssembly islands compile.

use axum::{
    extract::Request,
    http::{header, HeaderName, HeaderValue},
    middleware::Next,
    response::Response,
};

/// The nonce for this response's inline scripts, handed to Leptos through the request.
#[derive(Clone, Debug)]
pub struct CspNonce(pub String);

#[derive(Clone, Debug)]
pub struct SecurityPolicy {
    /// Send `Strict-Transport-Security` (the site is served over TLS).
    pub hsts: bool,
    /// Extra `connect-src` source, e.g. the live-reload socket of `cargo leptos watch`.
    pub extra_connect_src: Option<String>,
    /// Origins sign-in forms may lead to: the identity providers' (the "Sign in with …"
    /// buttons post here, and are redirected there).
    pub form_action: Vec<String>,
}

impl SecurityPolicy {
    pub fn csp(&self, nonce: &str) -> String {
        let connect = match &self.extra_connect_src {
            Some(extra) => format!("'self' {extra}"),
            None => "'self'".to_string(),
        };
        let form_action: String = self.form_action.iter().map(|o| format!(" {o}")).collect();
        format!(
            "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
             style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src {connect}; \
             object-src 'none'; base-uri 'none'; form-action 'self'{form_action}; \
             frame-ancestors 'none'"
        )
    }
}

/// Fresh 128-bit nonce, base64url without padding.
pub fn new_nonce() -> String {
    leptos::nonce::Nonce::new().to_string()
}

pub async fn headers(policy: SecurityPolicy, mut req: Request, next: Next) -> Response {
    let nonce = new_nonce();
    req.extensions_mut().insert(CspNonce(nonce.clone()));
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&policy.csp(&nonce)) {
        h.insert(header::CONTENT_SECURITY_POLICY, v);
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        HeaderName::from_static("permissions-policy"),
        HeaderValue::from_static("camera=(), microphone=(), geolocation=(), interest-cohort=()"),
    );
    h.insert(
        HeaderName::from_static("cross-origin-opener-policy"),
        HeaderValue::from_static("same-origin"),
    );
    if policy.hsts {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    res
}

/// Whether the request says it comes from a page of this site: its Origin (or, lacking
/// one, its Referer) is the site's origin or names the host the request was sent to.
pub fn is_same_origin(h: &axum::http::HeaderMap, site_origin: &str) -> bool {
    let host = h
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    claimed_origin(h).as_deref().is_some_and(|o| {
        o == site_origin
            || (!host.is_empty()
                && origin_of(o)
                    .split_once("://")
                    .is_some_and(|(_, a)| a == host))
    })
}

/// The origin a request claims: its Origin header, or its Referer's origin.
fn claimed_origin(h: &axum::http::HeaderMap) -> Option<String> {
    h.get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .filter(|o| *o != "null")
        .map(str::to_string)
        .or_else(|| {
            h.get(header::REFERER)
                .and_then(|v| v.to_str().ok())
                .map(|r| origin_of(r).to_string())
        })
}

/// Refuses state-changing requests (anything but GET, HEAD, OPTIONS) that do not come from
/// this site: the `Origin` header (or, failing that, `Referer`) must be the configured
/// origin or the origin of the `Host` the browser addressed. Browsers always send one of
/// them on cross-site POSTs, so SameSite cookies are not relied on alone.
pub async fn same_origin(
    site_origin: String,
    state: app::backend::AppState,
    req: Request,
    next: Next,
) -> Response {
    use axum::http::{Method, StatusCode};
    use axum::response::IntoResponse;
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    // A mail client's one-click unsubscribe (RFC 8058) is posted from elsewhere by design;
    // the token in the path is its proof, and all it can do is stop emails.
    if is_same_origin(req.headers(), &site_origin)
        || req.uri().path().starts_with("/email/unsubscribe/")
    {
        next.run(req).await
    } else {
        // Recorded for the admins: a forged cross-site form is an attack on someone.
        let address = req
            .extensions()
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|c| c.0.ip().to_string())
            .unwrap_or_default();
        let detail: String = format!(
            "{} {} from {}",
            req.method(),
            req.uri().path(),
            claimed_origin(req.headers())
                .as_deref()
                .unwrap_or("no Origin or Referer")
        )
        .chars()
        .take(300)
        .collect();
        // Gated: anyone can send these, with text of their choosing.
        state
            .audit_gate
            .record(
                &state.db,
                "cross_site_refused",
                &detail,
                &address,
                app::backend::now(),
            )
            .await;
        (
            StatusCode::FORBIDDEN,
            "Cross-site request refused: this form must be sent from the site itself.",
        )
            .into_response()
    }
}

/// `scheme://authority` of a URL (the whole string when it has no path).
fn origin_of(url: &str) -> &str {
    match url.find("://") {
        Some(i) => match url[i + 3..].find('/') {
            Some(j) => &url[..i + 3 + j],
            None => url,
        },
        None => "",
    }
}

/// Refuses request bodies over `max` bytes with 413 — whether the size is announced in
/// `Content-Length` or the body arrives chunked — before any handler reads them. Handlers
/// (server functions included) would otherwise see a read error and answer 500.
pub async fn limit_body(max: usize, req: Request, next: Next) -> Response {
    use axum::body::Body;
    use axum::http::StatusCode;
    use axum::response::IntoResponse;
    let too_large = || {
        (
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("Request body too large: the limit is {max} bytes."),
        )
            .into_response()
    };
    let announced = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    match announced {
        Some(n) if n > max as u64 => too_large(),
        Some(_) => next.run(req).await,
        None => {
            let (parts, body) = req.into_parts();
            match axum::body::to_bytes(body, max).await {
                Ok(bytes) => {
                    next.run(Request::from_parts(parts, Body::from(bytes)))
                        .await
                }
                Err(_) => too_large(),
            }
        }
    }
}
