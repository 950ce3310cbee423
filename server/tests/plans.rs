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

use common::{count, enc, form, get_as, location, post_as, sign_in};

/// The ids of a plan's objectives, lines or actions, in the order they were added.
async fn ids(db: &Db, part: Part, plan: i64) -> Vec<i64> {
    store::plans::part_ids(&db.pool, part, plan).await.unwrap()
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
        // Dates out of order: refused, and the form comes back as typed.
        let reply = post_as(
            &r,
            "/plans",
            &carlos,
            &form(&[
                ("space", "colombia-plan-operativo"),
                ("title", "Colombia 2026–2027"),
                ("starts_on", "2027-12-31"),
                ("ends_on", "2026-01-01"),
                ("language", "pt"),
            ]),
        )
        .await;
        let back = location(&reply);
        assert_eq!(back, "/plans?error=date_order&form=new");
        let again = get_as(&r, &back, Some(&carlos)).await;
        assert!(again.body.contains("value=\"Colombia 2026–2027\""));
        assert!(again.body.contains("<option value=\"pt\" selected"));
        assert_eq!(count(&t.db, "SELECT COUNT(*) AS n FROM plans").await, 0);
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
        // What was typed in a refused form comes back with the message, its form open.
        let reply = post_as(
            &r,
            &add(lines[0]),
            &carlos,
            &action(
                "Formar 40 profesionales",
                "2026-05-01",
                "2026-01-01",
                "1200",
            ),
        )
        .await;
        let back = location(&reply);
        assert!(
            back.contains("error=date_order")
                && back.contains(&format!("form=l{}", lines[0]))
                && back.ends_with(&format!("#plan-line-{}", lines[0])),
            "{back}"
        );
        let again = get_as(&r, &back, Some(&carlos)).await;
        assert!(again.body.contains("value=\"Formar 40 profesionales\""));
        assert!(again.body.contains("value=\"2026-05-01\""));
        assert!(
            again.body.contains("<details open class=\"add\">"),
            "the form is open"
        );
        // Nobody else sees it, even by the same address.
        let lucia = sign_in(&r, "ta.lopez").await;
        let theirs = get_as(&r, &back, Some(&lucia)).await;
        assert!(!theirs.body.contains("Formar 40 profesionales"));
        let kept = format!(
            "SELECT COUNT(*) AS n FROM compose_drafts WHERE target = 'plan:{id}:l{}'",
            lines[0]
        );
        assert_eq!(
            count(&t.db, &kept).await,
            1,
            "one kept try per person and form"
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
        // The refused approval comes back as typed, to the one who typed it.
        let back = format!("{base}?error=date_order&form=approve");
        let again = get_as(&r, &back, Some(&lucia)).await;
        assert!(again.body.contains("value=\"Ministerio de Salud\""));
        assert!(again.body.contains("value=\"2099-01-01\""));
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
                "action={a}&a{a}.status={status}&a{a}.percent={percent}&a{a}.rag={rag}&a{a}.executed=1000&a{a}.narrative={}&a{a}.indicator_value={}",
                enc("Avance"),
                enc("12 %")
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
        // The refused check-in comes back as typed (the percent to correct, the rest).
        let again = get_as(
            &r,
            &format!("{checkin}?error=percent.format&form=checkin1"),
            Some(&carlos),
        )
        .await;
        assert!(again.body.contains("value=\"140\""), "{}", again.body);
        assert!(again.body.contains("value=\"12 %\""));
        let kept_checkin =
            "SELECT COUNT(*) AS n FROM compose_drafts WHERE target LIKE '%:checkin1'";
        assert_eq!(count(&t.db, kept_checkin).await, 1);
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
        assert_eq!(
            count(&t.db, kept_checkin).await,
            0,
            "forgotten once it went through"
        );
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
        // Progress by domain; each action's indicator (baseline 0, target 40) with the
        // value reported, in its chart's table.
        assert!(page.body.contains("id=\"domain-progress-caption\""));
        let chart = format!("aria-labelledby=\"indicator-{}\"", actions[0]);
        assert!(page.body.contains(&chart), "indicator chart");
        assert!(
            page.body.contains("<th scope=\"row\">1 mo</th><td>12</td>"),
            "value row"
        );
        assert!(
            page.body
                .contains("<th scope=\"row\">Target</th><td>40</td>"),
            "target row"
        );

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
                && csv.body.contains(",Delayed,10,\"1,000.00\",Red,12 %"),
            "{}",
            csv.body
        );
        assert!(csv
            .body
            .starts_with("Objective,Line of action,Domain,Action,"));
        // In the reader's language: the column names and coded cells; the plan's words
        // as written.
        let spanish = format!("{carlos}; lang=es");
        let csv = get_as(&r, &format!("{base}/checkins/1/export.csv"), Some(&spanish)).await;
        assert!(
            csv.body
                .starts_with("Objetivo,Línea de acción,Ámbito,Acción,"),
            "{}",
            csv.body
        );
        assert!(
            csv.body.contains(",Retrasada,10,\"1,000.00\",Rojo,"),
            "{}",
            csv.body
        );
        assert!(csv.body.contains("Abrir dos centros,"));
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
        // The latest check-in's ratings in the list; staff see the region summed up.
        assert!(list.body.contains("3 mo: 1 red"), "{}", list.body);
        assert!(!list.body.contains("The region:"));
        let lucia = sign_in(r, "ta.lopez").await;
        let regional = get_as(r, "/plans", Some(&lucia)).await;
        assert!(
            regional.body.contains("The region: 2 plans, 1 approved; 0 with overdue check-ins; 1 with actions rated red."),
            "{}",
            regional.body
        );
        let colombia = plan_of(&t.db, "CO").await;
        let page = get_as(r, &format!("/plans/{colombia}"), Some(&carlos)).await;
        assert!(page
            .body
            .contains("Definición del indicador de retención a 90 días"));
        assert!(page.body.contains("rag-red"));
        // The 6-month check-in is open, due within the week (Colombia's focal point is
        // told) and not yet overdue; Peru's plan is a draft.
        let told = app::backend::plans::remind(&t.db, now()).await.unwrap();
        assert_eq!(told, 1, "{}", t.label);
        let six = "SELECT COUNT(*) AS n FROM plan_checkins WHERE months = 6 AND status = 'open'";
        assert_eq!(count(&t.db, six).await, 1);
        assert!(!page.body.contains("badge-overdue"));
        let peru = "SELECT COUNT(*) AS n FROM plans WHERE country_code = 'PE' AND status = 'draft'";
        assert_eq!(count(&t.db, peru).await, 1);
    }
}

/// An app on `db` with the demo's people, spaces, requests and plans.
async fn with_demo_plans(db: &Db) -> common::TestApp {
    let start = now();
    demo::load(db, start).await.unwrap();
    let app = common::app(db).build();
    demo::load_requests(&app.state, start).await.unwrap();
    app::backend::demo_plans::load_plans(&app.state, start)
        .await
        .unwrap();
    app
}

/// The id of a country's (only) plan.
async fn plan_of(db: &Db, country: &str) -> i64 {
    sqlx::query("SELECT id FROM plans WHERE country_code = $1")
        .bind(country)
        .fetch_one(&db.pool)
        .await
        .unwrap()
        .try_get("id")
        .unwrap()
}

/// The unread count in the header of a page.
fn unread_badge(body: &str) -> Option<String> {
    let at = body.find("class=\"notifications-link")?;
    let rest = &body[at..body[at..].find("</a>").map_or(body.len(), |e| at + e)];
    let count = rest.find("class=\"count\"")?;
    let digits = rest[count..].split('>').nth(1)?;
    Some(digits.split('<').next()?.trim().to_string())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn focal_points_hear_when_a_check_in_falls_due_and_when_it_is_overdue() {
    use app::backend::plans::{remind, DUE_NOTICE_DAYS};
    for t in common::all_databases().await {
        let app = with_demo_plans(&t.db).await;
        let r = &app.router;
        let due_on: String = sqlx::query(
            "SELECT k.due_on FROM plan_checkins k JOIN plans p ON p.id = k.plan_id \
             WHERE p.country_code = 'CO' AND k.months = 6",
        )
        .fetch_one(&t.db.pool)
        .await
        .unwrap()
        .try_get("due_on")
        .unwrap();
        let due_at = app::dates::date_seconds(&due_on);
        // Two weeks before its day, nobody is told yet.
        assert_eq!(
            remind(&t.db, due_at - 14 * 86_400).await.unwrap(),
            0,
            "{}",
            t.label
        );
        // Within the notice: Colombia's focal point (Carlos) is told, once.
        let notice = due_at - (DUE_NOTICE_DAYS - 1) * 86_400;
        assert_eq!(remind(&t.db, notice).await.unwrap(), 1, "{}", t.label);
        assert_eq!(remind(&t.db, notice + 3_600).await.unwrap(), 0, "once");
        let carlos = sign_in(r, "carlos.mejia").await;
        let centre = get_as(r, "/notifications", Some(&carlos)).await;
        assert!(
            centre
                .body
                .contains(&format!("The 6-month check-in is due on {due_on}")),
            "{}",
            centre.body
        );
        assert!(centre.body.contains("/checkins/6\""));
        assert_eq!(unread_badge(&centre.body).as_deref(), Some("1"));
        // Peru's focal point hears nothing of Colombia's plan.
        let ana = sign_in(r, "ana.quispe").await;
        let hers = get_as(r, "/notifications", Some(&ana)).await;
        assert!(!hers.body.contains("-month check-in"), "{}", hers.body);

        // The day after its day, not submitted: overdue, told once more.
        let late = due_at + 2 * 86_400;
        assert_eq!(remind(&t.db, late).await.unwrap(), 1);
        assert_eq!(remind(&t.db, late + 86_400).await.unwrap(), 0, "once");
        let centre = get_as(r, "/notifications", Some(&carlos)).await;
        assert!(centre
            .body
            .contains(&format!("was due on {due_on} and is not submitted")));
        assert_eq!(unread_badge(&centre.body).as_deref(), Some("2"));

        // Opening the check-in reads what he was told about it.
        let plan = plan_of(&t.db, "CO").await;
        let page = get_as(r, &format!("/plans/{plan}/checkins/6"), Some(&carlos)).await;
        assert_eq!(page.status, StatusCode::OK);
        let after = get_as(r, "/notifications", Some(&carlos)).await;
        assert_eq!(unread_badge(&after.body), None, "read once opened");

        // Rights change: once he may no longer see the plan's space, the notifications
        // about its check-ins are not shown to him (nor counted).
        sqlx::query(
            "DELETE FROM space_members WHERE user_id = (SELECT id FROM users \
             WHERE username = 'carlos.mejia') AND space_id = (SELECT space_id FROM plans \
             WHERE id = $1)",
        )
        .bind(plan)
        .execute(&t.db.pool)
        .await
        .unwrap();
        let centre = get_as(r, "/notifications", Some(&carlos)).await;
        assert!(!centre.body.contains("-month check-in"), "{}", centre.body);
        // A submitted check-in is not overdue: nobody is told about it again.
        let submitted = "SELECT COUNT(*) AS n FROM notifications WHERE checkin_id IN \
             (SELECT id FROM plan_checkins WHERE status = 'submitted')";
        assert_eq!(count(&t.db, submitted).await, 0);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn comments_on_an_objective_or_action_go_to_its_thread() {
    for t in common::all_databases().await {
        let app = with_demo_plans(&t.db).await;
        let r = &app.router;
        let (colombia, peru) = (plan_of(&t.db, "CO").await, plan_of(&t.db, "PE").await);
        let objective = ids(&t.db, Part::Objective, colombia).await[0];
        let action = ids(&t.db, Part::Action, colombia).await[1];
        let peru_objective = ids(&t.db, Part::Objective, peru).await[0];
        let carlos = sign_in(r, "carlos.mejia").await;
        let uri = format!("/plans/{colombia}/comments");
        let threads = "SELECT COUNT(*) AS n FROM threads";
        let comment = |part: &str, item: i64, text: &str| {
            form(&[("part", part), ("item", &item.to_string()), ("body", text)])
        };
        let before = count(&t.db, threads).await;

        // An empty comment is refused with a message and writes nothing.
        let body = format!("part=objective&item={objective}&body=+");
        let reply = post_as(r, &uri, &carlos, &body).await;
        let to = location(&reply);
        assert!(
            to.contains("error=") && to.ends_with(&format!("#objective-{objective}")),
            "{to}"
        );
        assert_eq!(count(&t.db, threads).await, before);

        // The first comment starts the objective's thread in the plan's space.
        let body = comment(
            "objective",
            objective,
            "¿Incluimos @laura.gomez en la línea 1.1?",
        );
        let to = location(&post_as(r, &uri, &carlos, &body).await);
        assert!(
            to.starts_with("/spaces/colombia-plan-operativo/threads/"),
            "{to}"
        );
        let thread = get_as(r, to.split('#').next().unwrap(), Some(&carlos)).await;
        assert_eq!(thread.status, StatusCode::OK);
        assert!(thread.body.contains("Incluimos"));
        assert!(
            thread.body.contains("Colombia 20"),
            "the title names the plan"
        );
        // The next one answers the same thread; the plan page links to it with the count.
        let body = comment("objective", objective, "Sí, y también la línea 1.2.");
        let again = location(&post_as(r, &uri, &carlos, &body).await);
        assert_eq!(again.split('#').next(), to.split('#').next());
        assert_eq!(count(&t.db, threads).await, before + 1);
        let body = comment("action", action, "Acción en rojo: pedimos ayuda.");
        let on_action = location(&post_as(r, &uri, &carlos, &body).await);
        assert_ne!(on_action.split('#').next(), to.split('#').next());
        let page = get_as(r, &format!("/plans/{colombia}"), Some(&carlos)).await;
        assert!(page.body.contains("Comments: 2"), "objective's count");
        assert!(page.body.contains("Comments: 1"), "action's count");

        // Someone of another country: 404, as for the plan itself; an item of another
        // plan named through this one: 404; and nothing written.
        let ana = sign_in(r, "ana.quispe").await;
        let body = comment("objective", objective, "hola");
        assert_eq!(
            post_as(r, &uri, &ana, &body).await.status,
            StatusCode::NOT_FOUND
        );
        let body = comment("objective", peru_objective, "hola");
        assert_eq!(
            post_as(r, &uri, &carlos, &body).await.status,
            StatusCode::NOT_FOUND
        );
        let body = comment("line", objective, "hola");
        assert_eq!(
            post_as(r, &uri, &carlos, &body).await.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(count(&t.db, threads).await, before + 2);

        // A moderator deletes the objective's thread: the next comment starts a new one.
        let thread_id: i64 = to
            .split('/')
            .nth(4)
            .unwrap()
            .split('#')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        sqlx::query("UPDATE threads SET deleted_at = 1 WHERE id = $1")
            .bind(thread_id)
            .execute(&t.db.pool)
            .await
            .unwrap();
        let body = comment("objective", objective, "De nuevo.");
        let fresh = location(&post_as(r, &uri, &carlos, &body).await);
        assert!(
            !fresh.contains(&format!("/threads/{thread_id}#")),
            "{fresh}"
        );
        assert_eq!(count(&t.db, threads).await, before + 3);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plans_cite_the_mem_recommendations_their_country_registered() {
    for t in common::all_databases().await {
        let app = with_demo_plans(&t.db).await;
        let r = &app.router;
        let (colombia, peru) = (plan_of(&t.db, "CO").await, plan_of(&t.db, "PE").await);
        let ana = sign_in(r, "ana.quispe").await;
        let carlos = sign_in(r, "carlos.mejia").await;
        let recommendation = |round: &str, code: &str| {
            form(&[
                ("round", round),
                ("code", code),
                (
                    "text",
                    "Ampliar la oferta de tratamiento en el primer nivel de atención.",
                ),
            ])
        };
        let rows = "SELECT COUNT(*) AS n FROM mem_recommendations";

        // Peru's focal point keeps Peru's register; not Colombia's; nobody anonymous.
        let to = ok(r, "/mem/PE", &ana, &recommendation("2021", "3")).await;
        assert!(to.contains("done=recommendation_added"), "{to}");
        refused(
            r,
            "/mem/PE",
            &ana,
            &recommendation("2021", "3"),
            "recommendation_exists",
        )
        .await;
        refused(
            r,
            "/mem/PE",
            &ana,
            &recommendation("", "4"),
            "round.required",
        )
        .await;
        assert_eq!(
            post_as(r, "/mem/CO", &ana, &recommendation("2021", "1"))
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        let anonymous = common::send(
            r,
            common::form_post("/mem/PE", None, recommendation("2021", "9")),
        )
        .await;
        assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
        assert_eq!(
            post_as(r, "/mem/ZZ", &ana, &recommendation("2021", "1"))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(count(&t.db, rows).await, 1);
        let register = get_as(r, "/mem/PE", Some(&carlos)).await;
        assert!(
            register.body.contains("Ampliar la oferta"),
            "anyone signed in reads it"
        );
        ok(r, "/mem/CO", &carlos, &recommendation("2021", "1")).await;
        let id_of = async |country: &str| -> i64 {
            sqlx::query("SELECT id FROM mem_recommendations WHERE country_code = $1")
                .bind(country)
                .fetch_one(&t.db.pool)
                .await
                .unwrap()
                .try_get("id")
                .unwrap()
        };
        let (pe_rec, co_rec) = (id_of("PE").await, id_of("CO").await);

        // Peru's plan (in draft) cites Peru's recommendation from an objective and an
        // action: shown on the page, kept in a version.
        let objective = ids(&t.db, Part::Objective, peru).await[0];
        let action = ids(&t.db, Part::Action, peru).await[0];
        let uri = format!("/plans/{peru}/citations");
        let cite = |part: &str, item: i64, rec: i64| {
            form(&[
                ("part", part),
                ("item", &item.to_string()),
                ("recommendation", &rec.to_string()),
            ])
        };
        ok(r, &uri, &ana, &cite("objective", objective, pe_rec)).await;
        ok(r, &uri, &ana, &cite("action", action, pe_rec)).await;
        let page = get_as(r, &format!("/plans/{peru}"), Some(&ana)).await;
        assert!(page.body.contains("Answers these MEM recommendations"));
        assert!(page.body.contains("2021 · 3"));
        let kept =
            "SELECT COUNT(*) AS n FROM plan_versions WHERE snapshot LIKE '%answers MEM: 2021 3%'";
        assert!(count(&t.db, kept).await >= 2);
        // Another country's recommendation is not a choice; an approved plan is frozen;
        // someone of another country reads Peru's plan (its space is public) but may not
        // change it.
        refused(
            r,
            &uri,
            &ana,
            &cite("objective", objective, co_rec),
            "recommendation.choice",
        )
        .await;
        let co_objective = ids(&t.db, Part::Objective, colombia).await[0];
        let frozen = format!("/plans/{colombia}/citations");
        refused(
            r,
            &frozen,
            &carlos,
            &cite("objective", co_objective, co_rec),
            "plan_frozen",
        )
        .await;
        assert_eq!(
            post_as(r, &uri, &carlos, &cite("objective", objective, pe_rec))
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        let cited = "SELECT (SELECT COUNT(*) FROM plan_objective_citations) \
             + (SELECT COUNT(*) FROM plan_action_citations) AS n";
        assert_eq!(count(&t.db, cited).await, 2);
        // Ticking nothing cites nothing.
        ok(
            r,
            &uri,
            &ana,
            &form(&[("part", "action"), ("item", &action.to_string())]),
        )
        .await;
        assert_eq!(count(&t.db, cited).await, 1);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admins_keep_the_list_of_domains() {
    for t in common::all_databases().await {
        let app = with_demo_plans(&t.db).await;
        let r = &app.router;
        let elena = sign_in(r, "elena.vargas").await;
        let carlos = sign_in(r, "carlos.mejia").await;
        let domain = |code: &str, en: &str| {
            form(&[
                ("code", code),
                ("name_en", en),
                ("name_es", "Reducción de daños"),
                ("name_pt", "Redução de danos"),
                ("name_fr", "Réduction des risques"),
            ])
        };
        let rows = "SELECT COUNT(*) AS n FROM plan_domains";
        assert_eq!(count(&t.db, rows).await, 6, "the six of DOMAIN.md");
        ok(
            r,
            "/admin/domains",
            &elena,
            &domain("harm_reduction", "Harm reduction"),
        )
        .await;
        assert_eq!(count(&t.db, rows).await, 7);
        // Renamed under the same code; bad codes and missing names refused.
        ok(
            r,
            "/admin/domains",
            &elena,
            &domain("harm_reduction", "Harm and risk reduction"),
        )
        .await;
        assert_eq!(count(&t.db, rows).await, 7);
        refused(
            r,
            "/admin/domains",
            &elena,
            &domain("Harm Reduction", "x"),
            "domain_code.format",
        )
        .await;
        refused(
            r,
            "/admin/domains",
            &elena,
            &domain("other", ""),
            "name_en.required",
        )
        .await;
        // Nobody else may, nor see the page; the audit log has it.
        let reply = post_as(r, "/admin/domains", &carlos, &domain("x_y", "X")).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND);
        assert_eq!(
            get_as(r, "/admin/domains", Some(&carlos)).await.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(count(&t.db, rows).await, 7);
        let audited = "SELECT COUNT(*) AS n FROM audit_log WHERE event = 'plan_domain_saved'";
        assert_eq!(count(&t.db, audited).await, 2);
        // The new domain is offered to Peru's draft plan's new lines, in the reader's words.
        let ana = sign_in(r, "ana.quispe").await;
        let peru = plan_of(&t.db, "PE").await;
        let page = get_as(r, &format!("/plans/{peru}"), Some(&ana)).await;
        assert!(page
            .body
            .contains("<option value=\"harm_reduction\">Harm and risk reduction</option>"));
        let admin_page = get_as(r, "/admin/domains", Some(&elena)).await;
        assert!(admin_page
            .body
            .contains("Harm and risk reduction (harm_reduction)"));
    }
}
