//! The funding catalogue over HTTP, on SQLite and PostgreSQL: the demo's ten mechanisms
//! load once; staff add one, and every bad field (an amount that is not a number, a
//! largest amount below the smallest, no or unknown countries, a kind there is not, a
//! check in the future, an impossible deadline, a script address) is refused with the
//! form kept and nothing written; others may not write; anyone reads and searches it
//! (words in any language, accents or not, facets with counts, "open now"); staff and the
//! focal points of its countries see its deadline on their home page, nobody else; a plan
//! action names a mechanism open to its plan's country, and one that is not is refused.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use app::backend::store::{self, plans::Part};
use app::backend::{demo, demo_funding, now};
use http::StatusCode;

use common::{count, done, form, get, get_as, location, post_as, refused, sign_in};

/// The id in a redirect to `/{prefix}/{id}?…`.
fn id_in(to: &str, prefix: &str) -> i64 {
    to.trim_start_matches(prefix)
        .split(['?', '#'])
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

/// A day `days` from now, as YYYY-MM-DD.
fn day(days: i64) -> String {
    app::dates::iso_date(now() + days * 86_400)
}

async fn id_of(db: &app::backend::Db, name_en: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM funding_mechanisms WHERE name_en = $1")
        .bind(name_en)
        .fetch_one(&db.pool)
        .await
        .unwrap()
}

/// How many mechanisms a catalogue page lists.
fn listed(body: &str) -> usize {
    body.matches("<li class=\"mechanism\">").count()
}

fn good_fields(deadline: &str) -> Vec<(&'static str, String)> {
    vec![
        ("name_en", "Andean treatment fund".into()),
        ("name_es", "Fondo andino de tratamiento".into()),
        ("funder", "Andean donors".into()),
        ("kind", "grant_programme".into()),
        ("cycle", "annual".into()),
        ("country", "PE".into()),
        ("funds_en", "Outpatient treatment teams".into()),
        ("funds_es", "Equipos de tratamiento ambulatorio".into()),
        ("amount_min", "50,000".into()),
        ("amount_max", "250000".into()),
        ("currency", "usd".into()),
        (
            "deadlines",
            format!("{deadline} Proposals\n2020-01-15 First call"),
        ),
        ("contact", "fund@example.org".into()),
        ("url", "https://example.org/fund".into()),
        ("verified_on", day(-3)),
    ]
}

fn body_of(fields: &[(&str, String)]) -> String {
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    form(&pairs)
}

/// `fields` with `name` set to `value` (or dropped when `value` is None).
fn with(
    fields: &[(&'static str, String)],
    name: &str,
    value: Option<&str>,
) -> Vec<(&'static str, String)> {
    let mut out: Vec<_> = fields.iter().filter(|(k, _)| *k != name).cloned().collect();
    if let Some(v) = value {
        let key = fields
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(k, _)| *k)
            .unwrap_or("country");
        out.push((key, v.to_string()));
    }
    out
}

#[tokio::test]
async fn staff_keep_the_catalogue_and_anyone_searches_it() {
    for t in common::all_databases().await {
        demo::load(&t.db, now()).await.unwrap();
        let platform = common::app(&t.db).build();
        let r = platform.router.clone();
        assert_eq!(
            demo_funding::load_funding(&platform.state, now())
                .await
                .unwrap(),
            10
        );
        assert_eq!(
            demo_funding::load_funding(&platform.state, now())
                .await
                .unwrap(),
            0
        );
        let staff = sign_in(&r, "ta.lopez").await;
        let carlos = sign_in(&r, "carlos.mejia").await;
        let ana = sign_in(&r, "ana.quispe").await;
        let joana = sign_in(&r, "joana.silva").await;
        let soon = day(30);
        let good = good_fields(&soon);
        let rows = "SELECT (SELECT COUNT(*) FROM funding_mechanisms) + \
                    (SELECT COUNT(*) FROM funding_countries) + \
                    (SELECT COUNT(*) FROM funding_deadlines) AS n";
        let before = count(&t.db, rows).await;

        // Each bad field refused with its own message, and nothing written.
        let tomorrow = day(2);
        let bad: Vec<(Vec<(&'static str, String)>, &str)> = vec![
            (
                with(&good, "amount_min", Some("about a million")),
                "amount_min.format",
            ),
            (with(&good, "amount_max", Some("10,000")), "amount_order"),
            (with(&good, "currency", Some("dollars")), "currency.format"),
            (with(&good, "country", None), "country.required"),
            (with(&good, "country", Some("XX")), "unknown_country"),
            (with(&good, "kind", Some("bribe")), "kind.choice"),
            (
                with(&good, "verified_on", Some(&tomorrow)),
                "verified_in_future",
            ),
            (
                with(&good, "deadlines", Some("2027-02-30 Proposals")),
                "deadlines.format",
            ),
            (
                with(&good, "url", Some("javascript:alert(1)")),
                "url.format",
            ),
            (with(&good, "name_en", Some("")), "name_en.required"),
        ];
        for (fields, code) in &bad {
            refused(&r, "/funding", &staff, &body_of(fields), code).await;
            assert_eq!(count(&t.db, rows).await, before, "{code} wrote something");
        }
        // The refused form comes back as typed.
        let reply = post_as(&r, "/funding", &staff, &body_of(&bad[0].0)).await;
        let back = get_as(&r, &location(&reply), Some(&staff)).await;
        assert_eq!(back.status, StatusCode::BAD_REQUEST);
        assert!(
            back.body.contains("value=\"about a million\""),
            "{}",
            back.body
        );
        assert!(back.body.contains("Andean donors"));
        // Only staff write; a visitor is asked to sign in.
        for who in [&carlos, &ana] {
            refused(&r, "/funding", who, &body_of(&good), "staff_only").await;
        }
        let visitor = common::send(&r, common::form_post("/funding", None, body_of(&good))).await;
        assert_eq!(visitor.status, StatusCode::UNAUTHORIZED);
        assert_eq!(count(&t.db, rows).await, before);

        let to = done(&r, "/funding", &staff, &body_of(&good)).await;
        let id = id_in(&to, "/funding/");
        assert!(to.contains("?done=saved"), "{to}");
        let page = get(&r, &format!("/funding/{id}")).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Andean treatment fund"));
        assert!(
            page.body.contains("50,000.00 – 250,000.00 USD"),
            "{}",
            page.body
        );
        assert!(page.body.contains("fund@example.org"));
        assert!(
            !page.body.contains(&format!("action=\"/funding/{id}\"")),
            "a visitor gets no form"
        );
        let staff_page = get_as(&r, &format!("/funding/{id}"), Some(&staff)).await;
        assert!(staff_page
            .body
            .contains(&format!("action=\"/funding/{id}\"")));
        // In Spanish, the Spanish name.
        let es = common::send(
            &r,
            http::Request::get(format!("/funding/{id}"))
                .header("cookie", "lang=es")
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
        assert!(
            es.body.contains("Fondo andino de tratamiento"),
            "{}",
            es.body
        );

        // A change is refused as a whole when one field is bad, then saved.
        let renamed = with(&good, "name_en", Some("Andean outpatient fund"));
        refused(
            &r,
            &format!("/funding/{id}"),
            &staff,
            &body_of(&with(&renamed, "amount_max", Some("lots"))),
            "amount_max.format",
        )
        .await;
        assert_eq!(id_of(&t.db, "Andean treatment fund").await, id);
        refused(
            &r,
            &format!("/funding/{id}"),
            &carlos,
            &body_of(&renamed),
            "staff_only",
        )
        .await;
        done(&r, &format!("/funding/{id}"), &staff, &body_of(&renamed)).await;
        assert_eq!(id_of(&t.db, "Andean outpatient fund").await, id);

        // Words in any language, accents or not; facets count what choosing them gives.
        let all = get(&r, "/funding").await;
        assert_eq!(listed(&all.body), 11);
        let words = get(&r, "/funding?q=capitacion").await;
        assert_eq!(
            listed(&words.body),
            1,
            "the Colombian UPC, written Capitación"
        );
        assert!(
            words.body.contains("Unidad de Pago por Capitación")
                || words.body.contains("Capitation payment unit")
        );
        let french = get(&r, "/funding?q=pr%C3%AAts").await;
        assert_eq!(
            listed(&french.body),
            1,
            "the IDB's loans, by their French name"
        );
        let loans = get(&r, "/funding?kind=loan").await;
        assert_eq!(listed(&loans.body), 1);
        assert!(loans.body.contains("Inter-American Development Bank"));
        let peru = get(&r, "/funding?country=pe").await;
        // SIS, PP 0131, COPOLAD, PAHO, IDB and the new fund.
        assert_eq!(listed(&peru.body), 6);
        // The kind facet under Peru: two international cooperation mechanisms.
        assert!(peru.body.contains("/funding?kind=international_cooperation&amp;country=PE\">International cooperation</a> <span class=\"count\">2</span>")
            || peru.body.contains("kind=international_cooperation&country=PE"), "{}", peru.body);
        let open = get(&r, "/funding?open=1").await;
        assert_eq!(listed(&open.body), 1);
        assert!(open.body.contains("Andean outpatient fund"));

        // The deadline on the home page: staff and Peru's focal point; not Colombia's, not
        // a publisher of Brazil, not a visitor.
        for (who, sees) in [
            (Some(&staff), true),
            (Some(&ana), true),
            (Some(&carlos), false),
            (Some(&joana), false),
            (None, false),
        ] {
            let home = get_as(&r, "/", who.map(|s| s.as_str())).await;
            assert_eq!(
                home.body.contains(&soon) && home.body.contains("Andean outpatient fund"),
                sees,
                "{who:?}"
            );
        }
        let api = get_as(&r, "/", None).await;
        assert!(!api.body.contains("home-deadlines"));
    }
}

#[tokio::test]
async fn a_plan_action_names_a_mechanism_open_to_its_country() {
    for t in common::all_databases().await {
        demo::load(&t.db, now()).await.unwrap();
        let platform = common::app(&t.db).build();
        let r = platform.router.clone();
        demo_funding::load_funding(&platform.state, now())
            .await
            .unwrap();
        let carlos = sign_in(&r, "carlos.mejia").await;
        let to = done(
            &r,
            "/plans",
            &carlos,
            &form(&[
                ("space", "colombia-plan-operativo"),
                ("title", "Colombia 2027"),
                ("starts_on", "2027-01-01"),
                ("ends_on", "2027-12-31"),
                ("language", "es"),
            ]),
        )
        .await;
        let plan = id_in(&to, "/plans/");
        let base = format!("/plans/{plan}");
        done(
            &r,
            &format!("{base}/objectives"),
            &carlos,
            &form(&[("title", "Cobertura")]),
        )
        .await;
        let objective = store::plans::part_ids(&t.db.pool, Part::Objective, plan)
            .await
            .unwrap()[0];
        done(
            &r,
            &format!("{base}/objectives/{objective}/lines"),
            &carlos,
            &form(&[("title", "Centros"), ("domain", "treatment")]),
        )
        .await;
        let line = store::plans::part_ids(&t.db.pool, Part::Line, plan)
            .await
            .unwrap()[0];
        let upc = id_of(
            &t.db,
            "Capitation payment unit (UPC) of the health social-security system",
        )
        .await;
        let sis = id_of(&t.db, "Comprehensive Health Insurance (SIS)").await;
        let copolad: i64 =
            sqlx::query_scalar("SELECT id FROM funding_mechanisms WHERE funder = 'European Union'")
                .fetch_one(&t.db.pool)
                .await
                .unwrap();
        let action = |funding: &str| {
            form(&[
                ("title", "Abrir dos centros"),
                ("responsible", "Ministerio de Salud"),
                ("starts_on", "2027-02-01"),
                ("ends_on", "2027-12-31"),
                ("funding", funding),
            ])
        };
        // The form offers Colombia's mechanisms, not Peru's.
        let page = get_as(&r, &base, Some(&carlos)).await;
        assert!(
            page.body.contains(&format!("<option value=\"{upc}\"")),
            "{}",
            page.body
        );
        assert!(!page.body.contains(&format!("<option value=\"{sis}\"")));
        let actions = "SELECT COUNT(*) AS n FROM plan_actions";
        let add = format!("{base}/lines/{line}/actions");
        refused(
            &r,
            &add,
            &carlos,
            &action(&sis.to_string()),
            "funding_not_eligible",
        )
        .await;
        refused(&r, &add, &carlos, &action("the budget"), "funding.choice").await;
        refused(&r, &add, &carlos, &action("999999"), "funding_not_eligible").await;
        assert_eq!(count(&t.db, actions).await, 0);
        done(&r, &add, &carlos, &action(&upc.to_string())).await;
        let a: i64 = sqlx::query_scalar("SELECT id FROM plan_actions WHERE plan_id = $1")
            .bind(plan)
            .fetch_one(&t.db.pool)
            .await
            .unwrap();
        let page = get_as(&r, &base, Some(&carlos)).await;
        assert!(page.body.contains(&format!("href=\"/funding/{upc}\"")));
        // Changed to another open to Colombia; to one that is not, refused and kept.
        refused(
            &r,
            &format!("{base}/actions/{a}"),
            &carlos,
            &action(&sis.to_string()),
            "funding_not_eligible",
        )
        .await;
        let kept: Option<i64> =
            sqlx::query_scalar("SELECT funding_id FROM plan_actions WHERE id = $1")
                .bind(a)
                .fetch_one(&t.db.pool)
                .await
                .unwrap();
        assert_eq!(kept, Some(upc));
        done(
            &r,
            &format!("{base}/actions/{a}"),
            &carlos,
            &action(&copolad.to_string()),
        )
        .await;
        let now_named: Option<i64> =
            sqlx::query_scalar("SELECT funding_id FROM plan_actions WHERE id = $1")
                .bind(a)
                .fetch_one(&t.db.pool)
                .await
                .unwrap();
        assert_eq!(now_named, Some(copolad));
        // The plan's versions record it.
        let snapshot: String = sqlx::query_scalar(
            "SELECT snapshot FROM plan_versions WHERE plan_id = $1 ORDER BY number DESC LIMIT 1",
        )
        .bind(plan)
        .fetch_one(&t.db.pool)
        .await
        .unwrap();
        assert!(
            snapshot.contains("funding mechanism: COPOLAD III"),
            "{snapshot}"
        );
        // Cleared with an empty choice.
        done(&r, &format!("{base}/actions/{a}"), &carlos, &action("")).await;
        assert_eq!(
            count(
                &t.db,
                "SELECT COUNT(*) AS n FROM plan_actions WHERE funding_id IS NOT NULL"
            )
            .await,
            0
        );
    }
}
