//! Notifications (mentions, replies, watched spaces; only for people who can read the
//! post; muting; read when seen) and profiles (recent posts filtered by what the viewer
//! may see; only the owner edits, bad input changes nothing), on SQLite and PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use app::backend::{demo, now, store, Db};
use http::StatusCode;

use common::{enc, get_as, location, post_as, sign_in};

const PRIVATE: &str = "/spaces/colombia-plan-operativo";
const PUBLIC: &str = "/spaces/peru-treatment-quality";

async fn notified(db: &Db, username: &str) -> Vec<(String, bool)> {
    let id = store::users::id_of(&db.pool, username)
        .await
        .unwrap()
        .unwrap();
    store::notifications::recent(&db.pool, id, 50)
        .await
        .unwrap()
        .into_iter()
        .map(|n| (n.kind.as_str().to_string(), n.read))
        .collect()
}

async fn start(r: &axum::Router, space: &str, cookie: &str, title: &str, body: &str) -> String {
    common::start_thread(r, space, cookie, title, body).await
}

async fn reply(r: &axum::Router, thread: &str, cookie: &str, body: &str) {
    let res = post_as(
        r,
        &format!("{thread}/reply"),
        cookie,
        &format!("parent=&body={}&intent=post", enc(body)),
    )
    .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn people_hear_about_mentions_replies_and_watched_spaces_they_can_read() {
    for t in common::all_databases().await {
        demo::load(&t.db, now()).await.unwrap();
        let r = common::router(&t.db);
        let carlos = sign_in(&r, "carlos.mejia").await;
        let lucia = sign_in(&r, "ta.lopez").await;

        // Ana is not in the private space: mentioning her tells her nothing about it.
        let thread = start(
            &r,
            PRIVATE,
            &carlos,
            "Revisión",
            "@ta.lopez y @ana.quispe, ¿pueden revisar?",
        )
        .await;
        assert_eq!(
            notified(&t.db, "ta.lopez").await,
            [("mention".into(), false)]
        );
        assert!(notified(&t.db, "ana.quispe").await.is_empty());
        assert!(
            notified(&t.db, "carlos.mejia").await.is_empty(),
            "never one's own post"
        );

        // A reply to Carlos's opening post tells him; the header shows the count.
        let page = get_as(&r, &thread, Some(&lucia)).await.body;
        let opening = page.split("id=\"p").nth(1).unwrap();
        let opening: i64 = opening[..opening.find('"').unwrap()].parse().unwrap();
        let res = post_as(
            &r,
            &format!("{thread}/reply"),
            &lucia,
            &format!("parent={opening}&body=Claro.&intent=post"),
        )
        .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);
        assert_eq!(
            notified(&t.db, "carlos.mejia").await,
            [("reply".into(), false)]
        );
        let home = get_as(&r, "/", Some(&carlos)).await.body;
        assert!(
            home.contains("class=\"count\""),
            "the header shows the unread count"
        );
        let centre = get_as(&r, "/notifications", Some(&carlos)).await.body;
        assert!(centre.contains("Lucía López replied to you"), "{centre}");

        // Opening the thread marks it read; so does "mark all".
        get_as(&r, &thread, Some(&carlos)).await;
        assert_eq!(
            notified(&t.db, "carlos.mejia").await,
            [("reply".into(), true)]
        );
        let res = post_as(&r, "/notifications/read", &lucia, "").await;
        assert!(location(&res).contains("done=all_read"));
        assert_eq!(
            notified(&t.db, "ta.lopez").await,
            [("mention".into(), true)]
        );

        // Watching a space: every new post; muting it: nothing, not even mentions.
        let ana = sign_in(&r, "ana.quispe").await;
        let res = post_as(&r, &format!("{PUBLIC}/watch"), &ana, "level=watching").await;
        assert!(
            location(&res).contains("done=watch_saved"),
            "{}",
            location(&res)
        );
        let public_thread = start(&r, PUBLIC, &ana, "Tiempos de espera", "Datos de 2024.").await;
        reply(&r, &public_thread, &lucia, "Gracias.").await;
        assert_eq!(
            notified(&t.db, "ana.quispe").await,
            [("watched".into(), false)]
        );
        let res = post_as(&r, &format!("{PUBLIC}/watch"), &ana, "level=muted").await;
        assert!(location(&res).contains("done=watch_saved"));
        reply(&r, &public_thread, &lucia, "Y @ana.quispe, otra cosa.").await;
        assert_eq!(notified(&t.db, "ana.quispe").await.len(), 1, "muted");
        let bad = post_as(&r, &format!("{PUBLIC}/watch"), &ana, "level=loud").await;
        assert!(location(&bad).contains("error=level"));
        // A space one cannot see cannot be watched.
        let hidden = post_as(&r, &format!("{PRIVATE}/watch"), &ana, "level=watching").await;
        assert_eq!(hidden.status, StatusCode::NOT_FOUND);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn profiles_show_what_the_viewer_may_see_and_only_the_owner_edits() {
    for t in common::all_databases().await {
        demo::load(&t.db, now()).await.unwrap();
        let r = common::router(&t.db);
        let lucia = sign_in(&r, "ta.lopez").await;
        let marlon = sign_in(&r, "marlon.baptiste").await;
        start(&r, PUBLIC, &lucia, "Plan de mejora", "Texto público.").await;
        start(
            &r,
            PRIVATE,
            &lucia,
            "Presupuesto reservado",
            "Texto privado.",
        )
        .await;

        let seen = get_as(&r, "/people/ta.lopez", Some(&marlon)).await;
        assert_eq!(seen.status, StatusCode::OK);
        assert!(seen.body.contains("Plan de mejora"));
        assert!(
            !seen.body.contains("Presupuesto reservado"),
            "private posts stay private"
        );
        let own = get_as(&r, "/people/ta.lopez", Some(&lucia)).await.body;
        assert!(own.contains("Presupuesto reservado"));
        assert_eq!(
            get_as(&r, "/people/ta.lopez", None).await.status,
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            get_as(&r, "/people/nobody.here", Some(&marlon))
                .await
                .status,
            StatusCode::NOT_FOUND
        );

        // Bad input: a message, nothing saved.
        let before = store::profiles::by_username(&t.db.pool, "marlon.baptiste")
            .await
            .unwrap()
            .unwrap();
        let long_bio = "b".repeat(2001);
        for (body, code) in [
            ("name=%20&languages=en".to_string(), "name"),
            ("name=Marlon&languages=xx".to_string(), "language"),
            (format!("name=Marlon&bio={long_bio}"), "bio"),
        ] {
            let res = post_as(&r, "/account/profile", &marlon, &body).await;
            assert!(
                location(&res).ends_with(&format!("error={code}")),
                "{body}: {}",
                location(&res)
            );
        }
        let after = store::profiles::by_username(&t.db.pool, "marlon.baptiste")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (before.display_name, before.bio_md),
            (after.display_name, after.bio_md)
        );

        // A good edit, with a bio that tries to run script. A `country` sent along (an old
        // form, or someone trying) changes nothing: a person's country is verified.
        let body = format!(
            "name={}&country=co&organisation={}&languages=en&languages=fr&languages=en&bio={}",
            enc("Marlon Baptiste"),
            enc("Ministry of Health"),
            enc("Psychiatrist. <script>alert(1)</script> **Treatment courts**.")
        );
        let res = post_as(&r, "/account/profile", &marlon, &body).await;
        assert!(location(&res).ends_with("done=saved"), "{}", location(&res));
        let page = get_as(&r, "/people/marlon.baptiste", Some(&lucia))
            .await
            .body;
        assert!(page.contains("<strong>Treatment courts</strong>") && !page.contains("alert(1)"));
        assert!(
            page.contains("English, French"),
            "languages once each, in order"
        );
        assert!(page.contains("Trinidad and Tobago") && !page.contains("Colombia"));
        // The form shows the saved values, and says what the last post did.
        let form = get_as(&r, "/account/profile", Some(&marlon)).await.body;
        assert!(form.contains("Ministry of Health"));
        let said = get_as(&r, "/account/profile?done=saved", Some(&marlon)).await;
        assert!(said.body.contains("Your profile was saved."));
        let said = get_as(&r, "/account/profile?done=affiliation_asked", Some(&marlon)).await;
        assert!(said.body.contains("Your request was sent."));
    }
}
