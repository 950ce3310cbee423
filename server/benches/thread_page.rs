//! Benchmark: server-side rendering of a 200-post thread page, through the whole router
//! (session lookup, access check, queries, Leptos SSR), on SQLite — and on PostgreSQL when
//! `ENTRUST_BENCH_PG=1` (using `ENTRUST_TEST_PG_URL`).
//!
//! Prints the median and p99 of sequential renders, the same under 50 concurrent readers
//! with the throughput, the throughput of serving the same bytes as a static file (the
//! design's yardstick: the page should reach at least 20 % of it), and how many SQL
//! statements one page issues.
//!
//! Run: `cargo bench -p server --bench thread_page` (add `-- --quick` for a short run).
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../tests/common/mod.rs"]
mod common;

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use app::backend::{demo, now, store, Db};
use app::markdown;
use axum::body::Body;
use http::{header, Request};
use http_body_util::BodyExt;
use tower::ServiceExt;

/// SQL statements seen by the tracing layer below (sqlx reports each on `sqlx::query`).
static STATEMENTS: AtomicUsize = AtomicUsize::new(0);
/// Whether statements are being counted: only during the one request that counts them, as
/// sqlx formats each statement it logs, which production (logging at info) never pays for.
static COUNTING: AtomicBool = AtomicBool::new(false);

struct CountQueries;

impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for CountQueries {
    fn on_event(&self, event: &tracing::Event<'_>, _: tracing_subscriber::layer::Context<'_, S>) {
        if event.metadata().target() == "sqlx::query" {
            STATEMENTS.fetch_add(1, Ordering::SeqCst);
        }
    }
}

const POSTS: usize = 200;

/// A realistic post: a paragraph, a short list, a link, sometimes a table.
fn body(i: usize) -> String {
    let mut s = format!(
        "Reply {i}: in our centres the **waiting time** from referral to first appointment \
         fell from 19 to 12 days after the shared intake calendar. See the \
         [standards](https://www.unodc.org/) and the notes below.\n\n\
         - retention at 90 days: {}%\n- relapse within a year: {}%\n- staff trained: {}\n",
        40 + i % 30,
        20 + i % 15,
        i % 12
    );
    if i.is_multiple_of(10) {
        s.push_str(
            "\n| Indicator | Baseline | Target |\n|---|---|---|\n| Coverage | 12% | 20% |\n",
        );
    }
    s
}

/// Demo data, and a thread of `POSTS` posts in the private space: 40 top-level replies,
/// each followed by a chain of up to four nested answers.
async fn seed(db: &Db) -> String {
    demo::load(db, now()).await.unwrap();
    let space = store::spaces::by_slug(&db.pool, "colombia-plan-operativo")
        .await
        .unwrap()
        .unwrap();
    let carlos = store::users::id_of(&db.pool, "carlos.mejia")
        .await
        .unwrap()
        .unwrap();
    let lucia = store::users::id_of(&db.pool, "ta.lopez")
        .await
        .unwrap()
        .unwrap();
    let t = store::threads::create(&db.pool, space.id, "Benchmark thread", carlos, now())
        .await
        .unwrap();
    let mut parents: Vec<(i64, String, i64)> = Vec::new();
    let mut opening: Option<(i64, String, i64)> = None;
    for i in 0..POSTS {
        let seq = store::threads::next_seq(&db.pool, t, now()).await.unwrap();
        let parent = if i == 0 {
            None
        } else if i % 5 == 1 {
            opening.clone()
        } else {
            parents.last().cloned()
        };
        let text = body(i);
        let html = markdown::render_plain(&text).html;
        let new = store::posts::NewPost {
            thread_id: t,
            seq,
            parent: parent
                .as_ref()
                .map(|(id, path, depth)| (*id, path.as_str(), *depth)),
            author_id: if i.is_multiple_of(2) { carlos } else { lucia },
            body_md: &text,
            body_html: &html,
        };
        let id = store::posts::insert(&db.pool, &new, now()).await.unwrap();
        let row = store::posts::by_id(&db.pool, id).await.unwrap().unwrap();
        let here = (row.id, row.path, row.depth);
        if i == 0 {
            opening = Some(here.clone());
        }
        parents.push(here);
    }
    format!("/spaces/colombia-plan-operativo/threads/{t}?page=1")
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

async fn get(router: &axum::Router, uri: &str, cookie: Option<&str>) -> (u16, Vec<u8>) {
    let mut b = Request::get(uri).header(header::HOST, common::HOST);
    if let Some(c) = cookie {
        b = b.header(header::COOKIE, c);
    }
    let res = router
        .clone()
        .oneshot(b.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = res.status().as_u16();
    (
        status,
        res.into_body().collect().await.unwrap().to_bytes().to_vec(),
    )
}

/// `total` GETs of `uri` by `concurrency` readers at once: latencies (sorted) and req/s.
async fn load(
    router: &axum::Router,
    uri: &str,
    cookie: Option<&str>,
    concurrency: usize,
    total: usize,
) -> (Vec<Duration>, f64) {
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..concurrency {
        let (router, uri, cookie, next) = (
            router.clone(),
            uri.to_string(),
            cookie.map(str::to_string),
            next.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let mut times = Vec::new();
            while next.fetch_add(1, Ordering::SeqCst) < total {
                let t = Instant::now();
                let (status, _) = get(&router, &uri, cookie.as_deref()).await;
                assert_eq!(status, 200);
                times.push(t.elapsed());
            }
            times
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap());
    }
    let rate = all.len() as f64 / started.elapsed().as_secs_f64();
    all.sort();
    (all, rate)
}

async fn run(label: &str, db: Db, quick: bool) {
    let uri = seed(&db).await;
    let platform = common::app(&db).build();
    let (router, site) = (platform.router.clone(), platform.site.clone());
    let cookie = common::sign_in(&router, "carlos.mejia").await;

    // One page: its size, its statements, and that it holds every post.
    let (status, page) = get(&router, &uri, Some(&cookie)).await;
    assert_eq!(status, 200);
    let html = String::from_utf8_lossy(&page);
    let shown =
        html.matches("class=\"post\"").count() + html.matches("class=\"post unread\"").count();
    if let Ok(path) = std::env::var("ENTRUST_BENCH_DUMP") {
        std::fs::write(path, &page).unwrap();
    }
    STATEMENTS.store(0, Ordering::SeqCst);
    COUNTING.store(true, Ordering::SeqCst);
    get(&router, &uri, Some(&cookie)).await;
    COUNTING.store(false, Ordering::SeqCst);
    let statements = STATEMENTS.load(Ordering::SeqCst);
    std::fs::write(site.join("pkg/bench-thread.html"), &page).unwrap();

    let (rounds, total) = if quick { (50, 200) } else { (300, 2000) };
    let mut times = Vec::new();
    for _ in 0..rounds {
        let t = Instant::now();
        get(&router, &uri, Some(&cookie)).await;
        times.push(t.elapsed());
    }
    times.sort();
    let (conc, rate) = load(&router, &uri, Some(&cookie), 50, total).await;
    let (_, static_rate) = load(&router, "/pkg/bench-thread.html", None, 50, total).await;

    println!("thread of {POSTS} posts, page 1 ({shown} posts shown), {label}:");
    println!(
        "  page size: {} KiB of HTML; SQL statements per page: {statements}",
        page.len() / 1024
    );
    println!(
        "  sequential ({rounds} renders): median {:.2} ms, p99 {:.2} ms",
        percentile(&times, 0.5),
        percentile(&times, 0.99)
    );
    println!(
        "  50 concurrent ({total} renders): p50 {:.2} ms, p99 {:.2} ms, {:.0} pages/s",
        percentile(&conc, 0.5),
        percentile(&conc, 0.99),
        rate
    );
    println!(
        "  same bytes as a static file, 50 concurrent: {:.0} responses/s; page/static = {:.0} %",
        static_rate,
        rate / static_rate * 100.0
    );
    let _ = std::fs::remove_dir_all(site);
}

fn main() {
    use tracing_subscriber::prelude::*;
    let quick = std::env::args().any(|a| a == "--quick");
    tracing_subscriber::registry()
        .with(
            CountQueries.with_filter(tracing_subscriber::filter::dynamic_filter_fn(|meta, _| {
                meta.target() == "sqlx::query" && COUNTING.load(Ordering::SeqCst)
            })),
        )
        .init();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let sqlite = common::sqlite().await;
        run("SQLite", sqlite.db.clone(), quick).await;
        if std::env::var("ENTRUST_BENCH_PG").is_ok_and(|v| v == "1") {
            if let Some(pg) = common::postgres().await {
                run("PostgreSQL", pg.db.clone(), quick).await;
            }
        }
    });
}
