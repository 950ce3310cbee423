//! Starting, changing and archiving spaces, on SQLite and PostgreSQL: who may start one
//! and for which country, what the owner may change, what archiving does; bad input
//! refused with nothing changed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use app::backend::{demo, now, store};
use http::StatusCode;

use common::{enc, get_as, location, post_as, sign_in};

fn form(slug: &str, name: &str, country: &str, visibility: &str, description: &str) -> String {
    format!(
        "slug={slug}&name={}&country={country}&visibility={visibility}&description={}",
        enc(name),
        enc(description)
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn who_may_start_a_space_and_for_which_country() {
    for t in common::all_databases().await {
        demo::load(&t.db, now()).await.unwrap();
        let r = common::router(&t.db);
        let ana = sign_in(&r, "ana.quispe").await; // publishes for Peru
        let lucia = sign_in(&r, "ta.lopez").await; // TA staff
        let marlon = sign_in(&r, "marlon.baptiste").await; // member

        let res = post_as(
            &r,
            "/spaces",
            &ana,
            &form(
                "peru-indicadores",
                "Indicadores Perú",
                "PE",
                "private",
                "Grupo de **indicadores**.",
            ),
        )
        .await;
        assert_eq!(location(&res), "/spaces/peru-indicadores");
        let page = get_as(&r, "/spaces/peru-indicadores", Some(&ana))
            .await
            .body;
        assert!(
            page.contains("<strong>indicadores</strong>"),
            "the description is markdown"
        );
        assert!(
            page.contains("/spaces/peru-indicadores/settings"),
            "the creator owns it"
        );

        for (body, code) in [
            (
                form("brasil-x", "X", "BR", "private", ""),
                "country_not_yours",
            ),
            (
                form("regional-x", "X", "", "private", ""),
                "country_not_yours",
            ),
            (
                form("peru-treatment-quality", "X", "PE", "private", ""),
                "slug",
            ),
            (form("new", "X", "PE", "private", ""), "slug"),
            (form("Bad Slug", "X", "PE", "private", ""), "slug"),
            (form("peru-y", " ", "PE", "private", ""), "name"),
            (form("peru-z", "Z", "PE", "secret", ""), "visibility"),
        ] {
            let res = post_as(&r, "/spaces", &ana, &body).await;
            assert_eq!(
                location(&res),
                format!("/spaces/new?error={code}"),
                "{body}"
            );
        }
        // TA staff may start a regional space; members may not start any.
        let res = post_as(
            &r,
            "/spaces",
            &lucia,
            &form("red-caribe", "Red Caribe", "", "network", ""),
        )
        .await;
        assert_eq!(location(&res), "/spaces/red-caribe");
        assert_eq!(
            post_as(
                &r,
                "/spaces",
                &marlon,
                &form("mine", "Mine", "TT", "public", "")
            )
            .await
            .status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            get_as(&r, "/spaces/new", Some(&marlon)).await.status,
            StatusCode::FORBIDDEN
        );
        let list = get_as(&r, "/spaces", Some(&marlon)).await.body;
        assert!(
            !list.contains("href=\"/spaces/new\""),
            "not offered to those who may not"
        );
        assert!(get_as(&r, "/spaces", Some(&lucia))
            .await
            .body
            .contains("href=\"/spaces/new\""));
        let count =
            store::spaces::list_visible(&t.db.pool, &app::backend::access::Viewer::Anonymous, 100)
                .await
                .unwrap()
                .len();
        assert_eq!(
            count, 3,
            "{}: only the public demo spaces are public",
            t.label
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn owners_change_settings_and_archive_and_nobody_else_does() {
    for t in common::all_databases().await {
        demo::load(&t.db, now()).await.unwrap();
        let r = common::router(&t.db);
        let carlos = sign_in(&r, "carlos.mejia").await; // owner of the private space
        let lucia = sign_in(&r, "ta.lopez").await; // moderator there
        const S: &str = "/spaces/colombia-plan-operativo";

        let body = form(
            "",
            "Colombia — plan 2027",
            "CO",
            "network",
            "Nuevo *objetivo*. <script>x()</script>",
        );
        let res = post_as(&r, &format!("{S}/settings"), &carlos, &body).await;
        assert!(location(&res).ends_with("done=saved"), "{}", location(&res));
        let space = store::spaces::by_slug(&t.db.pool, "colombia-plan-operativo")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(space.name, "Colombia — plan 2027");
        assert!(
            space.description_html.contains("<em>objetivo</em>")
                && !space.description_html.contains("script")
        );
        let audit = store::audit::recent(&t.db.pool, 20).await.unwrap();
        assert!(audit.iter().any(|e| e.event == "space_visibility_changed"));
        // Owners may not move a space to a country they do not publish for.
        let res = post_as(
            &r,
            &format!("{S}/settings"),
            &carlos,
            &form("", "X", "BR", "network", ""),
        )
        .await;
        assert!(
            location(&res).ends_with("error=country_not_yours"),
            "{}",
            location(&res)
        );
        // Moderators are not owners.
        assert_eq!(
            post_as(&r, &format!("{S}/settings"), &lucia, &body)
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            get_as(&r, &format!("{S}/settings"), Some(&lucia))
                .await
                .status,
            StatusCode::FORBIDDEN
        );

        // Archived: out of the lists, read-only, restorable.
        let thread = common::start_thread(&r, S, &carlos, "Antes", "Texto.").await;
        let res = post_as(&r, &format!("{S}/archive"), &carlos, "action=archive").await;
        assert!(location(&res).ends_with("done=archived"));
        assert!(!get_as(&r, "/spaces", Some(&carlos))
            .await
            .body
            .contains("colombia-plan-operativo"));
        let page = get_as(&r, S, Some(&carlos)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("This space is archived"));
        assert_eq!(
            get_as(&r, &thread, Some(&lucia)).await.status,
            StatusCode::OK,
            "still readable"
        );
        let res = post_as(
            &r,
            &format!("{thread}/reply"),
            &lucia,
            "parent=&body=tarde&intent=post",
        )
        .await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "read-only");
        let res = post_as(&r, &format!("{S}/archive"), &carlos, "action=restore").await;
        assert!(location(&res).ends_with("done=restored"));
        assert!(get_as(&r, "/spaces", Some(&carlos))
            .await
            .body
            .contains("colombia-plan-operativo"));
    }
}
