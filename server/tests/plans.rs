//! Operational plans over HTTP, on SQLite and PostgreSQL: Colombia's focal point starts a
//! plan in the country's private space, adds two objectives and three actions, submits it;
//! staff record the national approval; the four check-ins appear with their due days; the
//! focal point fills the first (one action red), submits it and asks for help from that
//! action; staff see the linked request. A member of another country gets 404 by address
//! and listing; bad input is refused with a message and changes nothing.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use app::backend::store::{self, plans::Part};
use app::backend::{demo, now, Db};
use http::StatusCode;
use sqlx::Row;

use common::{enc, get_as, location, post_as, sign_in};

fn form(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(k, v)| format!("{k}={}", enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The ids of a plan's objectives, lines or actions, in the order they were added.
async fn ids(db: &Db, part: Part, plan: i64) -> Vec<i64> {
    store::plans::part_ids(&db.pool, part, plan).await.unwrap()
}

async fn count(db: &Db, sql: &str) -> i64 {
    sqlx::query(sql)
        .fetch_one(&db.pool)
        .await
        .unwrap()
        .try_get("n")
        .unwrap()
}

fn action(title: &str, starts: &str, ends: &str, budget: &str) -> String {
    form(&[
        ("title", title),
        ("responsible", "Ministerio de Salud"),
        ("co_responsible", "carlos.mejia"),
        ("starts_on", starts),
        ("ends_on", ends),
        ("budget", budget),
        ("currency", "COP"),
        ("funding_source", "Presupuesto nacional"),
        ("indicator", "Profesionales formados"),
        ("baseline", "0"),
        ("baseline_year", "2025"),
        ("target", "40"),
    ])
}

/// Posts and expects a redirect that is not an error; returns where it went.
async fn ok(r: &axum::Router, uri: &str, cookie: &str, body: &str) -> String {
    let reply = post_as(r, uri, cookie, body).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{uri}: {}", reply.body);
    let to = location(&reply);
    assert!(!to.contains("error="), "{uri} refused: {to}");
    to
}

/// Posts and expects a refusal with `code`.
async fn refused(r: &axum::Router, uri: &str, cookie: &str, body: &str, code: &str) {
    let reply = post_as(r, uri, cookie, body).await;
    let to = location(&reply);
    assert!(
        to.contains(&format!("error={code}")),
        "{uri}: wanted {code}, got {to}"
    );
}

#[tokio::test]
async fn a_plan_goes_from_draft_to_approval_and_its_check_ins() {
    for t in common::all_databases().await {
        demo::load(&t.db, now()).await.unwrap();
        let r = common::router(&t.db);
        let carlos = sign_in(&r, "carlos.mejia").await;
        let to = ok(
            &r,
            "/plans",
            &carlos,
            &form(&[
                ("space", "colombia-plan-operativo"),
                ("title", "Colombia 2026–2027"),
                ("starts_on", "2026-01-01"),
                ("ends_on", "2027-12-31"),
                ("language", "es"),
            ]),
        )
        .await;
        let id: i64 = to
            .trim_start_matches("/plans/")
            .split('?')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let base = format!("/plans/{id}");
        for title in ["Ampliar la cobertura", "Formar al personal"] {
            ok(
                &r,
                &format!("{base}/objectives"),
                &carlos,
                &form(&[("title", title)]),
            )
            .await;
        }
        let objectives = ids(&t.db, Part::Objective, id).await;
        for (o, domain) in objectives.iter().zip(["treatment", "workforce"]) {
            ok(
                &r,
                &format!("{base}/objectives/{o}/lines"),
                &carlos,
                &form(&[("title", "Línea"), ("domain", domain)]),
            )
            .await;
        }
        let lines = ids(&t.db, Part::Line, id).await;
        let add = |line: i64| format!("{base}/lines/{line}/actions");
        ok(
            &r,
            &add(lines[0]),
            &carlos,
            &action("Abrir dos centros", "2026-02-01", "2026-12-31", "1,500,000"),
        )
        .await;
        ok(
            &r,
            &add(lines[0]),
            &carlos,
            &action("Guía de derivación", "2026-03-01", "2026-06-30", ""),
        )
        .await;
        ok(
            &r,
            &add(lines[1]),
            &carlos,
            &action(
                "Curso de 40 profesionales en zafiroplanía",
                "2026-02-01",
                "2026-09-30",
                "250000.50",
            ),
        )
        .await;

        // Search finds the plan by an action's words, for those who may see it only.
        let started = std::time::Instant::now();
        loop {
            let found = get_as(&r, "/search?q=zafiroplan%C3%ADa", Some(&carlos)).await;
            if found.body.contains(&format!("/plans/{id}")) {
                break;
            }
            assert!(
                started.elapsed().as_secs() < 5,
                "{}: plan not indexed",
                t.label
            );
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        let marlon_early = sign_in(&r, "marlon.baptiste").await;
        let found = get_as(&r, "/search?q=zafiroplan%C3%ADa", Some(&marlon_early)).await;
        assert!(
            !found.body.contains(&format!("/plans/{id}")),
            "found by another country"
        );
        let found = get_as(&r, "/search?q=zafiroplan%C3%ADa", None).await;
        assert!(
            !found.body.contains(&format!("/plans/{id}")),
            "found signed out"
        );

        // Bad input: refused with its message, nothing written.
        let actions_before = count(&t.db, "SELECT COUNT(*) AS n FROM plan_actions").await;
        let versions_before = count(&t.db, "SELECT COUNT(*) AS n FROM plan_versions").await;
        refused(
            &r,
            &add(lines[0]),
            &carlos,
            &action("Fechas", "2026-05-01", "2026-01-01", ""),
            "date_order",
        )
        .await;
        refused(
            &r,
            &add(lines[0]),
            &carlos,
            &action("Negativo", "2026-01-01", "2026-02-01", "-5"),
            "budget.format",
        )
        .await;
        refused(
            &r,
            &add(lines[0]),
            &carlos,
            &action("Texto", "2026-01-01", "2026-02-01", "mucho"),
            "budget.format",
        )
        .await;
        refused(
            &r,
            &add(lines[0]),
            &carlos,
            &action("", "2026-01-01", "2026-02-01", ""),
            "title.required",
        )
        .await;
        refused(
            &r,
            &add(lines[0]),
            &carlos,
            &action("Fecha", "2026-02-30", "2026-03-01", ""),
            "starts_on.format",
        )
        .await;
        refused(
            &r,
            &format!("{base}/objectives/{}/lines", objectives[0]),
            &carlos,
            &form(&[("title", "L"), ("domain", "astrology")]),
            "domain.choice",
        )
        .await;
        assert_eq!(
            count(&t.db, "SELECT COUNT(*) AS n FROM plan_actions").await,
            actions_before
        );
        assert_eq!(
            count(&t.db, "SELECT COUNT(*) AS n FROM plan_versions").await,
            versions_before
        );
        // A line of another plan (made-up id) is "not found".
        let reply = post_as(
            &r,
            &add(999_999),
            &carlos,
            &action("X", "2026-01-01", "2026-02-01", ""),
        )
        .await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND);

        // A check-in before approval is refused.
        refused(
            &r,
            &format!("{base}/checkins/1"),
            &carlos,
            "intent=save",
            "not_approved",
        )
        .await;

        // Another country's member: 404 by address, absent from the list; cannot write.
        let marlon = sign_in(&r, "marlon.baptiste").await;
        assert_eq!(
            get_as(&r, &base, Some(&marlon)).await.status,
            StatusCode::NOT_FOUND
        );
        let list = get_as(&r, "/plans", Some(&marlon)).await;
        assert!(
            !list.body.contains("Colombia 2026–2027"),
            "listed to another country"
        );
        let reply = post_as(
            &r,
            &format!("{base}/objectives"),
            &marlon,
            &form(&[("title", "Intruso")]),
        )
        .await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND);
        assert_eq!(get_as(&r, &base, None).await.status, StatusCode::NOT_FOUND);
        // … nor may they record an approval.
        let reply = post_as(&r, &format!("{base}/submit"), &marlon, "").await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND);

        // Submit; an approved-by-nobody plan is frozen while submitted.
        ok(&r, &format!("{base}/submit"), &carlos, "").await;
        refused(
            &r,
            &format!("{base}/objectives"),
            &carlos,
            &form(&[("title", "Tarde")]),
            "plan_frozen",
        )
        .await;
        refused(&r, &format!("{base}/submit"), &carlos, "", "plan_state").await;

        // Staff record the approval; the four check-ins appear with their due days.
        let lucia = sign_in(&r, "ta.lopez").await;
        let staff_view = get_as(&r, &base, Some(&lucia)).await;
        assert_eq!(staff_view.status, StatusCode::OK, "staff see every plan");
        refused(
            &r,
            &format!("{base}/approve"),
            &lucia,
            &form(&[
                ("authority", "Ministerio de Salud"),
                ("approved_on", "2099-01-01"),
            ]),
            "date_order",
        )
        .await;
        refused(
            &r,
            &format!("{base}/approve"),
            &lucia,
            &form(&[("authority", ""), ("approved_on", "2026-01-15")]),
            "authority.required",
        )
        .await;
        ok(
            &r,
            &format!("{base}/approve"),
            &lucia,
            &form(&[
                ("authority", "Ministerio de Salud y Protección Social"),
                ("approved_on", "2026-01-15"),
                ("reference", "Resolución de prueba"),
            ]),
        )
        .await;
        let page = get_as(&r, &base, Some(&carlos)).await;
        assert_eq!(page.status, StatusCode::OK);
        for due in ["2026-02-15", "2026-04-15", "2026-07-15", "2027-01-15"] {
            assert!(page.body.contains(due), "check-in due {due} missing");
        }
        assert!(page
            .body
            .contains("Ministerio de Salud y Protección Social"));
        // Frozen: editing in place is refused.
        refused(
            &r,
            &format!("{base}/objectives"),
            &carlos,
            &form(&[("title", "Tarde")]),
            "plan_frozen",
        )
        .await;

        // The first check-in: one action red and delayed; bad lines refused first.
        let actions = ids(&t.db, Part::Action, id).await;
        let line = |a: i64, status: &str, percent: &str, rag: &str| {
            format!(
                "action={a}&a{a}.status={status}&a{a}.percent={percent}&a{a}.rag={rag}&a{a}.executed=1000&a{a}.narrative={}",
                enc("Avance")
            )
        };
        let checkin = format!("{base}/checkins/1");
        refused(
            &r,
            &checkin,
            &carlos,
            &format!("{}&intent=save", line(actions[0], "delayed", "140", "red")),
            "percent.format",
        )
        .await;
        refused(
            &r,
            &checkin,
            &carlos,
            &format!("{}&intent=submit", line(actions[0], "delayed", "10", "red")),
            "status.required",
        )
        .await;
        assert_eq!(
            count(&t.db, "SELECT COUNT(*) AS n FROM plan_checkin_entries").await,
            0
        );
        let all = format!(
            "{}&{}&{}&intent=submit",
            line(actions[0], "delayed", "10", "red"),
            line(actions[1], "in_progress", "50", "amber"),
            line(actions[2], "in_progress", "30", "green")
        );
        ok(&r, &checkin, &carlos, &all).await;
        refused(&r, &checkin, &carlos, &all, "checkin_locked").await;
        let page = get_as(&r, &base, Some(&carlos)).await;
        assert_eq!(page.status, StatusCode::OK, "{}: {}", t.label, page.body);
        assert!(
            page.body
                .contains(&format!("/requests/new?action={}", actions[0])),
            "help offered for the red action"
        );
        assert!(page.body.contains("<svg"), "progress chart");
        // The ratings chart counts one red, one amber, one green at one month; the budget
        // chart sets the planned total (1,500,000 + 250,000.50 COP) against 3 × 1,000.
        assert!(page.body.contains("id=\"rag-caption\""));
        assert!(
            page.body.contains("<td>1</td><td>1</td><td>1</td>"),
            "ratings table"
        );
        assert!(page.body.contains("1,750,000.50 COP"), "planned budget");
        assert!(page.body.contains("3,000.00 COP"), "executed budget");

        // Ask for help from the red action: the request is linked both ways.
        let filing = form(&[
            ("country", "CO"),
            ("topic", "operational_planning"),
            ("title", "Apoyo para abrir los centros"),
            ("description", "La acción va retrasada."),
            ("urgency", "high"),
            ("action", &actions[0].to_string()),
        ]);
        let to = ok(&r, "/requests", &carlos, &filing).await;
        let request = to
            .trim_start_matches("/requests/")
            .split('?')
            .next()
            .unwrap()
            .to_string();
        let request_page = get_as(&r, &format!("/requests/{request}"), Some(&lucia)).await;
        assert!(
            request_page.body.contains("Abrir dos centros"),
            "the request shows its action"
        );
        let page = get_as(&r, &base, Some(&lucia)).await;
        assert!(
            page.body.contains("Apoyo para abrir los centros"),
            "the action shows its request"
        );
        // Another country's member cannot link a request to Colombia's action.
        let mut other = filing.replace("country=CO", "country=TT");
        other.push_str("&x=1");
        let reply = post_as(&r, "/requests", &marlon, &other).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND);

        // The plan as CSV: one row per action, with the check-in's figures; not for others.
        let csv = get_as(&r, &format!("{base}/checkins/1/export.csv"), Some(&carlos)).await;
        assert_eq!(csv.status, StatusCode::OK);
        assert_eq!(csv.body.lines().count(), 4, "{}", csv.body);
        assert!(
            csv.body.contains("Abrir dos centros,")
                && csv.body.contains(",delayed,10,\"1,000.00\",red,"),
            "{}",
            csv.body
        );
        let csv = get_as(&r, &format!("{base}/export.csv"), Some(&marlon)).await;
        assert_eq!(csv.status, StatusCode::NOT_FOUND);

        // Any two versions compare: the third action's arrival is in the diff.
        let versions = get_as(&r, &format!("{base}/versions?from=1&to=8"), Some(&carlos)).await;
        assert_eq!(versions.status, StatusCode::OK);
        assert!(
            versions.body.contains("zafiroplan"),
            "the diff names the added action"
        );
        assert!(versions.body.contains("line add"));

        // A new revision: a draft again, the approved version kept.
        ok(&r, &format!("{base}/revise"), &carlos, "").await;
        ok(
            &r,
            &format!("{base}/objectives"),
            &carlos,
            &form(&[("title", "Tercer objetivo")]),
        )
        .await;
        assert_eq!(
            count(
                &t.db,
                &format!(
                    "SELECT COUNT(*) AS n FROM plan_versions WHERE plan_id = {id} AND approved = 1"
                )
            )
            .await,
            1
        );
        let list = get_as(&r, "/plans", Some(&lucia)).await;
        assert!(
            list.body.contains("Colombia 2026–2027"),
            "{}: staff list",
            t.label
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_has_colombias_plan_under_way_and_perus_in_draft() {
    for t in common::all_databases().await {
        demo::load(&t.db, now()).await.unwrap();
        let app = common::app(&t.db).build();
        demo::load_requests(&app.state, now()).await.unwrap();
        let plans = app::backend::demo_plans::load_plans(&app.state, now());
        assert_eq!(plans.await.unwrap(), 2);
        let again = app::backend::demo_plans::load_plans(&app.state, now());
        assert_eq!(again.await.unwrap(), 0, "idempotent");
        let submitted = "SELECT COUNT(*) AS n FROM plan_checkins WHERE status = 'submitted'";
        assert_eq!(count(&t.db, submitted).await, 2);
        let r = &app.router;
        let carlos = sign_in(r, "carlos.mejia").await;
        let list = get_as(r, "/plans", Some(&carlos)).await;
        assert!(list.body.contains("Colombia 20"), "{}", t.label);
        let colombia: i64 = sqlx::query("SELECT id FROM plans WHERE country_code = 'CO'")
            .fetch_one(&t.db.pool)
            .await
            .unwrap()
            .try_get("id")
            .unwrap();
        let page = get_as(r, &format!("/plans/{colombia}"), Some(&carlos)).await;
        assert!(page
            .body
            .contains("Definición del indicador de retención a 90 días"));
        assert!(page.body.contains("rag-red"));
        // The 6-month check-in is open and not yet overdue; Peru's plan is a draft.
        let six = "SELECT COUNT(*) AS n FROM plan_checkins WHERE months = 6 AND status = 'open'";
        assert_eq!(count(&t.db, six).await, 1);
        assert!(!page.body.contains("badge-overdue"));
        let peru = "SELECT COUNT(*) AS n FROM plans WHERE country_code = 'PE' AND status = 'draft'";
        assert_eq!(count(&t.db, peru).await, 1);
    }
}
