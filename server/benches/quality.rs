//! Benchmark: the scores of a campaign of 500 services × 120 criteria (60,000 verified
//! ratings, every assessment closed) — reading the campaign, its instrument and every
//! rating and computing the area scores per service, the spreads per area and region and
//! the weakest criteria, as the campaign's page does (`quality::campaigns::page`) — and
//! the computation alone (`quality::scores::campaign_scores`); on SQLite, and on
//! PostgreSQL when `ENTRUST_BENCH_PG=1` (using `ENTRUST_TEST_PG_URL`). Target: under 1 s.
//!
//! Prints the time to write the fixture, and the median and worst of the page's scores
//! and of the computation alone.
//!
//! Run: `cargo bench -p server --bench quality` (add `-- --quick` for 5 rounds).
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::{Duration, Instant};

use app::backend::quality::{campaigns, scores};
use app::backend::store::{quality as store, services};
use app::backend::{demo, now, Db};
use app::model::quality::{Item, Names, Rating};

const SERVICES: usize = 500;
/// 6 areas × 4 standards × 5 criteria.
const AREAS: usize = 6;
const STANDARDS: usize = 4;
const CRITERIA: usize = 5;
const LEVELS: [&str; 4] = ["met", "partial", "not_met", "na"];

fn names(code: &str) -> Names {
    Names {
        code: code.into(),
        en: format!("Item {code}"),
        es: format!("Ítem {code}"),
        pt: format!("Item {code}"),
        fr: format!("Élément {code}"),
    }
}

/// An instrument of 120 criteria, a campaign of 500 Peruvian services, every one closed
/// with all its ratings; returns the campaign's id.
async fn fixture(db: &Db, staff: &app::backend::Cx) -> i64 {
    let mut tx = db.pool.begin().await.unwrap();
    let name = names("bench");
    let instrument = store::insert_instrument(&mut tx, &name, now())
        .await
        .unwrap();
    let (version, _) = store::insert_version(&mut tx, instrument, "", None, now())
        .await
        .unwrap();
    for (i, level) in app::backend::quality::templates::default_scale()
        .iter()
        .enumerate()
    {
        store::put_level(&mut tx, version, i as i64 + 1, level)
            .await
            .unwrap();
    }
    let item = |kind: &str, code: String, parent: Option<i64>| Item {
        id: 0,
        parent,
        kind: kind.into(),
        text: names(&code),
        guidance: names(""),
        sources: if kind == "criterion" {
            vec!["record".into()]
        } else {
            vec![]
        },
        code,
    };
    for a in 1..=AREAS {
        let area = store::insert_item(&mut tx, version, &item("area", format!("A{a}"), None))
            .await
            .unwrap();
        for s in 1..=STANDARDS {
            let code = format!("A{a}.{s}");
            let standard = store::insert_item(
                &mut tx,
                version,
                &item("standard", code.clone(), Some(area)),
            )
            .await
            .unwrap();
            for c in 1..=CRITERIA {
                store::insert_item(
                    &mut tx,
                    version,
                    &item("criterion", format!("{code}.{c}"), Some(standard)),
                )
                .await
                .unwrap();
            }
        }
    }
    let regions = ["Lima", "Huánuco", "Ucayali", "Cusco", "Arequipa"];
    let mut ids = Vec::with_capacity(SERVICES);
    for i in 0..SERVICES {
        let record = app::model::service::ServiceRecord {
            country: "PE".into(),
            name: format!("Centro {i}"),
            operator: "public".into(),
            region: regions[i % regions.len()].into(),
            level: "level1".into(),
            verified_on: "2026-01-01".into(),
            public_listing: true,
            ..Default::default()
        };
        ids.push(services::insert(&mut tx, &record, now()).await.unwrap());
    }
    tx.commit().await.unwrap();
    let mut pairs: Vec<(String, String)> = vec![
        ("country".into(), "PE".into()),
        ("version".into(), version.to_string()),
        ("title".into(), "Benchmark campaign".into()),
        ("starts_on".into(), "2026-01-01".into()),
        ("ends_on".into(), "2026-12-31".into()),
        ("lead".into(), "ta.lopez".into()),
        ("assessors".into(), "ta.lopez".into()),
    ];
    pairs.extend(ids.iter().map(|id| ("service".into(), id.to_string())));
    let campaign = campaigns::create(staff, &pairs).await.unwrap();
    let mut conn = db.pool.acquire().await.unwrap();
    let instrument = store::instrument(&mut conn, version)
        .await
        .unwrap()
        .unwrap();
    drop(conn);
    let assessments = store::assessments_of(&db.pool, campaign).await.unwrap();
    let mut tx = db.pool.begin().await.unwrap();
    for (i, a) in assessments.iter().enumerate() {
        for (j, c) in instrument.criteria().enumerate() {
            let level = LEVELS[(i * 7 + j * 13) % 11 % 4];
            let r = Rating {
                criterion_id: c.id,
                self_level: Some("met".into()),
                verified_level: Some(level.into()),
                ..Rating::default()
            };
            store::put_self(&mut tx, a.summary.id, &r, now())
                .await
                .unwrap();
            store::put_verified(&mut tx, a.summary.id, &r, now())
                .await
                .unwrap();
        }
        sqlx::query("UPDATE qa_assessments SET status = 'closed' WHERE id = $1")
            .bind(a.summary.id)
            .execute(&mut *tx)
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
    campaign
}

fn stats(mut times: Vec<Duration>) -> (f64, f64) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    (ms(times[times.len() / 2]), ms(*times.last().unwrap()))
}

async fn run(label: &str, db: Db, quick: bool) {
    let platform = common::app(&db).build();
    demo::load(&db, now()).await.unwrap();
    let staff = platform.cx_of("ta.lopez").await;
    let t = Instant::now();
    let campaign = fixture(&db, &staff).await;
    let written = t.elapsed();
    let rounds = if quick { 5 } else { 20 };
    let (mut page, mut compute) = (Vec::new(), Vec::new());
    for _ in 0..rounds {
        let t = Instant::now();
        let p = campaigns::page(&staff, campaign, None).await.unwrap();
        page.push(t.elapsed());
        assert_eq!(p.scores.services.len(), SERVICES);
        assert_eq!(p.scores.areas.len(), AREAS);
        let assessments: Vec<_> = p
            .scores
            .services
            .iter()
            .map(|s| s.assessment.clone())
            .collect();
        let ratings = store::campaign_ratings(&db.pool, campaign).await.unwrap();
        assert_eq!(ratings.len(), SERVICES * AREAS * STANDARDS * CRITERIA);
        let t = Instant::now();
        let s = scores::campaign_scores(&p.instrument, &assessments, &ratings);
        compute.push(t.elapsed());
        assert_eq!(s.weakest.len(), 10);
    }
    let (page_median, page_max) = stats(page);
    let (compute_median, compute_max) = stats(compute);
    println!(
        "{label}: campaign of {SERVICES} services x {} criteria ({} ratings written in {:.1} s): \
         scores as the page reads them median {page_median:.0} ms, worst {page_max:.0} ms; \
         computation alone median {compute_median:.1} ms, worst {compute_max:.1} ms \
         ({rounds} rounds; target under 1000 ms)",
        AREAS * STANDARDS * CRITERIA,
        SERVICES * AREAS * STANDARDS * CRITERIA,
        written.as_secs_f64(),
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
