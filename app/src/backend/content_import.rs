//! Imports the library's own documents from `content/` (markdown with front matter, one
//! file per document and language; the format is in `content/README.md`).
//!
//! Runs at start-up and with `entrust import-content`. Idempotent: a file whose bytes did
//! not change since the last import is not touched, a changed file updates its document,
//! a removed file removes its document. A bad file is reported with its path and line and
//! skipped; it never stops the others.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use sqlx::Row;

use super::search::queue;
use super::store::documents::{self, NewDocument};
use super::{Db, ServerError};
use crate::markdown;

const LANGUAGES: [&str; 4] = ["en", "es", "pt", "fr"];
/// Kinds as files write them (hyphens) and as the database stores them (underscores).
const KINDS: [(&str, &str); 6] = [
    ("guideline", "guideline"),
    ("manual", "manual"),
    ("standard", "standard"),
    ("best-practice", "best_practice"),
    ("funding-mechanism", "funding_mechanism"),
    ("report", "report"),
];
/// Largest file read; the library's documents are a few thousand words.
const MAX_FILE_BYTES: u64 = 1 << 20;

/// A file that could not be imported: where, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportError {
    /// Path as given to the importer (e.g. `content/es/guia.md`).
    pub path: String,
    /// 1-based line of the problem (the first line when the whole file is wrong).
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.path, self.line, self.message)
    }
}

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub removed: usize,
    pub errors: Vec<ImportError>,
}

impl std::fmt::Display for ImportReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} added, {} updated, {} unchanged, {} removed, {} with errors",
            self.added,
            self.updated,
            self.unchanged,
            self.removed,
            self.errors.len()
        )
    }
}

/// A parsed document file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContentFile {
    pub title: String,
    pub summary: String,
    /// As stored: `best_practice`, not `best-practice`.
    pub kind: String,
    /// Upper-case ISO code; `None` for regional documents.
    pub country: Option<String>,
    pub language: String,
    pub topics: Vec<String>,
    pub published: String,
    pub source: String,
    pub translation: Option<String>,
    pub body: String,
}

/// The front matter as YAML gives it, before it is checked: every key optional, so a
/// missing one is reported by name and line, and unknown keys refused.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    title: Option<String>,
    summary: Option<String>,
    kind: Option<String>,
    country: Option<String>,
    language: Option<String>,
    topics: Option<Vec<String>>,
    published: Option<String>,
    source: Option<String>,
    translation: Option<String>,
}

/// Parses one file's text. `path` names it in errors; `folder_language` is the language
/// folder it sits in (the front matter must agree). Country codes are checked against
/// `countries`.
pub fn parse(
    path: &str,
    text: &str,
    folder_language: &str,
    countries: &HashSet<String>,
) -> Result<ContentFile, ImportError> {
    let err = |line: usize, message: String| ImportError {
        path: path.to_string(),
        line,
        message,
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (yaml, body, closed_at) = split_front_matter(text).map_err(|m| err(1, m))?;
    // The file's line of a key (the front matter starts on line 2), for errors.
    let line_of = |key: &str, nth: usize| {
        yaml.lines()
            .enumerate()
            .filter(|(_, l)| l.strip_prefix(key).is_some_and(|r| r.starts_with(':')))
            .nth(nth)
            .map_or(closed_at, |(i, _)| i + 2)
    };
    let front: FrontMatter = match serde_norway::from_str::<Option<FrontMatter>>(yaml) {
        Ok(front) => front.unwrap_or_default(),
        Err(e) => {
            let message = e.to_string();
            // The library's own messages end with " at line L column C" of the YAML: the
            // file's line is given in front instead.
            let message = match message.rfind(" at line ") {
                Some(i) => message[..i].to_string(),
                None => message,
            };
            let line = match message.strip_prefix("duplicate field `") {
                Some(rest) => line_of(rest.trim_end_matches('`'), 1),
                None => e.location().map_or(1, |l| l.line() + 1),
            };
            return Err(err(line, format!("front matter: {message}")));
        }
    };
    let required = |key: &str, value: Option<String>| -> Result<(usize, String), ImportError> {
        let line = line_of(key, 0);
        match value.map(|v| v.trim().to_string()) {
            Some(v) if !v.is_empty() => Ok((line, v)),
            Some(_) => Err(err(line, format!("{key:?} is empty"))),
            None => Err(err(closed_at, format!("{key:?} is missing"))),
        }
    };
    let (title_line, title) = required("title", front.title)?;
    if title.chars().count() > 200 {
        return Err(err(
            title_line,
            "the title is longer than 200 characters".into(),
        ));
    }
    let (_, summary) = required("summary", front.summary)?;
    let (kind_line, kind) = required("kind", front.kind)?;
    let kind = KINDS
        .iter()
        .find(|(file, _)| *file == kind)
        .map(|(_, stored)| stored.to_string())
        .ok_or_else(|| {
            err(
                kind_line,
                format!(
                    "unknown kind {kind:?} (expected one of {})",
                    KINDS.map(|(k, _)| k).join(", ")
                ),
            )
        })?;
    let (country_line, country) = required("country", front.country)?;
    let country = if country == "regional" {
        None
    } else {
        let code = country.to_ascii_uppercase();
        if !countries.contains(&code) {
            return Err(err(
                country_line,
                format!("{country:?} is not a country of the Americas' ISO code, nor 'regional'"),
            ));
        }
        Some(code)
    };
    let (language_line, language) = required("language", front.language)?;
    if !LANGUAGES.contains(&language.as_str()) {
        return Err(err(
            language_line,
            format!("unknown language {language:?} (expected en, es, pt or fr)"),
        ));
    }
    if language != folder_language {
        return Err(err(
            language_line,
            format!("language {language:?} but the file is in the {folder_language:?} folder"),
        ));
    }
    let Some(topics) = front.topics else {
        return Err(err(closed_at, "\"topics\" is missing".into()));
    };
    let topics = check_topics(topics).map_err(|m| err(line_of("topics", 0), m))?;
    let (published_line, published) = required("published", front.published)?;
    if !valid_date(&published) {
        return Err(err(
            published_line,
            format!("published {published:?} is not a date written YYYY-MM-DD"),
        ));
    }
    let (_, source) = required("source", front.source)?;
    let translation = match front.translation {
        Some(key) if !is_slug(&key) => {
            return Err(err(
                line_of("translation", 0),
                format!("translation key {key:?} must be lower-case letters, digits and hyphens"),
            ));
        }
        key => key,
    };
    let mut body = body.trim();
    // A leading "# Title" repeats the front matter's title, which the page shows already.
    if body.starts_with("# ") {
        body = body
            .split_once('\n')
            .map_or("", |(_, rest)| rest)
            .trim_start();
    }
    if body.is_empty() {
        return Err(err(
            closed_at,
            "the document has no text after its front matter".into(),
        ));
    }
    Ok(ContentFile {
        title,
        summary,
        kind,
        country,
        language,
        topics,
        published,
        source,
        translation,
        body: body.to_string(),
    })
}

/// The front matter between the opening and closing `---` lines, the text after it, and
/// the closing line's number.
fn split_front_matter(text: &str) -> Result<(&str, &str, usize), String> {
    let Some(rest) = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
    else {
        return Err("the file must start with a '---' line opening its front matter".into());
    };
    let mut offset = 0;
    for (index, line) in rest.split_inclusive('\n').enumerate() {
        if line.trim_end() == "---" {
            return Ok((&rest[..offset], &rest[offset + line.len()..], index + 2));
        }
        offset += line.len();
    }
    Err("the front matter is never closed by a '---' line".into())
}

/// One to eight distinct topics, each a slug; repeats are dropped.
fn check_topics(list: Vec<String>) -> Result<Vec<String>, String> {
    let mut topics: Vec<String> = Vec::new();
    for topic in list.iter().map(|t| t.trim()).filter(|t| !t.is_empty()) {
        if !is_slug(topic) {
            return Err(format!(
                "topic {topic:?} must be lower-case letters, digits and hyphens"
            ));
        }
        if !topics.iter().any(|t| t == topic) {
            topics.push(topic.to_string());
        }
    }
    if topics.is_empty() {
        return Err("topics must name at least one topic".into());
    }
    Ok(topics)
}

/// Lower-case ASCII letters, digits and inner hyphens, 1–64 characters.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && !s.starts_with('-')
        && !s.ends_with('-')
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// `YYYY-MM-DD` naming a real day.
pub fn valid_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return false;
    };
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return false;
    }
    let (Ok(y), Ok(m), Ok(d)) = (y.parse::<u32>(), m.parse::<u32>(), d.parse::<u32>()) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1900..=2100).contains(&y) && (1..=days).contains(&d)
}

/// The markdown files under `dir`'s language folders, sorted (so reports are stable).
fn content_files(dir: &Path) -> std::io::Result<Vec<(String, PathBuf)>> {
    let mut files = Vec::new();
    for language in LANGUAGES {
        let folder = dir.join(language);
        let entries = match std::fs::read_dir(&folder) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e),
        };
        for entry in entries {
            let path = entry?.path();
            if path.extension().is_some_and(|e| e == "md") && path.is_file() {
                files.push((language.to_string(), path));
            }
        }
    }
    files.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(files)
}

/// Imports every document under `dir` (its `en/`, `es/`, `pt/`, `fr/` folders).
pub async fn import_dir(db: &Db, dir: &Path, now: i64) -> Result<ImportReport, ServerError> {
    let files = content_files(dir).map_err(|e| {
        ServerError::Internal(format!(
            "cannot read the content folder {}: {e}",
            dir.display()
        ))
    })?;
    let countries: HashSet<String> = sqlx::query("SELECT code FROM countries")
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| r.try_get::<String, _>("code"))
        .collect::<Result<_, _>>()?;
    let known = documents::imported(&db.pool).await?;
    let mut report = ImportReport::default();
    let mut seen = HashSet::new();
    for (language, path) in files {
        let label = path.display().to_string();
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_string();
        let key = format!("{language}/{stem}");
        seen.insert(key.clone());
        if !is_slug(&stem) {
            report.errors.push(ImportError {
                path: label,
                line: 1,
                message: "file names must be lower-case letters, digits and hyphens".into(),
            });
            continue;
        }
        let bytes = match read_limited(&path) {
            Ok(b) => b,
            Err(message) => {
                report.errors.push(ImportError {
                    path: label,
                    line: 1,
                    message,
                });
                continue;
            }
        };
        let hash = hex(&Sha256::digest(&bytes));
        let existing = known.get(&key);
        if existing.is_some_and(|(_, h)| *h == hash) {
            report.unchanged += 1;
            continue;
        }
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                let line = 1 + e.as_bytes()[..e.utf8_error().valid_up_to()]
                    .iter()
                    .filter(|b| **b == b'\n')
                    .count();
                report.errors.push(ImportError {
                    path: label,
                    line,
                    message: "the file is not valid UTF-8".into(),
                });
                continue;
            }
        };
        let file = match parse(&label, &text, &language, &countries) {
            Ok(f) => f,
            Err(e) => {
                report.errors.push(e);
                continue;
            }
        };
        let body_html = markdown::render_plain(&file.body).html;
        let new = NewDocument {
            slug: &key,
            title: &file.title,
            summary: &file.summary,
            kind: &file.kind,
            country: file.country.as_deref(),
            language: &file.language,
            published_on: &file.published,
            source: &file.source,
            translation_key: file.translation.as_deref(),
            body_md: &file.body,
            body_html: &body_html,
            topics: &file.topics,
        };
        let mut tx = db.pool.begin().await?;
        let written = match existing {
            Some((id, _)) => documents::update(&mut tx, *id, &new, now)
                .await
                .map(|()| *id),
            None => documents::insert(&mut tx, &new, Some(&key), now).await,
        };
        let id = match written {
            Ok(id) => id,
            Err(e) if is_unique_violation(&e) => {
                report.errors.push(ImportError {
                    path: label,
                    line: 1,
                    message: format!("a library document published through the web already has the address {key:?}"),
                });
                continue;
            }
            Err(e) => return Err(e.into()),
        };
        documents::set_content_hash(&mut *tx, id, &hash).await?;
        queue::enqueue(&mut *tx, queue::Entity::Document(id), now).await?;
        tx.commit().await?;
        db.search_queued();
        if existing.is_some() {
            report.updated += 1;
        } else {
            report.added += 1;
        }
    }
    for (key, (id, _)) in &known {
        if !seen.contains(key) {
            let mut tx = db.pool.begin().await?;
            documents::delete(&mut *tx, *id).await?;
            queue::enqueue(&mut *tx, queue::Entity::Document(*id), now).await?;
            tx.commit().await?;
            db.search_queued();
            report.removed += 1;
        }
    }
    Ok(report)
}

fn read_limited(path: &Path) -> Result<Vec<u8>, String> {
    let size = std::fs::metadata(path)
        .map_err(|e| format!("cannot read the file: {e}"))?
        .len();
    if size > MAX_FILE_BYTES {
        return Err(format!(
            "the file is {size} bytes; the limit is {MAX_FILE_BYTES}"
        ));
    }
    std::fs::read(path).map_err(|e| format!("cannot read the file: {e}"))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.is_unique_violation())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn countries() -> HashSet<String> {
        ["CO", "MX", "BR"].iter().map(|c| c.to_string()).collect()
    }

    const GOOD: &str = "---\ntitle: Guía\nsummary: Resumen.\nkind: best-practice\ncountry: co\n\
        language: es\ntopics: [planning, levels-of-care, planning]\npublished: 2026-02-28\n\
        source: \"CICAD: guía\"\ntranslation: guide\n---\n\n# Guía\n\nTexto.\n";

    #[test]
    fn a_good_file_parses() {
        let f = parse("es/guia.md", GOOD, "es", &countries()).map_err(|e| e.to_string());
        let f = f.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(f.kind, "best_practice");
        assert_eq!(f.country.as_deref(), Some("CO"));
        assert_eq!(f.topics, vec!["planning", "levels-of-care"]);
        assert_eq!(f.source, "CICAD: guía");
        assert_eq!(f.translation.as_deref(), Some("guide"));
        assert_eq!(f.body, "Texto.", "the leading title heading is dropped");
        // Any YAML spelling of the same values reads the same.
        let block = GOOD.replace(
            "topics: [planning, levels-of-care, planning]",
            "topics:\n  - planning\n  - levels-of-care",
        );
        let g = parse("es/guia.md", &block, "es", &countries()).map_err(|e| e.to_string());
        assert_eq!(g.unwrap_or_else(|e| panic!("{e}")).topics, f.topics);
    }

    fn error_of(text: &str) -> String {
        match parse("es/x.md", text, "es", &countries()) {
            Ok(_) => panic!("accepted: {text}"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn bad_front_matter_names_file_and_line() {
        assert_eq!(
            error_of(&GOOD.replace("kind: best-practice", "kind: poster")),
            "es/x.md:4: unknown kind \"poster\" (expected one of guideline, manual, standard, \
             best-practice, funding-mechanism, report)"
        );
        assert!(error_of(&GOOD.replace("country: co", "country: FR")).starts_with("es/x.md:5: "));
        assert!(error_of(&GOOD.replace("language: es", "language: en")).starts_with("es/x.md:6: "));
        assert_eq!(
            error_of(&GOOD.replace("[planning, levels-of-care, planning]", "planning")),
            "es/x.md:7: front matter: topics: invalid type: string \"planning\", expected a sequence"
        );
        assert!(
            error_of(&GOOD.replace("[planning, levels-of-care, planning]", "[Planning]"))
                .starts_with("es/x.md:7: topic \"Planning\"")
        );
        assert!(error_of(&GOOD.replace("2026-02-28", "2026-02-30")).starts_with("es/x.md:8: "));
        assert!(error_of(&GOOD.replace("title: Guía\n", ""))
            .starts_with("es/x.md:10: \"title\" is missing"));
        assert!(error_of(&GOOD.replace("summary:", "resumen:"))
            .starts_with("es/x.md:3: front matter: unknown field `resumen`"));
        assert_eq!(
            error_of(&GOOD.replace("source:", "title:")),
            "es/x.md:9: front matter: duplicate field `title`"
        );
        assert!(error_of(&GOOD.replace("summary: Resumen.", "summary: [a"))
            .starts_with("es/x.md:3: front matter: "));
        assert!(
            error_of(&GOOD.replace("summary: Resumen.", "summary: \"\""))
                .starts_with("es/x.md:3: \"summary\" is empty")
        );
        assert!(error_of(&GOOD.replacen("---\n", "", 1)).starts_with("es/x.md:1: "));
        assert!(error_of("---\ntitle: x\n").contains("never closed"));
        assert!(error_of(&GOOD.replace("# Guía\n\nTexto.\n", "")).contains("no text"));
    }

    #[test]
    fn dates_are_real_days() {
        assert!(valid_date("2024-02-29"));
        assert!(!valid_date("2023-02-29"));
        assert!(!valid_date("2023-13-01"));
        assert!(!valid_date("23-01-01"));
        assert!(!valid_date("2023-1-01"));
    }
}
