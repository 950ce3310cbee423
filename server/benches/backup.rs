//! Benchmark: `entrust export` and `entrust import` of the demo platform scaled to 100,000
//! posts — exported from SQLite, imported into a new SQLite and (with `ENTRUST_BENCH_PG=1`,
//! using `ENTRUST_TEST_PG_URL`) into a new PostgreSQL, which is then exported again.
//! Prints rows, archive size and the time of each step.
//!
//! Run: `cargo bench -p server --bench backup` (`-- --quick` for 10,000 posts).
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::Instant;

use app::backend::{now, store, Db};
use app::markdown;

/// Adds top-level replies in threads of 1,000 until the platform holds `total` posts.
async fn scale_to(db: &Db, total: i64) {
    let have = common::count(db, "SELECT COUNT(*) AS n FROM posts").await;
    let space = store::spaces::by_slug(&db.pool, "colombia-plan-operativo")
        .await
        .unwrap()
        .unwrap();
    let carlos = store::users::id_of(&db.pool, "carlos.mejia")
        .await
        .unwrap()
        .unwrap();
    let bodies: Vec<(String, String)> = (0..10)
        .map(|i| {
            let md = format!(
                "Reply {i}: the **waiting time** from referral to first appointment fell from \
                 19 to 12 days after the shared intake calendar.\n\n- retention at 90 days: \
                 {}%\n- staff trained: {}\n",
                40 + i,
                i
            );
            let html = markdown::render_plain(&md).html;
            (md, html)
        })
        .collect();
    let mut thread = 0;
    for i in have..total {
        if (i - have) % 1000 == 0 {
            thread =
                store::threads::create(&db.pool, space.id, &format!("Carga {i}"), carlos, now())
                    .await
                    .unwrap();
        }
        let seq = store::threads::next_seq(&db.pool, thread, now())
            .await
            .unwrap();
        let (md, html) = &bodies[(i % 10) as usize];
        let new = store::posts::NewPost {
            thread_id: thread,
            seq,
            parent: None,
            author_id: carlos,
            body_md: md,
            body_html: html,
        };
        store::posts::insert(&db.pool, &new, now()).await.unwrap();
    }
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let posts: i64 = if quick { 10_000 } else { 100_000 };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let dir = std::env::temp_dir().join(format!("entrust_backup_bench_{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let content = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../content");

        let source = common::sqlite().await;
        let platform = common::app(&source.db).without_search_worker().build();
        server::cli::load_demo(&platform.state).await.unwrap();
        let t = Instant::now();
        scale_to(&source.db, posts).await;
        println!(
            "seeded the demo platform to {posts} posts in {:.1} s",
            t.elapsed().as_secs_f64()
        );

        let archive = dir.join("sqlite.tar.gz");
        let t = Instant::now();
        let out = server::backup::export(&source.db, &content, &archive)
            .await
            .unwrap();
        println!(
            "export  SQLite      {:>7.2} s  {out}",
            t.elapsed().as_secs_f64()
        );

        let target = common::sqlite().await;
        let t = Instant::now();
        let (into, _) = server::backup::import(&target.db, &archive, &dir.join("c1"))
            .await
            .unwrap();
        println!(
            "import  → SQLite    {:>7.2} s  {} rows",
            t.elapsed().as_secs_f64(),
            into.rows
        );

        if std::env::var("ENTRUST_BENCH_PG").is_ok_and(|v| v == "1") {
            if let Some(pg) = common::postgres().await {
                let t = Instant::now();
                let (into, _) = server::backup::import(&pg.db, &archive, &dir.join("c2"))
                    .await
                    .unwrap();
                println!(
                    "import  → PostgreSQL{:>7.2} s  {} rows",
                    t.elapsed().as_secs_f64(),
                    into.rows
                );
                let again = dir.join("pg.tar.gz");
                let t = Instant::now();
                let out = server::backup::export(&pg.db, &content, &again)
                    .await
                    .unwrap();
                println!(
                    "export  PostgreSQL  {:>7.2} s  {out}",
                    t.elapsed().as_secs_f64()
                );
            }
        }
        let _ = std::fs::remove_dir_all(dir);
    });
}
