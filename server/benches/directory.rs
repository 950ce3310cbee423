//! Benchmark: the directory's search over 50,000 services with the embedded engine (and
//! Meilisearch when `MEILI_URL` points at a live server).
//!
//! The services are generated (deterministically) across the five demo countries with
//! every level of care, modality, medication, population, language and payment, indexed
//! as the directory indexes them (`sources::service_doc`), and searched the way the
//! directory's page searches: words or none, three facets (country, level and one term
//! facet), as a visitor (public only), relevance or nearest first from a city. Prints
//! indexing throughput and p50/p95/p99 of 1,000 searches per kind.
//!
//! Run: `cargo bench -p server --bench directory` (`-- --quick` for 5,000 services).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use app::backend::directory::geography;
use app::backend::search::sources::service_doc;
use app::backend::search::{
    Access, Filters, ItemKind, MeiliIndex, SearchIndex, SearchQuery, ServiceFilters, Sort,
    TantivyIndex,
};
use app::backend::store::services as store;
use app::backend::{now, Db};
use app::model::service::{ServiceRecord, Term, LEVELS};

/// A small deterministic generator (xorshift), so every run indexes the same services.
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
    fn some(&mut self, codes: &[String], most: usize) -> Vec<String> {
        let mut out: Vec<String> = (0..1 + self.below(most))
            .map(|_| codes[self.below(codes.len())].clone())
            .collect();
        out.sort();
        out.dedup();
        out
    }
}

const COUNTRIES: [&str; 5] = ["PE", "CO", "BR", "TT", "JM"];
const WORDS: [&str; 12] = [
    "centro",
    "comunitario",
    "salud",
    "mental",
    "adicciones",
    "hospital",
    "programa",
    "residencial",
    "ambulatorio",
    "community",
    "treatment",
    "recovery",
];

fn services(n: usize, terms: &[Term]) -> Vec<ServiceRecord> {
    let codes = |kind: &str| -> Vec<String> {
        terms
            .iter()
            .filter(|t| t.kind == kind)
            .map(|t| t.code.clone())
            .collect()
    };
    let (modality, medication, population, language, payment) = (
        codes("modality"),
        codes("medication"),
        codes("population"),
        codes("language"),
        codes("payment"),
    );
    let places = geography::places();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    (0..n)
        .map(|i| {
            let country = COUNTRIES[i % COUNTRIES.len()];
            let cities: Vec<_> = places.iter().filter(|p| p.country == country).collect();
            let city = cities[rng.below(cities.len())];
            let name: Vec<&str> = (0..3).map(|_| WORDS[rng.below(WORDS.len())]).collect();
            ServiceRecord {
                id: i as i64 + 1,
                country: country.into(),
                name: format!("{} {} {i}", name.join(" "), city.name),
                operator: "public".into(),
                region: city.name.clone(),
                district: format!("District {}", rng.below(40)),
                address: format!("Street {}", rng.below(900)),
                latitude: Some(city.latitude + (rng.below(200) as f64 - 100.0) / 1000.0),
                longitude: Some(city.longitude + (rng.below(200) as f64 - 100.0) / 1000.0),
                level: LEVELS[rng.below(LEVELS.len())].into(),
                intake_24h: rng.below(4) == 0,
                services_offered: name.join(" "),
                verified_on: format!("2026-{:02}-{:02}", 1 + rng.below(11), 1 + rng.below(28)),
                public_listing: rng.below(20) != 0,
                modalities: rng.some(&modality, 3),
                medications: rng.some(&medication, 2),
                populations: rng.some(&population, 4),
                languages: rng.some(&language, 1),
                payments: rng.some(&payment, 2),
                ..ServiceRecord::default()
            }
        })
        .collect()
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

fn query(rng: &mut Rng, words: bool, near: bool, terms: &[Term]) -> SearchQuery {
    let term = |rng: &mut Rng, kind: &str| -> String {
        let list: Vec<&Term> = terms.iter().filter(|t| t.kind == kind).collect();
        list[rng.below(list.len())].code.clone()
    };
    let mut service = ServiceFilters {
        level: Some(LEVELS[rng.below(LEVELS.len())].to_string()),
        ..ServiceFilters::default()
    };
    match rng.below(3) {
        0 => service.population = Some(term(rng, "population")),
        1 => service.medication = Some(term(rng, "medication")),
        _ => service.payment = Some(term(rng, "payment")),
    }
    let country = COUNTRIES[rng.below(COUNTRIES.len())];
    let from = geography::places()
        .into_iter()
        .find(|p| p.country == country)
        .map(|p| (p.latitude, p.longitude));
    SearchQuery {
        text: if words {
            WORDS[rng.below(WORDS.len())].to_string()
        } else {
            String::new()
        },
        access: Access::Tokens(vec!["public".into()]),
        filters: Filters {
            kind: Some(ItemKind::Service),
            country: Some(country.to_string()),
            service,
            ..Filters::default()
        },
        sort: if near {
            Sort::Distance
        } else {
            Sort::Relevance
        },
        prefix: false,
        limit: 20,
        offset: 0,
        near: if near { from } else { None },
    }
}

async fn measure(
    engine: &impl SearchIndex,
    docs: &[app::backend::search::SearchDoc],
    terms: &[Term],
) {
    let name = engine.name();
    engine.clear().await.unwrap();
    let started = Instant::now();
    for chunk in docs.chunks(2_000) {
        engine.upsert(chunk.to_vec()).await.unwrap();
    }
    let took = started.elapsed().as_secs_f64();
    println!(
        "{name}: indexed {} services in {took:.2} s ({:.0} services/s)",
        docs.len(),
        docs.len() as f64 / took
    );
    for (label, words, near) in [
        ("three facets, no words", false, false),
        ("three facets and a word", true, false),
        ("three facets, nearest first", false, true),
    ] {
        let mut rng = Rng(42);
        let mut times = Vec::with_capacity(1_000);
        let mut found = 0usize;
        for _ in 0..1_000 {
            let q = query(&mut rng, words, near, terms);
            let started = Instant::now();
            let r = engine.search(&q).await.unwrap();
            times.push(started.elapsed());
            found += r.total;
        }
        times.sort();
        println!(
            "{name}: {label}: p50 {:.2} ms, p95 {:.2} ms, p99 {:.2} ms (mean {:.0} matches)",
            percentile(&times, 0.50),
            percentile(&times, 0.95),
            percentile(&times, 0.99),
            found as f64 / 1_000.0
        );
    }
}

#[tokio::main]
async fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let n = if quick { 5_000 } else { 50_000 };
    // The vocabulary as every database holds it.
    let dir = std::env::temp_dir().join(format!("entrust_directory_bench_{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let db = Db::connect(&format!("sqlite://{}/bench.db", dir.display()), 1)
        .await
        .unwrap();
    db.migrate().await.unwrap();
    let terms = store::terms(&db.pool).await.unwrap();
    let docs: Vec<_> = services(n, &terms)
        .iter()
        .map(|r| service_doc(r, &terms))
        .collect();
    println!(
        "directory: {n} services in {} countries ({})",
        COUNTRIES.len(),
        now()
    );
    let index = TantivyIndex::in_memory().unwrap();
    measure(&index, &docs, &terms).await;
    let _ = std::fs::remove_dir_all(&dir);
    match std::env::var("MEILI_URL") {
        Ok(url) => {
            let key = std::env::var("MEILI_KEY").ok();
            let uid = format!("entrust_directory_bench_{}", std::process::id());
            let meili = MeiliIndex::open(&url, key.as_deref(), &uid).await.unwrap();
            measure(&meili, &docs, &terms).await;
            meili.drop_index().await.unwrap();
        }
        Err(_) => println!("meilisearch: skipped (set MEILI_URL to a live server to measure it)"),
    }
}
