//! Drafts on SQLite and PostgreSQL: revisions by two members, the diff between any two,
//! restoring, status, comments; a stale save refused with the changes shown and nothing
//! lost; two saves racing on one revision; bad input refused with nothing changed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use app::backend::{demo, now, store, Db};
use http::StatusCode;

use common::{enc, get_as, location, post_as, sign_in};

const SPACE: &str = "/spaces/colombia-plan-operativo";

async fn revisions(db: &Db, draft: i64) -> Vec<(i64, String)> {
    let mut out = Vec::new();
    for r in store::drafts::history(&db.pool, draft).await.unwrap() {
        let full = store::drafts::revision(&db.pool, draft, r.number)
            .await
            .unwrap()
            .unwrap();
        out.push((r.number, full.body_md));
    }
    out.reverse();
    out
}

async fn create(r: &axum::Router, cookie: &str, title: &str, body: &str) -> (String, i64) {
    let form = format!(
        "title={}&body={}&summary=&intent=save",
        enc(title),
        enc(body)
    );
    let res = post_as(r, &format!("{SPACE}/drafts"), cookie, &form).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let url = location(&res);
    let id = url.rsplit('/').next().unwrap().parse().unwrap();
    (url, id)
}

async fn save(r: &axum::Router, url: &str, cookie: &str, base: i64, body: &str) -> common::Reply {
    let form = format!(
        "body={}&summary={}&base={base}&intent=save",
        enc(body),
        enc("edit")
    );
    post_as(r, &format!("{url}/edit"), cookie, &form).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_members_revise_a_draft_and_compare_any_two_revisions() {
    for t in common::all_databases().await {
        demo::load(&t.db, now()).await.unwrap();
        let r = common::router(&t.db);
        let carlos = sign_in(&r, "carlos.mejia").await;
        let lucia = sign_in(&r, "ta.lopez").await;
        let marlon = sign_in(&r, "marlon.baptiste").await;

        let v1 = "# Plan operativo\n\nMeta: cobertura del 10 %.\n\nPresupuesto: 1 millón.\n";
        let (url, id) = create(&r, &carlos, "Plan operativo 2027", v1).await;
        let v2 = v1.replace("10 %", "15 %");
        let v3 = format!("{v2}\nIndicador: retención a 90 días.\n");
        let v4 = v3.replace("1 millón", "1,2 millones");
        for (cookie, base, body) in [(&lucia, 1, &v2), (&carlos, 2, &v3), (&lucia, 3, &v4)] {
            let res = save(&r, &url, cookie, base, body).await;
            assert!(location(&res).ends_with("done=saved"), "{}", location(&res));
        }
        let stored = revisions(&t.db, id).await;
        assert_eq!(
            stored.iter().map(|(n, _)| *n).collect::<Vec<_>>(),
            [1, 2, 3, 4]
        );
        assert_eq!(stored[3].1, v4);

        // The diff between revisions 1 and 4 marks the changed words.
        let diff = get_as(&r, &format!("{url}/diff?from=1&to=4"), Some(&carlos)).await;
        assert_eq!(diff.status, StatusCode::OK);
        for needle in [
            "<del>10</del>",
            "<ins>15</ins>",
            "retención a 90 días",
            "1,2 millones",
        ] {
            assert!(diff.body.contains(needle), "{needle} in the diff");
        }
        assert!(diff.body.contains("Lines added: 4 · removed: 2"), "counts");
        // ...and in the rendered view, words marked where they stand in revision 4.
        for needle in [
            "<del class=\"diff-del\">10</del><ins class=\"diff-ins\">15</ins>",
            "<del class=\"diff-del\">1 millón.</del><ins class=\"diff-ins\">1,2 millones.</ins>",
            "<ins class=\"diff-ins\">Indicador: retención a 90 días.</ins>",
        ] {
            let start = diff.body.find("diff-rendered").unwrap_or(0);
            let region = &diff.body[start..(start + 1500).min(diff.body.len())];
            assert!(
                diff.body.contains(needle),
                "{needle} in the rendered diff: {region}"
            );
        }
        // Any two, either way round, and an old revision on its own.
        assert_eq!(
            get_as(&r, &format!("{url}/diff?from=4&to=2"), Some(&lucia))
                .await
                .status,
            StatusCode::OK
        );
        let old = get_as(&r, &format!("{url}?revision=2"), Some(&lucia))
            .await
            .body;
        assert!(old.contains("15 %") && !old.contains("retención"));
        assert!(old.contains("Revision 2 of 4"));

        // Restoring revision 1 makes it the newest, as revision 5.
        let res = post_as(&r, &format!("{url}/restore"), &lucia, "number=1").await;
        assert!(location(&res).ends_with("done=restored"));
        let stored = revisions(&t.db, id).await;
        assert_eq!(stored.len(), 5);
        assert_eq!(stored[4].1, v1);

        // Status: moderators and owners; members may not.
        let res = post_as(&r, &format!("{url}/status"), &lucia, "status=in_review").await;
        assert!(location(&res).ends_with("done=status"));
        assert!(get_as(&r, &url, Some(&carlos))
            .await
            .body
            .contains("In review"));
        let space = store::spaces::by_slug(&t.db.pool, "colombia-plan-operativo")
            .await
            .unwrap()
            .unwrap();
        let ana_id = store::users::id_of(&t.db.pool, "ana.quispe")
            .await
            .unwrap()
            .unwrap();
        store::members::add(
            &t.db.pool,
            space.id,
            ana_id,
            store::members::SpaceRole::Member,
            now(),
        )
        .await
        .unwrap();
        let ana = sign_in(&r, "ana.quispe").await;
        assert_eq!(
            post_as(&r, &format!("{url}/status"), &ana, "status=approved")
                .await
                .status,
            StatusCode::FORBIDDEN
        );

        // The comment thread is reached from the draft, and is not among the discussions.
        let page = get_as(&r, &url, Some(&carlos)).await.body;
        let thread = page
            .split("href=\"/spaces/colombia-plan-operativo/threads/")
            .nth(1)
            .unwrap();
        let thread = &thread[..thread.find('"').unwrap()];
        let comments = format!("{SPACE}/threads/{thread}");
        assert_eq!(
            get_as(&r, &comments, Some(&lucia)).await.status,
            StatusCode::OK
        );
        let list = get_as(&r, SPACE, Some(&carlos)).await.body;
        let discussions =
            &list[list.find("id=\"threads\"").unwrap()..list.find("id=\"drafts\"").unwrap()];
        assert!(
            !discussions.contains("Plan operativo 2027"),
            "the comment thread is not a discussion"
        );

        // Outsiders: nothing exists.
        for path in [
            url.clone(),
            format!("{url}/diff?from=1&to=4"),
            format!("{url}/edit"),
            comments,
        ] {
            assert_eq!(
                get_as(&r, &path, Some(&marlon)).await.status,
                StatusCode::NOT_FOUND,
                "{path}"
            );
        }
        assert_eq!(
            save(&r, &url, &marlon, 5, "mine").await.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(revisions(&t.db, id).await.len(), 5);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stale_save_is_refused_with_the_changes_and_nothing_is_lost() {
    for t in common::all_databases().await {
        demo::load(&t.db, now()).await.unwrap();
        let r = common::router(&t.db);
        let carlos = sign_in(&r, "carlos.mejia").await;
        let lucia = sign_in(&r, "ta.lopez").await;
        let (url, id) = create(&r, &carlos, "Protocolo", "Paso 1.\nPaso 2.\n").await;

        // Both start from revision 1; Lucía saves first.
        let res = save(&r, &url, &lucia, 1, "Paso 1.\nPaso 2 revisado.\n").await;
        assert!(location(&res).ends_with("done=saved"));
        let res = save(&r, &url, &carlos, 1, "Paso 1.\nPaso 2.\nPaso 3.\n").await;
        let back = location(&res);
        assert!(back.ends_with("/edit?base=1&error=stale"), "{back}");
        let stored = revisions(&t.db, id).await;
        assert_eq!(stored.len(), 2, "no silent overwrite");
        assert_eq!(stored[1].1, "Paso 1.\nPaso 2 revisado.\n");

        // The form comes back with a clear message, Lucía's change, and Carlos's text.
        let form = get_as(&r, &back, Some(&carlos)).await;
        assert_eq!(form.status, StatusCode::CONFLICT);
        assert!(form.body.contains("Someone saved a newer revision"));
        assert!(form.body.contains("revisado.</ins>"), "{}", form.body);
        assert!(
            form.body.contains("Paso 3.\n</textarea>"),
            "Carlos's text is kept"
        );
        assert!(
            form.body.contains("name=\"base\" value=\"2\""),
            "a new save goes on top of revision 2"
        );
        let res = save(&r, &url, &carlos, 2, "Paso 1.\nPaso 2 revisado.\nPaso 3.\n").await;
        assert!(location(&res).ends_with("done=saved"));
        assert_eq!(revisions(&t.db, id).await.len(), 3);

        // Two saves racing on the same revision: exactly one wins.
        let (a, b) = tokio::join!(
            save(&r, &url, &carlos, 3, "A\n"),
            save(&r, &url, &lucia, 3, "B\n")
        );
        let won = [&a, &b]
            .iter()
            .filter(|x| location(x).ends_with("done=saved"))
            .count();
        let lost = [&a, &b]
            .iter()
            .filter(|x| location(x).contains("error=stale"))
            .count();
        assert_eq!(
            (won, lost),
            (1, 1),
            "{}: {} / {}",
            t.label,
            location(&a),
            location(&b)
        );
        assert_eq!(revisions(&t.db, id).await.len(), 4);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_draft_input_is_refused_and_changes_nothing() {
    for t in common::all_databases().await {
        demo::load(&t.db, now()).await.unwrap();
        let r = common::router(&t.db);
        let carlos = sign_in(&r, "carlos.mejia").await;
        let ana = sign_in(&r, "ana.quispe").await;
        let (url, id) = create(&r, &carlos, "Presupuesto", "Texto.\n").await;
        let long_title = "t".repeat(201);
        let long_summary = "s".repeat(201);
        let long_body = "x".repeat(64 * 1024 + 1);
        let cases = [
            (
                format!("{SPACE}/drafts"),
                format!("title={long_title}&body=x&intent=save"),
                "title",
            ),
            (
                format!("{SPACE}/drafts"),
                "title=Ok&body=%20&intent=save".to_string(),
                "empty",
            ),
            (
                format!("{url}/edit"),
                format!("body={long_body}&base=1&intent=save"),
                "too_long",
            ),
            (
                format!("{url}/edit"),
                format!("body=x&summary={long_summary}&base=1&intent=save"),
                "summary",
            ),
            (
                format!("{url}/edit"),
                "body=x&base=7&intent=save".to_string(),
                "stale",
            ),
            (format!("{url}/restore"), "number=9".to_string(), "revision"),
            (
                format!("{url}/status"),
                "status=published".to_string(),
                "draft_status",
            ),
        ];
        for (uri, body, code) in &cases {
            let res = post_as(&r, uri, &carlos, body).await;
            assert!(
                location(&res).contains(&format!("error={code}")),
                "{uri} {code}: {}",
                location(&res)
            );
        }
        assert_eq!(revisions(&t.db, id).await.len(), 1);
        // Unknown ids, another space's address, someone who may not write there.
        assert_eq!(
            get_as(&r, &format!("{SPACE}/drafts/999999"), Some(&carlos))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            get_as(&r, &format!("{SPACE}/drafts/abc"), Some(&carlos))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        let elsewhere = format!("/spaces/peru-treatment-quality/drafts/{id}");
        assert_eq!(
            get_as(&r, &elsewhere, Some(&ana)).await.status,
            StatusCode::NOT_FOUND
        );
        let public = post_as(
            &r,
            "/spaces/peru-treatment-quality/drafts",
            &carlos,
            "title=X&body=Y&intent=save",
        )
        .await;
        assert_eq!(
            public.status,
            StatusCode::FORBIDDEN,
            "not a member of that space"
        );
        assert_eq!(store::drafts::list(&t.db.pool, 1).await.unwrap().len(), 0);
    }
}
