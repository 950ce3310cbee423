//! Indicators over HTTP, on SQLite and PostgreSQL: the reference definitions are there;
//! staff define one and change it (a new version, both kept), others may not; Colombia's
//! focal point imports a CSV with bad rows (nothing written, a report naming each line and
//! column), fixes it and imports again; the export imports back unchanged; a correction
//! keeps the old value; staff validate; another country's member sees only validated
//! values, by page, chart and export, and may enter none.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use app::backend::{demo, now};
use http::StatusCode;
use sqlx::Row;

use common::{count, form, get_as, location, post_as, send, sign_in, upload};

/// Posts and expects a redirect with `?done=`; returns where it went.
async fn ok(r: &axum::Router, uri: &str, cookie: &str, body: &str) -> String {
    let reply = post_as(r, uri, cookie, body).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{uri}: {}", reply.body);
    let to = location(&reply);
    assert!(to.contains("done="), "{uri} refused: {to}");
    to
}

/// Posts and expects a refusal with `code`; returns where it went.
async fn refused(r: &axum::Router, uri: &str, cookie: &str, body: &str, code: &str) -> String {
    let reply = post_as(r, uri, cookie, body).await;
    let to = location(&reply);
    assert!(
        to.contains(&format!("error={code}")),
        "{uri}: wanted {code}, got {to} ({})",
        reply.status
    );
    to
}

fn definition(code: &str, name_en: &str, name_es: &str) -> String {
    form(&[
        ("code", code),
        ("category", "workforce"),
        ("unit", "count"),
        ("frequency", "annual"),
        ("disaggregations", "sex"),
        ("disaggregations", "region"),
        ("name_en", name_en),
        (
            "definition_en",
            "Health workers trained in the year in treatment of substance use disorders.",
        ),
        ("source_en", "Training records"),
        ("name_es", name_es),
        ("name_pt", ""),
        ("name_fr", ""),
    ])
}

#[tokio::test]
async fn staff_define_indicators_and_each_change_is_a_version() {
    for t in common::all_databases().await {
        demo::load(&t.db, now()).await.unwrap();
        let r = common::router(&t.db);
        // The reference definitions, financial ones included, are there from the start.
        assert!(count(&t.db, "SELECT COUNT(*) AS n FROM indicators").await >= 11);
        let staff = sign_in(&r, "ta.lopez").await;
        let list = get_as(&r, "/indicators", Some(&staff)).await;
        assert_eq!(list.status, StatusCode::OK);
        for name in [
            "Treatment coverage (SDG 3.5.1)",
            "Retention at 90 days",
            "Cost per treatment episode",
            "Cost per completed treatment",
            "Budget execution rate",
        ] {
            assert!(list.body.contains(name), "{name} listed");
        }
        let es = get_as(
            &r,
            "/indicators/COST-COMP",
            Some(&format!("{staff}; lang=es")),
        )
        .await;
        assert!(
            es.body.contains("Costo por tratamiento completado"),
            "Spanish words"
        );

        // A focal point is not staff: refused, nothing written.
        let carlos = sign_in(&r, "carlos.mejia").await;
        refused(
            &r,
            "/indicators",
            &carlos,
            &definition("WF-TRAINED", "Workers trained", ""),
            "staff_only",
        )
        .await;
        let to = ok(
            &r,
            "/indicators",
            &staff,
            &definition("wf-trained", "Workers trained", "Personal formado"),
        )
        .await;
        assert_eq!(to, "/indicators/WF-TRAINED?done=defined");
        // The same code again: refused, the form comes back as typed.
        let back = refused(
            &r,
            "/indicators",
            &staff,
            &definition("WF-TRAINED", "Second try", ""),
            "indicator_exists",
        )
        .await;
        assert!(back.contains("form=define"));
        let again = get_as(&r, &back, Some(&staff)).await;
        assert!(again.body.contains("value=\"Second try\""), "kept");
        refused(
            &r,
            "/indicators",
            &staff,
            &definition("1X", "Bad code", ""),
            "code.format",
        )
        .await;
        // Bounded without a ratio makes no sense.
        let body = definition("WF-X", "X", "").replace("unit=count", "unit=count&bounded=1");
        refused(&r, "/indicators", &staff, &body, "bounded.choice").await;

        // A change is a new version; the history keeps both.
        ok(
            &r,
            "/indicators/WF-TRAINED",
            &staff,
            &definition("", "Health workers trained", "Personal de salud formado"),
        )
        .await;
        let versions = get_as(&r, "/indicators/WF-TRAINED/versions", Some(&staff)).await;
        assert!(
            versions.body.contains("Workers trained")
                && versions.body.contains("Health workers trained")
        );
        assert_eq!(count(&t.db, "SELECT COUNT(*) AS n FROM indicator_versions v JOIN indicators i ON i.id = v.indicator_id WHERE i.code = 'WF-TRAINED'").await, 2);
        // Saving the same again adds nothing.
        ok(
            &r,
            "/indicators/WF-TRAINED",
            &staff,
            &definition("", "Health workers trained", "Personal de salud formado"),
        )
        .await;
        assert_eq!(count(&t.db, "SELECT COUNT(*) AS n FROM indicator_versions v JOIN indicators i ON i.id = v.indicator_id WHERE i.code = 'WF-TRAINED'").await, 2);
        // Others may not change it; anonymous readers are asked to sign in.
        let reply = post_as(
            &r,
            "/indicators/WF-TRAINED",
            &carlos,
            &definition("", "Mine", ""),
        )
        .await;
        assert!(location(&reply).contains("error=staff_only"));
        assert_eq!(
            get_as(&r, "/indicators/COV", None).await.status,
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            get_as(&r, "/indicators/NOPE", Some(&carlos)).await.status,
            StatusCode::NOT_FOUND
        );
    }
}

const BAD_IMPORT: &str =
    "country,indicator,period,disaggregation,value,numerator,denominator,unit,source,status\n\
CO,COV,2023,,,8000,100000,percent,SIVIGILA,\n\
CO,COV,2024,,,120,100,percent,SIVIGILA,\n\
PE,COV,2024,,9,,,percent,x,\n\
CO,NOPE,2024,,9,,,percent,x,\n\
CO,COV,2024-Q1,,9,,,percent,x,\n\
CO,RET-90,2024,,abc,,,percent,x,\n\
CO,COV,2023,,8,,,percent,x,\n\
CO,RET-90,2023,sex=female,40,,,count,x,\n";

const GOOD_IMPORT: &str =
    "country,indicator,period,disaggregation,value,numerator,denominator,unit,source,status\n\
CO,COV,2023,,,8000,100000,percent,SIVIGILA,\n\
CO,COV,2024,,9.5,9500,100000,percent,SIVIGILA,\n\
CO,RET-90,2024,,41,,,percent,Registros,\n\
CO,RET-90,2024,sex=female,44.5,445,1000,percent,Registros,\n\
CO,BUDGET-EXEC,2024,,104,104,100,percent,Ejecución,\n";

#[tokio::test]
async fn an_import_is_all_or_nothing_and_an_export_imports_back_unchanged() {
    for t in common::all_databases().await {
        demo::load(&t.db, now()).await.unwrap();
        let r = common::router(&t.db);
        let carlos = sign_in(&r, "carlos.mejia").await;
        let reply = send(
            &r,
            upload(
                "/indicators/import",
                &carlos,
                "valores.csv",
                BAD_IMPORT.as_bytes(),
            ),
        )
        .await;
        assert_eq!(location(&reply), "/indicators/import?error=import_refused");
        assert_eq!(
            count(&t.db, "SELECT COUNT(*) AS n FROM indicator_values").await,
            0,
            "nothing written"
        );
        let report = get_as(&r, "/indicators/import", Some(&carlos)).await;
        for (line, text) in [
            (3, "The numerator is larger than the denominator."),
            (4, "You may not enter figures for PE."),
            (5, "No indicator has the code NOPE."),
            (6, "The period is not written for a annual indicator"),
            (7, "Not a number"),
            (
                8,
                "The same country, indicator, period and disaggregation as line 2.",
            ),
            (9, "The unit of this indicator is percent."),
        ] {
            assert!(
                report
                    .body
                    .contains(&format!("<td class=\"number\">{line}</td>")),
                "line {line} named"
            );
            assert!(
                report.body.contains(text),
                "{text} in {}",
                &report.body[report.body.find("<table class=\"problems\"").unwrap_or(0)..]
            );
        }
        assert!(report.body.contains("valores.csv"));

        let reply = send(
            &r,
            upload(
                "/indicators/import",
                &carlos,
                "valores.csv",
                GOOD_IMPORT.as_bytes(),
            ),
        )
        .await;
        assert_eq!(location(&reply), "/indicators/import?done=imported");
        assert_eq!(
            count(&t.db, "SELECT COUNT(*) AS n FROM indicator_values").await,
            5
        );
        let report = get_as(&r, "/indicators/import", Some(&carlos)).await;
        assert!(
            report.body.contains("5 added, 0 corrected, 0 unchanged"),
            "{}",
            report.body
        );
        // The value computed from numerator and denominator; provenance recorded.
        let row = sqlx::query("SELECT x.value, x.origin, u.username FROM indicator_values x JOIN users u ON u.id = x.entered_by JOIN indicators i ON i.id = x.indicator_id WHERE i.code = 'COV' AND x.period = '2023'")
            .fetch_one(&t.db.pool).await.unwrap();
        assert_eq!(row.try_get::<f64, _>("value").unwrap(), 8.0);
        assert_eq!(row.try_get::<String, _>("origin").unwrap(), "import");
        assert_eq!(
            row.try_get::<String, _>("username").unwrap(),
            "carlos.mejia"
        );

        // The export imports back unchanged: nothing added, nothing corrected.
        let export = get_as(&r, "/indicators/values.csv?country=CO", Some(&carlos)).await;
        assert_eq!(export.status, StatusCode::OK);
        assert!(export.body.starts_with("country,indicator,period,disaggregation,value,numerator,denominator,unit,source,status\r\n"));
        assert!(export
            .body
            .contains("CO,RET-90,2024,sex=female,44.5,445,1000,percent,Registros,provisional"));
        let reply = send(
            &r,
            upload(
                "/indicators/import",
                &carlos,
                "export.csv",
                export.body.as_bytes(),
            ),
        )
        .await;
        assert_eq!(location(&reply), "/indicators/import?done=imported");
        let report = get_as(&r, "/indicators/import", Some(&carlos)).await;
        assert!(report.body.contains("0 added, 0 corrected, 5 unchanged"));
        assert_eq!(
            count(&t.db, "SELECT COUNT(*) AS n FROM indicator_value_history").await,
            0
        );
        let again = get_as(&r, "/indicators/values.csv?country=CO", Some(&carlos)).await;
        assert_eq!(again.body, export.body, "round trip");

        // A correction from the page keeps the old value; it shows in the history.
        let page = "/indicators/RET-90/CO";
        refused(
            &r,
            &format!("{page}/values"),
            &carlos,
            &form(&[
                ("period", "2024"),
                ("value", "40"),
                ("numerator", "300"),
                ("denominator", "1000"),
            ]),
            "value_mismatch",
        )
        .await;
        let back = refused(
            &r,
            &format!("{page}/values"),
            &carlos,
            &form(&[("period", "2024-Q2"), ("value", "40")]),
            "period",
        )
        .await;
        let kept = get_as(&r, &back, Some(&carlos)).await;
        assert!(kept.body.contains("value=\"2024-Q2\""), "typed period kept");
        ok(
            &r,
            &format!("{page}/values"),
            &carlos,
            &form(&[
                ("period", "2024"),
                ("value", "42.5"),
                ("source", "Registros corregidos"),
            ]),
        )
        .await;
        assert_eq!(
            count(
                &t.db,
                "SELECT COUNT(*) AS n FROM indicator_value_history WHERE value = 41"
            )
            .await,
            1
        );
        let shown = get_as(&r, page, Some(&carlos)).await;
        assert!(shown.body.contains("42.5 %") && shown.body.contains("1 earlier value(s)"));

        // Validation is staff's; a focal point is refused.
        let id: i64 = sqlx::query("SELECT x.id FROM indicator_values x JOIN indicators i ON i.id = x.indicator_id WHERE i.code = 'COV' AND x.period = '2024'")
            .fetch_one(&t.db.pool).await.unwrap().try_get("id").unwrap();
        refused(
            &r,
            &format!("/indicators/values/{id}/validate"),
            &carlos,
            "",
            "staff_only",
        )
        .await;
        let staff = sign_in(&r, "ta.lopez").await;
        ok(&r, &format!("/indicators/values/{id}/validate"), &staff, "").await;

        // Another country's member sees validated values only — page, chart, export — and
        // enters nothing.
        let marlon = sign_in(&r, "marlon.baptiste").await;
        let theirs = get_as(&r, "/indicators/COV/CO", Some(&marlon)).await;
        assert_eq!(theirs.status, StatusCode::OK);
        assert!(theirs.body.contains("9.5 %"), "validated value shown");
        assert!(!theirs.body.contains("8 %"), "provisional value hidden");
        let across = get_as(&r, "/indicators/COV?period=2023", Some(&marlon)).await;
        assert!(!across.body.contains("8 %"));
        let across = get_as(&r, "/indicators/COV?period=2024", Some(&marlon)).await;
        assert!(across.body.contains("<svg") && across.body.contains("9.5 %"));
        let csv = get_as(&r, "/indicators/values.csv", Some(&marlon)).await;
        assert!(
            csv.body.contains("CO,COV,2024")
                && !csv.body.contains("CO,COV,2023")
                && !csv.body.contains("RET-90")
        );
        let reply = post_as(
            &r,
            "/indicators/COV/CO/values",
            &marlon,
            &form(&[("period", "2022"), ("value", "1")]),
        )
        .await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN);
        let reply = send(
            &r,
            upload(
                "/indicators/import",
                &marlon,
                "x.csv",
                GOOD_IMPORT.as_bytes(),
            ),
        )
        .await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN);
        assert_eq!(
            get_as(&r, "/indicators/import", Some(&marlon)).await.status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            count(
                &t.db,
                "SELECT COUNT(*) AS n FROM indicator_values WHERE period = '2022'"
            )
            .await,
            0
        );
    }
}

#[tokio::test]
async fn goals_and_availability_are_the_countrys_and_show_in_the_matrix() {
    for t in common::all_databases().await {
        demo::load(&t.db, now()).await.unwrap();
        let r = common::router(&t.db);
        let carlos = sign_in(&r, "carlos.mejia").await;
        let page = "/indicators/RET-90/CO";
        refused(
            &r,
            &format!("{page}/goal"),
            &carlos,
            &form(&[
                ("baseline", "40"),
                ("baseline_period", "2023-Q1"),
                ("target", "55"),
                ("target_period", "2027"),
            ]),
            "period",
        )
        .await;
        refused(
            &r,
            &format!("{page}/goal"),
            &carlos,
            &form(&[
                ("baseline", "40"),
                ("baseline_period", "2027"),
                ("target", "55"),
                ("target_period", "2023"),
            ]),
            "date_order",
        )
        .await;
        refused(
            &r,
            &format!("{page}/goal"),
            &carlos,
            &form(&[("baseline", "forty"), ("baseline_period", "2023")]),
            "baseline.format",
        )
        .await;
        ok(
            &r,
            &format!("{page}/goal"),
            &carlos,
            &form(&[
                ("baseline", "40"),
                ("baseline_period", "2023"),
                ("target", "55"),
                ("target_period", "2027"),
            ]),
        )
        .await;
        ok(
            &r,
            &format!("{page}/values"),
            &carlos,
            &form(&[("period", "2024"), ("value", "44")]),
        )
        .await;
        let shown = get_as(&r, page, Some(&carlos)).await;
        assert!(
            shown.body.contains("chart-target") && shown.body.contains("chart-baseline"),
            "series against goal"
        );
        assert!(
            shown.body.contains("<table class=\"chart-data\">"),
            "its table"
        );
        refused(
            &r,
            &format!("{page}/availability"),
            &carlos,
            &form(&[("availability", "maybe")]),
            "availability.choice",
        )
        .await;
        ok(
            &r,
            &format!("{page}/availability"),
            &carlos,
            &form(&[("availability", "partial"), ("system", "SISPRO")]),
        )
        .await;
        let matrix = get_as(&r, "/indicators/availability", Some(&carlos)).await;
        assert!(matrix.body.contains("heat-partial") && matrix.body.contains("SISPRO"));
        let csv = get_as(&r, "/indicators/availability.csv", Some(&carlos)).await;
        assert!(csv.body.contains("CO,RET-90,partial,SISPRO"));
        // Peru's focal point may not set Colombia's.
        let ana = sign_in(&r, "ana.quispe").await;
        let reply = post_as(
            &r,
            &format!("{page}/goal"),
            &ana,
            &form(&[("target", "90"), ("target_period", "2027")]),
        )
        .await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN);
    }
}

#[tokio::test]
async fn the_demo_tells_three_years_of_five_countries_and_the_regions_availability() {
    for t in common::all_databases().await {
        let platform = common::app(&t.db).build();
        demo::load(&t.db, now()).await.unwrap();
        let state = platform.state.clone();
        let added = app::backend::demo_indicators::load_indicators(&state, now())
            .await
            .unwrap();
        assert_eq!(added, 5 * 3 * 3);
        // Loading again adds nothing.
        assert_eq!(
            app::backend::demo_indicators::load_indicators(&state, now())
                .await
                .unwrap(),
            0
        );
        // Every figure says it is illustrative.
        assert_eq!(
            count(
                &t.db,
                "SELECT COUNT(*) AS n FROM indicator_values WHERE source NOT LIKE 'Illustrative%'"
            )
            .await,
            0
        );
        let participating = count(
            &t.db,
            "SELECT COUNT(*) AS n FROM countries WHERE participation = 'active'",
        )
        .await;
        let indicators = count(&t.db, "SELECT COUNT(*) AS n FROM indicators").await;
        assert_eq!(
            count(&t.db, "SELECT COUNT(*) AS n FROM indicator_availability").await,
            participating * indicators
        );
        let r = platform.router.clone();
        let carlos = sign_in(&r, "carlos.mejia").await;
        let page = get_as(&r, "/indicators/RET-90/CO", Some(&carlos)).await;
        assert!(page.body.contains("chart-target") && page.body.contains("2025"));
    }
}

#[tokio::test]
async fn a_plans_check_in_records_the_values_of_actions_measured_by_an_indicator() {
    use app::backend::plans::{self, EntryInput};
    use app::backend::store::plans::Part;
    for t in common::all_databases().await {
        let platform = common::app(&t.db).build();
        demo::load(&t.db, now()).await.unwrap();
        app::backend::demo_plans::load_plans(&platform.state, now())
            .await
            .unwrap();
        let plan = count(&t.db, "SELECT id AS n FROM plans WHERE country_code = 'CO'").await;
        let measured = count(&t.db, "SELECT a.id AS n FROM plan_actions a JOIN indicators i ON i.id = a.indicator_id WHERE i.code = 'RET-90'").await;
        let actions = app::backend::store::plans::part_ids(&t.db.pool, Part::Action, plan)
            .await
            .unwrap();
        let carlos = platform.cx_of("carlos.mejia").await;
        let entries = |value: &str| -> Vec<EntryInput> {
            actions
                .iter()
                .map(|a| EntryInput {
                    action_id: *a,
                    status: "in_progress".into(),
                    percent: "50".into(),
                    rag: "green".into(),
                    indicator_value: if *a == measured {
                        value.into()
                    } else {
                        String::new()
                    },
                    ..EntryInput::default()
                })
                .collect()
        };
        // Not a number for a percent indicator: refused, naming the field; nothing written.
        let refused = plans::save_checkin(&carlos, plan, 6, &entries("about half"), true).await;
        let why = refused.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(why.contains("indicator_value"), "{why}");
        plans::save_checkin(&carlos, plan, 6, &entries("47.5"), true)
            .await
            .unwrap();
        let row = sqlx::query_as::<_, (f64, String, String, String)>(
            "SELECT x.value, x.origin, x.status, x.period FROM indicator_values x \
             JOIN indicators i ON i.id = x.indicator_id WHERE i.code = 'RET-90' AND x.country_code = 'CO'",
        )
        .fetch_one(&t.db.pool)
        .await
        .unwrap();
        assert_eq!(
            (row.0, row.1.as_str(), row.2.as_str()),
            (47.5, "checkin", "provisional")
        );
        assert_eq!(row.3.len(), 4, "the year the check-in fell due");
        // The country's page links the value to its plan.
        let r = platform.router.clone();
        let cookie = sign_in(&r, "carlos.mejia").await;
        let page = get_as(&r, "/indicators/RET-90/CO", Some(&cookie)).await;
        assert!(
            page.body.contains(&format!("href=\"/plans/{plan}\""))
                && page.body.contains("Plan check-in")
        );
    }
}

#[tokio::test]
async fn a_request_about_an_indicator_shows_on_its_country_page_to_those_who_see_requests() {
    for t in common::all_databases().await {
        demo::load(&t.db, now()).await.unwrap();
        let r = common::router(&t.db);
        let carlos = sign_in(&r, "carlos.mejia").await;
        let filing = |indicator: &str| {
            form(&[
                ("country", "CO"),
                ("topic", "indicators"),
                ("title", "Medir la retención en los centros nuevos"),
                ("description", "¿Cómo medimos la retención a 90 días en centros sin historia clínica electrónica?"),
                ("urgency", "normal"),
                ("indicator", indicator),
            ])
        };
        let form_page = get_as(&r, "/requests/new?indicator=RET-90", Some(&carlos)).await;
        assert!(
            form_page.body.contains("value=\"RET-90\""),
            "prefilled from the indicator page"
        );
        let reply = post_as(&r, "/requests", &carlos, &filing("NOPE")).await;
        assert!(
            location(&reply).contains("error=unknown_indicator"),
            "{}",
            location(&reply)
        );
        assert_eq!(
            count(&t.db, "SELECT COUNT(*) AS n FROM ta_requests").await,
            0
        );
        let to = location(&post_as(&r, "/requests", &carlos, &filing("ret-90")).await);
        assert!(to.contains("done=filed"), "{to}");
        let request = get_as(&r, to.split('?').next().unwrap(), Some(&carlos)).await;
        assert!(request.body.contains("href=\"/indicators/RET-90/CO\""));
        let page = get_as(&r, "/indicators/RET-90/CO", Some(&carlos)).await;
        assert!(page
            .body
            .contains("Medir la retención en los centros nuevos"));
        // Another country's member sees the indicator page, not Colombia's requests.
        let marlon = sign_in(&r, "marlon.baptiste").await;
        let theirs = get_as(&r, "/indicators/RET-90/CO", Some(&marlon)).await;
        assert_eq!(theirs.status, StatusCode::OK);
        assert!(!theirs
            .body
            .contains("Medir la retención en los centros nuevos"));
        assert!(!theirs.body.contains("/requests/new?indicator="));
    }
}
