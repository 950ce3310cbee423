//! Threads in a private space, end to end through the router on SQLite and PostgreSQL:
//! starting one, nested replies, quoting, edits with history, soft deletes, moderation,
//! unread tracking and pages; and every kind of bad input refused with nothing changed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use app::backend::{demo, now, store, Db};
use http::StatusCode;

use common::{get_as, location, post_as, reply, sign_in};

const SPACE: &str = "/spaces/colombia-plan-operativo";

async fn count_posts(db: &Db) -> i64 {
    use sqlx::Row;
    sqlx::query("SELECT COUNT(*) AS n FROM posts")
        .fetch_one(&db.pool)
        .await
        .unwrap()
        .try_get("n")
        .unwrap()
}

/// Makes `username` a plain member of the private space.
async fn join_as_member(db: &Db, username: &str) {
    let space = store::spaces::by_slug(&db.pool, "colombia-plan-operativo")
        .await
        .unwrap()
        .unwrap();
    let user = store::users::id_of(&db.pool, username)
        .await
        .unwrap()
        .unwrap();
    let role = store::members::SpaceRole::Member;
    store::members::add(&db.pool, space.id, user, role, now())
        .await
        .unwrap();
}

/// Starts a thread in the private space as `cookie`; returns its URL.
async fn start(r: &axum::Router, cookie: &str, title: &str, body: &str) -> String {
    common::start_thread(r, SPACE, cookie, title, body).await
}

fn opening_post_id(html: &str) -> i64 {
    let start = html
        .find("class=\"post\" id=\"p")
        .or_else(|| html.find("id=\"p"))
        .unwrap();
    let rest = &html[start..];
    let rest = &rest[rest.find("id=\"p").unwrap() + 5..];
    rest[..rest.find('"').unwrap()].parse().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn members_discuss_in_a_nested_tree_that_outsiders_cannot_see() {
    for t in common::all_databases().await {
        demo::load(&t.db, now()).await.unwrap();
        let r = common::router(&t.db);
        let carlos = sign_in(&r, "carlos.mejia").await; // owner
        let lucia = sign_in(&r, "ta.lopez").await; // moderator
        let marlon = sign_in(&r, "marlon.baptiste").await; // not a member

        let thread = start(
            &r,
            &carlos,
            "Metas 2027",
            "¿Qué metas de **cobertura** proponemos?",
        )
        .await;
        let page = get_as(&r, &thread, Some(&carlos)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(
            page.body.contains("<strong>cobertura</strong>"),
            "markdown rendered"
        );
        let opening = opening_post_id(&page.body);

        // Three levels deep, with a mention of the thread's author.
        let level1 = reply(&r, &thread, &lucia, Some(opening), "Propongo 20 %.").await;
        let level2 = reply(
            &r,
            &thread,
            &carlos,
            Some(level1),
            "¿Con qué línea de base?",
        )
        .await;
        let level3 = reply(
            &r,
            &thread,
            &lucia,
            Some(level2),
            "La de 2025, @carlos.mejia.",
        )
        .await;
        let top = reply(&r, &thread, &lucia, None, "Otra idea al nivel superior.").await;

        let page = get_as(&r, &thread, Some(&carlos)).await.body;
        // Tree order: each reply sits inside its parent's list of replies, in order.
        let pos = |id: i64| page.find(&format!("id=\"p{id}\"")).unwrap();
        assert!(pos(opening) < pos(level1) && pos(level1) < pos(level2));
        assert!(pos(level2) < pos(level3) && pos(level3) < pos(top));
        let between = &page[pos(level1)..pos(level3)];
        assert_eq!(
            between.matches("<ol class=\"replies\">").count(),
            2,
            "nested two deeper"
        );
        assert!(
            page.contains("<a href=\"/people/carlos.mejia\""),
            "the mention links the profile"
        );

        // Quoting prefills the reply form with the quoted text.
        let quote = get_as(
            &r,
            &format!("{thread}/reply?to={level1}&quote=1"),
            Some(&carlos),
        )
        .await;
        assert_eq!(quote.status, StatusCode::OK);
        let quoted =
            quote.body.contains("&gt; Propongo 20 %.") || quote.body.contains("> Propongo 20 %.");
        assert!(
            quoted && quote.body.contains("@ta.lopez:"),
            "{}",
            quote.body
        );

        // Outsiders: the thread, its API and its compose form do not exist for them.
        let id = thread.rsplit('/').next().unwrap();
        for cookie in [Some(marlon.as_str()), None] {
            assert_eq!(
                get_as(&r, &thread, cookie).await.status,
                StatusCode::NOT_FOUND
            );
            assert_eq!(
                get_as(&r, &format!("{thread}/reply"), cookie)
                    .await
                    .status
                    .as_u16()
                    / 100,
                4
            );
        }
        let api = post_as(
            &r,
            "/api/threads/get",
            &marlon,
            &format!("slug=colombia-plan-operativo&thread={id}&page=1"),
        )
        .await;
        assert_eq!(api.status, StatusCode::NOT_FOUND);
        let res = post_as(
            &r,
            &format!("{thread}/reply"),
            &marlon,
            "parent=&body=hola&intent=post",
        )
        .await;
        assert_eq!(res.status, StatusCode::NOT_FOUND);
        // Nor does the thread list of the space mention it.
        let list = post_as(
            &r,
            "/api/threads/list",
            &marlon,
            "slug=colombia-plan-operativo",
        )
        .await;
        assert_eq!(list.status, StatusCode::NOT_FOUND);
        assert!(!list.body.contains("Metas 2027"));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_is_refused_with_a_message_and_changes_nothing() {
    for t in common::all_databases().await {
        demo::load(&t.db, now()).await.unwrap();
        let r = common::router(&t.db);
        let carlos = sign_in(&r, "carlos.mejia").await;
        let lucia = sign_in(&r, "ta.lopez").await;
        let thread = start(&r, &carlos, "Presupuesto", "Primera versión.").await;
        let other = start(&r, &carlos, "Otro tema", "Texto.").await;
        let opening = opening_post_id(&get_as(&r, &thread, Some(&carlos)).await.body);
        let other_post = opening_post_id(&get_as(&r, &other, Some(&carlos)).await.body);
        let lucia_post = reply(&r, &thread, &lucia, Some(opening), "Una respuesta.").await;
        let before = count_posts(&t.db).await;

        let long = "x".repeat(64 * 1024 + 1);
        let long_title = "t".repeat(201);
        let cases: Vec<(String, String, &str)> = vec![
            (
                format!("{thread}/reply"),
                "parent=&body=%20%0A&intent=post".into(),
                "empty",
            ),
            (
                format!("{thread}/reply"),
                format!("parent=&body={long}&intent=post"),
                "too_long",
            ),
            (
                format!("{thread}/reply"),
                format!("parent={other_post}&body=hola&intent=post"),
                "bad_parent",
            ),
            (
                format!("{thread}/reply"),
                "parent=999999&body=hola&intent=post".into(),
                "bad_parent",
            ),
            (
                format!("{SPACE}/threads"),
                format!("title={long_title}&body=hola&intent=post"),
                "title",
            ),
            (
                format!("{SPACE}/threads"),
                "title=%20&body=hola&intent=post".into(),
                "title",
            ),
        ];
        for (uri, body, code) in &cases {
            let res = post_as(&r, uri, &carlos, body).await;
            assert_eq!(res.status, StatusCode::SEE_OTHER, "{uri}");
            let back = location(&res);
            assert!(
                back.ends_with(&format!("error={code}")),
                "{uri} {code}: {back}"
            );
            // The form comes back with the message and the text that was typed.
            let form = get_as(&r, &back, Some(&carlos)).await;
            assert_eq!(form.status, StatusCode::UNPROCESSABLE_ENTITY, "{back}");
            assert!(form.body.contains("role=\"alert\""), "{back}");
        }
        let kept = get_as(&r, &format!("{SPACE}/threads/new"), Some(&carlos))
            .await
            .body;
        assert!(kept.contains("hola</textarea>"), "the refused text is kept");

        // Someone else's post, unknown and malformed ids.
        let edit = post_as(
            &r,
            &format!("{thread}/posts/{lucia_post}/edit"),
            &carlos,
            "body=mine%20now&intent=post",
        )
        .await;
        assert_eq!(edit.status, StatusCode::FORBIDDEN);
        assert_eq!(
            post_as(
                &r,
                &format!("{SPACE}/threads/999999/reply"),
                &carlos,
                "body=x"
            )
            .await
            .status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            post_as(&r, &format!("{SPACE}/threads/abc/reply"), &carlos, "body=x")
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            get_as(&r, &format!("{SPACE}/threads/abc"), Some(&carlos))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        // A post of this thread addressed through another thread is not found.
        let wrong = post_as(
            &r,
            &format!("{other}/posts/{lucia_post}/delete"),
            &lucia,
            "",
        )
        .await;
        assert_eq!(wrong.status, StatusCode::NOT_FOUND);

        // Ana joins as a plain member.
        join_as_member(&t.db, "ana.quispe").await;
        let ana = sign_in(&r, "ana.quispe").await;
        // Locked: no replies from members; a bad moderation action is refused.
        let lock = post_as(&r, &format!("{thread}/moderate"), &lucia, "action=lock").await;
        assert!(
            location(&lock).ends_with("done=locked"),
            "{}",
            location(&lock)
        );
        let res = post_as(
            &r,
            &format!("{thread}/reply"),
            &ana,
            "parent=&body=tarde&intent=post",
        )
        .await;
        assert!(location(&res).ends_with("error=locked"));
        let bad = post_as(&r, &format!("{thread}/moderate"), &lucia, "action=explode").await;
        assert!(location(&bad).contains("error=bad_action"));
        // Members cannot moderate.
        assert_eq!(
            post_as(&r, &format!("{thread}/moderate"), &ana, "action=unlock")
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        // Nor delete or hide someone else's post.
        let del = post_as(&r, &format!("{thread}/posts/{lucia_post}/delete"), &ana, "").await;
        assert_eq!(del.status, StatusCode::FORBIDDEN);
        let hide = post_as(
            &r,
            &format!("{thread}/posts/{lucia_post}/moderate"),
            &ana,
            "action=hide",
        )
        .await;
        assert_eq!(hide.status, StatusCode::FORBIDDEN);

        // Deleted posts cannot be answered.
        let del = post_as(
            &r,
            &format!("{other}/posts/{other_post}/delete"),
            &carlos,
            "",
        )
        .await;
        assert_eq!(del.status, StatusCode::SEE_OTHER);
        assert!(
            location(&del).ends_with("done=thread_deleted"),
            "{}",
            location(&del)
        );
        assert_eq!(
            get_as(&r, &other, Some(&carlos)).await.status,
            StatusCode::NOT_FOUND
        );

        assert_eq!(
            count_posts(&t.db).await,
            before,
            "{}: nothing was written",
            t.label
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn edits_keep_history_and_deletes_keep_the_tree() {
    for t in common::all_databases().await {
        demo::load(&t.db, now()).await.unwrap();
        let r = common::router(&t.db);
        let carlos = sign_in(&r, "carlos.mejia").await;
        let lucia = sign_in(&r, "ta.lopez").await;
        let thread = start(&r, &carlos, "Indicadores", "Inicio.").await;
        let opening = opening_post_id(&get_as(&r, &thread, Some(&carlos)).await.body);
        let parent = reply(&r, &thread, &carlos, Some(opening), "Versión uno.").await;
        let child = reply(
            &r,
            &thread,
            &lucia,
            Some(parent),
            "Respuesta a la versión uno.",
        )
        .await;

        // Preview keeps the text and shows it rendered, without posting.
        let before = count_posts(&t.db).await;
        let prev = post_as(
            &r,
            &format!("{thread}/reply"),
            &lucia,
            "parent=&body=**borrador**&intent=preview",
        )
        .await;
        assert!(
            location(&prev).ends_with("/reply?preview=1"),
            "{}",
            location(&prev)
        );
        let shown = get_as(&r, &location(&prev), Some(&lucia)).await.body;
        assert!(
            shown.contains("<strong>borrador</strong>")
                && shown.contains("**borrador**</textarea>")
        );
        assert_eq!(count_posts(&t.db).await, before);

        let edit = post_as(
            &r,
            &format!("{thread}/posts/{parent}/edit"),
            &carlos,
            "body=Versi%C3%B3n%20dos.&intent=post",
        )
        .await;
        assert_eq!(edit.status, StatusCode::SEE_OTHER);
        let history_url = format!("{thread}/posts/{parent}/history");
        let history = get_as(&r, &history_url, Some(&carlos)).await;
        assert_eq!(history.status, StatusCode::OK);
        let (two, one) = (
            history.body.find("Versión dos.").unwrap(),
            history.body.find("Versión uno.").unwrap(),
        );
        assert!(two < one, "newest first");
        // The moderator sees it too; another member does not.
        assert_eq!(
            get_as(&r, &history_url, Some(&lucia)).await.status,
            StatusCode::OK
        );
        join_as_member(&t.db, "ana.quispe").await;
        let ana = sign_in(&r, "ana.quispe").await;
        assert_eq!(
            get_as(&r, &history_url, Some(&ana)).await.status,
            StatusCode::FORBIDDEN
        );

        // Deleting the parent leaves a placeholder; the reply stays in place under it.
        let del = post_as(&r, &format!("{thread}/posts/{parent}/delete"), &carlos, "").await;
        assert!(location(&del).contains("done=deleted"));
        let page = get_as(&r, &thread, Some(&ana)).await.body;
        assert!(!page.contains("Versión dos.") && !page.contains("Versión uno."));
        assert!(
            page.contains(&format!("id=\"p{parent}\""))
                && page.contains(&format!("id=\"p{child}\""))
        );
        assert!(page.contains("Respuesta a la versión uno."));
        let reply_to_deleted = post_as(
            &r,
            &format!("{thread}/reply"),
            &lucia,
            &format!("parent={parent}&body=x&intent=post"),
        )
        .await;
        assert!(location(&reply_to_deleted).ends_with("error=deleted"));

        // A moderator hides a post: others see a placeholder, moderators the marked text.
        let hide = post_as(
            &r,
            &format!("{thread}/posts/{child}/moderate"),
            &carlos,
            "action=hide",
        )
        .await;
        assert!(location(&hide).contains("done=post_hidden"));
        assert!(!get_as(&r, &thread, Some(&ana))
            .await
            .body
            .contains("Respuesta a la versión uno."));
        assert!(get_as(&r, &thread, Some(&lucia))
            .await
            .body
            .contains("Respuesta a la versión uno."));

        // Hidden threads vanish for members, not for moderators.
        post_as(&r, &format!("{thread}/moderate"), &carlos, "action=hide").await;
        assert_eq!(
            get_as(&r, &thread, Some(&ana)).await.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            get_as(&r, &thread, Some(&lucia)).await.status,
            StatusCode::OK
        );
        let audit = store::audit::recent(&t.db.pool, 50).await.unwrap();
        assert!(audit.iter().any(|e| e.event == "thread_moderated"));
        assert!(audit.iter().any(|e| e.event == "post_moderated"));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unread_posts_are_counted_and_the_jump_lands_on_the_first() {
    for t in common::all_databases().await {
        demo::load(&t.db, now()).await.unwrap();
        let r = common::router(&t.db);
        let carlos = sign_in(&r, "carlos.mejia").await;
        let lucia = sign_in(&r, "ta.lopez").await;
        let thread = start(&r, &carlos, "Seguimiento", "¿Cómo vamos?").await;
        get_as(&r, &thread, Some(&carlos)).await;
        let first_new = reply(&r, &thread, &lucia, None, "Bien.").await;
        reply(&r, &thread, &lucia, None, "Muy bien.").await;

        let row = |page: &str| {
            let at = page.find("Seguimiento").unwrap();
            let end = page[at..].find("</li>").unwrap();
            page[at..at + end].to_string()
        };
        let space = get_as(&r, SPACE, Some(&carlos)).await.body;
        assert!(row(&space).contains("2 new"), "{}", row(&space));
        let id = thread.rsplit('/').next().unwrap();
        let jump = get_as(&r, &format!("{thread}/unread"), Some(&carlos)).await;
        assert_eq!(jump.status, StatusCode::SEE_OTHER);
        assert_eq!(
            location(&jump),
            format!("{SPACE}/threads/{id}#p{first_new}")
        );
        // Reading the page clears the count.
        let page = get_as(&r, &thread, Some(&carlos)).await.body;
        assert!(
            page.contains("post unread"),
            "new posts are marked on the visit that reads them"
        );
        let space = get_as(&r, SPACE, Some(&carlos)).await.body;
        assert!(!row(&space).contains("new"), "{}", row(&space));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn long_threads_are_paged_in_tree_order() {
    for t in common::all_databases().await {
        demo::load(&t.db, now()).await.unwrap();
        let r = common::router(&t.db);
        let carlos = sign_in(&r, "carlos.mejia").await;
        let thread = start(&r, &carlos, "Hilo largo", "Inicio.").await;
        let opening = opening_post_id(&get_as(&r, &thread, Some(&carlos)).await.body);
        // 150 replies: a late reply to the opening post sorts before later top-level ones.
        let mut first_reply = 0;
        for i in 0..150 {
            let parent = if i % 2 == 0 { None } else { Some(opening) };
            let id = reply(
                &r,
                &thread,
                &carlos,
                parent,
                &format!("respuesta número {i}"),
            )
            .await;
            if i == 1 {
                first_reply = id;
            }
        }
        let page1 = get_as(&r, &thread, Some(&carlos)).await.body;
        assert!(
            page1.contains("Página 1 de 2") || page1.contains("Page 1 of 2"),
            "two pages"
        );
        assert!(page1.contains(&format!("id=\"p{first_reply}\"")));
        let page2 = get_as(&r, &format!("{thread}?page=2"), Some(&carlos)).await;
        assert_eq!(page2.status, StatusCode::OK);
        assert!(
            page2.body.contains("respuesta número 148"),
            "the last top-level reply ends the tree"
        );
        // Out-of-range pages show the nearest page.
        assert_eq!(
            get_as(&r, &format!("{thread}?page=99"), Some(&carlos))
                .await
                .status,
            StatusCode::OK
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn script_in_a_post_never_reaches_the_page() {
    for t in common::all_databases().await {
        demo::load(&t.db, now()).await.unwrap();
        let r = common::router(&t.db);
        let carlos = sign_in(&r, "carlos.mejia").await;
        let body =
            "<script>alert('x')</script><img src=x onerror=alert(1)> [a](javascript:alert(1))";
        let thread = start(&r, &carlos, "<b>no</b>", body).await;
        let page = get_as(&r, &thread, Some(&carlos)).await.body;
        // Only the page's own scripts (nonce-carrying, or the site's one file); no
        // handler, no script URL.
        assert_eq!(page.matches("<script src=\"/site.js\" defer>").count(), 1);
        assert_eq!(
            page.matches("<script").count(),
            page.matches("<script type=\"module\" nonce=").count()
                + page.matches("<script nonce=").count()
                + 1,
            "{page}"
        );
        for bad in [
            "alert('x')",
            "onerror",
            "href=\"javascript:",
            "src=\"javascript:",
        ] {
            if let Some(i) = page.find(bad) {
                let around = &page[i.saturating_sub(200)..(i + 100).min(page.len())];
                panic!("{bad} reached the page: {around}");
            }
        }
        assert!(page.contains("&lt;b&gt;no&lt;/b&gt;"), "titles are text");
    }
}

/// Thread pages reuse their rows between readers (see `backend::thread_pages`), yet never
/// show a stale name, post or edit.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reused_thread_pages_still_show_every_change() {
    for t in common::all_databases().await {
        demo::load(&t.db, now()).await.unwrap();
        let r = common::router(&t.db);
        let carlos = sign_in(&r, "carlos.mejia").await;
        let lucia = sign_in(&r, "ta.lopez").await;
        let thread = start(&r, &carlos, "Caché", "Texto original.").await;
        let page = get_as(&r, &thread, Some(&lucia)).await.body;
        assert!(page.contains("Carlos Mejía") && page.contains("Texto original."));
        let opening = opening_post_id(&page);

        // A new name.
        let body = "name=Carlos%20A.%20Mej%C3%ADa&languages=es";
        let res = post_as(&r, "/account/profile", &carlos, body).await;
        assert!(location(&res).ends_with("done=saved"), "{}", location(&res));
        let page = get_as(&r, &thread, Some(&lucia)).await.body;
        assert!(
            page.contains("Carlos A. Mejía"),
            "the new name, not the cached one"
        );

        // An edit, then a reply.
        let edit = post_as(
            &r,
            &format!("{thread}/posts/{opening}/edit"),
            &carlos,
            "body=Texto%20corregido.&intent=post",
        )
        .await;
        assert_eq!(edit.status, StatusCode::SEE_OTHER);
        let page = get_as(&r, &thread, Some(&lucia)).await.body;
        assert!(page.contains("Texto corregido.") && !page.contains("Texto original."));
        reply(&r, &thread, &carlos, None, "Y una respuesta.").await;
        let page = get_as(&r, &thread, Some(&lucia)).await.body;
        assert!(page.contains("Y una respuesta."));
    }
}
