//! Technical-assistance requests over HTTP, on SQLite and PostgreSQL: a country member files
//! a request, staff find it unassigned, take it, ask a question, the country answers, staff
//! mark the answer and the country closes it with a rating; the figures and their CSV count
//! it; nobody outside the country sees it by address, listing or search; and every kind of
//! bad input is refused with a message and changes nothing.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::{Duration, Instant};

use app::backend::{demo, now, Db};
use http::StatusCode;
use sqlx::Row;

use common::{count, enc, get_as, location, post_as, sign_in};

const TITLE: &str = "Formación en manejo de la abstinencia para equipos de Cali";

fn filing(country: &str, title: &str, links: &str) -> String {
    [
        ("country", country),
        ("topic", "workforce_training"),
        ("title", title),
        (
            "description",
            "Necesitamos **capacitar** a 40 profesionales de atención primaria en zafiroquimia \
             (palabra única para la búsqueda).",
        ),
        ("urgency", "high"),
        ("desired_date", "2027-03-01"),
        ("links", links),
    ]
    .iter()
    .map(|(k, v)| format!("{k}={}", enc(v)))
    .collect::<Vec<_>>()
    .join("&")
}

async fn status_of(db: &Db, id: i64) -> String {
    sqlx::query("SELECT status FROM ta_requests WHERE id = $1")
        .bind(id)
        .fetch_one(&db.pool)
        .await
        .unwrap()
        .try_get("status")
        .unwrap()
}

/// Files the standard request as `cookie`; returns its page address and id.
async fn file(r: &axum::Router, cookie: &str) -> (String, i64) {
    let res = post_as(
        r,
        "/requests",
        cookie,
        &filing(
            "CO",
            TITLE,
            "/library/es/niveles-de-atencion\nhttps://www.who.int/",
        ),
    )
    .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let url = location(&res);
    assert!(url.ends_with("?done=filed"), "{url}");
    let page = url.split('?').next().unwrap().to_string();
    let id = page.rsplit('/').next().unwrap().parse().unwrap();
    (page, id)
}

/// The id of the latest post in the request's conversation.
async fn last_post(db: &Db, id: i64) -> i64 {
    sqlx::query(
        "SELECT p.id FROM posts p JOIN ta_requests r ON r.thread_id = p.thread_id \
         WHERE r.id = $1 ORDER BY p.seq DESC LIMIT 1",
    )
    .bind(id)
    .fetch_one(&db.pool)
    .await
    .unwrap()
    .try_get("id")
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_goes_from_filing_to_a_rated_close() {
    for t in common::all_databases().await {
        demo::load(&t.db, now()).await.unwrap();
        let r = common::router(&t.db);
        let carlos = sign_in(&r, "carlos.mejia").await; // Colombia
        let lucia = sign_in(&r, "ta.lopez").await; // staff
        let staff_unread_before = count(
            &t.db,
            "SELECT COUNT(*) AS n FROM notifications n JOIN users u ON u.id = n.user_id \
             WHERE u.username = 'ta.lopez'",
        )
        .await;

        let (page, id) = file(&r, &carlos).await;
        let confirmation = get_as(&r, &format!("{page}?done=filed"), Some(&carlos)).await;
        assert_eq!(confirmation.status, StatusCode::OK);
        assert!(confirmation.body.contains("Your request has been filed"));
        assert!(confirmation.body.contains(TITLE));
        assert!(confirmation.body.contains("https://www.who.int/"));
        // Staff were notified.
        let staff_unread = count(
            &t.db,
            "SELECT COUNT(*) AS n FROM notifications n JOIN users u ON u.id = n.user_id \
             WHERE u.username = 'ta.lopez'",
        )
        .await;
        assert_eq!(staff_unread, staff_unread_before + 1, "{}", t.label);
        let told = get_as(&r, "/notifications", Some(&lucia)).await;
        assert!(
            told.body
                .contains("Carlos Mejía asked for technical assistance")
                && told.body.contains(&format!("href=\"{page}#p")),
            "{}",
            told.body
        );

        // Staff see it in "unassigned" and take it.
        let queue = get_as(&r, "/requests/queue?view=unassigned", Some(&lucia)).await;
        assert!(queue.body.contains(TITLE), "{}: {}", t.label, queue.body);
        let res = post_as(&r, &format!("{page}/update"), &lucia, "assignee=ta.lopez").await;
        assert_eq!(location(&res), format!("{page}?done=updated"));
        let queue = get_as(&r, "/requests/queue?view=unassigned", Some(&lucia)).await;
        assert!(!queue.body.contains(TITLE));
        let mine = get_as(&r, "/requests/queue?view=mine", Some(&lucia)).await;
        assert!(mine.body.contains(TITLE));

        // Staff ask a question and wait for the country.
        let res = post_as(
            &r,
            &format!("{page}/reply"),
            &lucia,
            &format!("body={}", enc("¿Cuántas sesiones de formación prefieren?")),
        )
        .await;
        assert!(location(&res).starts_with(&format!("{page}?done=replied#p")));
        let res = post_as(&r, &format!("{page}/update"), &lucia, "status=waiting").await;
        assert_eq!(location(&res), format!("{page}?done=updated"));
        assert_eq!(status_of(&t.db, id).await, "waiting");
        let told = count(
            &t.db,
            "SELECT COUNT(*) AS n FROM notifications n JOIN users u ON u.id = n.user_id \
             WHERE u.username = 'carlos.mejia' AND n.kind = 'reply'",
        )
        .await;
        assert_eq!(told, 1, "{}: the requester hears of staff's reply", t.label);

        // The country answers: back to "in progress".
        let res = post_as(
            &r,
            &format!("{page}/reply"),
            &carlos,
            &format!("body={}", enc("Dos sesiones de medio día.")),
        )
        .await;
        assert!(location(&res).contains("done=replied"));
        assert_eq!(status_of(&t.db, id).await, "in_progress");

        // Staff answer and mark it.
        post_as(
            &r,
            &format!("{page}/reply"),
            &lucia,
            &format!("body={}", enc("Les enviamos el plan de formación adjunto.")),
        )
        .await;
        let answer = last_post(&t.db, id).await;
        let res = post_as(
            &r,
            &format!("{page}/answer"),
            &lucia,
            &format!("post={answer}"),
        )
        .await;
        assert_eq!(location(&res), format!("{page}?done=answered"));
        assert_eq!(status_of(&t.db, id).await, "answered");
        let seen = get_as(&r, &page, Some(&carlos)).await;
        assert!(seen.body.contains("badge-answer"), "the answer is marked");

        // The country closes it, satisfied.
        let res = post_as(&r, &format!("{page}/close"), &carlos, "rating=satisfied").await;
        assert_eq!(location(&res), format!("{page}?done=closed"));
        assert_eq!(status_of(&t.db, id).await, "closed");
        let seen = get_as(&r, &page, Some(&carlos)).await;
        assert!(seen.body.contains("was satisfied with the answer"));
        assert!(seen.body.contains("assigned the request to Lucía López"));

        // The figures count it, and the CSV has its line.
        let figures = get_as(&r, "/requests/figures", Some(&lucia)).await;
        assert_eq!(figures.status, StatusCode::OK);
        assert!(
            figures.body.contains("id=\"figure-total\">1<"),
            "{}",
            figures.body
        );
        let csv = get_as(&r, "/requests/figures.csv", Some(&lucia)).await;
        assert_eq!(csv.status, StatusCode::OK);
        assert!(csv.headers[http::header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/csv"));
        let line = csv
            .body
            .lines()
            .find(|l| l.starts_with(&format!("{id},CO,")))
            .expect("the request's line");
        assert!(
            line.contains("workforce_training,high,closed") && line.ends_with(",satisfied"),
            "{line}"
        );
        // Only staff get the figures.
        let refused = get_as(&r, "/requests/figures.csv", Some(&carlos)).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
        let refused = get_as(&r, "/requests/figures", Some(&carlos)).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);

        // Reopening works once, and only on a closed request.
        let res = post_as(&r, &format!("{page}/reopen"), &carlos, "").await;
        assert_eq!(location(&res), format!("{page}?done=reopened"));
        assert_eq!(status_of(&t.db, id).await, "in_progress");
        let res = post_as(&r, &format!("{page}/reopen"), &carlos, "").await;
        assert_eq!(location(&res), format!("{page}?error=not_closed"));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_country_and_staff_see_a_request() {
    for t in common::all_databases().await {
        demo::load(&t.db, now()).await.unwrap();
        let r = common::router(&t.db);
        let carlos = sign_in(&r, "carlos.mejia").await;
        let (page, id) = file(&r, &carlos).await;
        let thread: i64 = sqlx::query("SELECT thread_id FROM ta_requests WHERE id = $1")
            .bind(id)
            .fetch_one(&t.db.pool)
            .await
            .unwrap()
            .try_get("thread_id")
            .unwrap();
        let thread_url = format!("/spaces/ta-requests-co/threads/{thread}");

        // Staff find it in search (the index caught up).
        let lucia = sign_in(&r, "ta.lopez").await;
        let started = Instant::now();
        loop {
            let found = get_as(&r, "/search?q=zafiroquimia", Some(&lucia)).await;
            if found.body.contains(TITLE) {
                break;
            }
            assert!(
                started.elapsed() < Duration::from_secs(5),
                "{}: not indexed",
                t.label
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let found = get_as(&r, "/search?q=zafiroquimia", Some(&carlos)).await;
        assert!(found.body.contains(TITLE), "the country finds its own");
        let thread_page = get_as(&r, &thread_url, Some(&carlos)).await;
        assert_eq!(thread_page.status, StatusCode::OK);
        assert!(thread_page.body.contains(&format!("/requests/{id}")));

        // Another country's member (Trinidad and Tobago), a publisher of Brazil, and
        // a signed-out reader: not by address, not in listings, not in search.
        let marlon = sign_in(&r, "marlon.baptiste").await;
        let joana = sign_in(&r, "joana.silva").await;
        for who in [Some(marlon.as_str()), Some(joana.as_str()), None] {
            for url in [page.as_str(), thread_url.as_str(), "/spaces/ta-requests-co"] {
                let res = get_as(&r, url, who).await;
                assert_eq!(res.status, StatusCode::NOT_FOUND, "{}: {url}", t.label);
                assert!(!res.body.contains(TITLE));
            }
            let list = get_as(&r, "/requests", who).await;
            assert!(!list.body.contains(TITLE));
            let found = get_as(&r, "/search?q=zafiroquimia", who).await;
            assert!(!found.body.contains(TITLE), "{}: found by search", t.label);
            let res = post_as(
                &r,
                &format!("{page}/reply"),
                who.unwrap_or("none=1"),
                "body=hola",
            )
            .await;
            assert_ne!(res.status, StatusCode::SEE_OTHER, "reply from outside");
            let queue = get_as(&r, "/requests/queue", who).await;
            assert!(!queue.body.contains(TITLE));
        }
        // The country's list shows it to its members.
        let list = get_as(&r, "/requests", Some(&carlos)).await;
        assert!(list.body.contains(TITLE));
        // Request spaces are never listed with the working groups.
        let lucia_spaces = get_as(&r, "/spaces", Some(&lucia)).await;
        assert!(!lucia_spaces.body.contains("ta-requests-co"));
        // Nobody starts other threads there, nor takes such a slug for a space.
        let res = post_as(
            &r,
            "/spaces/ta-requests-co/threads",
            &carlos,
            &format!("title={}&body=hola&intent=post", enc("Otro tema")),
        )
        .await;
        assert!(
            location(&res).contains("error=requests_only"),
            "{}",
            location(&res)
        );
        let elena = sign_in(&r, "elena.vargas").await;
        let res = post_as(
            &r,
            "/spaces",
            &elena,
            "name=ta-requests-pe&visibility=public&country=",
        )
        .await;
        // Addresses are made from names, never the reserved prefix.
        assert!(
            location(&res).starts_with("/spaces/space-ta-requests-pe-"),
            "{}",
            location(&res)
        );
        let taken = app::backend::store::spaces::by_slug(&t.db.pool, "ta-requests-pe")
            .await
            .unwrap();
        assert!(taken.is_none(), "the reserved slug stays free");
        let res = get_as(&r, "/spaces/ta-requests-co/settings", Some(&elena)).await;
        assert_eq!(
            res.status,
            StatusCode::FORBIDDEN,
            "request spaces stay private"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_is_refused_with_a_message_and_changes_nothing() {
    for t in common::all_databases().await {
        demo::load(&t.db, now()).await.unwrap();
        let r = common::router(&t.db);
        let carlos = sign_in(&r, "carlos.mejia").await;
        let lucia = sign_in(&r, "ta.lopez").await;
        let requests = "SELECT COUNT(*) AS n FROM ta_requests";
        let threads = "SELECT COUNT(*) AS n FROM threads";

        // Filing: another country, no title, a bad link, a date that does not exist, an
        // unknown topic or urgency.
        let cases = [
            (filing("PE", TITLE, ""), "request_country"),
            (filing("CO", "  ", ""), "title"),
            (filing("CO", TITLE, "javascript:alert(1)"), "link"),
            (filing("CO", TITLE, "//evil.example/x"), "link"),
            (
                filing("CO", TITLE, "").replace("2027-03-01", "2027-02-30"),
                "date",
            ),
            (
                filing("CO", TITLE, "").replace("workforce_training", "gossip"),
                "topic",
            ),
            (
                filing("CO", TITLE, "").replace("=high", "=panic"),
                "urgency",
            ),
        ];
        for (body, code) in cases {
            let res = post_as(&r, "/requests", &carlos, &body).await;
            assert_eq!(
                location(&res),
                format!("/requests/new?error={code}"),
                "{}",
                t.label
            );
            assert_eq!(count(&t.db, requests).await, 0);
        }
        let threads_before = count(&t.db, threads).await;
        // The refused text is offered again.
        let form = get_as(&r, "/requests/new?error=title", Some(&carlos)).await;
        assert!(form.body.contains("zafiroquimia"), "kept description");
        assert!(form.body.contains("role=\"alert\""));
        // Signed out: no filing.
        let res = common::send(
            &r,
            common::form_post("/requests", None, filing("CO", TITLE, "")),
        )
        .await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED);
        assert_eq!(count(&t.db, threads).await, threads_before);

        let (page, id) = file(&r, &carlos).await;
        // new → answered skips the work; assigning a country member; a nonsense status.
        for (body, code) in [
            ("status=answered", "status"),
            ("status=bogus", "status"),
            ("assignee=carlos.mejia", "assignee"),
            ("due=2027-13-40", "date"),
        ] {
            let res = post_as(&r, &format!("{page}/update"), &lucia, body).await;
            assert_eq!(location(&res), format!("{page}?error={code}"), "{body}");
        }
        assert_eq!(status_of(&t.db, id).await, "new");
        let events = format!("SELECT COUNT(*) AS n FROM ta_request_events WHERE request_id = {id}");
        assert_eq!(count(&t.db, &events).await, 1, "only the filing");
        // Country members do not change status, assign or write internal notes.
        let res = post_as(&r, &format!("{page}/update"), &carlos, "status=triaged").await;
        assert_eq!(location(&res), format!("{page}?error=staff_only"));
        let res = post_as(&r, &format!("{page}/notes"), &carlos, "body=secret").await;
        assert_eq!(location(&res), format!("{page}?error=staff_only#notes"));
        let notes = format!("SELECT COUNT(*) AS n FROM ta_request_notes WHERE request_id = {id}");
        assert_eq!(count(&t.db, &notes).await, 0);
        // Staff's note stays among staff.
        let res = post_as(
            &r,
            &format!("{page}/notes"),
            &lucia,
            &format!("body={}", enc("Nota interna: revisar presupuesto")),
        )
        .await;
        assert_eq!(location(&res), format!("{page}?done=noted#notes"));
        let staff_view = get_as(&r, &page, Some(&lucia)).await;
        assert!(staff_view
            .body
            .contains("Nota interna: revisar presupuesto"));
        let country_view = get_as(&r, &page, Some(&carlos)).await;
        assert!(!country_view.body.contains("Nota interna"));
        // The question itself is no answer; closing needs a rating.
        let opening: i64 = sqlx::query(
            "SELECT p.id FROM posts p JOIN ta_requests r ON r.thread_id = p.thread_id \
             WHERE r.id = $1 AND p.seq = 1",
        )
        .bind(id)
        .fetch_one(&t.db.pool)
        .await
        .unwrap()
        .try_get("id")
        .unwrap();
        let res = post_as(
            &r,
            &format!("{page}/answer"),
            &lucia,
            &format!("post={opening}"),
        )
        .await;
        assert_eq!(location(&res), format!("{page}?error=answer"));
        let res = post_as(
            &r,
            &format!("{page}/answer"),
            &carlos,
            &format!("post={opening}"),
        )
        .await;
        assert_eq!(location(&res), format!("{page}?error=staff_only"));
        let res = post_as(&r, &format!("{page}/close"), &carlos, "rating=meh").await;
        assert_eq!(location(&res), format!("{page}?error=rating"));
        assert_eq!(status_of(&t.db, id).await, "new");
        // Closed, then "in progress" without reopening: refused.
        post_as(&r, &format!("{page}/close"), &carlos, "rating=unsatisfied").await;
        let res = post_as(&r, &format!("{page}/update"), &lucia, "status=in_progress").await;
        assert_eq!(location(&res), format!("{page}?error=closed"));
        assert_eq!(status_of(&t.db, id).await, "closed");
        // An empty reply is refused and nothing is posted.
        let posts = "SELECT COUNT(*) AS n FROM posts";
        let before = count(&t.db, posts).await;
        let res = post_as(&r, &format!("{page}/reply"), &carlos, "body=%20%20").await;
        assert_eq!(location(&res), format!("{page}?error=empty#reply"));
        assert_eq!(count(&t.db, posts).await, before);
        // Another country's request does not exist for a member elsewhere.
        let marlon = sign_in(&r, "marlon.baptiste").await;
        let res = post_as(&r, &format!("{page}/notes"), &marlon, "body=x").await;
        assert_eq!(res.status, StatusCode::NOT_FOUND);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_keep_canned_replies_and_insert_them() {
    for t in common::all_databases().await {
        demo::load(&t.db, now()).await.unwrap();
        let r = common::router(&t.db);
        let carlos = sign_in(&r, "carlos.mejia").await;
        let lucia = sign_in(&r, "ta.lopez").await;
        let body = "Gracias por su solicitud. La revisaremos esta semana.";
        let res = post_as(
            &r,
            "/requests/canned",
            &lucia,
            &format!("title={}&body={}", enc("Acuse de recibo"), enc(body)),
        )
        .await;
        assert_eq!(location(&res), "/requests/canned?done=saved");
        let id: i64 = sqlx::query("SELECT id FROM canned_replies")
            .fetch_one(&t.db.pool)
            .await
            .unwrap()
            .try_get("id")
            .unwrap();
        // Edited, then inserted into a request's reply box.
        let edited = format!("{body} Saludos.");
        let res = post_as(
            &r,
            "/requests/canned",
            &lucia,
            &format!(
                "id={id}&title={}&body={}",
                enc("Acuse de recibo"),
                enc(&edited)
            ),
        )
        .await;
        assert_eq!(location(&res), "/requests/canned?done=saved");
        let (page, _) = file(&r, &carlos).await;
        let with = get_as(&r, &format!("{page}?insert={id}"), Some(&lucia)).await;
        assert!(with
            .body
            .contains("La revisaremos esta semana. Saludos.</textarea>"));
        // Countries neither see nor write them.
        let other = get_as(&r, &format!("{page}?insert={id}"), Some(&carlos)).await;
        assert!(!other.body.contains("La revisaremos"));
        let res = post_as(&r, "/requests/canned", &carlos, "title=x&body=y").await;
        assert_eq!(res.status, StatusCode::FORBIDDEN);
        let res = post_as(
            &r,
            "/requests/canned",
            &lucia,
            &format!("title=&body={}", enc(body)),
        )
        .await;
        assert_eq!(location(&res), "/requests/canned?error=canned");
        let res = post_as(&r, &format!("/requests/canned/{id}/delete"), &lucia, "").await;
        assert_eq!(location(&res), "/requests/canned?done=deleted");
        let left = count(&t.db, "SELECT COUNT(*) AS n FROM canned_replies").await;
        assert_eq!(left, 0);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_has_requests_to_work_on_and_loads_them_once() {
    for t in common::all_databases().await {
        demo::load(&t.db, now()).await.unwrap();
        let platform = common::app(&t.db).build().state;
        assert_eq!(demo::load_requests(&platform, now()).await.unwrap(), 3);
        assert_eq!(
            demo::load_requests(&platform, now()).await.unwrap(),
            0,
            "idempotent"
        );
        assert_eq!(
            count(&t.db, "SELECT COUNT(*) AS n FROM ta_requests").await,
            3
        );
        assert_eq!(
            count(&t.db, "SELECT COUNT(*) AS n FROM canned_replies").await,
            3
        );
        let r = common::router(&t.db);
        let lucia = sign_in(&r, "ta.lopez").await;
        let mine = get_as(&r, "/requests/queue?view=mine", Some(&lucia)).await;
        assert!(
            mine.body.contains("Capacitación en intervenciones breves"),
            "{}",
            t.label
        );
        let unassigned = get_as(&r, "/requests/queue?view=unassigned", Some(&lucia)).await;
        assert!(unassigned
            .body
            .contains("Definición del indicador de retención"));
        assert!(unassigned.body.contains("Mecanismos de financiamento"));
        // Each country sees its own only.
        let ana = sign_in(&r, "ana.quispe").await;
        let list = get_as(&r, "/requests", Some(&ana)).await;
        assert!(list.body.contains("Capacitación en intervenciones breves"));
        assert!(!list.body.contains("Definición del indicador"));
    }
}

/// Due dates are days where the staff member is: set in Lima, due by the end of that day
/// in Lima; shown as that day to them, and as the next day to a reader in UTC. The CSV
/// uses the zone of whoever exports it. A zone not offered is refused and changes nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn due_dates_are_days_where_the_reader_is() {
    for t in common::all_databases().await {
        demo::load(&t.db, now()).await.unwrap();
        let r = common::router(&t.db);
        let carlos = sign_in(&r, "carlos.mejia").await;
        let lucia = sign_in(&r, "ta.lopez").await;
        let (page, id) = file(&r, &carlos).await;
        let zone_is = |zone: &str| {
            format!(
                "name={}&languages=es&time_zone={}",
                enc("Lucía López"),
                enc(zone)
            )
        };
        let res = post_as(&r, "/account/profile", &lucia, &zone_is("Europe/Paris")).await;
        assert!(
            location(&res).ends_with("error=time_zone"),
            "{}",
            location(&res)
        );
        let chosen =
            "SELECT COUNT(*) AS n FROM users WHERE username = 'ta.lopez' AND time_zone = ''";
        assert_eq!(count(&t.db, chosen).await, 1, "{}: nothing saved", t.label);

        let res = post_as(&r, "/account/profile", &lucia, &zone_is("America/Lima")).await;
        assert!(location(&res).ends_with("done=saved"), "{}", location(&res));
        let form = get_as(&r, "/account/profile", Some(&lucia)).await.body;
        assert!(
            form.contains(r#"<option value="America/Lima" selected"#),
            "{}: the form shows the choice",
            t.label
        );
        let res = post_as(&r, &format!("{page}/update"), &lucia, "due=2027-02-10").await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        let due: i64 = sqlx::query("SELECT due_at FROM ta_requests WHERE id = $1")
            .bind(id)
            .fetch_one(&t.db.pool)
            .await
            .unwrap()
            .try_get("due_at")
            .unwrap();
        // 23:59:59 on 10 February in Lima (UTC−5) is 04:59:59 on the 11th in UTC.
        let eleventh = app::dates::date_seconds("2027-02-11");
        assert_eq!(due, eleventh + 5 * 3600 - 1, "{}", t.label);
        let shown = get_as(&r, &page, Some(&lucia)).await.body;
        assert!(shown.contains("<dd>2027-02-10</dd>"), "{}", t.label);
        assert!(
            shown.contains(r#"name="due" type="date" value="2027-02-10""#),
            "{}",
            t.label
        );
        let csv = get_as(&r, "/requests/figures.csv", Some(&lucia)).await.body;
        assert!(csv.contains(",2027-02-10,"), "{}: {csv}", t.label);

        // The same instant for someone reading in UTC.
        let res = post_as(&r, "/account/profile", &lucia, &zone_is("UTC")).await;
        assert!(location(&res).ends_with("done=saved"));
        let shown = get_as(&r, &page, Some(&lucia)).await.body;
        assert!(shown.contains("<dd>2027-02-11</dd>"), "{}", t.label);
        let csv = get_as(&r, "/requests/figures.csv", Some(&lucia)).await.body;
        assert!(csv.contains(",2027-02-11,"), "{}", t.label);

        // Back to automatic: staff without a country read in UTC; Carlos, of Colombia,
        // reads in Bogotá's zone (UTC−5): the 10th.
        let res = post_as(&r, "/account/profile", &lucia, &zone_is("")).await;
        assert!(location(&res).ends_with("done=saved"));
        assert_eq!(count(&t.db, chosen).await, 1);
        let hers = get_as(&r, &page, Some(&lucia)).await.body;
        assert!(hers.contains("<dd>2027-02-11</dd>"), "{}", t.label);
        let his = get_as(&r, &page, Some(&carlos)).await.body;
        assert!(his.contains("<dd>2027-02-10</dd>"), "{}", t.label);
    }
}
