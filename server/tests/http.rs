//! The HTTP surface through the real router, without a socket: pages, status codes,
//! languages, security headers, health checks, bad input.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use app::backend::demo;
use axum::body::Body;
use http::{header, Request, StatusCode};

async fn demo_router() -> (common::TestDb, axum::Router) {
    let t = common::sqlite().await;
    demo::load(&t.db, 1_800_000_000).await.unwrap();
    let r = common::router(&t.db);
    (t, r)
}

fn get_with(uri: &str, name: http::HeaderName, value: &str) -> Request<Body> {
    Request::get(uri)
        .header(name, value)
        .body(Body::empty())
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn home_lists_public_spaces_only_and_an_honest_empty_library() {
    let (_t, r) = demo_router().await;
    let res = common::get(&r, "/").await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(
        res.body.contains("<html lang=\"en\""),
        "{}",
        &res.body[..200.min(res.body.len())]
    );
    assert!(res.body.contains("Peru — treatment quality working group"));
    assert!(res.body.contains("/spaces/red-regional-drogas-sinteticas"));
    assert!(
        !res.body.contains("colombia-plan-operativo"),
        "private space leaked"
    );
    assert!(
        !res.body.contains("brasil-rede-de-atencao"),
        "network space shown to anonymous"
    );
    assert!(res.body.contains("The library has no documents yet."));
    // Header navigation and search box are server-rendered.
    for needle in [
        "href=\"/spaces\"",
        "href=\"/library\"",
        "href=\"/requests\"",
        "action=\"/search\"",
    ] {
        assert!(res.body.contains(needle), "missing {needle}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_response_carries_security_headers_and_the_script_nonce_matches() {
    let (_t, r) = demo_router().await;
    for uri in [
        "/",
        "/spaces",
        "/no/such/page",
        "/healthz",
        "/pkg/entrust.css",
    ] {
        let res = common::get(&r, uri).await;
        let csp = res
            .headers
            .get(header::CONTENT_SECURITY_POLICY)
            .unwrap()
            .to_str()
            .unwrap();
        assert!(csp.contains("default-src 'self'"), "{uri}: {csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{uri}");
        assert!(csp.contains("object-src 'none'"), "{uri}");
        assert!(!csp.contains("unsafe-inline"), "{uri}");
        assert_eq!(
            res.headers.get(header::X_CONTENT_TYPE_OPTIONS).unwrap(),
            "nosniff"
        );
        assert_eq!(
            res.headers.get(header::REFERRER_POLICY).unwrap(),
            "same-origin"
        );
        assert_eq!(res.headers.get(header::X_FRAME_OPTIONS).unwrap(), "DENY");
    }
    let res = common::get(&r, "/").await;
    let csp = res
        .headers
        .get(header::CONTENT_SECURITY_POLICY)
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .unwrap()
        .split('\'')
        .next()
        .unwrap();
    assert!(nonce.len() >= 22, "nonce too short: {nonce}");
    assert!(
        res.body.contains(&format!("nonce=\"{nonce}\"")),
        "hydration script lacks the nonce"
    );
    // A new nonce on every response.
    let again = common::get(&r, "/").await;
    assert_ne!(
        again
            .headers
            .get(header::CONTENT_SECURITY_POLICY)
            .unwrap()
            .to_str()
            .unwrap(),
        csp
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_routes_get_the_404_page() {
    let (_t, r) = demo_router().await;
    let res = common::get(&r, "/definitely/not/here").await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert!(res.body.contains("Page not found"));
    assert!(res.body.contains("<header"), "404 keeps the site frame");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hidden_spaces_are_404_without_a_hint() {
    let (_t, r) = demo_router().await;
    let public = common::get(&r, "/spaces/peru-treatment-quality").await;
    assert_eq!(public.status, StatusCode::OK);
    assert!(public
        .body
        .contains("Peru — treatment quality working group"));
    for slug in [
        "colombia-plan-operativo",
        "brasil-rede-de-atencao",
        "no-such-space",
    ] {
        let res = common::get(&r, &format!("/spaces/{slug}")).await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{slug}");
        assert!(
            !res.body.contains("Colombia — plan operativo"),
            "{slug} leaked its name"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn language_follows_accept_language_then_the_cookie() {
    let (_t, r) = demo_router().await;
    let es = common::send(
        &r,
        get_with("/", header::ACCEPT_LANGUAGE, "es-MX,es;q=0.9,en;q=0.5"),
    )
    .await;
    assert!(es.body.contains("<html lang=\"es\""));
    assert!(es.body.contains("Espacios"));
    assert!(es
        .body
        .contains("La biblioteca todavía no tiene documentos."));
    let pt = common::send(
        &r,
        Request::get("/spaces")
            .header(header::ACCEPT_LANGUAGE, "es")
            .header(header::COOKIE, "other=1; lang=pt")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert!(
        pt.body.contains("<html lang=\"pt\""),
        "cookie must win over the header"
    );
    assert!(pt.body.contains("Espaços"));
    let fr = common::send(&r, get_with("/nowhere", header::COOKIE, "lang=fr")).await;
    assert_eq!(fr.status, StatusCode::NOT_FOUND);
    assert!(fr.body.contains("Page introuvable"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_language_switch_sets_a_cookie_and_only_redirects_locally() {
    let (_t, r) = demo_router().await;
    let switch = |body: &str| common::form_post("/lang", None, body.to_string());
    let res = common::send(&r, switch("to=es&next=/spaces%3Fa%3D1")).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(res.headers.get(header::LOCATION).unwrap(), "/spaces?a=1");
    let cookie = res
        .headers
        .get(header::SET_COOKIE)
        .unwrap()
        .to_str()
        .unwrap();
    assert!(cookie.starts_with("lang=es;"), "{cookie}");
    assert!(
        cookie.contains("SameSite=Lax") && cookie.contains("Path=/"),
        "{cookie}"
    );
    for evil in ["//evil.example", "https://evil.example", "/%5Cevil.example"] {
        let res = common::send(&r, switch(&format!("to=fr&next={evil}"))).await;
        assert_eq!(res.headers.get(header::LOCATION).unwrap(), "/", "{evil}");
    }
    let bad = common::send(&r, switch("to=klingon")).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.headers.get(header::SET_COOKIE).is_none());
    let missing = common::send(&r, switch("")).await;
    assert!(missing.status.is_client_error(), "{}", missing.status);
    // A GET changes nothing: an image in a post pointing here switches nobody's language.
    let image = common::get(&r, "/lang?to=fr&next=/").await;
    assert!(image.headers.get(header::SET_COOKIE).is_none());
    assert_eq!(image.status, StatusCode::METHOD_NOT_ALLOWED);
    // Nor does a form on another site.
    let forged = Request::post("/lang")
        .header(header::HOST, common::HOST)
        .header(header::ORIGIN, "https://evil.example")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from("to=fr&next=/"))
        .unwrap();
    let forged = common::send(&r, forged).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert!(forged.headers.get(header::SET_COOKIE).is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_and_readiness() {
    let (t, r) = demo_router().await;
    assert_eq!(common::get(&r, "/healthz").await.status, StatusCode::OK);
    let ready = common::get(&r, "/readyz").await;
    assert_eq!(ready.status, StatusCode::OK);
    assert!(ready.body.contains("ready"));
    t.db.pool.close().await;
    let down = common::get(&r, "/readyz").await;
    assert_eq!(down.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(down.body.contains("database unreachable"));
    assert_eq!(common::get(&r, "/healthz").await.status, StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_finds_what_the_viewer_may_see_and_survives_any_input() {
    let (_t, r) = demo_router().await;
    let res = common::get(&r, "/search?q=PERU").await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(res.body.contains("/spaces/peru-treatment-quality"));
    let private = common::get(&r, "/search?q=plan%20operativo").await;
    assert!(
        !private.body.contains("colombia-plan-operativo"),
        "private space found by search"
    );
    // (Public items with one of the words may be listed, once indexed: no item has both.)
    let none = common::get(&r, "/search?q=zzqxv%20wwjkq").await;
    assert!(none.body.contains("Nothing matches"));
    let long = "x".repeat(10_000);
    for q in [
        "%25%25",
        "%00%01%02",
        "%28%22unbalanced%5B",
        "%E6%B2%BB%E7%96%97",
        long.as_str(),
        "",
    ] {
        let res = common::get(&r, &format!("/search?q={q}")).await;
        assert_eq!(res.status, StatusCode::OK, "query {q:.20}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_functions_return_typed_errors_with_status_codes() {
    let (_t, r) = demo_router().await;
    let call = |slug: &str| common::form_post("/api/spaces/get", None, format!("slug={slug}"));
    let ok = common::send(&r, call("peru-treatment-quality")).await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    assert!(ok.body.contains("\"slug\":\"peru-treatment-quality\""));
    let hidden = common::send(&r, call("colombia-plan-operativo")).await;
    assert_eq!(hidden.status, StatusCode::NOT_FOUND, "{}", hidden.body);
    assert!(hidden.body.contains("not_found"), "{}", hidden.body);
    assert!(!hidden.body.contains("Colombia"));
    let malformed = common::send(&r, common::form_post("/api/spaces/get", None, "nope=1")).await;
    assert!(malformed.status.is_client_error() || malformed.status.is_server_error());
    assert!(!malformed.body.contains("sqlx"), "{}", malformed.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oversized_bodies_are_refused() {
    let (_t, r) = demo_router().await;
    let big = format!("q={}", "a".repeat(200_000));
    let res = common::send(&r, common::form_post("/api/search", None, big)).await;
    assert_eq!(res.status, StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn static_files_are_compressed_and_carry_cache_headers() {
    let (_t, r) = demo_router().await;
    let res = common::send(
        &r,
        get_with("/pkg/entrust.css", header::ACCEPT_ENCODING, "gzip"),
    )
    .await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(res.headers.get(header::CACHE_CONTROL).is_some());
    assert_eq!(res.headers.get(header::CONTENT_ENCODING).unwrap(), "gzip");
    let page = common::send(&r, get_with("/", header::ACCEPT_ENCODING, "br")).await;
    assert_eq!(page.headers.get(header::CONTENT_ENCODING).unwrap(), "br");
}

/// Files compressed once after the build (`entrust compress-site`) are served as they are:
/// the brotli-11 and gzip-9 bytes on disk, not a fresh per-request compression.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn precompressed_files_are_served_as_compressed_at_build_time() {
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let t = common::sqlite().await;
    let platform = common::app(&t.db).build();
    let pkg = platform.site.join("pkg");
    let done = server::precompress::site(&pkg).unwrap();
    assert_eq!(done.len(), 1, "{done:?}");
    for (accept, encoding, file) in [
        ("gzip, br", "br", "entrust.css.br"),
        ("gzip", "gzip", "entrust.css.gz"),
    ] {
        let res = platform
            .router
            .clone()
            .oneshot(get_with(
                "/pkg/entrust.css",
                header::ACCEPT_ENCODING,
                accept,
            ))
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(res.headers()[header::CONTENT_ENCODING], encoding);
        let body = res.into_body().collect().await.unwrap().to_bytes();
        assert_eq!(
            &body[..],
            &std::fs::read(pkg.join(file)).unwrap()[..],
            "{file}"
        );
    }
}
