//! The directory of treatment services over HTTP, on SQLite and PostgreSQL: Peru's
//! directory editor adds a service and changes it (each version kept), and every kind of
//! bad input is refused with its message and writes nothing; a member of another country
//! may not change Peru's records; a visitor finds Level II services for adolescents in
//! Lima that offer buprenorphine for free, nearest first from a city; a service without
//! consent to public listing is "not found" to visitors and other countries (page,
//! search, export) and found by its country's editor and staff; an import with bad rows
//! is reported by a dry run and writes nothing, then goes in once fixed; an export
//! imports back unchanged; stale records and readers' corrections reach the editors.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use app::backend::{demo, demo_directory, now};
use http::StatusCode;

use common::{count, form, get_as, location, post_as, refused, send, sign_in, upload_with};

/// Waits until the search worker has applied every queued change.
async fn indexed(db: &app::backend::Db) {
    for _ in 0..200 {
        if count(db, "SELECT COUNT(*) AS n FROM search_queue").await == 0 {
            // The worker deletes queue rows after the engine applied them.
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the search index did not catch up");
}

fn service(name: &str, extra: &[(&str, &str)]) -> String {
    let mut fields: Vec<(&str, &str)> = vec![
        ("country", "PE"),
        ("name", name),
        ("operator", "public"),
        ("address", "Av. Ejemplo 123"),
        ("region", "Lima"),
        ("district", "Miraflores"),
        ("latitude", "-12.1211"),
        ("longitude", "-77.0297"),
        ("hours", "Lunes a viernes, 8:00–17:00"),
        ("intake_24h", "no"),
        ("level", "level2"),
        ("modalities", "outpatient"),
        ("modalities", "oat"),
        ("medications", "buprenorphine"),
        ("populations", "adolescents"),
        ("languages", "es"),
        ("payment", "free"),
        ("outpatient_places", "40"),
        ("waiting_days", "7"),
        ("verified_on", "2026-06-01"),
        ("public_listing", "yes"),
    ];
    for (k, v) in extra {
        fields.retain(|(f, _)| f != k);
        fields.push((k, v));
    }
    form(&fields)
}

#[tokio::test]
async fn editors_keep_records_true_and_bad_input_changes_nothing() {
    for t in common::all_databases().await {
        demo::load(&t.db, now()).await.unwrap();
        let r = common::router(&t.db);
        let editor = sign_in(&r, "ana.quispe").await;
        let before = count(&t.db, "SELECT COUNT(*) AS n FROM services").await;
        for (extra, code) in [
            (vec![("level", "level9")], "level.choice"),
            (vec![("modalities", "hypnosis")], "modalities.choice"),
            (vec![("country", "XX")], "country.choice"),
            (
                vec![("latitude", "4.711"), ("longitude", "-74.072")],
                "outside_country",
            ),
            (
                vec![
                    ("licence_issued", "2025-03-01"),
                    ("licence_expires", "2024-03-01"),
                ],
                "licence_dates",
            ),
            (vec![("beds", "-4")], "beds.negative"),
            (vec![("name", "")], "name.required"),
            // Peru's editor does not edit Colombia's directory.
            (
                vec![
                    ("country", "CO"),
                    ("latitude", "4.71"),
                    ("longitude", "-74.07"),
                ],
                "not_directory_editor",
            ),
        ] {
            refused(
                &r,
                "/directory/new",
                &editor,
                &service("Centro Miraflores", &extra),
                code,
            )
            .await;
        }
        assert_eq!(
            count(&t.db, "SELECT COUNT(*) AS n FROM services").await,
            before,
            "nothing written"
        );
        // A refused form comes back with what was typed.
        let again = get_as(
            &r,
            "/directory/new?form=form&error=beds.negative",
            Some(&editor),
        )
        .await;
        assert!(again.body.contains("Centro Miraflores"), "typed name kept");
        assert!(
            again.body.contains("cannot be negative"),
            "the message names the problem"
        );

        let reply = post_as(
            &r,
            "/directory/new",
            &editor,
            &service("Centro Miraflores", &[]),
        )
        .await;
        let to = location(&reply);
        assert!(to.contains("done=saved"), "{to}");
        let id: i64 = to
            .trim_start_matches("/directory/")
            .split('?')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let changed = service(
            "Centro Miraflores",
            &[("waiting_days", "3"), ("hours", "Lunes a sábado")],
        );
        let reply = post_as(&r, &format!("/directory/{id}/edit"), &editor, &changed).await;
        assert!(location(&reply).contains("done=saved"));
        let page = get_as(&r, &format!("/directory/{id}"), Some(&editor)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(
            page.body.contains("Opening hours, Typical wait (days)"),
            "history names the changed fields"
        );
        assert!(page.body.contains("Ana Quispe"), "and who changed them");
        assert_eq!(
            count(
                &t.db,
                &format!("SELECT COUNT(*) AS n FROM service_versions WHERE service_id = {id}")
            )
            .await,
            2
        );
        // Confirming adds a version dated today.
        let reply = post_as(&r, &format!("/directory/{id}/verify"), &editor, "").await;
        assert!(location(&reply).contains("done=verified"));
        let today = app::dates::iso_date(now());
        let verified: String =
            sqlx::query_scalar(&format!("SELECT verified_on FROM services WHERE id = {id}"))
                .fetch_one(&t.db.pool)
                .await
                .unwrap();
        assert_eq!(verified, today);

        // Trinidad and Tobago's editor may read Peru's listed record but not change it.
        let other = sign_in(&r, "marlon.baptiste").await;
        let reply = post_as(
            &r,
            &format!("/directory/{id}/edit"),
            &other,
            &service("Hijacked", &[]),
        )
        .await;
        assert!(
            location(&reply).contains("error=not_directory_editor"),
            "{}",
            location(&reply)
        );
        let form_page = get_as(&r, &format!("/directory/{id}/edit"), Some(&other)).await;
        assert_eq!(form_page.status, StatusCode::FORBIDDEN);
        let name: String =
            sqlx::query_scalar(&format!("SELECT name FROM services WHERE id = {id}"))
                .fetch_one(&t.db.pool)
                .await
                .unwrap();
        assert_eq!(name, "Centro Miraflores");
        // Signed out: nothing but the sign-in.
        let reply = send(
            &r,
            common::form_post(&format!("/directory/{id}/verify"), None, ""),
        )
        .await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    }
}

/// The demo's one unlisted service (Peru's).
async fn unlisted(db: &app::backend::Db) -> (i64, String) {
    let row: (i64, String) =
        sqlx::query_as("SELECT id, name FROM services WHERE public_listing = 0")
            .fetch_one(&db.pool)
            .await
            .unwrap();
    row
}

#[tokio::test]
async fn visitors_find_services_by_facets_and_distance_and_never_unlisted_ones() {
    for t in common::all_databases().await {
        demo::load(&t.db, now()).await.unwrap();
        let platform = common::app(&t.db).build();
        let r = platform.router.clone();
        let added = demo_directory::load_directory(&platform.state, now())
            .await
            .unwrap();
        assert!(added >= 60, "{added} demo services");
        indexed(&t.db).await;
        for level in ["immediate", "level1", "level2", "level3", "level4"] {
            assert!(
                count(
                    &t.db,
                    &format!("SELECT COUNT(*) AS n FROM services WHERE level = '{level}'")
                )
                .await
                    > 0
            );
        }

        // The visitor's search of the issue: Level II, adolescents, Lima, buprenorphine, free.
        let found = get_as(
            &r,
            "/directory?country=PE&region=lima&level=level2&population=adolescents&medication=buprenorphine&payment=free",
            None,
        )
        .await;
        assert_eq!(found.status, StatusCode::OK);
        assert!(
            found
                .body
                .contains("Programa ambulatorio intensivo San Juan de Lurigancho"),
            "{}",
            found.body
        );
        assert!(
            !found
                .body
                .contains("Centro de salud mental comunitario Cercado de Lima"),
            "level I is filtered out"
        );
        assert!(
            found.body.contains("Last confirmed"),
            "each result says when it was confirmed"
        );

        // Nearest first from Arequipa: the two Arequipa services lead.
        let near = get_as(
            &r,
            "/directory?country=PE&sort=distance&near=PE-arequipa",
            None,
        )
        .await;
        let first = near.body.find("class=\"service-hit\"").unwrap();
        let head = &near.body[first..first + 1500];
        assert!(head.contains("Arequipa"), "{head}");
        assert!(near.body.contains(" km"), "distances shown");

        // The unlisted service: a visitor and another country's focal point never see it.
        let (hidden, name) = unlisted(&t.db).await;
        let carlos = sign_in(&r, "carlos.mejia").await;
        for cookie in [None, Some(carlos.as_str())] {
            let page = get_as(&r, &format!("/directory/{hidden}"), cookie).await;
            assert_eq!(page.status, StatusCode::NOT_FOUND);
            let search = get_as(&r, &format!("/directory?q={}", common::enc(&name)), cookie).await;
            // (The words typed are echoed in the search box: look for a result's link.)
            assert!(
                !search.body.contains(&format!(">{name}</a>")),
                "not found by search"
            );
            let all = get_as(&r, "/search?q=comunidad", cookie).await;
            assert!(
                !all.body.contains(&format!(">{name}</a>")),
                "nor by the site's search"
            );
            let csv = get_as(&r, "/directory.csv?country=PE", cookie).await;
            assert_eq!(csv.status, StatusCode::OK);
            assert!(!csv.body.contains(&name), "nor in an export");
            assert!(csv.body.contains("Cercado de Lima"));
        }
        // Its country's editor and staff find it.
        for who in ["ana.quispe", "ta.lopez"] {
            let cookie = sign_in(&r, who).await;
            let page = get_as(&r, &format!("/directory/{hidden}"), Some(&cookie)).await;
            assert_eq!(page.status, StatusCode::OK, "{who}");
            let search = get_as(
                &r,
                &format!("/directory?q={}", common::enc(&name)),
                Some(&cookie),
            )
            .await;
            assert!(
                search.body.contains(&format!(">{name}</a>")),
                "{who} finds it"
            );
            let csv = get_as(&r, "/directory.csv?country=PE", Some(&cookie)).await;
            assert!(csv.body.contains(&name), "{who} exports it");
        }
        // Stale records are listed for the editors.
        let ana = sign_in(&r, "ana.quispe").await;
        let editor = get_as(&r, "/directory/editor", Some(&ana)).await;
        assert_eq!(editor.status, StatusCode::OK);
        let stale_section = &editor.body[editor.body.find("stale-title").unwrap()..];
        assert!(
            stale_section.contains("Comunidad terapéutica San Martín de Porres"),
            "{stale_section}"
        );
        let refused = get_as(&r, "/directory/editor", Some(&carlos)).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);

        // A correction: reported by Colombia's focal point, reviewed by Peru's editor.
        let listed: i64 = sqlx::query_scalar(
            "SELECT id FROM services WHERE country_code = 'PE' AND public_listing = 1 ORDER BY id LIMIT 1",
        )
        .fetch_one(&t.db.pool)
        .await
        .unwrap();
        let reply = post_as(
            &r,
            &format!("/directory/{listed}/corrections"),
            &carlos,
            "correction=",
        )
        .await;
        assert!(location(&reply).contains("error=correction.required"));
        let reply = post_as(
            &r,
            &format!("/directory/{listed}/corrections"),
            &carlos,
            "correction=The+phone+number+changed+in+October.",
        )
        .await;
        assert!(location(&reply).contains("done=reported"));
        let editor = get_as(&r, "/directory/editor", Some(&ana)).await;
        assert!(editor.body.contains("The phone number changed in October."));
        let correction: i64 = sqlx::query_scalar("SELECT id FROM service_corrections")
            .fetch_one(&t.db.pool)
            .await
            .unwrap();
        let marlon = sign_in(&r, "marlon.baptiste").await;
        let reply = post_as(
            &r,
            &format!("/directory/corrections/{correction}"),
            &marlon,
            "status=applied",
        )
        .await;
        assert_eq!(
            reply.status,
            StatusCode::NOT_FOUND,
            "another country's editor may not review it"
        );
        let reply = post_as(
            &r,
            &format!("/directory/corrections/{correction}"),
            &ana,
            "status=applied&response=Updated%2C+thank+you.",
        )
        .await;
        assert!(location(&reply).contains("done=reviewed"));
        let seen = get_as(&r, &format!("/directory/{listed}"), Some(&carlos)).await;
        assert!(
            seen.body.contains("Updated, thank you."),
            "the reporter sees the answer"
        );
    }
}

#[tokio::test]
async fn imports_are_checked_by_a_dry_run_and_written_whole() {
    for t in common::all_databases().await {
        demo::load(&t.db, now()).await.unwrap();
        let r = common::router(&t.db);
        let ana = sign_in(&r, "ana.quispe").await;
        let header = "facility_name,country,operator,level,admin1,admin2,lat,lon,modalities,payment,beds,verified_on,public_listing";
        let bad = format!(
            "{header}\n\
             CSMC Huánuco Norte,PE,public,level1,Huánuco,Amarilis,-9.93,-76.24,outpatient,free,,2026-09-01,yes\n\
             CSMC Ucayali,PE,public,level7,Ucayali,Callería,-8.38,-74.55,outpatient,free,,2026-09-01,yes\n\
             CSMC Yarinacocha,PE,public,level1,Ucayali,Yarinacocha,-8.35,-74.58,outpatient,free,-2,2026-09-01,yes\n"
        );
        let reply = send(
            &r,
            upload_with(
                "/directory/import",
                &ana,
                "csmc.csv",
                bad.as_bytes(),
                &[("dry_run", "1")],
            ),
        )
        .await;
        assert!(
            location(&reply).contains("error=import_refused"),
            "{}",
            location(&reply)
        );
        let page = get_as(&r, "/directory/import", Some(&ana)).await;
        assert!(page.body.contains("Dry run of csmc.csv"));
        assert!(
            page.body.contains("<td class=\"number\">3</td>")
                && page.body.contains("<code>level</code>"),
            "line 3, column level"
        );
        assert!(
            page.body.contains("<td class=\"number\">4</td>")
                && page.body.contains("<code>beds</code>"),
            "line 4, column beds"
        );
        assert_eq!(count(&t.db, "SELECT COUNT(*) AS n FROM services").await, 0);
        // A real import of the same file writes nothing either.
        let reply = send(
            &r,
            upload_with("/directory/import", &ana, "csmc.csv", bad.as_bytes(), &[]),
        )
        .await;
        assert!(location(&reply).contains("error=import_refused"));
        assert_eq!(count(&t.db, "SELECT COUNT(*) AS n FROM services").await, 0);
        // A wrong header is named.
        let reply = send(
            &r,
            upload_with(
                "/directory/import",
                &ana,
                "x.csv",
                b"nombre,pais\nA,PE\n",
                &[],
            ),
        )
        .await;
        assert!(location(&reply).contains("error=import_refused"));
        let page = get_as(&r, "/directory/import", Some(&ana)).await;
        assert!(page.body.contains("Unknown column") && page.body.contains("<code>nombre</code>"));
        // Fixed: the dry run passes and writes nothing; the import writes all three.
        let good = bad.replace("level7", "level2").replace(",-2,", ",12,");
        let reply = send(
            &r,
            upload_with(
                "/directory/import",
                &ana,
                "csmc.csv",
                good.as_bytes(),
                &[("dry_run", "1")],
            ),
        )
        .await;
        assert!(
            location(&reply).contains("done=checked"),
            "{}",
            location(&reply)
        );
        assert_eq!(count(&t.db, "SELECT COUNT(*) AS n FROM services").await, 0);
        let reply = send(
            &r,
            upload_with("/directory/import", &ana, "csmc.csv", good.as_bytes(), &[]),
        )
        .await;
        assert!(location(&reply).contains("done=imported"));
        assert_eq!(count(&t.db, "SELECT COUNT(*) AS n FROM services").await, 3);
        assert_eq!(
            count(&t.db, "SELECT COUNT(*) AS n FROM service_imports").await,
            1
        );
        // Another country's rows are refused by name.
        let co = format!("{header}\nCentro Bogotá,CO,public,level1,Bogotá D.C.,Chapinero,4.65,-74.06,outpatient,free,,2026-09-01,yes\n");
        let reply = send(
            &r,
            upload_with("/directory/import", &ana, "co.csv", co.as_bytes(), &[]),
        )
        .await;
        assert!(location(&reply).contains("error=import_refused"));
        let page = get_as(&r, "/directory/import", Some(&ana)).await;
        assert!(
            page.body
                .contains("Only the country&#x27;s directory editors")
                || page.body.contains("Only the country's directory editors")
        );
        // An export imports back unchanged.
        indexed(&t.db).await;
        let csv = get_as(&r, "/directory.csv?country=PE", Some(&ana)).await;
        assert_eq!(csv.body.lines().count(), 4, "{}", csv.body);
        let reply = send(
            &r,
            upload_with(
                "/directory/import",
                &ana,
                "back.csv",
                csv.body.as_bytes(),
                &[],
            ),
        )
        .await;
        assert!(
            location(&reply).contains("done=imported"),
            "{}",
            location(&reply)
        );
        let page = get_as(&r, "/directory/import", Some(&ana)).await;
        assert!(
            page.body
                .contains("0 services added, 0 changed, 3 unchanged"),
            "round trip"
        );
        assert_eq!(
            count(&t.db, "SELECT COUNT(*) AS n FROM service_versions").await,
            3
        );
        // Import is for editors only.
        let carlos = sign_in(&r, "carlos.mejia").await;
        let reply = send(
            &r,
            upload_with("/directory/import", &carlos, "c.csv", good.as_bytes(), &[]),
        )
        .await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN);
    }
}
