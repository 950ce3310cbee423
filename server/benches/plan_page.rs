//! Benchmark: server-side rendering of a large operational plan's page — 20 objectives ×
//! 10 actions, approved, with its four check-ins submitted — through the whole router
//! (session, access rule, queries, Leptos SSR), on SQLite, and on PostgreSQL when
//! `ENTRUST_BENCH_PG=1` (using `ENTRUST_TEST_PG_URL`). The design's target: under 25 ms.
//!
//! Prints the page's size and the median and p99 of sequential renders.
//!
//! Run: `cargo bench -p server --bench plan_page` (add `-- --quick` for a short run).
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::{Duration, Instant};

use app::backend::plans::{self, ActionInput, ApprovalInput, EntryInput, NewPlanInput};
use app::backend::{demo, now, store, Db};
use axum::body::Body;
use http::{header, Request};
use http_body_util::BodyExt;
use tower::ServiceExt;

const OBJECTIVES: usize = 20;
const ACTIONS_PER_OBJECTIVE: usize = 10;

/// Demo people, and the plan in Colombia's space, written through the backend; its id.
async fn seed(platform: &common::TestApp, db: &Db) -> i64 {
    demo::load(db, now()).await.unwrap();
    let carlos = platform.cx_of("carlos.mejia").await;
    let staff = platform.cx_of("ta.lopez").await;
    let id = plans::create(
        &carlos,
        &NewPlanInput {
            space: "colombia-plan-operativo".into(),
            title: "Benchmark plan".into(),
            starts_on: "2025-01-01".into(),
            ends_on: "2026-12-31".into(),
            language: "es".into(),
        },
    )
    .await
    .unwrap();
    let domains = [
        "prevention",
        "treatment",
        "recovery",
        "workforce",
        "information",
        "policy",
    ];
    for o in 0..OBJECTIVES {
        plans::add_objective(
            &carlos,
            id,
            &format!("Objective {o}: widen access to treatment"),
        )
        .await
        .unwrap();
        let objective = *store::plans::part_ids(&db.pool, store::plans::Part::Objective, id)
            .await
            .unwrap()
            .last()
            .unwrap();
        plans::add_line(
            &carlos,
            id,
            objective,
            "Line of action",
            domains[o % domains.len()],
        )
        .await
        .unwrap();
        let line = *store::plans::part_ids(&db.pool, store::plans::Part::Line, id)
            .await
            .unwrap()
            .last()
            .unwrap();
        for a in 0..ACTIONS_PER_OBJECTIVE {
            let input = ActionInput {
                title: format!("Action {o}.{a}: train primary-care teams in brief intervention"),
                responsible: "Ministerio de Salud y Protección Social".into(),
                co_responsible: "carlos.mejia".into(),
                starts_on: "2025-02-01".into(),
                ends_on: "2025-12-31".into(),
                budget: format!("{}", 10_000 + a * 1_000),
                currency: "COP".into(),
                funding_source: "National budget".into(),
                indicator: "Retention at 90 days".into(),
                indicator_code: "RET-90".into(),
                baseline: "40".into(),
                baseline_year: "2024".into(),
                target: "55".into(),
                criterion: String::new(),
                funding: String::new(),
            };
            plans::add_action(&carlos, id, line, &input).await.unwrap();
        }
    }
    plans::submit(&carlos, id).await.unwrap();
    let approval = ApprovalInput {
        authority: "Ministerio de Salud y Protección Social".into(),
        approved_on: "2025-01-15".into(),
        reference: String::new(),
    };
    plans::approve(&staff, id, &approval).await.unwrap();
    let actions = store::plans::part_ids(&db.pool, store::plans::Part::Action, id)
        .await
        .unwrap();
    for (k, months) in [1, 3, 6, 12].into_iter().enumerate() {
        let entries: Vec<EntryInput> = actions
            .iter()
            .enumerate()
            .map(|(i, a)| EntryInput {
                action_id: *a,
                status: "in_progress".into(),
                percent: ((k * 20 + i) % 100).to_string(),
                executed: "5000".into(),
                rag: ["green", "amber", "red"][i % 3].into(),
                narrative: "Progress as planned in most regions.".into(),
                ..EntryInput::default()
            })
            .collect();
        plans::save_checkin(&carlos, id, months, &entries, true)
            .await
            .unwrap();
    }
    id
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

async fn get(router: &axum::Router, uri: &str, cookie: &str) -> (u16, usize) {
    let req = Request::get(uri)
        .header(header::HOST, common::HOST)
        .header(header::COOKIE, cookie)
        .body(Body::empty())
        .unwrap();
    let res = router.clone().oneshot(req).await.unwrap();
    let status = res.status().as_u16();
    (
        status,
        res.into_body().collect().await.unwrap().to_bytes().len(),
    )
}

async fn run(label: &str, db: Db, quick: bool) {
    let platform = common::app(&db).build();
    let seeding = Instant::now();
    let id = seed(&platform, &db).await;
    let seeded = seeding.elapsed();
    let router = platform.router.clone();
    let cookie = common::sign_in(&router, "carlos.mejia").await;
    let uri = format!("/plans/{id}");
    let (status, bytes) = get(&router, &uri, &cookie).await;
    assert_eq!(status, 200);
    let rounds = if quick { 30 } else { 200 };
    let mut times = Vec::new();
    for _ in 0..rounds {
        let t = Instant::now();
        let (status, _) = get(&router, &uri, &cookie).await;
        assert_eq!(status, 200);
        times.push(t.elapsed());
    }
    times.sort();
    println!(
        "{label}: plan page ({OBJECTIVES} objectives × {ACTIONS_PER_OBJECTIVE} actions, 4 check-ins, \
         {} KB): median {:.1} ms, p99 {:.1} ms over {rounds} renders (target < 25 ms); seeding took {:.1} s",
        bytes / 1024,
        percentile(&times, 0.5),
        percentile(&times, 0.99),
        seeded.as_secs_f64()
    );
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let sqlite = common::sqlite().await;
        run("sqlite", sqlite.db.clone(), quick).await;
        if std::env::var("ENTRUST_BENCH_PG").is_ok_and(|v| v == "1") {
            if let Some(pg) = common::postgres().await {
                run("postgres", pg.db.clone(), quick).await;
            }
        }
    });
}
