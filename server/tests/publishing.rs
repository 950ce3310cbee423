//! Publishing to the library through the web, on SQLite and PostgreSQL: a country publisher
//! submits a best practice in the template, TA staff ask for changes, the publisher
//! revises, staff approve — the document appears in the library with the country's
//! attribution and its history, and is found by search; bad input is refused with a
//! message and changes nothing; a space draft can be promoted to a submission.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::{Duration, Instant};

use app::backend::{demo, now, Db};
use http::StatusCode;
use sqlx::Row;

use common::{enc, get_as, location, post_as, sign_in};

fn form(country: &str, title: &str, context: &str, evidence: &str) -> String {
    let fields = [
        ("country", country),
        ("language", "es"),
        ("kind", "best_practice"),
        ("topics", "retention, primary care"),
        ("title", title),
        (
            "summary",
            "Llamadas a las dos semanas del ingreso para mantener a las personas en tratamiento.",
        ),
        ("context", context),
        (
            "intervention",
            "Una enfermera llama a cada persona **14 días** después del ingreso.",
        ),
        ("population", "Adultos en tratamiento ambulatorio en Lima."),
        ("evidence", evidence),
        (
            "results",
            "| Indicador | Antes | Después |\n|---|---|---|\n| Retención a 90 días | 41 % | 55 % |",
        ),
        ("costs", ""),
        ("contact", "Ana Quispe, Ministerio de Salud"),
    ];
    fields
        .iter()
        .map(|(k, v)| format!("{k}={}", enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

async fn count(db: &Db, table: &str) -> i64 {
    sqlx::query(&format!("SELECT COUNT(*) AS n FROM {table}"))
        .fetch_one(&db.pool)
        .await
        .unwrap()
        .try_get("n")
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_publisher_submits_staff_review_and_the_document_is_published_and_found() {
    for t in common::all_databases().await {
        demo::load(&t.db, now()).await.unwrap();
        let r = common::router(&t.db);
        let ana = sign_in(&r, "ana.quispe").await; // publisher for Peru
        let lucia = sign_in(&r, "ta.lopez").await; // TA staff

        let title = "Llamadas de seguimiento para la retención";
        let res = post_as(
            &r,
            "/library/submissions",
            &ana,
            &form(
                "PE",
                title,
                "Muchas personas abandonan en el primer mes.",
                "Ensayos sobre recordatorios telefónicos.",
            ),
        )
        .await;
        assert_eq!(
            res.status,
            StatusCode::SEE_OTHER,
            "{}: {}",
            t.label,
            res.body
        );
        let url = location(&res);
        assert!(
            url.starts_with("/library/submissions/") && url.ends_with("?done=submitted"),
            "{url}"
        );
        let page_url = url.split('?').next().unwrap().to_string();
        let id: i64 = page_url.rsplit('/').next().unwrap().parse().unwrap();

        // Staff see it in the queue and ask for changes.
        let list = get_as(&r, "/library/submissions?status=submitted", Some(&lucia)).await;
        assert!(list.body.contains(title), "{}", list.body);
        let res = post_as(
            &r,
            &format!("{page_url}/review"),
            &lucia,
            &format!(
                "action=request_changes&body={}",
                enc("Añadan la fuente de los datos de retención.")
            ),
        )
        .await;
        assert_eq!(location(&res), format!("{page_url}?done=request_changes"));
        let page = get_as(&r, &page_url, Some(&ana)).await;
        assert!(page.body.contains("Añadan la fuente"), "{}", page.body);
        assert!(page.body.contains("Changes requested"));

        // The publisher writes revision 2.
        let revised = form(
            "PE",
            title,
            "Muchas personas abandonan en el primer mes.",
            "Registros del programa 2024–2025 (fuente: MINSA).",
        );
        let res = post_as(
            &r,
            &format!("{page_url}/revise"),
            &ana,
            &format!("{revised}&base=1"),
        )
        .await;
        assert_eq!(
            location(&res),
            format!("{page_url}?done=revised"),
            "{}",
            res.body
        );
        // A stale revision (on base 1 again) is refused and the text kept.
        let res = post_as(
            &r,
            &format!("{page_url}/revise"),
            &ana,
            &format!("{revised}&base=1"),
        )
        .await;
        assert_eq!(
            location(&res),
            format!("{page_url}/edit?base=1&error=stale")
        );

        // A member who is no publisher cannot approve, nor even see it.
        let carlos = sign_in(&r, "carlos.mejia").await;
        let res = post_as(&r, &format!("{page_url}/review"), &carlos, "action=approve").await;
        assert_eq!(res.status, StatusCode::NOT_FOUND);
        // The publisher may comment but not approve.
        let res = post_as(&r, &format!("{page_url}/review"), &ana, "action=approve").await;
        assert_eq!(res.status, StatusCode::FORBIDDEN);

        // Staff approve: published with the country's attribution, found by search.
        let res = post_as(
            &r,
            &format!("{page_url}/review"),
            &lucia,
            "action=approve&body=",
        )
        .await;
        assert_eq!(
            location(&res),
            format!("{page_url}?done=approve"),
            "{}",
            res.body
        );
        let page = get_as(&r, &page_url, Some(&ana)).await;
        let doc_url = page
            .body
            .split("href=\"/library/es/")
            .nth(1)
            .map(|rest| format!("/library/es/{}", rest.split('"').next().unwrap()))
            .expect("link to the document");
        let doc = get_as(&r, &doc_url, None).await;
        assert_eq!(doc.status, StatusCode::OK, "{doc_url}");
        assert!(doc.body.contains(title));
        assert!(
            doc.body.contains("Perú") || doc.body.contains("Peru"),
            "country attribution"
        );
        assert!(
            doc.body.contains("Registros del programa"),
            "the approved revision is the one published"
        );
        assert!(
            doc.body.contains("Contexto") && doc.body.contains("Resultados e indicadores"),
            "sections in Spanish"
        );
        assert!(
            doc.body.contains("Version 1, approved by Lucía López"),
            "history: {}",
            doc.body
        );
        // Approving twice is refused.
        let res = post_as(&r, &format!("{page_url}/review"), &lucia, "action=approve").await;
        assert_eq!(location(&res), format!("{page_url}?error=decided"));

        let started = Instant::now();
        loop {
            let found = get_as(
                &r,
                &format!("/search?q={}", enc("llamadas seguimiento retención")),
                None,
            )
            .await;
            if found.body.contains(&doc_url) {
                break;
            }
            assert!(
                started.elapsed() < Duration::from_secs(2),
                "{}: not found in search within 2 s",
                t.label
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }

        // A later revision, once approved, updates the same document: version 2.
        let third = form(
            "PE",
            title,
            "Contexto actualizado en 2026.",
            "Registros del programa 2024–2026.",
        );
        post_as(
            &r,
            &format!("{page_url}/revise"),
            &ana,
            &format!("{third}&base=2"),
        )
        .await;
        post_as(&r, &format!("{page_url}/review"), &lucia, "action=approve").await;
        let doc = get_as(&r, &doc_url, None).await;
        assert!(doc.body.contains("Contexto actualizado en 2026"));
        assert!(doc.body.contains("Version 2, approved by Lucía López"));
        assert_eq!(
            count(&t.db, "documents").await,
            1,
            "{}: updated, not duplicated",
            t.label
        );
        let _ = id;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_submissions_are_refused_with_a_message_and_change_nothing() {
    for t in common::all_databases().await {
        demo::load(&t.db, now()).await.unwrap();
        let r = common::router(&t.db);
        let ana = sign_in(&r, "ana.quispe").await;
        let before = count(&t.db, "submissions").await;

        // A required section missing: back to the form, the text kept, the field named.
        let res = post_as(
            &r,
            "/library/submissions",
            &ana,
            &form("PE", "Sin evidencia", "Contexto escrito.", ""),
        )
        .await;
        assert_eq!(location(&res), "/library/submit?error=evidence.required");
        let page = get_as(&r, "/library/submit?error=evidence.required", Some(&ana)).await;
        assert!(
            page.body.contains("“Evidence” is required"),
            "{}",
            page.body
        );
        assert!(
            page.body.contains("Contexto escrito."),
            "what was typed comes back"
        );

        // Unsafe markdown.
        let res = post_as(
            &r,
            "/library/submissions",
            &ana,
            &form("PE", "Con script", "<script>alert(1)</script>", "Datos."),
        )
        .await;
        assert_eq!(location(&res), "/library/submit?error=context.unsafe");
        let page = get_as(&r, "/library/submit?error=context.unsafe", Some(&ana)).await;
        assert!(page.body.contains("contains markup that is not allowed"));
        let res = post_as(
            &r,
            "/library/submissions",
            &ana,
            &form("PE", "Con enlace", "[x](javascript:alert(1))", "Datos."),
        )
        .await;
        assert_eq!(location(&res), "/library/submit?error=context.unsafe");

        // Another country than the publisher's own.
        let res = post_as(
            &r,
            "/library/submissions",
            &ana,
            &form("BR", "Otro país", "Contexto.", "Datos."),
        )
        .await;
        assert_eq!(location(&res), "/library/submit?error=not_publisher");
        let page = get_as(&r, "/library/submit?error=not_publisher", Some(&ana)).await;
        assert!(page
            .body
            .contains("You are not a publisher for that country"));

        // Someone who publishes for no country.
        let carlos = sign_in(&r, "carlos.mejia").await;
        let res = post_as(
            &r,
            "/library/submissions",
            &carlos,
            &form("CO", "No soy publicador", "Contexto.", "Datos."),
        )
        .await;
        assert_eq!(res.status, StatusCode::FORBIDDEN);
        assert_eq!(
            get_as(&r, "/library/submit", Some(&carlos)).await.status,
            StatusCode::FORBIDDEN
        );

        // Signed out.
        let res = common::send(
            &r,
            common::form_post(
                "/library/submissions",
                None,
                form("PE", "Anónimo", "C.", "E."),
            ),
        )
        .await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED);

        assert_eq!(
            count(&t.db, "submissions").await,
            before,
            "{}: nothing written",
            t.label
        );
        assert_eq!(count(&t.db, "documents").await, 0);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_space_draft_is_promoted_to_a_submission() {
    for t in common::all_databases().await {
        demo::load(&t.db, now()).await.unwrap();
        let r = common::router(&t.db);
        let joana = sign_in(&r, "joana.silva").await; // publisher for Brazil, member of its space
        let space = "/spaces/brasil-rede-de-atencao";
        let res = post_as(
            &r,
            &format!("{space}/drafts"),
            &joana,
            &format!(
                "title={}&body={}&summary=&intent=save",
                enc("Protocolo de acolhimento"),
                enc("Acolhimento em até 24 horas.")
            ),
        )
        .await;
        assert_eq!(
            res.status,
            StatusCode::SEE_OTHER,
            "{}: {}",
            t.label,
            res.body
        );
        let draft_url = location(&res);
        let draft_id: i64 = draft_url.rsplit('/').next().unwrap().parse().unwrap();
        let draft_page = get_as(&r, &draft_url, Some(&joana)).await;
        let promote = format!("/library/submit?space=brasil-rede-de-atencao&amp;draft={draft_id}");
        assert!(draft_page.body.contains(&promote), "{}", draft_page.body);
        let form_page = get_as(&r, &promote.replace("&amp;", "&"), Some(&joana)).await;
        assert_eq!(form_page.status, StatusCode::OK);
        assert!(
            form_page.body.contains("Protocolo de acolhimento")
                && form_page.body.contains("Acolhimento em até 24 horas.")
        );
        assert!(form_page.body.contains("name=\"from_draft\""));
    }
}
