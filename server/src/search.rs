//! Starting search: the engine the configuration chooses (Meilisearch when `MEILI_URL` is
//! set, else the embedded index in `ENTRUST_SEARCH_DIR`), and the worker that keeps it in
//! step with the database.

use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use app::backend::search::{worker, Engine, MeiliIndex, SearchIndex, TantivyIndex};
use app::backend::Db;

use crate::config::Config;

/// Opens the configured engine. The flag is true when the index is new and must be filled.
pub async fn open_engine(config: &Config) -> Result<(Arc<Engine>, bool), String> {
    match &config.meili_url {
        Some(url) => {
            let index = MeiliIndex::open(url, config.meili_key.as_deref(), &config.meili_index)
                .await
                .map_err(|e| format!("Meilisearch at {url}: {e}"))?;
            tracing::info!(url = %url, index = %config.meili_index, "searching with Meilisearch");
            Ok((Arc::new(Engine::Meili(index)), false))
        }
        None => {
            let dir = Path::new(&config.search_dir);
            let (index, fresh) = TantivyIndex::open(dir)
                .map_err(|e| format!("search index {}: {e}", dir.display()))?;
            tracing::info!(dir = %dir.display(), fresh, "searching with the embedded index");
            Ok((Arc::new(Engine::Tantivy(index)), fresh))
        }
    }
}

/// Runs the index worker in the background; a new index is filled from the database first.
pub fn start_worker(db: Db, engine: Arc<Engine>, fresh: bool) {
    tokio::spawn(async move {
        if fresh {
            match worker::reindex(&db, engine.as_ref(), |_, _| {}).await {
                Ok(n) => tracing::info!(items = n, "search index built"),
                Err(e) => tracing::warn!(
                    "building the search index failed (the worker retries queued changes): {e}"
                ),
            }
        }
        worker::run(db, engine).await;
    });
}

/// `entrust reindex`: rebuilds the index from the database, drawing a progress bar on
/// standard error.
pub async fn reindex(db: &Db, engine: &Engine) -> Result<usize, String> {
    let started = std::time::Instant::now();
    let n = worker::reindex(db, engine, |done, total| {
        let width: u64 = 40;
        let filled = (done * width)
            .checked_div(total)
            .map_or(width, |f| f.min(width));
        let mut err = std::io::stderr().lock();
        let _ = write!(
            err,
            "\rreindexing [{}{}] {done}/{total}",
            "#".repeat(filled as usize),
            " ".repeat((width - filled) as usize)
        );
        let _ = err.flush();
    })
    .await
    .map_err(|e| e.to_string())?;
    eprintln!();
    println!(
        "indexed {n} items with {} in {:.2} s",
        engine.name(),
        started.elapsed().as_secs_f64()
    );
    Ok(n)
}
