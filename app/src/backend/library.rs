//! The library as readers see it: the listing with its facets and a document's page with
//! its contents, other language versions, related documents and the discussions that link
//! to it. Library documents are public; the linking threads go through the access rule.

use crate::backend::Cx;
use sqlx::Row;

use super::access::visible_spaces_sql;
use super::content_import::is_slug;
use super::store::documents;
use super::ServerError;
use crate::markdown;
use crate::model::document::{
    DocumentPage, DocumentVersion, LibraryFilters, LibraryListing, LinkingThread, TocEntry,
};

/// Documents a listing shows at most.
pub const LISTED: i64 = 200;
const KINDS: [&str; 6] = [
    "guideline",
    "manual",
    "standard",
    "best_practice",
    "funding_mechanism",
    "report",
];

fn invalid(what: &str, value: &str) -> ServerError {
    ServerError::Invalid(format!("{what} {value:?} is not one the library knows"))
}

/// Checks the filters (unknown values are refused with a message, never guessed).
pub fn check_filters(f: &LibraryFilters) -> Result<LibraryFilters, ServerError> {
    let mut f = f.clone();
    f.country = f.country.trim().to_string();
    if !f.kind.is_empty() && !KINDS.contains(&f.kind.as_str()) {
        return Err(invalid("kind", &f.kind));
    }
    if !f.language.is_empty() && !["en", "es", "pt", "fr"].contains(&f.language.as_str()) {
        return Err(invalid("language", &f.language));
    }
    if !f.country.is_empty() && f.country != "regional" {
        if f.country.len() != 2 || !f.country.bytes().all(|b| b.is_ascii_alphabetic()) {
            return Err(invalid("country", &f.country));
        }
        f.country = f.country.to_ascii_uppercase();
    }
    if !f.topic.is_empty() && !is_slug(&f.topic) {
        return Err(invalid("topic", &f.topic));
    }
    if !["", "newest", "oldest", "title"].contains(&f.sort.as_str()) {
        return Err(invalid("sort", &f.sort));
    }
    Ok(f)
}

pub async fn listing(cx: &Cx, filters: &LibraryFilters) -> Result<LibraryListing, ServerError> {
    let f = check_filters(filters)?;
    let pool = &cx.db().pool;
    Ok(LibraryListing {
        documents: documents::browse(pool, &f, LISTED).await?,
        kinds: documents::facet(pool, &f, "kind").await?,
        countries: documents::facet(pool, &f, "country").await?,
        languages: documents::facet(pool, &f, "language").await?,
        topics: documents::facet(pool, &f, "topic").await?,
        filters: f,
    })
}

/// The page of `/library/{language}/{name}`.
pub async fn page(cx: &Cx, language: &str, name: &str) -> Result<DocumentPage, ServerError> {
    if !["en", "es", "pt", "fr"].contains(&language) || !is_slug(name) {
        return Err(ServerError::NotFound);
    }
    let slug = format!("{language}/{name}");
    let pool = &cx.db().pool;
    let (id, summary, source, body_html, body_md, key) = documents::by_slug(pool, &slug)
        .await?
        .ok_or(ServerError::NotFound)?;
    let toc = markdown::render_plain(&body_md)
        .headings
        .into_iter()
        .filter(|h| (2..=3).contains(&h.level))
        .map(|h| TocEntry {
            level: h.level,
            id: h.id,
            text: h.text,
        })
        .collect();
    let translations = match &key {
        Some(k) => documents::translations(pool, k, id).await?,
        None => Vec::new(),
    };
    // '-' is never a translation key, so documents without one exclude nothing.
    let related = documents::related(pool, id, language, key.as_deref().unwrap_or("-"), 5).await?;
    let history = super::store::submissions::document_history(pool, id)
        .await?
        .into_iter()
        .map(|(number, approved_by, approved_at)| DocumentVersion {
            number,
            approved_by,
            approved_at,
        })
        .collect();
    Ok(DocumentPage {
        history,
        topics: documents::topics(pool, id).await?,
        threads: linking_threads(cx, &slug).await?,
        summary,
        source,
        body_html,
        toc,
        translations,
        related,
    })
}

/// Threads the viewer may see whose visible posts link to the document at `slug`.
async fn linking_threads(cx: &Cx, slug: &str) -> Result<Vec<LinkingThread>, ServerError> {
    let pattern = format!("%/library/{}%", super::store::spaces::escape_like(slug));
    let sql = format!(
        "SELECT t.id, t.title, s.slug, s.name, MAX(p.created_at) AS latest FROM posts p \
         JOIN threads t ON t.id = p.thread_id JOIN spaces s ON s.id = t.space_id \
         WHERE p.body_md LIKE $1 ESCAPE '\\' AND p.deleted_at IS NULL AND p.hidden = 0 \
         AND t.hidden = 0 AND t.deleted_at IS NULL AND {} \
         GROUP BY t.id, t.title, s.slug, s.name ORDER BY latest DESC LIMIT 10",
        visible_spaces_sql(&cx.viewer)
    );
    let rows = sqlx::query(&sql)
        .bind(pattern)
        .fetch_all(&cx.db().pool)
        .await?;
    rows.iter()
        .map(|r| {
            let id: i64 = r.try_get("id")?;
            let space: String = r.try_get("slug")?;
            Ok(LinkingThread {
                title: r.try_get("title")?,
                url: format!("/spaces/{space}/threads/{id}"),
                space_name: r.try_get("name")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(ServerError::from)
}

/// The most recently published documents (`limit` clamped to 1–100).
pub async fn latest(
    cx: &Cx,
    limit: i64,
) -> Result<Vec<crate::model::document::DocumentSummary>, ServerError> {
    Ok(documents::latest(&cx.db().pool, limit.clamp(1, 100)).await?)
}
