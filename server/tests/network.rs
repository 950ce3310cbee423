//! A country's page over HTTP, on SQLite and PostgreSQL, with the demo's spaces, plans,
//! requests, directory, campaign and funding: staff see all of Peru's parts; Peru's focal
//! point sees its requests and campaign; Colombia's focal point sees Peru's focal points
//! but not its requests or campaign; a visitor sees only the public parts (public spaces
//! and plans, publicly listed services, the funding count), never a person, a request or
//! an assessment. A code that is no country is "not found". The network directory lists
//! the demo's Caribbean cohort; only a space's owner marks it a working group (bad input
//! refused, nothing written); nobody is listed but by their own choice.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use app::backend::{
    demo, demo_directory, demo_funding, demo_network, demo_plans, demo_quality, now,
};
use http::StatusCode;
use sqlx::Row;

use common::{count, form, get, get_as, location, post_as, refused, sign_in};

#[tokio::test]
async fn a_country_page_shows_each_reader_what_they_may_see() {
    for t in common::all_databases().await {
        demo::load(&t.db, now()).await.unwrap();
        let platform = common::app(&t.db).build();
        let r = platform.router.clone();
        let state = &platform.state;
        demo::load_requests(state, now()).await.unwrap();
        demo_plans::load_plans(state, now()).await.unwrap();
        demo_directory::load_directory(state, now()).await.unwrap();
        demo_quality::load_quality(state, now()).await.unwrap();
        demo_funding::load_funding(state, now()).await.unwrap();
        let staff = sign_in(&r, "ta.lopez").await;
        let ana = sign_in(&r, "ana.quispe").await;
        let carlos = sign_in(&r, "carlos.mejia").await;

        // What the database holds about Peru, to check each reader against.
        let spaces: Vec<(String, String)> = sqlx::query(
            "SELECT slug, visibility FROM spaces WHERE country_code = 'PE' AND ta_country IS NULL",
        )
        .fetch_all(&t.db.pool)
        .await
        .unwrap()
        .iter()
        .map(|r| (r.try_get("slug").unwrap(), r.try_get("visibility").unwrap()))
        .collect();
        assert!(spaces.iter().any(|(_, v)| v == "public"));
        let open_requests: Vec<i64> = sqlx::query_scalar(
            "SELECT id FROM ta_requests WHERE country_code = 'PE' \
             AND status NOT IN ('answered', 'closed')",
        )
        .fetch_all(&t.db.pool)
        .await
        .unwrap();
        let campaign: i64 =
            sqlx::query_scalar("SELECT id FROM qa_campaigns WHERE country_code = 'PE'")
                .fetch_one(&t.db.pool)
                .await
                .unwrap();
        let listed: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM services WHERE country_code = 'PE' AND public_listing = 1",
        )
        .fetch_one(&t.db.pool)
        .await
        .unwrap();
        assert!(listed > 0);

        let visitor = get(&r, "/countries/pe").await;
        assert_eq!(visitor.status, StatusCode::OK);
        let v = &visitor.body;
        assert!(v.contains("<h1>Peru</h1>"), "{v}");
        assert!(!v.contains("Ana Quispe") && !v.contains("/people/ana.quispe"));
        assert!(v.contains("Sign in to see who the focal points are."));
        for (slug, visibility) in &spaces {
            assert_eq!(
                v.contains(&format!("href=\"/spaces/{slug}\"")),
                visibility == "public",
                "{slug} ({visibility})"
            );
        }
        assert!(!v.contains("country-requests"));
        assert!(!v.contains(&format!("/quality/campaigns/{campaign}")));
        assert!(
            v.contains(&format!("<td>{listed}</td>")),
            "publicly listed total"
        );
        assert!(v.contains("5 funding mechanisms open to it"));

        let s = get_as(&r, "/countries/PE", Some(&staff)).await.body;
        assert!(s.contains("href=\"/people/ana.quispe\""));
        assert!(s.contains("country-requests"));
        for id in &open_requests {
            assert!(
                s.contains(&format!("href=\"/requests/{id}\"")),
                "request {id}"
            );
        }
        assert!(s.contains(&format!("/quality/campaigns/{campaign}")));

        let a = get_as(&r, "/countries/PE", Some(&ana)).await.body;
        assert!(a.contains("country-requests"));
        assert!(a.contains(&format!("/quality/campaigns/{campaign}")));

        let c = get_as(&r, "/countries/PE", Some(&carlos)).await.body;
        assert!(c.contains("href=\"/people/ana.quispe\""));
        assert!(!c.contains("country-requests"));
        for id in &open_requests {
            assert!(!c.contains(&format!("href=\"/requests/{id}\"")));
        }
        assert!(!c.contains(&format!("/quality/campaigns/{campaign}")));

        // Colombia's own page shows Carlos its requests section.
        let own = get_as(&r, "/countries/CO", Some(&carlos)).await.body;
        assert!(own.contains("country-requests"));

        assert_eq!(get(&r, "/countries/XX").await.status, StatusCode::NOT_FOUND);
        assert_eq!(
            get(&r, "/countries/%27%20OR%201%3D1").await.status,
            StatusCode::NOT_FOUND
        );
        let index = get(&r, "/countries").await;
        assert_eq!(index.status, StatusCode::OK);
        assert!(index.body.contains("href=\"/countries/PE\""));
        assert_eq!(index.body.matches("href=\"/countries/").count(), 35);
    }
}

#[tokio::test]
async fn working_groups_and_people_are_listed_by_choice() {
    for t in common::all_databases().await {
        demo::load(&t.db, now()).await.unwrap();
        let platform = common::app(&t.db).build();
        let r = platform.router.clone();
        demo_network::load_network(&platform.state, now())
            .await
            .unwrap();
        assert_eq!(
            demo_network::load_network(&platform.state, now())
                .await
                .unwrap(),
            0
        );
        let ana = sign_in(&r, "ana.quispe").await;
        let carlos = sign_in(&r, "carlos.mejia").await;
        let staff = sign_in(&r, "ta.lopez").await;

        // The demo cohort: a public working group of the English-speaking Caribbean.
        let visitor = get(&r, "/network").await;
        assert_eq!(visitor.status, StatusCode::OK);
        assert!(
            visitor.body.contains("caribbean-plans-cohort"),
            "{}",
            visitor.body
        );
        assert!(visitor.body.contains("href=\"/countries/JM\""));
        assert!(visitor.body.contains("Sign in to see who is listed."));
        let jamaica = get(&r, "/network?country=jm").await;
        assert!(jamaica.body.contains("caribbean-plans-cohort"));
        let peru = get(&r, "/network?country=PE").await;
        assert!(!peru.body.contains("caribbean-plans-cohort"));

        // Only the owner of a space marks it; bad input is refused and changes nothing.
        let groups = "SELECT (SELECT COUNT(*) FROM working_groups) + \
                      (SELECT COUNT(*) FROM working_group_countries) AS n";
        let before = count(&t.db, groups).await;
        let mark = |topic: &str, countries: &[&str]| {
            let mut f: Vec<(&str, &str)> = vec![("topic", topic), ("how_to_join", "Ask Carlos")];
            for c in countries {
                f.push(("country", c));
            }
            form(&f)
        };
        let own = "/spaces/colombia-plan-operativo/working-group";
        refused(&r, own, &carlos, &mark("", &["CO"]), "topic.required").await;
        refused(&r, own, &carlos, &mark("Plans", &[]), "country.required").await;
        refused(
            &r,
            own,
            &carlos,
            &mark("Plans", &["CO", "ZZ"]),
            "unknown_country",
        )
        .await;
        assert_eq!(count(&t.db, groups).await, before);
        let not_owner = post_as(&r, own, &ana, &mark("Plans", &["CO"])).await;
        assert_ne!(
            not_owner.status,
            StatusCode::SEE_OTHER,
            "{}",
            location(&not_owner)
        );
        assert_eq!(count(&t.db, groups).await, before);

        // People: nobody is listed but by their own choice.
        let listed = "SELECT COUNT(*) AS n FROM network_listings";
        assert_eq!(count(&t.db, listed).await, 0);
        refused(
            &r,
            "/network/listing",
            &staff,
            &form(&[
                ("username", "ana.quispe"),
                ("listed", "1"),
                ("expertise", "Quality"),
            ]),
            "listing_consent",
        )
        .await;
        refused(
            &r,
            "/network/listing",
            &ana,
            &form(&[("listed", "1"), ("expertise", "")]),
            "expertise.required",
        )
        .await;
        assert_eq!(count(&t.db, listed).await, 0);
        let to = location(
            &post_as(
                &r,
                "/network/listing",
                &ana,
                &form(&[
                    ("username", "ana.quispe"),
                    ("listed", "1"),
                    ("position", "Directora de salud mental"),
                    (
                        "expertise",
                        "Calidad de los servicios comunitarios, evaluación",
                    ),
                ]),
            )
            .await,
        );
        assert_eq!(to, "/network?done=saved#listing");
        let seen = get_as(&r, "/network?q=evaluacion", Some(&carlos))
            .await
            .body;
        assert!(seen.contains("href=\"/people/ana.quispe\""), "{seen}");
        assert!(
            !get_as(&r, "/network?q=evaluacion&country=CO", Some(&carlos))
                .await
                .body
                .contains("href=\"/people/ana.quispe\"")
        );
        assert!(!get(&r, "/network?q=evaluacion")
            .await
            .body
            .contains("ana.quispe"));
        // Unlisting takes her out.
        post_as(&r, "/network/listing", &ana, &form(&[("position", "x")])).await;
        assert_eq!(count(&t.db, listed).await, 0);
        assert!(!get_as(&r, "/network", Some(&carlos))
            .await
            .body
            .contains("href=\"/people/ana.quispe\""));
    }
}
