//! Admins manage people: platform roles, verified countries, country roles, invitation
//! links. Nobody
//! else can, the last admin stays, bad input changes nothing, everything is audited.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use app::backend::{demo, now, store};
use app::model::user::{CountryRole, PlatformRole};
use http::{header, StatusCode};

use common::{form_post, get_as, send, sign_in};

fn location(res: &common::Reply) -> String {
    res.headers
        .get(header::LOCATION)
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default()
}

async fn post(r: &axum::Router, uri: &str, cookie: Option<&str>, body: &str) -> common::Reply {
    send(r, form_post(uri, cookie, body.to_string())).await
}

async fn role_of(db: &app::backend::Db, username: &str) -> PlatformRole {
    let id = store::users::id_of(&db.pool, username)
        .await
        .unwrap()
        .unwrap();
    store::users::role_of(&db.pool, id).await.unwrap().unwrap()
}

async fn holds(db: &app::backend::Db, username: &str, role: CountryRole) -> Vec<String> {
    let id = store::users::id_of(&db.pool, username)
        .await
        .unwrap()
        .unwrap();
    store::country_roles::countries_of(&db.pool, id, role)
        .await
        .unwrap()
}

async fn country_of(db: &app::backend::Db, username: &str) -> Option<String> {
    let id = store::users::id_of(&db.pool, username)
        .await
        .unwrap()
        .unwrap();
    store::users::signed_in(&db.pool, id)
        .await
        .unwrap()
        .unwrap()
        .country
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admins_change_roles_and_publishers_nobody_else_does() {
    for t in common::all_databases().await {
        demo::load(&t.db, now()).await.unwrap();
        let r = common::router(&t.db);
        let admin = sign_in(&r, "elena.vargas").await;
        let ana = sign_in(&r, "ana.quispe").await;

        let page = get_as(&r, "/admin/users", Some(&admin)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("@marlon.baptiste"));
        let page = get_as(&r, "/admin/users?q=marlon", Some(&admin)).await;
        assert!(page.body.contains("@marlon.baptiste") && !page.body.contains("@ana.quispe"));
        for cookie in [Some(ana.as_str()), None] {
            assert_eq!(
                get_as(&r, "/admin/users", cookie).await.status,
                StatusCode::NOT_FOUND
            );
            let res = post(
                &r,
                "/admin/users/role",
                cookie,
                "username=ana.quispe&role=admin",
            )
            .await;
            assert_eq!(res.status, StatusCode::NOT_FOUND);
            let res = post(
                &r,
                "/admin/users/country-roles",
                cookie,
                "username=ana.quispe&publisher=CO&focal_point=CO",
            )
            .await;
            assert_eq!(res.status, StatusCode::NOT_FOUND);
            let res = post(
                &r,
                "/admin/users/country",
                cookie,
                "username=ana.quispe&country=CO",
            )
            .await;
            assert_eq!(res.status, StatusCode::NOT_FOUND);
        }
        assert_eq!(country_of(&t.db, "ana.quispe").await.as_deref(), Some("PE"));
        assert_eq!(role_of(&t.db, "ana.quispe").await, PlatformRole::Member);

        let res = post(
            &r,
            "/admin/users/role",
            Some(&admin),
            "username=marlon.baptiste&role=ta_staff",
        )
        .await;
        assert_eq!(location(&res), "/admin/users?done=role_changed");
        assert_eq!(
            role_of(&t.db, "marlon.baptiste").await,
            PlatformRole::TaStaff
        );
        // The only admin cannot step down; unknown roles and people are refused.
        let res = post(
            &r,
            "/admin/users/role",
            Some(&admin),
            "username=elena.vargas&role=member",
        )
        .await;
        assert_eq!(location(&res), "/admin/users?error=last_admin");
        assert_eq!(role_of(&t.db, "elena.vargas").await, PlatformRole::Admin);
        let res = post(
            &r,
            "/admin/users/role",
            Some(&admin),
            "username=marlon.baptiste&role=king",
        )
        .await;
        assert_eq!(location(&res), "/admin/users?error=bad_role");
        let res = post(
            &r,
            "/admin/users/role",
            Some(&admin),
            "username=nobody&role=member",
        )
        .await;
        assert_eq!(location(&res), "/admin/users?error=unknown_user");

        // Country roles: checked codes, replaced as a set per role.
        let res = post(
            &r,
            "/admin/users/country-roles",
            Some(&admin),
            "username=marlon.baptiste&publisher=tt%2C+jm%2C+TT&focal_point=TT&directory_editor=",
        )
        .await;
        assert_eq!(location(&res), "/admin/users?done=country_roles_changed");
        assert_eq!(
            holds(&t.db, "marlon.baptiste", CountryRole::Publisher).await,
            ["JM", "TT"]
        );
        assert_eq!(
            holds(&t.db, "marlon.baptiste", CountryRole::FocalPoint).await,
            ["TT"]
        );
        let res = post(
            &r,
            "/admin/users/country-roles",
            Some(&admin),
            "username=marlon.baptiste&publisher=TT&focal_point=TT%2C+XX",
        )
        .await;
        assert_eq!(location(&res), "/admin/users?error=unknown_country");
        assert_eq!(
            holds(&t.db, "marlon.baptiste", CountryRole::Publisher).await,
            ["JM", "TT"],
            "nothing half-written"
        );
        // The verified country: set, refused when unknown (nothing changed), cleared.
        for (sent, outcome, country) in [
            ("jm", "done=country_changed", Some("JM")),
            ("XX", "error=unknown_country", Some("JM")),
            ("", "done=country_changed", None),
        ] {
            let body = format!("username=marlon.baptiste&country={sent}");
            let res = post(&r, "/admin/users/country", Some(&admin), &body).await;
            assert_eq!(
                location(&res),
                format!("/admin/users?{outcome}"),
                "{sent:?}"
            );
            assert_eq!(
                country_of(&t.db, "marlon.baptiste").await.as_deref(),
                country
            );
        }
        assert_eq!(
            store::audit::count(&t.db.pool, "country_changed")
                .await
                .unwrap(),
            2
        );
        let page = get_as(&r, "/admin/users?error=unknown_country", Some(&admin)).await;
        assert!(page.body.contains("two-letter country codes"));

        assert_eq!(
            store::audit::count(&t.db.pool, "role_changed")
                .await
                .unwrap(),
            2
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_invitation_link_opens_sign_up_once_with_the_role_it_grants() {
    let t = common::sqlite().await;
    demo::load(&t.db, now()).await.unwrap();
    let r = common::router(&t.db); // self-service sign-up is closed
    let admin = sign_in(&r, "elena.vargas").await;
    assert_eq!(
        get_as(&r, "/signup", None).await.status,
        StatusCode::NOT_FOUND
    );

    let res = post(&r, "/admin/invitations", None, "role=admin&country=&note=").await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "only admins invite");
    let res = post(
        &r,
        "/admin/invitations",
        Some(&admin),
        "role=ta_staff&country=CO&note=Dr+Rojas",
    )
    .await;
    let loc = location(&res);
    let token = loc
        .strip_prefix("/admin/users?invited=")
        .and_then(|t| t.strip_suffix("#invite"))
        .expect(&loc)
        .to_string();
    let page = get_as(&r, &loc, Some(&admin)).await;
    assert!(page
        .body
        .contains(&format!("http://127.0.0.1:3000/signup?invite={token}")));
    assert!(
        page.body.contains("Dr Rojas"),
        "pending invitations are listed"
    );

    let page = get_as(&r, &format!("/signup?invite={token}"), None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("You have been invited"));
    let form = |username: &str, invite: &str| {
        format!("username={username}&name=Dr+Rojas&email=&country=PE&password=a-long-password-1&confirm=a-long-password-1&invite={invite}")
    };
    let res = post(&r, "/auth/signup", None, &form("rojas", &token)).await;
    assert_eq!(location(&res), "/");
    assert_eq!(role_of(&t.db, "rojas").await, PlatformRole::TaStaff);
    use sqlx::Row;
    let country: Option<String> =
        sqlx::query("SELECT country_code FROM users WHERE username = 'rojas'")
            .fetch_one(&t.db.pool)
            .await
            .unwrap()
            .try_get("country_code")
            .unwrap();
    assert_eq!(
        country.as_deref(),
        Some("CO"),
        "the invitation's country wins"
    );

    // Used once: the same link, or a made-up one, is refused and creates nobody.
    let res = post(&r, "/auth/signup", None, &form("rojas2", &token)).await;
    assert_eq!(
        location(&res),
        format!("/signup?error=invite&invite={token}")
    );
    let res = post(&r, "/auth/signup", None, &form("rojas3", "made-up")).await;
    assert_eq!(location(&res), "/signup?error=invite&invite=made-up");
    assert!(!store::users::exists(&t.db.pool, "rojas2").await.unwrap());
    assert!(!store::users::exists(&t.db.pool, "rojas3").await.unwrap());
    assert_eq!(
        get_as(&r, &format!("/signup?invite={token}"), None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        store::audit::count(&t.db.pool, "invitation_created")
            .await
            .unwrap(),
        1
    );
}
