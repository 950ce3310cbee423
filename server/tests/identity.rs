//! Identity and access: local sign-in, sessions, sign-out, cross-site protection, and the
//! access rule seen through pages and server functions.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use app::backend::{auth::session, auth::SessionPolicy, demo, store};
use axum::body::Body;
use http::{header, Request, StatusCode};

use common::{form_post, HOST, ORIGIN};

async fn demo_router() -> (common::TestDb, axum::Router) {
    let t = common::sqlite().await;
    demo::load(&t.db, app::backend::now()).await.unwrap();
    let r = common::router(&t.db);
    (t, r)
}

fn sign_in_request(origin: Option<&str>, username: &str, password: &str) -> Request<Body> {
    let mut b = Request::post("/auth/signin")
        .header(header::HOST, HOST)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if let Some(o) = origin {
        b = b.header(header::ORIGIN, o);
    }
    b.body(Body::from(format!(
        "username={username}&password={password}&next=%2Fspaces"
    )))
    .unwrap()
}

/// Signs in and returns the session cookie (`name=value`).
async fn sign_in(r: &axum::Router, username: &str) -> String {
    let res = common::send(
        r,
        sign_in_request(Some(ORIGIN), username, demo::DEMO_PASSWORD),
    )
    .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert_eq!(res.headers.get(header::LOCATION).unwrap(), "/spaces");
    let cookie = res
        .headers
        .get(header::SET_COOKIE)
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    assert!(
        !cookie.contains("Max-Age"),
        "the session cookie must not outlive the browser"
    );
    common::set_cookie_pair(&res)
}

fn get_as(uri: &str, cookie: &str) -> Request<Body> {
    Request::get(uri)
        .header(header::COOKIE, cookie)
        .body(Body::empty())
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sessions_expire_when_idle_or_old_and_end_on_sign_out() {
    for t in common::all_databases().await {
        demo::load(&t.db, 1_000).await.unwrap();
        let uid = store::users::id_of(&t.db.pool, "ana.quispe")
            .await
            .unwrap()
            .unwrap();
        let policy = SessionPolicy {
            idle_secs: 100,
            absolute_secs: 1_000,
        };
        let pool = &t.db.pool;
        let tok = session::create(pool, uid, "test", 10_000).await.unwrap();
        assert_eq!(
            session::resolve(pool, &tok, policy, 10_070).await.unwrap(),
            Some(uid)
        );
        // Activity (recorded at most once a minute) keeps it alive past the idle window…
        for at in (10_160..=10_970).step_by(90) {
            assert_eq!(
                session::resolve(pool, &tok, policy, at).await.unwrap(),
                Some(uid),
                "{} at {at}",
                t.label
            );
        }
        // …but not past the absolute limit.
        assert_eq!(
            session::resolve(pool, &tok, policy, 11_010).await.unwrap(),
            None,
            "{}",
            t.label
        );
        assert_eq!(
            session::resolve(pool, &tok, policy, 10_100).await.unwrap(),
            None,
            "expired sessions are deleted"
        );

        let idle = session::create(pool, uid, "test", 20_000).await.unwrap();
        assert_eq!(
            session::resolve(pool, &idle, policy, 20_101).await.unwrap(),
            None,
            "{}",
            t.label
        );

        let ended = session::create(pool, uid, "test", 30_000).await.unwrap();
        session::end(pool, &ended).await.unwrap();
        assert_eq!(
            session::resolve(pool, &ended, policy, 30_001)
                .await
                .unwrap(),
            None
        );

        for forged in ["", "x", &"A".repeat(43), "../../etc/passwd"] {
            assert_eq!(
                session::resolve(pool, forged, policy, 30_001)
                    .await
                    .unwrap(),
                None
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_with_a_local_account_then_sign_out_kills_the_session() {
    let (t, r) = demo_router().await;
    // Before: the private space does not exist for an anonymous reader.
    let anon = common::get(&r, "/spaces/colombia-plan-operativo").await;
    assert_eq!(anon.status, StatusCode::NOT_FOUND);

    let cookie = sign_in(&r, "carlos.mejia").await;
    let page = common::send(&r, get_as("/spaces/colombia-plan-operativo", &cookie)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page
        .body
        .contains("Colombia — plan operativo de tratamiento 2026"));
    let home = common::send(&r, get_as("/", &cookie)).await;
    assert!(
        home.body.contains("/spaces/colombia-plan-operativo"),
        "member's listing shows it"
    );
    assert!(
        home.body.contains("Carlos Mejía"),
        "header shows who is signed in"
    );
    assert!(home.body.contains("action=\"/auth/signout\""));

    // A new session id at every sign-in.
    let again = sign_in(&r, "carlos.mejia").await;
    assert_ne!(again, cookie);
    assert_eq!(store::audit::count(&t.db.pool, "sign_in").await.unwrap(), 2);

    let out = common::send(&r, form_post("/auth/signout", Some(&cookie), "")).await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert!(out
        .headers
        .get(header::SET_COOKIE)
        .unwrap()
        .to_str()
        .unwrap()
        .contains("Max-Age=0"));
    assert_eq!(
        store::audit::count(&t.db.pool, "sign_out").await.unwrap(),
        1
    );
    // The old cookie replayed is worth nothing.
    let replay = common::send(&r, get_as("/spaces/colombia-plan-operativo", &cookie)).await;
    assert_eq!(replay.status, StatusCode::NOT_FOUND);
    assert!(!replay.body.contains("Carlos Mejía"));
    // The other session is untouched.
    let other = common::send(&r, get_as("/spaces/colombia-plan-operativo", &again)).await;
    assert_eq!(other.status, StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_passwords_are_refused_the_same_way_and_audited() {
    let (t, r) = demo_router().await;
    for (user, pass) in [
        ("carlos.mejia", "not-the-password"),
        ("nobody.here", "whatever-it-is"),
    ] {
        let res = common::send(&r, sign_in_request(Some(ORIGIN), user, pass)).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);
        let to = res.headers.get(header::LOCATION).unwrap().to_str().unwrap();
        assert!(to.starts_with("/signin?error=1"), "{to}");
        assert!(
            res.headers.get(header::SET_COOKIE).is_none(),
            "no session for a failure"
        );
    }
    assert_eq!(
        store::audit::count(&t.db.pool, "sign_in_failed")
            .await
            .unwrap(),
        2
    );
    let page = common::get(&r, "/signin?error=1").await;
    assert_eq!(page.status, StatusCode::UNAUTHORIZED);
    assert!(page.body.contains("The username or password is wrong"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cross_site_posts_are_refused_before_anything_happens() {
    let (t, r) = demo_router().await;
    for origin in [
        None,
        Some("http://evil.example"),
        Some("null"),
        Some("http://entrust.test.evil.example"),
    ] {
        let res = common::send(
            &r,
            sign_in_request(origin, "carlos.mejia", demo::DEMO_PASSWORD),
        )
        .await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "{origin:?}");
        assert!(res.body.contains("Cross-site request refused"));
        assert!(res.headers.get(header::SET_COOKIE).is_none());
    }
    assert_eq!(store::audit::count(&t.db.pool, "sign_in").await.unwrap(), 0);
    // A Referer from the site itself is accepted when Origin is absent (older browsers).
    let mut req = sign_in_request(None, "carlos.mejia", demo::DEMO_PASSWORD);
    req.headers_mut().insert(
        header::REFERER,
        "http://entrust.test/signin".parse().unwrap(),
    );
    assert_eq!(common::send(&r, req).await.status, StatusCode::SEE_OTHER);
    // Server functions are protected by the same check.
    let sf = common::send(
        &r,
        Request::post("/api/spaces/get")
            .header(header::HOST, HOST)
            .header(header::ORIGIN, "http://evil.example")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from("slug=peru-treatment-quality"))
            .unwrap(),
    )
    .await;
    assert_eq!(sf.status, StatusCode::FORBIDDEN);
    // The refusals are in the audit log: the first from an address in full, the rest of
    // that minute counted into one summary row afterwards (see `audit_gate`), so anonymous
    // requests cannot flood the log.
    let audit = store::audit::recent(&t.db.pool, 50).await.unwrap();
    let refused: Vec<_> = audit
        .iter()
        .filter(|e| e.event == "cross_site_refused")
        .collect();
    assert_eq!(refused.len(), 1, "{refused:?}");
    assert!(refused[0].detail.contains("/auth/signin"), "{refused:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn visibility_through_pages_listings_and_server_functions() {
    let (t, r) = demo_router().await;
    let joana = sign_in(&r, "joana.silva").await; // owner of the Brazilian network space only
    let ana = sign_in(&r, "ana.quispe").await; // member of a public space only
                                               // Network spaces: any signed-in member.
    for c in [&joana, &ana] {
        let res = common::send(&r, get_as("/spaces/brasil-rede-de-atencao", c)).await;
        assert_eq!(res.status, StatusCode::OK);
    }
    // Private spaces: members only, 404 otherwise — in the page, the listing and the API.
    let page = common::send(&r, get_as("/spaces/colombia-plan-operativo", &ana)).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    let list = common::send(&r, get_as("/spaces", &ana)).await;
    assert!(list.body.contains("brasil-rede-de-atencao"));
    assert!(!list.body.contains("colombia-plan-operativo"));
    let search = common::send(&r, get_as("/search?q=colombia", &ana)).await;
    assert!(!search.body.contains("colombia-plan-operativo"));
    let call = |cookie: &str| {
        form_post(
            "/api/spaces/get",
            Some(cookie),
            "slug=colombia-plan-operativo",
        )
    };
    assert_eq!(
        common::send(&r, call(&ana)).await.status,
        StatusCode::NOT_FOUND
    );
    let carlos = sign_in(&r, "carlos.mejia").await;
    assert_eq!(common::send(&r, call(&carlos)).await.status, StatusCode::OK);
    // A forged cookie is simply anonymous; it is recorded and cleared.
    let forged = format!("{}={}", session::COOKIE, "A".repeat(43));
    let res = common::send(&r, call(&forged)).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    let cleared = res.headers[header::SET_COOKIE].to_str().unwrap();
    assert!(cleared.starts_with("entrust_session=;") && cleared.contains("Max-Age=0"));
    let account = common::get_as(&r, "/account", Some(&forged)).await;
    assert_eq!(account.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        store::audit::count(&t.db.pool, "session_rejected")
            .await
            .unwrap(),
        1,
        "one row a minute per address; the rest are summarised"
    );
}

/// A sign-in sent from `address` (as the server sees its client).
fn sign_in_from(address: &str, username: &str, password: &str) -> Request<Body> {
    let mut req = sign_in_request(Some(ORIGIN), username, password);
    let addr: std::net::SocketAddr = format!("{address}:40000").parse().unwrap();
    req.extensions_mut()
        .insert(axum::extract::ConnectInfo(addr));
    req
}

fn refused(res: &common::Reply) -> bool {
    res.headers
        .get(header::LOCATION)
        .is_some_and(|l| l.to_str().unwrap().starts_with("/signin?error=1"))
        && res.headers.get(header::SET_COOKIE).is_none()
}

/// Repeated failures slow down whoever makes them — that account from that address — and
/// never lock the account's owner out from elsewhere (a stranger could otherwise keep an
/// administrator out with six wrong passwords).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn repeated_failures_hold_back_the_guesser_and_not_the_owner() {
    let (t, r) = demo_router().await;
    const GUESSER: &str = "203.0.113.9";
    const OWNER: &str = "198.51.100.4";
    for _ in 0..6 {
        let res = common::send(
            &r,
            sign_in_from(GUESSER, "carlos.mejia", "wrong-password-x"),
        )
        .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);
    }
    // The guesser, even with the right password now, waits.
    let res = common::send(
        &r,
        sign_in_from(GUESSER, "carlos.mejia", demo::DEMO_PASSWORD),
    )
    .await;
    assert!(refused(&res), "the guessing address gets no session");
    assert!(
        store::audit::count(&t.db.pool, "sign_in_throttled")
            .await
            .unwrap()
            >= 1
    );
    assert!(
        store::audit::count(&t.db.pool, "sign_in_failed")
            .await
            .unwrap()
            >= 6,
        "every failure is in the audit log"
    );
    // The owner, from their own address, signs in.
    let res = common::send(&r, sign_in_from(OWNER, "carlos.mejia", demo::DEMO_PASSWORD)).await;
    assert!(!refused(&res), "the owner is not locked out");
    assert!(res.headers.get(header::SET_COOKIE).is_some());
    // Other accounts are unaffected, even from the guessing address.
    let res = common::send(&r, sign_in_from(GUESSER, "ana.quispe", demo::DEMO_PASSWORD)).await;
    assert!(!refused(&res));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sessions_page_lists_and_ends_other_sessions() {
    let (_t, r) = demo_router().await;
    let laptop = sign_in(&r, "ana.quispe").await;
    let phone = sign_in(&r, "ana.quispe").await;
    let page = common::send(&r, get_as("/account", &laptop)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(
        page.body.matches("action=\"/auth/sessions/end\"").count(),
        2,
        "two sessions listed"
    );
    assert!(page.body.contains("This device"));
    // End the phone's session from the laptop.
    let phone_id = app::backend::auth::session::id_of(phone.split('=').nth(1).unwrap());
    let post = |cookie: &str, body: String, uri: &str| form_post(uri, Some(cookie), body);
    let res = common::send(
        &r,
        post(&laptop, format!("id={phone_id}"), "/auth/sessions/end"),
    )
    .await;
    assert_eq!(
        res.headers.get(header::LOCATION).unwrap(),
        "/account?ended=1"
    );
    let phone_now = common::send(&r, get_as("/account", &phone)).await;
    assert_eq!(
        phone_now.status,
        StatusCode::UNAUTHORIZED,
        "the ended session is signed out"
    );
    // Someone else's session id ends nothing.
    let carlos = sign_in(&r, "carlos.mejia").await;
    let carlos_id = app::backend::auth::session::id_of(carlos.split('=').nth(1).unwrap());
    common::send(
        &r,
        post(&laptop, format!("id={carlos_id}"), "/auth/sessions/end"),
    )
    .await;
    assert_eq!(
        common::send(&r, get_as("/account", &carlos)).await.status,
        StatusCode::OK
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changing_the_password_checks_the_old_one_and_ends_other_sessions() {
    let (t, r) = demo_router().await;
    let here = sign_in(&r, "joana.silva").await;
    let elsewhere = sign_in(&r, "joana.silva").await;
    let change = |body: &str| form_post("/auth/password", Some(&here), body);
    for (body, code) in [
        (
            "current=wrong-password-123&new=brand-new-password&confirm=brand-new-password",
            "wrong_current",
        ),
        (
            "current=entrust-demo-2026&new=brand-new-password&confirm=brand-new-passw0rd",
            "mismatch",
        ),
        ("current=entrust-demo-2026&new=short&confirm=short", "weak"),
    ] {
        let res = common::send(&r, change(body)).await;
        assert_eq!(
            res.headers.get(header::LOCATION).unwrap().to_str().unwrap(),
            format!("/account?error={code}")
        );
    }
    // Nothing changed so far: the old password still works.
    sign_in(&r, "joana.silva").await;
    let ok = common::send(
        &r,
        change("current=entrust-demo-2026&new=brand-new-password&confirm=brand-new-password"),
    )
    .await;
    assert_eq!(
        ok.headers.get(header::LOCATION).unwrap(),
        "/account?changed=1"
    );
    assert_eq!(
        store::audit::count(&t.db.pool, "password_changed")
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        common::send(&r, get_as("/account", &here)).await.status,
        StatusCode::OK,
        "this session stays"
    );
    assert_eq!(
        common::send(&r, get_as("/account", &elsewhere))
            .await
            .status,
        StatusCode::UNAUTHORIZED,
        "other sessions end"
    );
    let old = common::send(
        &r,
        sign_in_request(Some(ORIGIN), "joana.silva", demo::DEMO_PASSWORD),
    )
    .await;
    assert!(
        old.headers.get(header::SET_COOKIE).is_none(),
        "the old password no longer works"
    );
    let new = common::send(
        &r,
        sign_in_request(Some(ORIGIN), "joana.silva", "brand-new-password"),
    )
    .await;
    assert!(new.headers.get(header::SET_COOKIE).is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_up_is_closed_by_default() {
    let (t, r) = demo_router().await;
    assert_eq!(
        common::get(&r, "/signup").await.status,
        StatusCode::NOT_FOUND
    );
    let body =
        "username=newbie&name=New&email=&country=&password=long-enough-pw&confirm=long-enough-pw";
    let res = common::send(&r, form_post("/auth/signup", None, body)).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert!(!store::users::exists(&t.db.pool, "newbie").await.unwrap());
    assert!(!common::get(&r, "/signin")
        .await
        .body
        .contains("href=\"/signup\""));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn open_sign_up_creates_a_member_and_signs_them_in() {
    let t = common::sqlite().await;
    demo::load(&t.db, app::backend::now()).await.unwrap();
    let r = common::app(&t.db).signup(true).build().router;
    let page = common::get(&r, "/signup").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("value=\"HT\""), "countries offered");
    assert!(common::get(&r, "/signin")
        .await
        .body
        .contains("href=\"/signup\""));
    let form = |user: &str, pw: &str, confirm: &str, country: &str| {
        format!("username={user}&name=Rose+Pierre&email=rose%40example.org&country={country}&password={pw}&confirm={confirm}")
    };
    for (body, code) in [
        (
            form("rose.p", "long-enough-pw", "long-enough-pX", "HT"),
            "mismatch",
        ),
        (form("rose.p", "short", "short", "HT"), "weak"),
        (
            form("Rose P", "long-enough-pw", "long-enough-pw", "HT"),
            "invalid",
        ),
        (
            form("rose.p", "long-enough-pw", "long-enough-pw", "ZZ"),
            "invalid",
        ),
        (
            form("carlos.mejia", "long-enough-pw", "long-enough-pw", "HT"),
            "taken",
        ),
    ] {
        let res = common::send(&r, form_post("/auth/signup", None, body.clone())).await;
        assert_eq!(
            res.headers.get(header::LOCATION).unwrap().to_str().unwrap(),
            format!("/signup?error={code}"),
            "{body}"
        );
        assert!(res.headers.get(header::SET_COOKIE).is_none());
    }
    assert!(
        !store::users::exists(&t.db.pool, "rose.p").await.unwrap(),
        "refusals change nothing"
    );
    let ok = common::send(
        &r,
        form_post(
            "/auth/signup",
            None,
            form("rose.p", "long-enough-pw", "long-enough-pw", "HT"),
        ),
    )
    .await;
    assert_eq!(ok.headers.get(header::LOCATION).unwrap(), "/");
    let cookie = common::set_cookie_pair(&ok);
    let home = common::send(&r, get_as("/", &cookie)).await;
    assert!(home.body.contains("Rose Pierre"), "signed in right away");
    // The country on the form is a request, not a fact: no country yet, one request.
    let rose = store::users::id_of(&t.db.pool, "rose.p")
        .await
        .unwrap()
        .unwrap();
    let me = store::users::signed_in(&t.db.pool, rose)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        me.country, None,
        "a new account does not choose its country"
    );
    let (pending, _) = store::affiliations::of_user(&t.db.pool, rose)
        .await
        .unwrap();
    assert_eq!(pending.unwrap().view.country.code, "HT");
    // A new member sees network spaces but not private ones.
    assert_eq!(
        common::send(&r, get_as("/spaces/brasil-rede-de-atencao", &cookie))
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        common::send(&r, get_as("/spaces/colombia-plan-operativo", &cookie))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(store::audit::count(&t.db.pool, "sign_up").await.unwrap(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admins_read_the_audit_log_and_nobody_else_does() {
    let (t, r) = demo_router().await;
    let hash = app::backend::auth::password::hash("admin-password-long").unwrap();
    let admin = store::users::NewUser {
        username: "site.admin",
        display_name: "Site Admin",
        email: None,
        country_code: None,
        organisation: "",
        role: app::model::user::PlatformRole::Admin,
        password_hash: Some(&hash),
    };
    store::users::create(&t.db.pool, &admin, 1).await.unwrap();
    common::send(
        &r,
        sign_in_request(Some(ORIGIN), "carlos.mejia", "not-his-password"),
    )
    .await;
    let member = sign_in(&r, "ana.quispe").await;
    let res = common::send(
        &r,
        sign_in_request(Some(ORIGIN), "site.admin", "admin-password-long"),
    )
    .await;
    let admin_cookie = common::set_cookie_pair(&res);
    let page = common::send(&r, get_as("/admin/audit", &admin_cookie)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("sign_in_failed") && page.body.contains("username=carlos.mejia"));
    assert!(page.body.contains("ana.quispe"));
    assert!(
        !page.body.contains("not-his-password"),
        "passwords are never logged"
    );
    for cookie in [member.as_str(), ""] {
        let res = common::send(&r, get_as("/admin/audit", cookie)).await;
        assert_eq!(res.status, StatusCode::NOT_FOUND);
        assert!(!res.body.contains("sign_in_failed"));
    }
}
