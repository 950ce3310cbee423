//! Starting, changing and archiving spaces, on SQLite and PostgreSQL: who may start one
//! and for which country, what the owner may change, what archiving does; bad input
//! refused with nothing changed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use app::backend::{demo, now, store};
use http::StatusCode;

use common::{enc, get_as, location, post_as, sign_in};

fn form(name: &str, country: &str, visibility: &str, description: &str) -> String {
    format!(
        "name={}&country={country}&visibility={visibility}&description={}",
        enc(name),
        enc(description)
    )
}

/// `/spaces/{name words}-{code}`: where a new space lands (its address is made).
fn made_address(location: &str, words: &str) -> bool {
    location
        .strip_prefix(&format!("/spaces/{words}-"))
        .is_some_and(|code| code.len() == 6 && code.bytes().all(|b| b.is_ascii_alphanumeric()))
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
                "Indicadores Perú",
                "PE",
                "private",
                "Grupo de **indicadores**.",
            ),
        )
        .await;
        let made = location(&res);
        assert!(made_address(&made, "indicadores-peru"), "{made}");
        let page = get_as(&r, &made, Some(&ana)).await.body;
        assert!(
            page.contains("<strong>indicadores</strong>"),
            "the description is markdown"
        );
        assert!(
            page.contains(&format!("{made}/settings")),
            "the creator owns it"
        );
        // The same name again: another space, another address (names are not unique, and
        // whether one is taken — by a space one may not see — is never told).
        let again = post_as(
            &r,
            "/spaces",
            &ana,
            &form("Indicadores Perú", "PE", "private", ""),
        )
        .await;
        let again = location(&again);
        assert!(
            made_address(&again, "indicadores-peru") && again != made,
            "{again}"
        );
        // The name of a private space nobody here may see: the answer is the same.
        let probe = post_as(
            &r,
            "/spaces",
            &ana,
            &form("colombia plan operativo", "PE", "private", ""),
        )
        .await;
        assert!(
            made_address(&location(&probe), "colombia-plan-operativo"),
            "{}",
            location(&probe)
        );

        for (body, code) in [
            (form("X", "BR", "private", ""), "country_not_yours"),
            (form("X", "", "private", ""), "country_not_yours"),
            (form(" ", "PE", "private", ""), "space_name"),
            (form("Z", "PE", "secret", ""), "visibility"),
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
            &form("Red Caribe", "", "network", ""),
        )
        .await;
        assert!(
            made_address(&location(&res), "red-caribe"),
            "{}",
            location(&res)
        );
        assert_eq!(
            post_as(&r, "/spaces", &marlon, &form("Mine", "TT", "public", ""))
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
            &form("X", "BR", "network", ""),
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
