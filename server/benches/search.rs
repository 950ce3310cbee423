//! Benchmark: search over 10,000 markdown documents, for each engine available — the
//! embedded tantivy index always, Meilisearch when `MEILI_URL` points at a live server.
//!
//! The corpus is the library's own documents (`content/`) and generated variations of
//! them: each variation keeps its seed's language, kind and topics and takes a random
//! title suffix, summary and body from the seed's sentences, so no two are the same.
//! Prints, per engine:
//! - indexing: the whole corpus written in chunks of 2,000, documents per second;
//! - `entrust reindex`: the same 10,000 documents read from a SQLite database and indexed
//!   through the real re-index path;
//! - 1,000 queries (single words, phrases, prefixes, one-typo words, facet filters): p50,
//!   p95 and p99 latency;
//! - relevance: mean reciprocal rank of known-item queries (a document's title as the
//!   query, filtered to its language; and the same with one typo). Titles, not summaries:
//!   summaries and bodies are drawn from one sentence pool per seed, so dozens of variations
//!   hold the same summary sentences and no engine could rank "the" one first; only
//!   documents whose title no other document shares are asked for.
//!
//! Run: `cargo bench -p server --bench search` (`-- --quick` for 2,000 documents).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashSet;
use std::path::Path;
use std::time::{Duration, Instant};

use app::backend::content_import::parse;
use app::backend::search::{
    worker, Access, Filters, ItemKind, MeiliIndex, SearchDoc, SearchIndex, SearchQuery, Sort,
    TantivyIndex,
};
use app::backend::store::documents::{self, NewDocument};
use app::backend::{now, Db};

/// A small deterministic generator (xorshift), so every run indexes the same corpus.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

struct Seed {
    title: String,
    kind: String,
    country: Option<String>,
    language: String,
    topics: Vec<String>,
    sentences: Vec<String>,
    words: Vec<String>,
}

fn seeds() -> Vec<Seed> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../content");
    let countries: HashSet<String> = ["PE", "CO", "MX", "BR", "JM", "AR", "CL"]
        .iter()
        .map(|c| c.to_string())
        .collect();
    let mut out = Vec::new();
    for lang in ["en", "es", "pt", "fr"] {
        let Ok(dir) = std::fs::read_dir(root.join(lang)) else {
            continue;
        };
        for entry in dir {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            let f = parse(&path.display().to_string(), &text, lang, &countries).unwrap();
            let plain = app::markdown::plain_text(&f.body);
            let sentences: Vec<String> = plain
                .split(['.', '\n'])
                .map(str::trim)
                .filter(|s| s.split_whitespace().count() >= 5)
                .map(|s| format!("{s}."))
                .collect();
            let words: Vec<String> = plain
                .split(|c: char| !c.is_alphabetic())
                .filter(|w| w.chars().count() >= 6)
                .map(str::to_lowercase)
                .collect();
            out.push(Seed {
                title: f.title,
                kind: f.kind,
                country: f.country,
                language: f.language,
                topics: f.topics,
                sentences,
                words,
            });
        }
    }
    assert!(!out.is_empty(), "no seed documents under content/");
    out
}

/// One generated document: (item, summary, body markdown).
fn generate(seeds: &[Seed], n: usize) -> Vec<(SearchDoc, String, String)> {
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    (0..n)
        .map(|i| {
            let seed = &seeds[i % seeds.len()];
            let pick = |rng: &mut Rng| seed.sentences[rng.below(seed.sentences.len())].clone();
            let extra: Vec<String> = (0..2)
                .map(|_| seed.words[rng.below(seed.words.len())].clone())
                .collect();
            let title = format!("{} — {} {}", seed.title, extra[0], extra[1]);
            let summary = format!("{} {}", pick(&mut rng), pick(&mut rng));
            let body: Vec<String> = (0..12).map(|_| pick(&mut rng)).collect();
            let body = format!(
                "## {}\n\n{}\n\n{}",
                extra[0],
                body[..6].join(" "),
                body[6..].join(" ")
            );
            let item = SearchDoc {
                key: format!("document-{}", i + 1),
                kind: ItemKind::Document,
                title,
                text: format!("{summary}\n{}", app::markdown::plain_text(&body)),
                url: format!("/library/{}/bench-{i}", seed.language),
                access: "public".into(),
                language: Some(seed.language.clone()),
                country: seed.country.clone(),
                doc_kind: Some(seed.kind.clone()),
                topics: seed.topics.clone(),
                space: None,
                context: String::new(),
                date: 1_700_000_000 + i as i64,
                service: Default::default(),
            };
            (item, summary, body)
        })
        .collect()
}

/// One typo: two neighbouring letters swapped, or one letter dropped, in a long word.
fn misspell(rng: &mut Rng, text: &str) -> String {
    let words: Vec<&str> = text.split(' ').collect();
    let long: Vec<usize> = (0..words.len())
        .filter(|i| words[*i].chars().count() >= 7)
        .collect();
    if long.is_empty() {
        return text.to_string();
    }
    let target = long[rng.below(long.len())];
    let mut chars: Vec<char> = words[target].chars().collect();
    let at = 1 + rng.below(chars.len() - 3);
    if rng.below(2) == 0 {
        chars.swap(at, at + 1);
    } else {
        chars.remove(at);
    }
    let fixed: String = chars.into_iter().collect();
    words
        .iter()
        .enumerate()
        .map(|(i, w)| if i == target { fixed.as_str() } else { w })
        .collect::<Vec<_>>()
        .join(" ")
}

fn q(text: &str) -> SearchQuery {
    SearchQuery {
        text: text.into(),
        access: Access::Tokens(vec!["public".into(), "network".into()]),
        filters: Filters::default(),
        sort: Sort::Relevance,
        prefix: false,
        limit: 20,
        offset: 0,
        near: None,
    }
}

/// The 1,000-query mix.
fn queries(
    corpus: &[(SearchDoc, String, String)],
    seeds: &[Seed],
) -> Vec<(&'static str, SearchQuery)> {
    let mut rng = Rng(0xfeed_0000_0000_0042);
    let mut out = Vec::new();
    for i in 0..1000 {
        let seed = &seeds[rng.below(seeds.len())];
        let word = seed.words[rng.below(seed.words.len())].clone();
        let (kind, query) = match i % 5 {
            0 => ("single word", q(&word)),
            1 => {
                let s = &seed.sentences[rng.below(seed.sentences.len())];
                let words: Vec<&str> = s.split_whitespace().take(3).collect();
                ("phrase", q(&format!("\"{}\"", words.join(" "))))
            }
            2 => {
                let cut: String = word.chars().take(4.max(word.chars().count() / 2)).collect();
                let mut query = q(&format!(
                    "{} {cut}",
                    seed.words[rng.below(seed.words.len())]
                ));
                query.prefix = true;
                ("prefix", query)
            }
            3 => ("one typo", q(&misspell(&mut rng, &word))),
            _ => {
                let mut query = q(&word);
                let doc = &corpus[rng.below(corpus.len())].0;
                query.filters.language = doc.language.clone();
                query.filters.doc_kind = doc.doc_kind.clone();
                ("facet filter", query)
            }
        };
        out.push((kind, query));
    }
    out
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

async fn measure(
    engine: &impl SearchIndex,
    corpus: &[(SearchDoc, String, String)],
    seeds: &[Seed],
    db: &Db,
) {
    let name = engine.name();
    // Indexing throughput, straight from memory.
    engine.clear().await.unwrap();
    let started = Instant::now();
    for chunk in corpus.chunks(2_000) {
        engine
            .upsert(chunk.iter().map(|c| c.0.clone()).collect())
            .await
            .unwrap();
    }
    let took = started.elapsed().as_secs_f64();
    println!(
        "{name}: indexed {} documents in {took:.2} s ({:.0} documents/s)",
        corpus.len(),
        corpus.len() as f64 / took
    );
    // The real re-index path: from the database.
    let started = Instant::now();
    let n = worker::reindex(db, engine, |_, _| {}).await.unwrap();
    println!(
        "{name}: entrust reindex of {n} documents from SQLite: {:.2} s",
        started.elapsed().as_secs_f64()
    );

    // Latency of the query mix (warm: one pass first).
    let mix = queries(corpus, seeds);
    for (_, query) in mix.iter().take(100) {
        engine.search(query).await.unwrap();
    }
    let mut all = Vec::new();
    let mut by_kind: std::collections::BTreeMap<&str, Vec<Duration>> = Default::default();
    let mut empty = 0;
    for (kind, query) in &mix {
        let t = Instant::now();
        let r = engine.search(query).await.unwrap();
        let d = t.elapsed();
        if r.hits.is_empty() {
            empty += 1;
        }
        all.push(d);
        by_kind.entry(kind).or_default().push(d);
    }
    all.sort();
    println!(
        "{name}: {} queries: p50 {:.2} ms, p95 {:.2} ms, p99 {:.2} ms ({} with no result)",
        all.len(),
        percentile(&all, 0.5),
        percentile(&all, 0.95),
        percentile(&all, 0.99),
        empty
    );
    for (kind, mut times) in by_kind {
        times.sort();
        println!(
            "{name}:   {kind:<13} p50 {:.2} ms, p95 {:.2} ms",
            percentile(&times, 0.5),
            percentile(&times, 0.95)
        );
    }

    // Known-item relevance, over documents with a title of their own.
    let mut titles: std::collections::HashMap<&str, usize> = Default::default();
    for (doc, _, _) in corpus {
        *titles.entry(doc.title.as_str()).or_default() += 1;
    }
    let known: Vec<&SearchDoc> = corpus
        .iter()
        .map(|c| &c.0)
        .filter(|d| titles[d.title.as_str()] == 1)
        .collect();
    let mut rng = Rng(0x0bad_cafe_0000_0007);
    for typo in [false, true] {
        let mut rr = 0.0;
        let sample = 300;
        for _ in 0..sample {
            let doc = known[rng.below(known.len())];
            let text = if typo {
                misspell(&mut rng, &doc.title)
            } else {
                doc.title.clone()
            };
            let mut query = q(&app::api::search::normalise_query(&text));
            query.filters.language = doc.language.clone();
            query.limit = 10;
            let r = engine.search(&query).await.unwrap();
            if let Some(rank) = r.hits.iter().position(|h| h.key == doc.key) {
                rr += 1.0 / (rank as f64 + 1.0);
            }
        }
        println!(
            "{name}: known-item MRR{}: {:.3} ({sample} queries)",
            if typo { " with one typo" } else { "" },
            rr / sample as f64
        );
    }
}

/// The corpus as library documents in a fresh SQLite database (for the re-index path).
async fn database(corpus: &[(SearchDoc, String, String)]) -> Db {
    let dir = std::env::temp_dir().join(format!("entrust_search_bench_{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let db = Db::connect(&format!("sqlite://{}/bench.db", dir.display()), 4)
        .await
        .unwrap();
    db.migrate().await.unwrap();
    let mut tx = db.pool.begin().await.unwrap();
    for (i, (doc, summary, body)) in corpus.iter().enumerate() {
        let slug = format!("{}/bench-{i}", doc.language.as_deref().unwrap_or("en"));
        let new = NewDocument {
            slug: &slug,
            title: &doc.title,
            summary,
            kind: doc.doc_kind.as_deref().unwrap_or("guideline"),
            country: doc.country.as_deref(),
            language: doc.language.as_deref().unwrap_or("en"),
            published_on: "2026-01-01",
            source: "benchmark",
            translation_key: None,
            body_md: body,
            body_html: "",
            topics: &doc.topics,
        };
        documents::insert(&mut tx, &new, None, now()).await.unwrap();
    }
    tx.commit().await.unwrap();
    db
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let n = if quick { 2_000 } else { 10_000 };
    let seeds = seeds();
    let corpus = generate(&seeds, n);
    println!("corpus: {n} documents from {} seed documents", seeds.len());
    let db = database(&corpus).await;

    let dir =
        std::env::temp_dir().join(format!("entrust_search_bench_index_{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let (tantivy, _) = TantivyIndex::open(&dir).unwrap();
    measure(&tantivy, &corpus, &seeds, &db).await;
    drop(tantivy);
    let _ = std::fs::remove_dir_all(&dir);

    match std::env::var("MEILI_URL") {
        Ok(url) => {
            let key = std::env::var("MEILI_KEY").ok();
            let uid = format!("entrust_bench_{}", std::process::id());
            let meili = MeiliIndex::open(&url, key.as_deref(), &uid).await.unwrap();
            measure(&meili, &corpus, &seeds, &db).await;
            meili.drop_index().await.unwrap();
        }
        Err(_) => println!("meilisearch: skipped (set MEILI_URL to a live server to measure it)"),
    }
}
