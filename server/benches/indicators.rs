//! Benchmark: importing 100,000 indicator values from one CSV (every row checked, then
//! written in one transaction — what `POST /indicators/import` does) and rendering the
//! cross-country chart of one indicator for a period through the whole router (session,
//! access rule, queries, Leptos SSR) over those values; on SQLite, and on PostgreSQL when
//! `ENTRUST_BENCH_PG=1` (using `ENTRUST_TEST_PG_URL`).
//!
//! Prints the import's time and rate, and the median and p99 of sequential renders.
//!
//! Run: `cargo bench -p server --bench indicators` (add `-- --quick` for a short run).
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::{Duration, Instant};

use app::backend::{demo, indicators, now, Db};
use axum::body::Body;
use http::{header, Request};
use http_body_util::BodyExt;
use tower::ServiceExt;

const VALUES: usize = 100_000;

/// 100,000 rows: every participating country × four shares × 25 years × 30
/// disaggregations (sex × age band), cut at the count.
async fn csv(db: &Db) -> String {
    let countries: Vec<String> = sqlx::query_as::<_, (String,)>(
        "SELECT code FROM countries WHERE participation = 'active' ORDER BY code",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap()
    .into_iter()
    .map(|(c,)| c)
    .collect();
    let sexes = ["", "sex=female", "sex=male"];
    let ages = [
        "",
        "age_band=0-14",
        "age_band=15-19",
        "age_band=20-24",
        "age_band=25-29",
        "age_band=30-34",
        "age_band=35-44",
        "age_band=45-54",
        "age_band=55-64",
        "age_band=65+",
    ];
    let mut out = String::from(
        "country,indicator,period,disaggregation,value,numerator,denominator,unit,source,status\n",
    );
    let mut n = 0;
    'all: for (ci, country) in countries.iter().enumerate() {
        for indicator in ["COV", "RET-90", "COMPL", "READM-90"] {
            // 33 participating countries × 4 × 27 × 30 combinations: enough for VALUES.
            for year in 1998..2025 {
                for sex in sexes {
                    for age in ages {
                        let dis = [sex, age]
                            .iter()
                            .filter(|s| !s.is_empty())
                            .copied()
                            .collect::<Vec<_>>()
                            .join(";");
                        let den = 1_000 + (ci * 37 + year) % 900;
                        let num = (den * (10 + (year + ci) % 60)) / 100;
                        out.push_str(&format!(
                            "{country},{indicator},{year},{dis},,{num},{den},percent,Benchmark,\n"
                        ));
                        n += 1;
                        if n == VALUES {
                            break 'all;
                        }
                    }
                }
            }
        }
    }
    assert_eq!(n, VALUES, "enough combinations");
    out
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

async fn run(label: &str, db: Db, quick: bool) {
    let platform = common::app(&db).build();
    demo::load(&db, now()).await.unwrap();
    let staff = platform.cx_of("ta.lopez").await;
    let file = csv(&db).await;
    let t = Instant::now();
    let report = indicators::import_csv(&staff, "benchmark.csv", file.as_bytes())
        .await
        .unwrap();
    let imported = t.elapsed();
    assert!(report.problems.is_empty(), "{:?}", report.problems.first());
    assert_eq!(report.added, VALUES);
    let router = platform.router.clone();
    let cookie = common::sign_in(&router, "ta.lopez").await;
    let uri = "/indicators/COV?period=2024";
    let get = || async {
        let req = Request::get(uri)
            .header(header::HOST, common::HOST)
            .header(header::COOKIE, &cookie)
            .body(Body::empty())
            .unwrap();
        let res = router.clone().oneshot(req).await.unwrap();
        assert_eq!(res.status().as_u16(), 200);
        res.into_body().collect().await.unwrap().to_bytes().len()
    };
    let bytes = get().await;
    let rounds = if quick { 20 } else { 100 };
    let mut times = Vec::new();
    for _ in 0..rounds {
        let t = Instant::now();
        get().await;
        times.push(t.elapsed());
    }
    times.sort();
    println!(
        "{label}: import of {VALUES} values ({} KB of CSV): {:.1} s ({:.0} values/s); \
         cross-country chart page ({} KB): median {:.1} ms, p99 {:.1} ms over {rounds} renders",
        file.len() / 1024,
        imported.as_secs_f64(),
        VALUES as f64 / imported.as_secs_f64(),
        bytes / 1024,
        percentile(&times, 0.5),
        percentile(&times, 0.99),
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
