//! Quality assessment over HTTP, on SQLite and PostgreSQL: staff copy the four-area
//! template into a new version; Peru's focal point starts a campaign over three services
//! (the version is then frozen); the director named respondent saves, is refused a rating
//! off the scale and an incomplete submit (nothing written), then submits, and can no
//! longer change it; someone who is not an assessor cannot verify; the assessor verifies
//! with two disagreements; only the lead closes; the campaign's area chart and CSV show the
//! results; an improvement plan is made from two unmet criteria (a met one, or none, is
//! refused), every action cites its criterion (an action without one is refused), and once
//! approved its first check-in is scheduled. Another country's people, visitors and a
//! respondent replaced mid-campaign see none of it. The demo campaign reproduces the
//! study's gaps.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use app::backend::{demo, demo_directory, demo_quality, now};
use http::StatusCode;

use common::{count, done, form, get_as, post_as, refused, sign_in};

async fn scalar(db: &app::backend::Db, sql: &str) -> i64 {
    sqlx::query_scalar::<_, i64>(sql)
        .fetch_one(&db.pool)
        .await
        .unwrap()
}

async fn status_of(db: &app::backend::Db, assessment: i64) -> String {
    sqlx::query_scalar(&format!(
        "SELECT status FROM qa_assessments WHERE id = {assessment}"
    ))
    .fetch_one(&db.pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn templates_ship_with_the_platform() {
    for t in common::all_databases().await {
        let areas = |code: &str| {
            format!(
                "SELECT COUNT(*) AS n FROM qa_items q JOIN qa_versions v ON v.id = q.version_id \
                 JOIN qa_instruments i ON i.id = v.instrument_id WHERE i.code = '{code}' \
                 AND q.kind = 'area'"
            )
        };
        assert_eq!(count(&t.db, &areas("peru-cmhc")).await, 4);
        assert_eq!(count(&t.db, &areas("treatnet")).await, 9);
        // Migrating again writes nothing twice.
        t.db.migrate().await.unwrap();
        assert_eq!(
            count(&t.db, "SELECT COUNT(*) AS n FROM qa_instruments").await,
            2
        );
    }
}

#[tokio::test]
async fn a_campaign_from_template_to_improvement_plan() {
    for t in common::all_databases().await {
        demo::load(&t.db, now()).await.unwrap();
        let platform = common::app(&t.db).build();
        let r = platform.router.clone();
        demo_directory::load_directory(&platform.state, now())
            .await
            .unwrap();
        let staff = sign_in(&r, "ta.lopez").await;
        let focal = sign_in(&r, "ana.quispe").await;
        let director = sign_in(&r, "rosa.huaman").await;
        let outsider = sign_in(&r, "carlos.mejia").await;
        let admin = sign_in(&r, "elena.vargas").await;

        // Staff copy the four-area template into version 2, which keeps every code.
        let v1 = scalar(
            &t.db,
            "SELECT v.id FROM qa_versions v JOIN qa_instruments i ON i.id = v.instrument_id \
             WHERE i.code = 'peru-cmhc'",
        )
        .await;
        refused(
            &r,
            &format!("/quality/versions/{v1}/copy"),
            &focal,
            "note=x",
            "staff_only",
        )
        .await;
        let to = done(
            &r,
            &format!("/quality/versions/{v1}/copy"),
            &staff,
            "note=2026+review",
        )
        .await;
        let v2: i64 = to
            .trim_start_matches("/quality/versions/")
            .split('?')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let items = |v: i64| format!("SELECT COUNT(*) AS n FROM qa_items WHERE version_id = {v}");
        assert_eq!(
            count(&t.db, &items(v2)).await,
            count(&t.db, &items(v1)).await
        );
        // Unused, it still changes: a criterion added under a standard.
        let standard = scalar(
            &t.db,
            &format!("SELECT id FROM qa_items WHERE version_id = {v2} AND code = 'P1.1'"),
        )
        .await;
        let add = form(&[
            ("parent", &standard.to_string()),
            ("code", "P1.1.3"),
            ("text_en", "A new criterion"),
            ("sources", "record"),
        ]);
        done(&r, &format!("/quality/versions/{v2}/items"), &staff, &add).await;
        // Bad items are refused and write nothing: a criterion without sources, a code
        // taken, a source there is not.
        let before = count(&t.db, &items(v2)).await;
        for (body, code) in [
            (
                form(&[
                    ("parent", &standard.to_string()),
                    ("code", "P1.1.4"),
                    ("text_en", "x"),
                ]),
                "sources.required",
            ),
            (
                form(&[
                    ("parent", &standard.to_string()),
                    ("code", "P1.1.3"),
                    ("text_en", "x"),
                    ("sources", "record"),
                ]),
                "item_code",
            ),
            (
                form(&[
                    ("parent", &standard.to_string()),
                    ("code", "P1.1.5"),
                    ("text_en", "x"),
                    ("sources", "rumour"),
                ]),
                "sources.choice",
            ),
        ] {
            refused(
                &r,
                &format!("/quality/versions/{v2}/items"),
                &staff,
                &body,
                code,
            )
            .await;
        }
        assert_eq!(count(&t.db, &items(v2)).await, before);

        // Peru's focal point starts a campaign over three services.
        let services: Vec<i64> = sqlx::query_scalar(
            "SELECT id FROM services WHERE country_code = 'PE' AND level = 'level1' ORDER BY id LIMIT 3",
        )
        .fetch_all(&t.db.pool)
        .await
        .unwrap();
        let colombian: i64 = scalar(
            &t.db,
            "SELECT MIN(id) FROM services WHERE country_code = 'CO'",
        )
        .await;
        let mut fields = vec![
            ("country", "PE".to_string()),
            ("version", v2.to_string()),
            ("title", "Campaña de prueba".into()),
            ("starts_on", "2026-10-01".into()),
            ("ends_on", "2026-12-31".into()),
            ("lead", "ana.quispe".into()),
            ("assessors", "ta.lopez".into()),
        ];
        let mut with_other = fields.clone();
        with_other.push(("service", colombian.to_string()));
        let pairs = |f: &Vec<(&str, String)>| {
            form(&f.iter().map(|(k, v)| (*k, v.as_str())).collect::<Vec<_>>())
        };
        refused(
            &r,
            "/quality/campaigns",
            &focal,
            &pairs(&with_other),
            "service_country",
        )
        .await;
        refused(
            &r,
            "/quality/campaigns",
            &outsider,
            &pairs(&with_other),
            "country.choice",
        )
        .await;
        for s in &services {
            fields.push(("service", s.to_string()));
        }
        let mut backwards = fields.clone();
        backwards[4] = ("ends_on", "2026-09-01".into());
        refused(
            &r,
            "/quality/campaigns",
            &focal,
            &pairs(&backwards),
            "date_order",
        )
        .await;
        // A new instrument of staff's own starts empty: no campaign may use it yet.
        let name_only_es = "code=mine&name_es=Sin+ingl%C3%A9s";
        refused(
            &r,
            "/quality/instruments",
            &staff,
            name_only_es,
            "name_en.required",
        )
        .await;
        refused(
            &r,
            "/quality/instruments",
            &focal,
            "code=mine&name_en=Mine",
            "staff_only",
        )
        .await;
        let to = done(
            &r,
            "/quality/instruments",
            &staff,
            "code=mine&name_en=Our+own",
        )
        .await;
        let empty = to
            .trim_start_matches("/quality/versions/")
            .split('?')
            .next()
            .unwrap()
            .to_string();
        let mut on_empty = fields.clone();
        on_empty[1] = ("version", empty);
        refused(
            &r,
            "/quality/campaigns",
            &focal,
            &pairs(&on_empty),
            "version.choice",
        )
        .await;
        assert_eq!(
            count(&t.db, "SELECT COUNT(*) AS n FROM qa_campaigns").await,
            0
        );
        let to = done(&r, "/quality/campaigns", &focal, &pairs(&fields)).await;
        let campaign: i64 = to
            .trim_start_matches("/quality/campaigns/")
            .split('?')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        // Used now, version 2 is frozen.
        refused(
            &r,
            &format!("/quality/versions/{v2}/items"),
            &staff,
            &add,
            "instrument_in_use",
        )
        .await;
        refused(
            &r,
            &format!("/quality/versions/{v2}/scale"),
            &staff,
            "weight_met=90",
            "instrument_in_use",
        )
        .await;

        let assessment = scalar(
            &t.db,
            &format!("SELECT MIN(id) FROM qa_assessments WHERE campaign_id = {campaign}"),
        )
        .await;
        let page = format!("/quality/assessments/{assessment}");
        // Not named yet, the director does not see it.
        assert_eq!(
            get_as(&r, &page, Some(&director)).await.status,
            StatusCode::NOT_FOUND
        );
        done(
            &r,
            &format!("/quality/campaigns/{campaign}/respondent"),
            &focal,
            &format!("assessment={assessment}&respondent=rosa.huaman"),
        )
        .await;
        assert_eq!(
            get_as(&r, &page, Some(&director)).await.status,
            StatusCode::OK
        );

        let criteria: Vec<i64> = sqlx::query_scalar(&format!(
            "SELECT id FROM qa_items WHERE version_id = {v2} AND kind = 'criterion' ORDER BY id"
        ))
        .fetch_all(&t.db.pool)
        .await
        .unwrap();
        let ratings = |levels: &dyn Fn(usize) -> &'static str, prefix: &str| {
            criteria
                .iter()
                .enumerate()
                .map(|(i, c)| format!("{prefix}_{c}={}", levels(i)))
                .collect::<Vec<_>>()
                .join("&")
        };
        let rated = "SELECT COUNT(*) AS n FROM qa_ratings";
        // Saving as they go: one criterion.
        done(
            &r,
            &format!("{page}/self"),
            &director,
            &format!(
                "intent=save&level_{}=met&comment_{}=Tenemos+el+documento",
                criteria[0], criteria[0]
            ),
        )
        .await;
        assert_eq!(count(&t.db, rated).await, 1);
        // Off the scale, or submitted unfinished: refused, nothing written, the text kept.
        refused(
            &r,
            &format!("{page}/self"),
            &director,
            &format!(
                "intent=save&level_{}=excellent&comment_{}=Texto+guardado",
                criteria[1], criteria[1]
            ),
            "off_scale",
        )
        .await;
        let again = get_as(&r, &format!("{page}?form=self"), Some(&director)).await;
        assert!(
            again.body.contains("Texto guardado"),
            "the typed comment is kept"
        );
        refused(
            &r,
            &format!("{page}/self"),
            &director,
            &format!("intent=submit&level_{}=met", criteria[1]),
            "assessment_incomplete",
        )
        .await;
        assert_eq!(count(&t.db, rated).await, 1);
        assert_eq!(status_of(&t.db, assessment).await, "self");
        // Every criterion met by the service's own account, then submitted.
        let all_met = ratings(&|_| "met", "level");
        done(
            &r,
            &format!("{page}/self"),
            &director,
            &format!("intent=submit&{all_met}"),
        )
        .await;
        assert_eq!(status_of(&t.db, assessment).await, "submitted");
        refused(
            &r,
            &format!("{page}/self"),
            &director,
            &format!("intent=save&{all_met}"),
            "assessment_submitted",
        )
        .await;

        // Verification: not by someone outside the campaign's assessors.
        refused(
            &r,
            &format!("{page}/verify"),
            &admin,
            &format!("intent=save&{all_met}"),
            "not_assessor",
        )
        .await;
        assert_eq!(
            post_as(&r, &format!("{page}/verify"), &outsider, "intent=save")
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        // The assessor finds two criteria not met: two disagreements.
        let verified = ratings(&|i| if i < 2 { "not_met" } else { "met" }, "verified");
        refused(
            &r,
            &format!("{page}/verify"),
            &staff,
            &format!("intent=finish&verified_{}=met", criteria[0]),
            "assessment_incomplete",
        )
        .await;
        done(
            &r,
            &format!("{page}/verify"),
            &staff,
            &format!("intent=finish&{verified}&sources_{}=document", criteria[0]),
        )
        .await;
        assert_eq!(status_of(&t.db, assessment).await, "verified");
        let shown = get_as(&r, &page, Some(&focal)).await.body;
        assert_eq!(
            shown.matches("class=\"qa-criterion differs\"").count(),
            2,
            "two disagreements shown"
        );
        // Only the lead closes.
        refused(&r, &format!("{page}/close"), &staff, "", "not_lead").await;
        done(&r, &format!("{page}/close"), &focal, "").await;
        assert_eq!(status_of(&t.db, assessment).await, "closed");

        // The campaign's results: the chart, its table, the CSV.
        let results = get_as(&r, &format!("/quality/campaigns/{campaign}"), Some(&focal)).await;
        assert_eq!(results.status, StatusCode::OK);
        assert!(results.body.contains("<svg") && results.body.contains("areas-caption"));
        let csv = get_as(
            &r,
            &format!("/quality/campaigns/{campaign}/results.csv"),
            Some(&focal),
        )
        .await;
        assert_eq!(csv.body.lines().count(), 4, "{}", csv.body);
        assert!(csv.body.lines().next().unwrap().contains("P1_verified"));
        // P1 has five criteria in version 2 (one added): two not met → 60 %.
        assert!(csv.body.contains(",100.0,60.0,"), "{}", csv.body);

        // Another country's focal point, a visitor: nothing of it exists.
        for uri in [
            page.clone(),
            format!("/quality/campaigns/{campaign}"),
            format!("/quality/campaigns/{campaign}/results.csv"),
        ] {
            assert_eq!(
                get_as(&r, &uri, Some(&outsider)).await.status,
                StatusCode::NOT_FOUND,
                "{uri}"
            );
            assert_ne!(get_as(&r, &uri, None).await.status, StatusCode::OK, "{uri}");
        }
        assert!(!get_as(&r, "/quality", Some(&outsider))
            .await
            .body
            .contains("Campaña de prueba"));

        // The improvement plan: a met criterion, or none, is refused.
        let plan_form = |picked: &[i64]| {
            let mut f = vec![
                ("space", "peru-treatment-quality".to_string()),
                ("title", "Plan de mejora de prueba".into()),
                ("starts_on", "2026-11-01".into()),
                ("ends_on", "2027-10-31".into()),
                ("language", "es".into()),
            ];
            f.extend(picked.iter().map(|c| ("criterion", c.to_string())));
            pairs(&f)
        };
        refused(
            &r,
            &format!("{page}/plan"),
            &focal,
            &plan_form(&[criteria[5]]),
            "criterion_met",
        )
        .await;
        refused(
            &r,
            &format!("{page}/plan"),
            &focal,
            &plan_form(&[]),
            "criterion_required",
        )
        .await;
        assert_eq!(
            count(
                &t.db,
                "SELECT COUNT(*) AS n FROM plans WHERE kind = 'improvement'"
            )
            .await,
            0
        );
        let to = done(
            &r,
            &format!("{page}/plan"),
            &focal,
            &plan_form(&criteria[..2]),
        )
        .await;
        let plan: i64 = to
            .trim_start_matches("/plans/")
            .split('?')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert_eq!(
            count(&t.db, &format!("SELECT COUNT(*) AS n FROM plan_actions WHERE plan_id = {plan} AND criterion_id IS NOT NULL")).await,
            2
        );
        let plan_page = get_as(&r, &format!("/plans/{plan}"), Some(&focal))
            .await
            .body;
        assert!(plan_page.contains(&format!("/quality/assessments/{assessment}")));
        // An action added by hand must cite a criterion too.
        let line = scalar(
            &t.db,
            &format!("SELECT MIN(id) FROM plan_lines WHERE plan_id = {plan}"),
        )
        .await;
        let action = form(&[
            ("title", "Capacitar al personal"),
            ("responsible", "Dirección"),
            ("starts_on", "2026-11-01"),
            ("ends_on", "2027-03-31"),
        ]);
        refused(
            &r,
            &format!("/plans/{plan}/lines/{line}/actions"),
            &focal,
            &action,
            "criterion_required",
        )
        .await;
        done(
            &r,
            &format!("/plans/{plan}/lines/{line}/actions"),
            &focal,
            &format!("{action}&criterion={}", criteria[0]),
        )
        .await;
        // Approved, it is checked in on: the first check-in falls due a month later.
        done(&r, &format!("/plans/{plan}/submit"), &focal, "").await;
        done(
            &r,
            &format!("/plans/{plan}/approve"),
            &focal,
            "authority=Direcci%C3%B3n+del+centro&approved_on=2026-11-15&reference=",
        )
        .await;
        assert_eq!(
            sqlx::query_scalar::<_, String>(&format!(
                "SELECT due_on FROM plan_checkins WHERE plan_id = {plan} AND months = 1"
            ))
            .fetch_one(&t.db.pool)
            .await
            .unwrap(),
            "2026-12-15"
        );
        // The service's page links its latest assessment for those who may read it.
        let service = get_as(&r, &format!("/directory/{}", services[0]), Some(&focal))
            .await
            .body;
        assert!(service.contains(&format!("/quality/assessments/{assessment}")));
        let public = get_as(&r, &format!("/directory/{}", services[0]), None)
            .await
            .body;
        assert!(!public.contains("/quality/assessments/"));

        // A respondent replaced mid-campaign loses the assessment at once.
        let second = scalar(
            &t.db,
            &format!("SELECT MAX(id) FROM qa_assessments WHERE campaign_id = {campaign}"),
        )
        .await;
        done(
            &r,
            &format!("/quality/campaigns/{campaign}/respondent"),
            &focal,
            &format!("assessment={second}&respondent=rosa.huaman"),
        )
        .await;
        assert_eq!(
            get_as(
                &r,
                &format!("/quality/assessments/{second}"),
                Some(&director)
            )
            .await
            .status,
            StatusCode::OK
        );
        done(
            &r,
            &format!("/quality/campaigns/{campaign}/respondent"),
            &focal,
            &format!("assessment={second}&respondent=marlon.baptiste"),
        )
        .await;
        assert_eq!(
            get_as(
                &r,
                &format!("/quality/assessments/{second}"),
                Some(&director)
            )
            .await
            .status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            post_as(
                &r,
                &format!("/quality/assessments/{second}/self"),
                &director,
                "intent=save"
            )
            .await
            .status,
            StatusCode::NOT_FOUND
        );
    }
}

#[tokio::test]
async fn the_demo_campaign_shows_the_study_gaps() {
    for t in common::all_databases().await {
        demo::load(&t.db, now()).await.unwrap();
        let platform = common::app(&t.db).build();
        demo_directory::load_directory(&platform.state, now())
            .await
            .unwrap();
        let written = demo_quality::load_quality(&platform.state, now())
            .await
            .unwrap();
        assert_eq!(written, 24, "the 24 centres of Lima, Huánuco and Ucayali");
        assert_eq!(
            count(
                &t.db,
                "SELECT COUNT(*) AS n FROM qa_assessments WHERE status = 'closed'"
            )
            .await,
            24
        );
        let regions: Vec<String> = sqlx::query_scalar(
            "SELECT DISTINCT s.region FROM qa_assessments a JOIN services s ON s.id = a.service_id ORDER BY s.region",
        )
        .fetch_all(&t.db.pool)
        .await
        .unwrap();
        assert_eq!(regions, ["Huánuco", "Lima", "Ucayali"]);
        // The six weakest criteria are the study's gaps.
        let focal = platform.cx_of("ana.quispe").await;
        let campaign = scalar(&t.db, "SELECT MIN(id) FROM qa_campaigns").await;
        let page = app::backend::quality::campaigns::page(&focal, campaign, None)
            .await
            .unwrap();
        let mut weakest: Vec<String> = page
            .scores
            .weakest
            .iter()
            .take(6)
            .map(|c| c.code.clone())
            .collect();
        weakest.sort();
        assert_eq!(
            weakest,
            ["P1.2.1", "P1.2.2", "P2.2.1", "P3.1.1", "P4.1.2", "P4.2.1"]
        );
        // One improvement plan, each action citing a criterion.
        assert_eq!(
            count(
                &t.db,
                "SELECT COUNT(*) AS n FROM plans WHERE kind = 'improvement'"
            )
            .await,
            1
        );
        assert_eq!(
            count(&t.db, "SELECT COUNT(*) AS n FROM plan_actions a JOIN plans p ON p.id = a.plan_id WHERE p.kind = 'improvement' AND a.criterion_id IS NULL").await,
            0
        );
        // Loading again writes nothing twice.
        assert_eq!(
            demo_quality::load_quality(&platform.state, now())
                .await
                .unwrap(),
            0
        );
    }
}
