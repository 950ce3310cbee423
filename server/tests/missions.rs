//! Missions over HTTP, on SQLite and PostgreSQL, with the demo's directory, assessment
//! campaign, improvement plan and plans: staff plan a mission to Peru with two service
//! visits (bad input — end before start, a team member who is neither staff nor a listed
//! expert, no team, an unknown scope, a service visit with no instrument, a service of
//! another country — refused with nothing written), prepare its checklist from the
//! instrument's criteria, move it on one step at a time, write notes and a report in
//! revisions, approve the newest and turn a finding into an action of Peru's improvement
//! plan (one aimed at Colombia's plan is refused). Only the team, Peru's focal points and
//! staff see it — by address, in lists, on the country page, in the calendar feed — and
//! someone taken off the team or out of staff loses it at once. What a mission serves shows
//! each reader only the plan actions and requests they may read directly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use app::backend::{demo, demo_directory, demo_missions, demo_plans, demo_quality, now};
use http::StatusCode;

use common::{count, done, form, get, get_as, location, post_as, refused, sign_in};

/// A day `days` from now, as YYYY-MM-DD.
fn day(days: i64) -> String {
    app::dates::iso_date(now() + days * 86_400)
}

async fn scalar(db: &app::backend::Db, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(&db.pool).await.unwrap()
}

fn body_of(fields: &[(&str, String)]) -> String {
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    form(&pairs)
}

/// `fields` with `name` replaced by `value` (dropped when None).
fn with(
    fields: &[(&'static str, String)],
    name: &'static str,
    value: Option<&str>,
) -> Vec<(&'static str, String)> {
    let mut out: Vec<_> = fields.iter().filter(|(k, _)| *k != name).cloned().collect();
    if let Some(v) = value {
        out.push((name, v.to_string()));
    }
    out
}

const ROWS: &str = "SELECT (SELECT COUNT(*) FROM missions) + (SELECT COUNT(*) FROM mission_team) \
     + (SELECT COUNT(*) FROM mission_checklist) + (SELECT COUNT(*) FROM mission_visits) \
     + (SELECT COUNT(*) FROM mission_reports) AS n";

#[tokio::test]
async fn staff_run_a_mission_from_plan_to_follow_up_and_only_its_people_see_it() {
    for t in common::all_databases().await {
        demo::load(&t.db, now()).await.unwrap();
        let platform = common::app(&t.db).build();
        let r = platform.router.clone();
        let state = &platform.state;
        demo_plans::load_plans(state, now()).await.unwrap();
        demo_directory::load_directory(state, now()).await.unwrap();
        demo_quality::load_quality(state, now()).await.unwrap();
        let staff = sign_in(&r, "ta.lopez").await;
        let admin = sign_in(&r, "elena.vargas").await;
        let ana = sign_in(&r, "ana.quispe").await;
        let carlos = sign_in(&r, "carlos.mejia").await;
        let rosa = sign_in(&r, "rosa.huaman").await;

        let version = scalar(
            &t.db,
            "SELECT v.id FROM qa_versions v JOIN qa_instruments i ON i.id = v.instrument_id \
             WHERE i.code = 'peru-cmhc'",
        )
        .await;
        let criteria = scalar(
            &t.db,
            &format!(
                "SELECT COUNT(*) FROM qa_items WHERE version_id = {version} AND kind = 'criterion'"
            ),
        )
        .await;
        assert!(criteria > 0);
        let centres: Vec<i64> = sqlx::query_scalar(
            "SELECT id FROM services WHERE country_code = 'PE' AND region = 'Lima' \
             AND name LIKE 'Centro de salud mental comunitario%' ORDER BY name LIMIT 2",
        )
        .fetch_all(&t.db.pool)
        .await
        .unwrap();
        assert_eq!(centres.len(), 2);
        let colombian = scalar(
            &t.db,
            "SELECT MIN(id) FROM services WHERE country_code = 'CO'",
        )
        .await;

        let good: Vec<(&'static str, String)> = vec![
            ("country", "PE".into()),
            ("title", "Supervision of two centres in Lima".into()),
            ("scope", "service".into()),
            ("starts_on", day(10)),
            ("ends_on", day(12)),
            ("objectives", "Check the criteria on site.".into()),
            ("version", version.to_string()),
            ("member", "ta.lopez".into()),
        ];
        let before = count(&t.db, ROWS).await;
        let bad: Vec<(Vec<(&'static str, String)>, &str)> = vec![
            (with(&good, "ends_on", Some(&day(9))), "date_order"),
            (with(&good, "member", Some("carlos.mejia")), "mission_team"),
            (with(&good, "member", Some("nobody.at.all")), "mission_team"),
            (with(&good, "member", None), "member.required"),
            (with(&good, "scope", Some("galaxy")), "scope.choice"),
            (with(&good, "version", None), "version.required"),
            (with(&good, "version", Some("999999")), "version.choice"),
            (with(&good, "country", Some("XX")), "country.choice"),
            (
                with(&good, "starts_on", Some("2026-02-30")),
                "starts_on.format",
            ),
            (with(&good, "title", Some("  ")), "title.required"),
        ];
        for (fields, code) in &bad {
            refused(&r, "/missions", &staff, &body_of(fields), code).await;
            assert_eq!(count(&t.db, ROWS).await, before, "{code} wrote something");
        }
        // The refused form comes back as typed.
        let reply = post_as(&r, "/missions", &staff, &body_of(&bad[0].0)).await;
        let back = get_as(&r, &location(&reply), Some(&staff)).await;
        assert_eq!(back.status, StatusCode::BAD_REQUEST);
        assert!(back.body.contains("Supervision of two centres in Lima"));
        assert!(back.body.contains("Check the criteria on site."));
        // Only staff plan missions; a visitor is asked to sign in.
        refused(&r, "/missions", &ana, &body_of(&good), "staff_only").await;
        let visitor = common::send(&r, common::form_post("/missions", None, body_of(&good))).await;
        assert_eq!(visitor.status, StatusCode::UNAUTHORIZED);
        assert_eq!(count(&t.db, ROWS).await, before);

        let to = done(&r, "/missions", &staff, &body_of(&good)).await;
        assert!(to.contains("?done=created"), "{to}");
        let id: i64 = to
            .trim_start_matches("/missions/")
            .split(['?', '#'])
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let page = format!("/missions/{id}");
        let items = |db: &app::backend::Db| {
            let db = db.clone();
            async move {
                scalar(
                    &db,
                    &format!("SELECT COUNT(*) FROM mission_checklist WHERE mission_id = {id}"),
                )
                .await
            }
        };
        assert_eq!(
            items(&t.db).await,
            5,
            "four items of every mission, one of its scope"
        );

        // Two service visits bring the instrument's criteria, per service.
        for (i, c) in centres.iter().enumerate() {
            let visit = form(&[
                ("service", &c.to_string()),
                ("visit_on", &day(10 + i as i64)),
            ]);
            done(&r, &format!("{page}/visits"), &staff, &visit).await;
        }
        assert_eq!(items(&t.db).await, 5 + 2 * criteria);
        let before = count(&t.db, ROWS).await;
        refused(
            &r,
            &format!("{page}/visits"),
            &staff,
            &form(&[("service", &colombian.to_string())]),
            "service_country",
        )
        .await;
        refused(
            &r,
            &format!("{page}/visits"),
            &staff,
            &form(&[("service", &centres[0].to_string()), ("visit_on", &day(30))]),
            "visit_on.format",
        )
        .await;
        assert_eq!(count(&t.db, ROWS).await, before);

        // Who sees it: staff, the team, Peru's focal point; not Colombia's focal point, a
        // member of Peru who is neither, nor a visitor — by address, lists and pages.
        for who in [&staff, &admin, &ana] {
            let p = get_as(&r, &page, Some(who)).await;
            assert_eq!(p.status, StatusCode::OK);
            assert!(p.body.contains("Supervision of two centres in Lima"));
            let list = get_as(&r, &format!("/missions?year={}", &day(10)[..4]), Some(who)).await;
            assert!(
                list.body.contains(&format!("href=\"/missions/{id}\"")),
                "listed"
            );
            let country = get_as(&r, "/countries/PE", Some(who)).await;
            assert!(country.body.contains(&format!("href=\"/missions/{id}\"")));
        }
        for who in [Some(&carlos), Some(&rosa), None] {
            let p = get_as(&r, &page, who.map(|c| c.as_str())).await;
            assert_eq!(p.status, StatusCode::NOT_FOUND);
            assert!(!p.body.contains("Supervision of two centres in Lima"));
            let country = get_as(&r, "/countries/PE", who.map(|c| c.as_str())).await;
            assert!(!country.body.contains(&format!("/missions/{id}")));
            if let Some(who) = who {
                let list =
                    get_as(&r, &format!("/missions?year={}", &day(10)[..4]), Some(who)).await;
                assert_eq!(list.status, StatusCode::OK);
                assert!(!list.body.contains(&format!("/missions/{id}")));
            }
        }
        // A focal point reads but does not write or move it on.
        let first_item = scalar(
            &t.db,
            &format!("SELECT MIN(id) FROM mission_checklist WHERE mission_id = {id}"),
        )
        .await;
        let tick = post_as(
            &r,
            &format!("{page}/checklist/{first_item}"),
            &ana,
            &form(&[("done", "1")]),
        )
        .await;
        assert_eq!(tick.status, StatusCode::FORBIDDEN);
        let carlos_tick = post_as(
            &r,
            &format!("{page}/checklist/{first_item}"),
            &carlos,
            &form(&[("done", "1")]),
        )
        .await;
        assert_eq!(carlos_tick.status, StatusCode::NOT_FOUND);

        // The team ticks the checklist with a note.
        done(
            &r,
            &format!("{page}/checklist/{first_item}"),
            &staff,
            &form(&[("done", "1"), ("note", "agreed by e-mail")]),
        )
        .await;
        assert_eq!(
            scalar(
                &t.db,
                &format!("SELECT done FROM mission_checklist WHERE id = {first_item}")
            )
            .await,
            1
        );

        // One step at a time; a second press of the same button changes nothing.
        let status = |db: &app::backend::Db| {
            let db = db.clone();
            async move {
                sqlx::query_scalar::<_, String>(&format!(
                    "SELECT status FROM missions WHERE id = {id}"
                ))
                .fetch_one(&db.pool)
                .await
                .unwrap()
            }
        };
        let advance = format!("{page}/status");
        let notes_url = format!("{page}/visits/{}/notes", centres[0]);
        refused(
            &r,
            &notes_url,
            &staff,
            &form(&[("notes", "early")]),
            "mission_state",
        )
        .await;
        done(&r, &advance, &staff, &form(&[("from", "planned")])).await;
        refused(
            &r,
            &advance,
            &staff,
            &form(&[("from", "planned")]),
            "mission_state",
        )
        .await;
        assert_eq!(status(&t.db).await, "in_preparation");
        done(&r, &advance, &staff, &form(&[("from", "in_preparation")])).await;
        assert_eq!(status(&t.db).await, "under_way");

        // Visit notes, sanitised.
        done(
            &r,
            &notes_url,
            &staff,
            &form(&[("notes", "Met the director.<script>alert(1)</script>")]),
        )
        .await;
        let p = get_as(&r, &page, Some(&ana)).await;
        assert!(p.body.contains("Met the director."));
        assert!(!p.body.contains("<script>alert(1)"));

        // No review without a report; then revisions, and the newest is approved.
        refused(
            &r,
            &advance,
            &staff,
            &form(&[("from", "under_way")]),
            "report_missing",
        )
        .await;
        let report = format!("{page}/report");
        done(
            &r,
            &report,
            &staff,
            &form(&[("body", "## Findings\n\nDraft one.")]),
        )
        .await;
        done(
            &r,
            &report,
            &staff,
            &form(&[
                ("body", "## Findings\n\nDraft two."),
                ("note", "after the call"),
            ]),
        )
        .await;
        done(&r, &advance, &staff, &form(&[("from", "under_way")])).await;
        assert_eq!(status(&t.db).await, "report_in_review");
        let approve = format!("{page}/approve");
        let by_focal = post_as(&r, &approve, &ana, &form(&[("revision", "2")])).await;
        assert_eq!(by_focal.status, StatusCode::FORBIDDEN);
        refused(
            &r,
            &approve,
            &staff,
            &form(&[("revision", "1")]),
            "mission_state",
        )
        .await;
        assert_eq!(status(&t.db).await, "report_in_review");
        done(&r, &approve, &admin, &form(&[("revision", "2")])).await;
        assert_eq!(status(&t.db).await, "closed");
        assert_eq!(
            scalar(
                &t.db,
                &format!("SELECT approved_revision FROM missions WHERE id = {id}")
            )
            .await,
            2
        );
        let p = get_as(&r, &page, Some(&ana)).await;
        assert!(p.body.contains("Draft two."));
        assert!(p.body.contains("Revision 2 approved by"));
        // A closed mission's report no longer changes.
        refused(
            &r,
            &report,
            &staff,
            &form(&[("body", "Late.")]),
            "mission_state",
        )
        .await;

        // A finding becomes an action of Peru's improvement plan; Colombia's plan is refused.
        let plan = scalar(
            &t.db,
            "SELECT MIN(id) FROM plans WHERE kind = 'improvement'",
        )
        .await;
        let line = scalar(
            &t.db,
            &format!("SELECT MIN(id) FROM plan_lines WHERE plan_id = {plan}"),
        )
        .await;
        let criterion = scalar(
            &t.db,
            &format!("SELECT MIN(criterion_id) FROM plan_actions WHERE plan_id = {plan}"),
        )
        .await;
        let co_plan = scalar(&t.db, "SELECT MIN(id) FROM plans WHERE country_code = 'CO'").await;
        let co_line = scalar(
            &t.db,
            &format!("SELECT MIN(id) FROM plan_lines WHERE plan_id = {co_plan}"),
        )
        .await;
        let follow = |line: String, criterion: &str| {
            form(&[
                ("line", &line),
                ("title", "Write the centre's admission protocol"),
                ("responsible", "Centre director"),
                ("starts_on", &day(20)),
                ("ends_on", &day(120)),
                ("criterion", criterion),
            ])
        };
        let actions = "SELECT COUNT(*) AS n FROM plan_actions";
        let before = count(&t.db, actions).await;
        let url = format!("{page}/follow-ups");
        refused(
            &r,
            &url,
            &staff,
            &follow(format!("{co_plan}:{co_line}"), ""),
            "mission_plan_country",
        )
        .await;
        refused(
            &r,
            &url,
            &staff,
            &follow(format!("{plan}:{line}"), ""),
            "criterion_required",
        )
        .await;
        assert_eq!(count(&t.db, actions).await, before);
        done(
            &r,
            &url,
            &staff,
            &follow(format!("{plan}:{line}"), &criterion.to_string()),
        )
        .await;
        assert_eq!(count(&t.db, actions).await, before + 1);
        assert_eq!(
            scalar(
                &t.db,
                &format!("SELECT COUNT(*) FROM plan_actions WHERE mission_id = {id} AND plan_id = {plan}")
            )
            .await,
            1
        );
        let p = get_as(&r, &page, Some(&ana)).await;
        assert!(
            p.body
                .contains("Write the centre&#x27;s admission protocol")
                || p.body.contains("Write the centre's admission protocol")
        );
        let plan_page = get_as(&r, &format!("/plans/{plan}"), Some(&ana)).await;
        assert!(plan_page.body.contains("admission protocol"));

        // Rights read at every request: an expert added to the team sees it, taken off
        // does not; someone no longer staff loses it and their calendar feed.
        done(
            &r,
            "/network/listing",
            &rosa,
            &form(&[("listed", "1"), ("expertise", "Community mental health")]),
        )
        .await;
        let open_id = {
            let to = done(
                &r,
                "/missions",
                &staff,
                &body_of(&with(&good, "title", Some("Second visit"))),
            )
            .await;
            to.trim_start_matches("/missions/")
                .split(['?', '#'])
                .next()
                .unwrap()
                .parse::<i64>()
                .unwrap()
        };
        let second = format!("/missions/{open_id}");
        assert_eq!(
            get_as(&r, &second, Some(&rosa)).await.status,
            StatusCode::NOT_FOUND
        );
        done(
            &r,
            &format!("{second}/team"),
            &staff,
            &form(&[("member", "rosa.huaman")]),
        )
        .await;
        assert_eq!(
            get_as(&r, &second, Some(&rosa)).await.status,
            StatusCode::OK
        );
        done(
            &r,
            &format!("{second}/team/remove"),
            &staff,
            &form(&[("member", "rosa.huaman")]),
        )
        .await;
        assert_eq!(
            get_as(&r, &second, Some(&rosa)).await.status,
            StatusCode::NOT_FOUND
        );
        // The last member stays.
        refused(
            &r,
            &format!("{second}/team/remove"),
            &staff,
            &form(&[("member", "ta.lopez")]),
            "member.required",
        )
        .await;

        // The calendar feed: staff only, by its secret; the old secret dies with a new one.
        refused(&r, "/missions/feed", &ana, "", "staff_only").await;
        done(&r, "/missions/feed", &staff, "").await;
        let token: String = sqlx::query_scalar("SELECT token FROM calendar_feeds")
            .fetch_one(&t.db.pool)
            .await
            .unwrap();
        let missions_page = get_as(&r, "/missions", Some(&staff)).await;
        assert!(missions_page
            .body
            .contains(&format!("/missions/calendar/{token}.ics")));
        let feed = get(&r, &format!("/missions/calendar/{token}.ics")).await;
        assert_eq!(feed.status, StatusCode::OK);
        assert!(feed.body.starts_with("BEGIN:VCALENDAR\r\n"));
        assert!(feed.body.contains("Supervision of two centres in Lima"));
        assert!(feed
            .body
            .contains(&format!("UID:mission-{id}@entrust-network")));
        assert_eq!(
            get(&r, "/missions/calendar/not-a-secret.ics").await.status,
            StatusCode::NOT_FOUND
        );
        done(&r, "/missions/feed", &staff, "").await;
        assert_eq!(
            get(&r, &format!("/missions/calendar/{token}.ics"))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        let token: String = sqlx::query_scalar("SELECT token FROM calendar_feeds")
            .fetch_one(&t.db.pool)
            .await
            .unwrap();
        sqlx::query("UPDATE users SET role = 'member' WHERE username = 'ta.lopez'")
            .execute(&t.db.pool)
            .await
            .unwrap();
        assert_eq!(
            get(&r, &format!("/missions/calendar/{token}.ics"))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        // Still on the team, they keep the mission; no longer staff, they cannot move it.
        assert_eq!(get_as(&r, &page, Some(&staff)).await.status, StatusCode::OK);
        refused(
            &r,
            &format!("{second}/status"),
            &staff,
            &form(&[("from", "planned")]),
            "staff_only",
        )
        .await;
    }
}

#[tokio::test]
async fn the_demo_missions_tell_the_story() {
    for t in common::all_databases().await {
        demo::load(&t.db, now()).await.unwrap();
        let platform = common::app(&t.db).build();
        let state = &platform.state;
        demo_plans::load_plans(state, now()).await.unwrap();
        demo_directory::load_directory(state, now()).await.unwrap();
        demo_quality::load_quality(state, now()).await.unwrap();
        assert_eq!(demo_missions::load_missions(state, now()).await.unwrap(), 2);
        assert_eq!(demo_missions::load_missions(state, now()).await.unwrap(), 0);
        let peru = scalar(&t.db, "SELECT id FROM missions WHERE country_code = 'PE'").await;
        let row: (String, Option<i64>, i64) = sqlx::query_as(
            "SELECT status, approved_revision, (SELECT COUNT(*) FROM mission_visits v \
             WHERE v.mission_id = m.id) FROM missions m WHERE m.id = $1",
        )
        .bind(peru)
        .fetch_one(&t.db.pool)
        .await
        .unwrap();
        assert_eq!(row, ("closed".to_string(), Some(1), 2));
        // Its checklist is done: its own items and each centre's criteria.
        let items = |done: &str| {
            format!("SELECT COUNT(*) FROM mission_checklist WHERE mission_id = {peru}{done}")
        };
        assert!(scalar(&t.db, &items("")).await > 5);
        assert_eq!(scalar(&t.db, &items(" AND done = 0")).await, 0);
        assert_eq!(
            scalar(
                &t.db,
                &format!(
                    "SELECT COUNT(*) FROM plan_actions a JOIN plans p ON p.id = a.plan_id \
                     WHERE a.mission_id = {peru} AND p.kind = 'improvement' \
                     AND a.criterion_id IS NOT NULL"
                )
            )
            .await,
            2
        );
        let jamaica: String =
            sqlx::query_scalar("SELECT status FROM missions WHERE country_code = 'JM'")
                .fetch_one(&t.db.pool)
                .await
                .unwrap();
        assert_eq!(jamaica, "planned");
        // Peru's focal point reads the mission and its report; Colombia's does not.
        let r = platform.router.clone();
        let ana = sign_in(&r, "ana.quispe").await;
        let carlos = sign_in(&r, "carlos.mejia").await;
        let p = get_as(&r, &format!("/missions/{peru}"), Some(&ana)).await;
        assert_eq!(p.status, StatusCode::OK);
        assert!(p.body.contains("Two actions in the Ate centre"));
        assert_eq!(
            get_as(&r, &format!("/missions/{peru}"), Some(&carlos))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
    }
}

#[tokio::test]
async fn what_a_mission_serves_shows_only_what_each_reader_may_read() {
    for t in common::all_databases().await {
        demo::load(&t.db, now()).await.unwrap();
        let platform = common::app(&t.db).build();
        let r = platform.router.clone();
        let state = &platform.state;
        demo::load_requests(state, now()).await.unwrap();
        demo_plans::load_plans(state, now()).await.unwrap();
        let staff = sign_in(&r, "ta.lopez").await;
        let rosa = sign_in(&r, "rosa.huaman").await;
        // Rosa, of Peru, listed as an expert, joins a mission to Colombia.
        done(
            &r,
            "/network/listing",
            &rosa,
            &form(&[("listed", "1"), ("expertise", "Community mental health")]),
        )
        .await;
        let to = done(
            &r,
            "/missions",
            &staff,
            &form(&[
                ("country", "CO"),
                ("title", "Colombia's plan, on site"),
                ("scope", "strategy"),
                ("starts_on", &day(10)),
                ("ends_on", &day(11)),
                ("objectives", "Review the plan."),
                ("member", "ta.lopez"),
                ("member", "rosa.huaman"),
            ]),
        )
        .await;
        let page = to.split(['?', '#']).next().unwrap().to_string();
        // An action of Colombia's plan, in its private space, and a request of Colombia.
        let (action, title): (i64, String) = sqlx::query_as(
            "SELECT a.id, a.title FROM plan_actions a JOIN plans p ON p.id = a.plan_id \
             JOIN spaces s ON s.id = p.space_id WHERE p.country_code = 'CO' \
             AND s.visibility = 'private' ORDER BY a.id LIMIT 1",
        )
        .fetch_one(&t.db.pool)
        .await
        .unwrap();
        let (request, subject): (i64, String) = sqlx::query_as(
            "SELECT id, title FROM ta_requests WHERE country_code = 'CO' ORDER BY id LIMIT 1",
        )
        .fetch_one(&t.db.pool)
        .await
        .unwrap();
        // Rosa may not name what she may not read; staff may.
        refused(
            &r,
            &format!("{page}/serves"),
            &rosa,
            &form(&[("serves", &format!("action:{action}"))]),
            "serves.choice",
        )
        .await;
        done(
            &r,
            &format!("{page}/serves"),
            &staff,
            &form(&[
                ("serves", &format!("action:{action}")),
                ("serves", &format!("request:{request}")),
            ]),
        )
        .await;
        let seen = get_as(&r, &page, Some(&staff)).await;
        assert!(seen.body.contains(&title) && seen.body.contains(&subject));
        let hers = get_as(&r, &page, Some(&rosa)).await;
        assert_eq!(hers.status, StatusCode::OK);
        assert!(
            !hers.body.contains(&title),
            "a private plan's action leaked"
        );
        assert!(
            !hers.body.contains(&subject),
            "another country's request leaked"
        );
    }
}
