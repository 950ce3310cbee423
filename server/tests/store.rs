//! Store tests, run against SQLite and PostgreSQL alike.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use app::backend::{access::Viewer, demo, store, ServerError};
use app::model::refusal::Refusal;
use app::model::{country::Participation, space::Visibility};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn countries_are_seeded_with_four_names_and_status() {
    for t in common::all_databases().await {
        let all = store::countries::list(&t.db.pool).await.unwrap();
        assert_eq!(all.len(), 35, "{}", t.label);
        let br = store::countries::get(&t.db.pool, "br")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (br.name_en.as_str(), br.name_pt.as_str()),
            ("Brazil", "Brasil")
        );
        assert_eq!(br.working_language, "pt");
        let cu = store::countries::get(&t.db.pool, "CU")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            cu.participation,
            Participation::NonParticipating,
            "{}",
            t.label
        );
        assert_eq!(cu.status_since.as_deref(), Some("1962-01-31"));
        let ht = store::countries::get(&t.db.pool, "HT")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(ht.name_fr, "Haïti");
        assert!(store::countries::get(&t.db.pool, "ZZ")
            .await
            .unwrap()
            .is_none());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn spaces_are_created_listed_and_filtered_by_visibility() {
    for t in common::all_databases().await {
        let pool = &t.db.pool;
        for (slug, vis) in [
            ("open-group", Visibility::Public),
            ("members-group", Visibility::Network),
            ("closed-group", Visibility::Private),
        ] {
            let new = store::spaces::NewSpace {
                slug,
                name: "A group",
                description: "About 50% of the plan",
                country_code: Some("pe"),
                visibility: vis,
            };
            store::spaces::create(pool, &new, 1_700_000_000)
                .await
                .unwrap();
        }
        let visible = store::spaces::list_visible(pool, &Viewer::Anonymous, 50)
            .await
            .unwrap();
        assert_eq!(visible.len(), 1, "{}", t.label);
        assert_eq!(visible[0].slug, "open-group");
        assert_eq!(visible[0].country.as_ref().unwrap().es, "Perú");

        // The access rule is applied inside the query, also for search.
        let found = store::spaces::search_visible(pool, &Viewer::Anonymous, "GROUP", 50)
            .await
            .unwrap();
        assert_eq!(found.len(), 1, "{}", t.label);
        // LIKE wildcards in user text match literally.
        let pct = store::spaces::search_visible(pool, &Viewer::Anonymous, "50%", 50)
            .await
            .unwrap();
        assert_eq!(pct.len(), 1);
        let wild = store::spaces::search_visible(pool, &Viewer::Anonymous, "5_%", 50)
            .await
            .unwrap();
        assert!(wild.is_empty(), "{}: '_' must not be a wildcard", t.label);

        let private = store::spaces::by_slug(pool, "closed-group")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(private.visibility, Visibility::Private);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_spaces_are_refused_and_change_nothing() {
    for t in common::all_databases().await {
        let pool = &t.db.pool;
        let good = store::spaces::NewSpace {
            slug: "taken",
            name: "Taken",
            description: "",
            country_code: None,
            visibility: Visibility::Public,
        };
        store::spaces::create(pool, &good, 1).await.unwrap();
        let dup = store::spaces::create(pool, &good, 2).await.unwrap_err();
        assert!(
            matches!(dup, ServerError::Refused(Refusal::Slug)),
            "{}: {dup:?}",
            t.label
        );
        let bad_country = store::spaces::NewSpace {
            slug: "elsewhere",
            country_code: Some("ZZ"),
            ..good.clone()
        };
        let e = store::spaces::create(pool, &bad_country, 3)
            .await
            .unwrap_err();
        assert!(
            matches!(e, ServerError::Refused(Refusal::UnknownCountry)),
            "{}: {e:?}",
            t.label
        );
        let bad_slug = store::spaces::NewSpace {
            slug: "Bad Slug",
            ..good.clone()
        };
        assert!(matches!(
            store::spaces::create(pool, &bad_slug, 4).await.unwrap_err(),
            ServerError::Refused(Refusal::Slug)
        ));
        let long_name = "n".repeat(121);
        let too_long = store::spaces::NewSpace {
            slug: "long-name",
            name: &long_name,
            ..good.clone()
        };
        assert!(matches!(
            store::spaces::create(pool, &too_long, 5).await.unwrap_err(),
            ServerError::Refused(Refusal::SpaceName)
        ));
        let all = store::spaces::list_visible(pool, &Viewer::Anonymous, 50)
            .await
            .unwrap();
        assert_eq!(
            all.len(),
            1,
            "{}: refused writes must leave nothing behind",
            t.label
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_data_loads_once() {
    for t in common::all_databases().await {
        let first = demo::load(&t.db, 1_800_000_000).await.unwrap();
        assert!(first.0 >= 4 && first.1 >= 4, "{}: {first:?}", t.label);
        let second = demo::load(&t.db, 1_800_000_100).await.unwrap();
        assert_eq!(second, (0, 0), "{}: demo load must be idempotent", t.label);
        assert_eq!(
            store::users::count(&t.db.pool).await.unwrap(),
            first.1 as i64
        );
        let public = store::spaces::list_visible(&t.db.pool, &Viewer::Anonymous, 50)
            .await
            .unwrap();
        assert!(public.iter().all(|s| s.visibility == Visibility::Public));
        assert!(!public.is_empty());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn users_are_validated() {
    for t in common::all_databases().await {
        let new = store::users::NewUser {
            username: "ana.q",
            display_name: "Ana",
            email: Some("ana@example.org"),
            country_code: Some("PE"),
            organisation: "MINSA",
            role: store::users::PlatformRole::Member,
            password_hash: None,
        };
        store::users::create(&t.db.pool, &new, 1).await.unwrap();
        assert!(matches!(
            store::users::create(&t.db.pool, &new, 2).await.unwrap_err(),
            ServerError::Conflict(_)
        ));
        let bad = store::users::NewUser {
            username: "A B",
            ..new.clone()
        };
        assert!(matches!(
            store::users::create(&t.db.pool, &bad, 3).await.unwrap_err(),
            ServerError::Invalid(_)
        ));
        assert!(store::users::exists(&t.db.pool, "ana.q").await.unwrap());
        assert_eq!(
            store::users::count(&t.db.pool).await.unwrap(),
            1,
            "{}",
            t.label
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unreachable_database_is_a_clear_error() {
    let e = app::backend::Db::connect("postgres://nobody@127.0.0.1:1/none", 1)
        .await
        .unwrap_err();
    assert!(e.to_string().contains("cannot connect"), "{e}");
    let e = app::backend::Db::connect("mysql://x/y", 1)
        .await
        .unwrap_err();
    assert!(e.to_string().contains("DATABASE_URL"), "{e}");
}
