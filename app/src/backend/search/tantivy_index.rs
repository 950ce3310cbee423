//! The embedded search engine: a tantivy index in `./data/search/` (or in memory for tests
//! and benchmarks).
//!
//! Every item's title and text are indexed twice: language-neutrally (lower case, accents
//! folded; matched exactly, with typos and as prefixes) and, for library documents, stemmed
//! in their own language (English, Spanish, Portuguese, French), so `tratamientos` finds
//! `tratamiento`. Titles weigh more than text, exact words more than typo matches. Access
//! tokens and facets are plain indexed terms, and the query requires them.

use std::path::Path;
use std::sync::{Arc, Mutex};

use tantivy::collector::{Count, FacetCollector, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::{
    Facet, FacetOptions, Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value,
    FAST, STORED, STRING,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    TextAnalyzer,
};
use tantivy::{
    DocAddress, Index, IndexReader, IndexWriter, Order, ReloadPolicy, TantivyDocument, Term,
};

use super::query::{self, neutral_analyzer, typo_budget};
use super::snippet::snippet;
use super::{
    Access, Hit, ItemKind, SearchDoc, SearchError, SearchIndex, SearchQuery, SearchResults, Sort,
    FACETS, MAX_LIMIT, SERVICE_FACETS,
};

/// Written beside the index; a different value means the schema changed and the index is
/// rebuilt from the database.
const SCHEMA_VERSION: &str = "entrust-search-2";
const VERSION_FILE: &str = "entrust-schema-version";
const LANGUAGES: [(&str, Language); 4] = [
    ("en", Language::English),
    ("es", Language::Spanish),
    ("pt", Language::Portuguese),
    ("fr", Language::French),
];
/// Facet values listed per facet (the most frequent).
const FACET_VALUES: usize = 60;
/// Memory the writer may buffer before flushing a segment.
const WRITER_HEAP: usize = 64 * 1024 * 1024;

/// Clauses of a boolean query.
type Clauses = Vec<(Occur, Box<dyn Query>)>;
/// What one run of a query collected: how many matched, the shown hits (with their date
/// when sorted by it), and the facet counts.
type Found = (
    usize,
    Vec<(DocAddress, i64)>,
    tantivy::collector::FacetCounts,
);

struct Fields {
    key: Field,
    kind: Field,
    title: Field,
    text: Field,
    /// (language, stemmed title, stemmed text)
    stemmed: Vec<(&'static str, Field, Field)>,
    access: Field,
    facets: Field,
    date: Field,
    /// A service's place (degrees), for sorting by distance.
    lat: Field,
    lon: Field,
    /// JSON of what a result line shows and is not searched.
    meta: Field,
}

struct Inner {
    reader: IndexReader,
    writer: Mutex<IndexWriter>,
    fields: Fields,
}

/// Cheap to clone: clones share one index.
#[derive(Clone)]
pub struct TantivyIndex {
    inner: Arc<Inner>,
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let neutral = TextOptions::default().set_stored().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer("folded")
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let key = b.add_text_field("key", STRING | STORED);
    let kind = b.add_text_field("kind", STRING | STORED);
    let title = b.add_text_field("title", neutral.clone());
    let text = b.add_text_field("text", neutral);
    let stemmed = LANGUAGES
        .iter()
        .map(|(lang, _)| {
            let options = TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(&format!("stem_{lang}"))
                    .set_index_option(IndexRecordOption::WithFreqs),
            );
            let t = b.add_text_field(&format!("title_{lang}"), options.clone());
            let x = b.add_text_field(&format!("text_{lang}"), options);
            (*lang, t, x)
        })
        .collect();
    let access = b.add_text_field("access", STRING);
    let facets = b.add_facet_field("facets", FacetOptions::default());
    let date = b.add_i64_field("date", FAST | STORED);
    let lat = b.add_f64_field("lat", FAST);
    let lon = b.add_f64_field("lon", FAST);
    let meta = b.add_text_field("meta", STORED);
    (
        b.build(),
        Fields {
            key,
            kind,
            title,
            text,
            stemmed,
            access,
            facets,
            date,
            lat,
            lon,
            meta,
        },
    )
}

fn stem_analyzer(language: Language) -> TextAnalyzer {
    // Stem before folding accents: the Snowball stemmers expect the real spelling.
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(Stemmer::new(language))
        .filter(AsciiFoldingFilter)
        .build()
}

fn register_analyzers(index: &Index) {
    index.tokenizers().register("folded", neutral_analyzer());
    for (lang, language) in LANGUAGES {
        index
            .tokenizers()
            .register(&format!("stem_{lang}"), stem_analyzer(language));
    }
}

fn index_error(e: impl std::fmt::Display) -> SearchError {
    SearchError::Index(e.to_string())
}

/// What a result line needs that is not searched.
#[derive(serde::Serialize, serde::Deserialize)]
struct Meta {
    url: String,
    context: String,
    language: Option<String>,
    country: Option<String>,
    doc_kind: Option<String>,
}

impl TantivyIndex {
    /// Opens the index in `dir`, creating it when missing or when its schema is older.
    /// The flag is true when the index was (re)created and must be filled from the database.
    pub fn open(dir: &Path) -> Result<(TantivyIndex, bool), SearchError> {
        let (schema, fields) = schema();
        let version = std::fs::read_to_string(dir.join(VERSION_FILE)).unwrap_or_default();
        let current = version.trim() == SCHEMA_VERSION;
        let index = if current {
            Index::open_in_dir(dir).map_err(index_error)?
        } else {
            if dir.exists() {
                std::fs::remove_dir_all(dir).map_err(index_error)?;
            }
            std::fs::create_dir_all(dir).map_err(index_error)?;
            let index = Index::create_in_dir(dir, schema).map_err(index_error)?;
            std::fs::write(dir.join(VERSION_FILE), SCHEMA_VERSION).map_err(index_error)?;
            index
        };
        let writer = index
            .writer_with_num_threads(2, WRITER_HEAP)
            .map_err(|e| match e {
                tantivy::TantivyError::LockFailure(..) => SearchError::Unavailable(format!(
                    "the search index in {} is in use by another process (several server \
                     processes need Meilisearch: set MEILI_URL)",
                    dir.display()
                )),
                e => index_error(e),
            })?;
        Ok((Self::with(index, writer, fields)?, !current))
    }

    /// An index held in memory (tests, benchmarks).
    pub fn in_memory() -> Result<TantivyIndex, SearchError> {
        let (schema, fields) = schema();
        let index = Index::create_in_ram(schema);
        let writer = index
            .writer_with_num_threads(2, WRITER_HEAP)
            .map_err(index_error)?;
        Self::with(index, writer, fields)
    }

    fn with(
        index: Index,
        writer: IndexWriter,
        fields: Fields,
    ) -> Result<TantivyIndex, SearchError> {
        register_analyzers(&index);
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(index_error)?;
        Ok(TantivyIndex {
            inner: Arc::new(Inner {
                reader,
                writer: Mutex::new(writer),
                fields,
            }),
        })
    }

    fn to_document(&self, doc: &SearchDoc) -> Result<TantivyDocument, SearchError> {
        let f = &self.inner.fields;
        let mut d = TantivyDocument::default();
        d.add_text(f.key, &doc.key);
        d.add_text(f.kind, doc.kind.as_str());
        d.add_text(f.title, &doc.title);
        d.add_text(f.text, &doc.text);
        if let Some(lang) = &doc.language {
            if let Some((_, t, x)) = f.stemmed.iter().find(|(l, _, _)| l == lang) {
                d.add_text(*t, &doc.title);
                d.add_text(*x, &doc.text);
            }
        }
        d.add_text(f.access, &doc.access);
        let mut facet = |name: &str, value: &str| {
            d.add_facet(f.facets, Facet::from_path([name, value]));
        };
        facet("kind", doc.kind.as_str());
        for (name, value) in [
            ("language", &doc.language),
            ("country", &doc.country),
            ("doc_kind", &doc.doc_kind),
            ("space", &doc.space),
        ] {
            if let Some(v) = value {
                facet(name, v);
            }
        }
        for topic in &doc.topics {
            facet("topics", topic);
        }
        for (name, values) in doc.service.pairs() {
            for v in values {
                facet(name, v);
            }
        }
        if let Some(geo) = doc.service.geo {
            d.add_f64(f.lat, geo.lat);
            d.add_f64(f.lon, geo.lng);
        }
        d.add_i64(f.date, doc.date);
        let meta = Meta {
            url: doc.url.clone(),
            context: doc.context.clone(),
            language: doc.language.clone(),
            country: doc.country.clone(),
            doc_kind: doc.doc_kind.clone(),
        };
        d.add_text(f.meta, serde_json::to_string(&meta).map_err(index_error)?);
        Ok(d)
    }

    /// Applies a change under the writer lock, commits, and makes it visible to searches.
    fn write(
        &self,
        change: impl FnOnce(&IndexWriter, &Fields) -> Result<(), SearchError>,
    ) -> Result<(), SearchError> {
        let mut writer = self
            .inner
            .writer
            .lock()
            .map_err(|_| SearchError::Index("the index writer was poisoned".into()))?;
        change(&writer, &self.inner.fields)?;
        writer.commit().map_err(index_error)?;
        self.inner.reader.reload().map_err(index_error)
    }

    /// The query for the words and phrases typed (the text part of a search).
    fn text_query(
        &self,
        parsed: &query::Parsed,
        prefix: bool,
        all_words: bool,
    ) -> Option<Box<dyn Query>> {
        let f = &self.inner.fields;
        let mut groups: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let last = parsed.words.len().saturating_sub(1);
        for (i, (word, original)) in parsed.words.iter().zip(&parsed.originals).enumerate() {
            let mut any: Vec<(Occur, Box<dyn Query>)> = Vec::new();
            let mut add = |q: Box<dyn Query>, boost: f32| {
                any.push((Occur::Should, Box::new(BoostQuery::new(q, boost))));
            };
            for (field, boost) in [(f.title, 4.0), (f.text, 1.0)] {
                let term = Term::from_field_text(field, word);
                add(
                    Box::new(TermQuery::new(term.clone(), IndexRecordOption::WithFreqs)),
                    boost,
                );
                let budget = typo_budget(word);
                if budget > 0 {
                    add(
                        Box::new(FuzzyTermQuery::new(term.clone(), budget, true)),
                        boost * 0.3,
                    );
                }
                if prefix && parsed.last_is_partial && i == last {
                    add(
                        Box::new(FuzzyTermQuery::new_prefix(term, 0, true)),
                        boost * 0.6,
                    );
                }
            }
            for ((lang, language), (_, title, text)) in LANGUAGES.iter().zip(&f.stemmed) {
                let _ = lang;
                let mut analyzer = stem_analyzer(*language);
                let mut stream = analyzer.token_stream(original);
                while let Some(token) = stream.next() {
                    for (field, boost) in [(*title, 3.0), (*text, 1.2)] {
                        let term = Term::from_field_text(field, &token.text);
                        add(
                            Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs)),
                            boost,
                        );
                    }
                }
            }
            groups.push((Occur::Should, Box::new(BooleanQuery::new(any))));
        }
        let occur = if all_words {
            Occur::Must
        } else {
            Occur::Should
        };
        let mut clauses: Vec<(Occur, Box<dyn Query>)> =
            groups.into_iter().map(|(_, q)| (occur, q)).collect();
        for phrase in &parsed.phrases {
            let terms = phrase
                .iter()
                .map(|w| Term::from_field_text(f.text, w))
                .collect();
            clauses.push((Occur::Must, Box::new(PhraseQuery::new(terms))));
        }
        (!clauses.is_empty()).then(|| Box::new(BooleanQuery::new(clauses)) as Box<dyn Query>)
    }

    fn filter_clauses(&self, q: &SearchQuery) -> Result<Clauses, SearchError> {
        let f = &self.inner.fields;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        if let Access::Tokens(tokens) = &q.access {
            let any: Vec<(Occur, Box<dyn Query>)> = tokens
                .iter()
                .map(|t| {
                    let q: Box<dyn Query> = Box::new(TermQuery::new(
                        Term::from_field_text(f.access, t),
                        IndexRecordOption::Basic,
                    ));
                    (Occur::Should, q)
                })
                .collect();
            clauses.push((Occur::Must, Box::new(BooleanQuery::new(any))));
        }
        for (name, value) in super::filter_pairs(&q.filters)? {
            let term = Term::from_facet(f.facets, &Facet::from_path([name, value.as_str()]));
            clauses.push((
                Occur::Must,
                Box::new(TermQuery::new(term, IndexRecordOption::Basic)),
            ));
        }
        Ok(clauses)
    }

    fn run(
        &self,
        searcher: &tantivy::Searcher,
        q: &SearchQuery,
        text: Option<Box<dyn Query>>,
    ) -> Result<Found, SearchError> {
        let mut clauses = self.filter_clauses(q)?;
        clauses.push((Occur::Must, text.unwrap_or_else(|| Box::new(AllQuery))));
        let query = BooleanQuery::new(clauses);
        let mut facets = FacetCollector::for_field("facets");
        for name in FACETS.iter().chain(&SERVICE_FACETS) {
            facets.add_facet(Facet::from_path([name]));
        }
        let top = TopDocs::with_limit(q.limit.clamp(1, MAX_LIMIT)).and_offset(q.offset);
        let newest = q.sort == Sort::Newest || (q.text.trim().is_empty() && q.near.is_none());
        let (addresses, total, counts) = match (q.sort, q.near) {
            (Sort::Distance, Some(from)) => {
                // Nearest first: the score is minus the distance; items without a place
                // come last.
                let top = top.tweak_score(move |segment: &tantivy::SegmentReader| {
                    let lat = segment.fast_fields().f64("lat").ok();
                    let lon = segment.fast_fields().f64("lon").ok();
                    move |doc: tantivy::DocId, _score: tantivy::Score| {
                        let at = lat
                            .as_ref()
                            .and_then(|c| c.first(doc))
                            .zip(lon.as_ref().and_then(|c| c.first(doc)));
                        at.map_or(f64::NEG_INFINITY, |p| -super::distance_km(from, p))
                    }
                });
                let (hits, total, counts) = searcher
                    .search(&query, &(top, Count, facets))
                    .map_err(index_error)?;
                (
                    hits.into_iter().map(|(_, a)| (a, 0)).collect::<Vec<_>>(),
                    total,
                    counts,
                )
            }
            _ if newest => {
                let top = top.order_by_fast_field::<i64>("date", Order::Desc);
                let (hits, total, counts) = searcher
                    .search(&query, &(top, Count, facets))
                    .map_err(index_error)?;
                (
                    hits.into_iter().map(|(d, a)| (a, d.unwrap_or(0))).collect(),
                    total,
                    counts,
                )
            }
            _ => {
                let top = top.order_by_score();
                let (hits, total, counts) = searcher
                    .search(&query, &(top, Count, facets))
                    .map_err(index_error)?;
                (
                    hits.into_iter().map(|(_, a)| (a, 0)).collect::<Vec<_>>(),
                    total,
                    counts,
                )
            }
        };
        Ok((total, addresses, counts))
    }
}

impl SearchIndex for TantivyIndex {
    fn name(&self) -> &'static str {
        "tantivy"
    }

    async fn upsert(&self, docs: Vec<SearchDoc>) -> Result<(), SearchError> {
        let this = self.clone();
        tokio::task::spawn_blocking(move || {
            let prepared = docs
                .iter()
                .map(|d| Ok((d.key.clone(), this.to_document(d)?)))
                .collect::<Result<Vec<_>, SearchError>>()?;
            this.write(|writer, f| {
                for (key, doc) in prepared {
                    writer.delete_term(Term::from_field_text(f.key, &key));
                    writer.add_document(doc).map_err(index_error)?;
                }
                Ok(())
            })
        })
        .await
        .map_err(index_error)?
    }

    async fn delete(&self, keys: Vec<String>) -> Result<(), SearchError> {
        let this = self.clone();
        tokio::task::spawn_blocking(move || {
            this.write(|writer, f| {
                for key in keys {
                    writer.delete_term(Term::from_field_text(f.key, &key));
                }
                Ok(())
            })
        })
        .await
        .map_err(index_error)?
    }

    async fn clear(&self) -> Result<(), SearchError> {
        let this = self.clone();
        tokio::task::spawn_blocking(move || {
            this.write(|writer, _| {
                writer
                    .delete_all_documents()
                    .map(|_| ())
                    .map_err(index_error)
            })
        })
        .await
        .map_err(index_error)?
    }

    async fn search(&self, q: &SearchQuery) -> Result<SearchResults, SearchError> {
        // Matching, ranking and snippets are CPU work: on a blocking thread, so a search
        // never holds up the runtime's other requests.
        let (this, q) = (self.clone(), q.clone());
        tokio::task::spawn_blocking(move || this.search_now(&q))
            .await
            .map_err(index_error)?
    }
}

impl TantivyIndex {
    /// [`SearchIndex::search`], on the calling thread.
    fn search_now(&self, q: &SearchQuery) -> Result<SearchResults, SearchError> {
        let parsed = query::parse(&q.text);
        if parsed.is_empty() && !q.text.trim().is_empty() {
            // Only punctuation or words too long to index: nothing can match.
            return Ok(SearchResults::default());
        }
        // One searcher for both tries and the stored fields: a commit in between cannot
        // shift the addresses.
        let searcher = self.inner.reader.searcher();
        let mut found = self.run(&searcher, q, self.text_query(&parsed, q.prefix, true))?;
        if found.0 == 0 && parsed.words.len() > 1 {
            // No item has every word: rank the items that have some of them.
            found = self.run(&searcher, q, self.text_query(&parsed, q.prefix, false))?;
        }
        let (total, addresses, counts) = found;
        let f = &self.inner.fields;
        let words = parsed.all_words();
        let mut hits = Vec::with_capacity(addresses.len());
        for (address, _) in addresses {
            let doc: TantivyDocument = searcher.doc(address).map_err(index_error)?;
            let text = |field: Field| {
                doc.get_first(field)
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default()
            };
            let meta: Meta = serde_json::from_str(&text(f.meta)).map_err(index_error)?;
            let body = text(f.text);
            hits.push(Hit {
                key: text(f.key),
                kind: ItemKind::parse(&text(f.kind)).unwrap_or(ItemKind::Post),
                title: text(f.title),
                url: meta.url,
                snippet_html: snippet(&body, &words, q.prefix && parsed.last_is_partial),
                context: meta.context,
                language: meta.language,
                country: meta.country,
                doc_kind: meta.doc_kind,
                date: doc.get_first(f.date).and_then(|v| v.as_i64()).unwrap_or(0),
            });
        }
        let mut facets = std::collections::BTreeMap::new();
        for name in FACETS.iter().chain(&SERVICE_FACETS) {
            let mut values = std::collections::BTreeMap::new();
            for (facet, count) in counts.top_k(format!("/{name}").as_str(), FACET_VALUES) {
                if let Some(value) = facet.to_path().last() {
                    values.insert(value.to_string(), count);
                }
            }
            facets.insert(name.to_string(), values);
        }
        Ok(SearchResults {
            total,
            hits,
            facets,
        })
    }
}
