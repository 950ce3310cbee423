//! Reads what the index should hold from the database: library documents, threads (title
//! and opening post), replies and drafts (title and current revision), each with the access
//! token of where it lives. Hidden and deleted things are not searchable, so for them the
//! answer is "delete this key".

use std::collections::{HashMap, HashSet};

use sqlx::{any::AnyRow, Any, Executor, Row};

use super::queue::Entity;
use super::{space_access, ItemKind, SearchDoc};
use crate::backend::Db;
use crate::markdown::plain_text;

/// Items loaded per statement during a full re-index.
pub const BATCH: i64 = 500;

/// Which rows a loader reads.
#[derive(Clone, Copy, Debug)]
enum Scope {
    Id(i64),
    Thread(i64),
    Space(i64),
    /// Keyset page for re-indexing: ids after this one, [`BATCH`] at a time.
    After(i64),
}

/// What the index must do for one queued entity.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Change {
    pub upsert: Vec<SearchDoc>,
    pub delete: Vec<String>,
}

impl Change {
    fn with_candidates(upsert: Vec<SearchDoc>, candidates: Vec<String>) -> Change {
        let kept: HashSet<&str> = upsert.iter().map(|d| d.key.as_str()).collect();
        let delete = candidates
            .into_iter()
            .filter(|k| !kept.contains(k.as_str()))
            .collect();
        Change { upsert, delete }
    }

    pub fn extend(&mut self, other: Change) {
        self.upsert.extend(other.upsert);
        self.delete.extend(other.delete);
    }
}

pub fn key(kind: ItemKind, id: i64) -> String {
    format!("{}-{id}", kind.as_str())
}

/// The current state of `entity` as index changes.
pub async fn change_for(db: &Db, entity: Entity) -> Result<Change, sqlx::Error> {
    let pool = &db.pool;
    Ok(match entity {
        Entity::Document(id) => Change::with_candidates(
            documents(pool, Scope::Id(id)).await?,
            vec![key(ItemKind::Document, id)],
        ),
        Entity::Draft(id) => Change::with_candidates(
            drafts(pool, Scope::Id(id)).await?,
            vec![key(ItemKind::Draft, id)],
        ),
        Entity::Plan(id) => Change::with_candidates(
            plans(pool, Scope::Id(id)).await?,
            vec![key(ItemKind::Plan, id)],
        ),
        Entity::Service(id) => Change::with_candidates(
            services(pool, Scope::Id(id)).await?,
            vec![key(ItemKind::Service, id)],
        ),
        Entity::Post(id) => {
            let row = sqlx::query("SELECT thread_id, seq FROM posts WHERE id = $1")
                .bind(id)
                .fetch_optional(pool)
                .await?;
            match row {
                // The opening post is the thread's own text.
                Some(r) if r.try_get::<i64, _>("seq")? == 1 => {
                    let thread: i64 = r.try_get("thread_id")?;
                    Change::with_candidates(
                        threads(pool, Scope::Id(thread)).await?,
                        vec![key(ItemKind::Thread, thread)],
                    )
                }
                _ => Change::with_candidates(
                    posts(pool, Scope::Id(id)).await?,
                    vec![key(ItemKind::Post, id)],
                ),
            }
        }
        Entity::Thread(id) => {
            let mut upsert = threads(pool, Scope::Id(id)).await?;
            upsert.extend(posts(pool, Scope::Thread(id)).await?);
            let mut candidates = vec![key(ItemKind::Thread, id)];
            candidates.extend(
                ids(pool, "SELECT id FROM posts WHERE thread_id = $1", id)
                    .await?
                    .into_iter()
                    .map(|p| key(ItemKind::Post, p)),
            );
            Change::with_candidates(upsert, candidates)
        }
        Entity::Space(id) => {
            let mut upsert = threads(pool, Scope::Space(id)).await?;
            upsert.extend(posts(pool, Scope::Space(id)).await?);
            upsert.extend(drafts(pool, Scope::Space(id)).await?);
            upsert.extend(plans(pool, Scope::Space(id)).await?);
            let mut candidates = Vec::new();
            for (kind, sql) in [
                (
                    ItemKind::Thread,
                    "SELECT id FROM threads WHERE space_id = $1",
                ),
                (
                    ItemKind::Post,
                    "SELECT p.id FROM posts p JOIN threads t ON t.id = p.thread_id \
                     WHERE t.space_id = $1",
                ),
                (ItemKind::Draft, "SELECT id FROM drafts WHERE space_id = $1"),
                (ItemKind::Plan, "SELECT id FROM plans WHERE space_id = $1"),
            ] {
                candidates.extend(ids(pool, sql, id).await?.into_iter().map(|i| key(kind, i)));
            }
            Change::with_candidates(upsert, candidates)
        }
    })
}

/// Everything searchable of one kind, [`BATCH`] items after `after` (by id); the last id
/// read comes back for the next call (`None` when done).
pub async fn page(
    db: &Db,
    kind: ItemKind,
    after: i64,
) -> Result<(Vec<SearchDoc>, Option<i64>), sqlx::Error> {
    let pool = &db.pool;
    let (table, docs) = match kind {
        ItemKind::Document => ("documents", documents(pool, Scope::After(after)).await?),
        ItemKind::Thread => ("threads", threads(pool, Scope::After(after)).await?),
        ItemKind::Post => ("posts", posts(pool, Scope::After(after)).await?),
        ItemKind::Draft => ("drafts", drafts(pool, Scope::After(after)).await?),
        ItemKind::Plan => ("plans", plans(pool, Scope::After(after)).await?),
        ItemKind::Service => ("services", services(pool, Scope::After(after)).await?),
    };
    // The next page starts after the last row of this id range, searchable or not (a
    // range of hidden rows must not end the walk early).
    let sql = format!(
        "SELECT MAX(id) AS last FROM (SELECT id FROM {table} WHERE id > $1 ORDER BY id LIMIT $2) x"
    );
    let last: Option<i64> = sqlx::query(&sql)
        .bind(after)
        .bind(BATCH)
        .fetch_one(pool)
        .await?
        .try_get("last")?;
    Ok((docs, last))
}

/// How many rows of each kind exist (the progress bar's total).
pub async fn total(db: &Db) -> Result<i64, sqlx::Error> {
    let row = sqlx::query(
        "SELECT (SELECT COUNT(*) FROM documents) + (SELECT COUNT(*) FROM threads) \
         + (SELECT COUNT(*) FROM posts) + (SELECT COUNT(*) FROM drafts) \
         + (SELECT COUNT(*) FROM services) AS n",
    )
    .fetch_one(&db.pool)
    .await?;
    row.try_get("n")
}

async fn ids<'e>(
    db: impl Executor<'e, Database = Any>,
    sql: &str,
    id: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query(sql)
        .bind(id)
        .fetch_all(db)
        .await?
        .iter()
        .map(|r| r.try_get(0))
        .collect()
}

/// `WHERE` condition and bound value of a scope over `table` aliased `alias`. A re-index
/// page takes the next [`BATCH`] ids of the table, searchable or not, as `page` expects.
fn condition(
    scope: Scope,
    table: &str,
    alias: &str,
    thread_column: &str,
    space_column: &str,
) -> (String, i64) {
    match scope {
        Scope::Id(id) => (format!("{alias}.id = $1"), id),
        Scope::Thread(id) => (format!("{thread_column} = $1"), id),
        Scope::Space(id) => (format!("{space_column} = $1"), id),
        Scope::After(id) => (
            format!(
                "{alias}.id IN (SELECT id FROM {table} WHERE id > $1 ORDER BY id LIMIT {BATCH})"
            ),
            id,
        ),
    }
}

async fn documents(pool: &sqlx::AnyPool, scope: Scope) -> Result<Vec<SearchDoc>, sqlx::Error> {
    let (cond, value) = condition(scope, "documents", "d", "-1", "-1");
    let sql = format!(
        "SELECT d.id, d.slug, d.title, d.summary, d.kind, d.country_code, d.language, \
         d.published_on, d.body_md, d.source FROM documents d WHERE {cond} ORDER BY d.id"
    );
    let rows = sqlx::query(&sql).bind(value).fetch_all(pool).await?;
    let ids: Vec<i64> = rows
        .iter()
        .map(|r| r.try_get("id"))
        .collect::<Result<_, _>>()?;
    let topics = topics_of(pool, &ids).await?;
    rows.iter()
        .map(|r| {
            let id: i64 = r.try_get("id")?;
            let slug: String = r.try_get("slug")?;
            let summary: String = r.try_get("summary")?;
            let body: String = r.try_get("body_md")?;
            let published: String = r.try_get("published_on")?;
            Ok(SearchDoc {
                key: key(ItemKind::Document, id),
                kind: ItemKind::Document,
                title: r.try_get("title")?,
                text: format!("{summary}\n{}", plain_text(&body)),
                url: format!("/library/{slug}"),
                access: "public".into(),
                language: Some(r.try_get("language")?),
                country: r.try_get("country_code")?,
                doc_kind: Some(r.try_get("kind")?),
                topics: topics.get(&id).cloned().unwrap_or_default(),
                space: None,
                context: r.try_get("source")?,
                date: crate::dates::date_seconds(&published),
                service: Default::default(),
            })
        })
        .collect()
}

async fn topics_of(
    pool: &sqlx::AnyPool,
    ids: &[i64],
) -> Result<HashMap<i64, Vec<String>>, sqlx::Error> {
    let mut out: HashMap<i64, Vec<String>> = HashMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    // Ids come from the table just read, never from a request.
    let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    let rows = sqlx::query(&format!(
        "SELECT document_id, topic FROM document_topics WHERE document_id IN ({list}) \
         ORDER BY document_id, topic"
    ))
    .fetch_all(pool)
    .await?;
    for r in rows {
        out.entry(r.try_get("document_id")?)
            .or_default()
            .push(r.try_get("topic")?);
    }
    Ok(out)
}

const SPACE_COLUMNS: &str = "s.id AS space_id, s.slug AS space_slug, s.name AS space_name, \
     s.visibility AS space_visibility";

/// An item of a space (thread, reply, draft): the space's columns of row `r` give its
/// access token, facet and context; `path` is its address inside the space.
fn space_item(
    r: &AnyRow,
    kind: ItemKind,
    id: i64,
    title: String,
    body: Option<&str>,
    path: String,
    date: i64,
) -> Result<SearchDoc, sqlx::Error> {
    let space_id: i64 = r.try_get("space_id")?;
    let visibility: String = r.try_get("space_visibility")?;
    let slug: String = r.try_get("space_slug")?;
    Ok(SearchDoc {
        key: key(kind, id),
        kind,
        title,
        text: body.map(plain_text).unwrap_or_default(),
        url: format!("/spaces/{slug}/{path}"),
        access: space_access(space_id, &visibility),
        language: None,
        country: None,
        doc_kind: None,
        topics: Vec::new(),
        space: Some(slug),
        context: r.try_get("space_name")?,
        date,
        service: Default::default(),
    })
}

async fn threads(pool: &sqlx::AnyPool, scope: Scope) -> Result<Vec<SearchDoc>, sqlx::Error> {
    let (cond, value) = condition(scope, "threads", "t", "t.id", "t.space_id");
    let sql = format!(
        "SELECT t.id, t.title, t.last_post_at, p.body_md, {SPACE_COLUMNS} FROM threads t \
         JOIN spaces s ON s.id = t.space_id \
         LEFT JOIN posts p ON p.thread_id = t.id AND p.seq = 1 AND p.deleted_at IS NULL \
         AND p.hidden = 0 \
         WHERE {cond} AND t.hidden = 0 AND t.deleted_at IS NULL AND t.for_draft = 0"
    );
    let rows = sqlx::query(&sql).bind(value).fetch_all(pool).await?;
    rows.iter()
        .map(|r| {
            let id: i64 = r.try_get("id")?;
            let body: Option<String> = r.try_get("body_md")?;
            space_item(
                r,
                ItemKind::Thread,
                id,
                r.try_get("title")?,
                body.as_deref(),
                format!("threads/{id}"),
                r.try_get("last_post_at")?,
            )
        })
        .collect()
}

async fn posts(pool: &sqlx::AnyPool, scope: Scope) -> Result<Vec<SearchDoc>, sqlx::Error> {
    let (cond, value) = condition(scope, "posts", "p", "p.thread_id", "t.space_id");
    let sql = format!(
        "SELECT p.id, p.thread_id, p.body_md, p.created_at, p.edited_at, t.title, \
         {SPACE_COLUMNS} FROM posts p JOIN threads t ON t.id = p.thread_id \
         JOIN spaces s ON s.id = t.space_id \
         WHERE {cond} AND p.seq > 1 AND p.deleted_at IS NULL AND p.hidden = 0 \
         AND t.hidden = 0 AND t.deleted_at IS NULL"
    );
    let rows = sqlx::query(&sql).bind(value).fetch_all(pool).await?;
    rows.iter()
        .map(|r| {
            let id: i64 = r.try_get("id")?;
            let thread: i64 = r.try_get("thread_id")?;
            let body: String = r.try_get("body_md")?;
            let created: i64 = r.try_get("created_at")?;
            let edited: Option<i64> = r.try_get("edited_at")?;
            space_item(
                r,
                ItemKind::Post,
                id,
                r.try_get("title")?,
                Some(&body),
                format!("threads/{thread}/posts/{id}"),
                edited.unwrap_or(created),
            )
        })
        .collect()
}

async fn drafts(pool: &sqlx::AnyPool, scope: Scope) -> Result<Vec<SearchDoc>, sqlx::Error> {
    let (cond, value) = condition(scope, "drafts", "d", "-1", "d.space_id");
    let sql = format!(
        "SELECT d.id, d.title, d.updated_at, r.body_md, {SPACE_COLUMNS} FROM drafts d \
         JOIN spaces s ON s.id = d.space_id \
         LEFT JOIN draft_revisions r ON r.draft_id = d.id AND r.number = d.current_revision \
         WHERE {cond}"
    );
    let rows = sqlx::query(&sql).bind(value).fetch_all(pool).await?;
    rows.iter()
        .map(|r| {
            let id: i64 = r.try_get("id")?;
            let body: Option<String> = r.try_get("body_md")?;
            space_item(
                r,
                ItemKind::Draft,
                id,
                r.try_get("title")?,
                body.as_deref(),
                format!("drafts/{id}"),
                r.try_get("updated_at")?,
            )
        })
        .collect()
}

/// Plans: the title, and the plan as its latest version tells it (objectives, lines and
/// actions), found where the space is; the result opens the plan's own page.
async fn plans(pool: &sqlx::AnyPool, scope: Scope) -> Result<Vec<SearchDoc>, sqlx::Error> {
    let (cond, value) = condition(scope, "plans", "p", "-1", "p.space_id");
    let sql = format!(
        "SELECT p.id, p.title, p.updated_at, v.snapshot, {SPACE_COLUMNS} FROM plans p \
         JOIN spaces s ON s.id = p.space_id \
         LEFT JOIN plan_versions v ON v.plan_id = p.id AND v.number = \
         (SELECT MAX(number) FROM plan_versions WHERE plan_id = p.id) \
         WHERE {cond}"
    );
    let rows = sqlx::query(&sql).bind(value).fetch_all(pool).await?;
    rows.iter()
        .map(|r| {
            let id: i64 = r.try_get("id")?;
            let text: Option<String> = r.try_get("snapshot")?;
            let mut doc = space_item(
                r,
                ItemKind::Plan,
                id,
                r.try_get("title")?,
                text.as_deref(),
                String::new(),
                r.try_get("updated_at")?,
            )?;
            doc.url = format!("/plans/{id}");
            Ok(doc)
        })
        .collect()
}

/// Services of the directory: the name and what a reader looks for in words (place,
/// what it offers, its terms in every language), with facets and place for the
/// directory's filters. Listed ones are public; the others carry their country's token.
async fn services(pool: &sqlx::AnyPool, scope: Scope) -> Result<Vec<SearchDoc>, sqlx::Error> {
    use crate::backend::store::services as store;
    let mut conn = pool.acquire().await?;
    let records = match scope {
        Scope::Id(id) => store::get(&mut conn, id).await?.into_iter().collect(),
        Scope::After(after) => store::page_after(&mut conn, after, BATCH).await?,
        Scope::Thread(_) | Scope::Space(_) => Vec::new(),
    };
    if records.is_empty() {
        return Ok(Vec::new());
    }
    let terms = store::terms(&mut *conn).await?;
    Ok(records.iter().map(|r| service_doc(r, &terms)).collect())
}

/// A service as the index holds it (also what the directory benchmark indexes).
pub fn service_doc(
    r: &crate::model::service::ServiceRecord,
    terms: &[crate::model::service::Term],
) -> SearchDoc {
    use crate::backend::directory::geography::slug;
    use crate::backend::search::{unlisted_access, Geo, ServiceFacets};
    let mut words = vec![
        r.region.clone(),
        r.district.clone(),
        r.address.clone(),
        r.services_offered.clone(),
        r.hours.clone(),
    ];
    for kind in crate::model::service::TERM_KINDS {
        for code in r.terms(kind) {
            if let Some(t) = terms.iter().find(|t| t.kind == kind && &t.code == code) {
                words.extend([t.en.clone(), t.es.clone(), t.pt.clone(), t.fr.clone()]);
            }
        }
    }
    SearchDoc {
        key: key(ItemKind::Service, r.id),
        kind: ItemKind::Service,
        title: r.name.clone(),
        text: words.join("\n"),
        url: format!("/directory/{}", r.id),
        access: if r.public_listing {
            "public".into()
        } else {
            unlisted_access(&r.country)
        },
        language: None,
        country: Some(r.country.clone()),
        doc_kind: None,
        topics: Vec::new(),
        space: None,
        context: if r.district.is_empty() {
            r.region.clone()
        } else {
            format!("{}, {}", r.district, r.region)
        },
        date: crate::dates::date_seconds(&r.verified_on),
        service: ServiceFacets {
            region: vec![slug(&r.region)],
            level: vec![r.level.clone()],
            modality: r.modalities.clone(),
            medication: r.medications.clone(),
            population: r.populations.clone(),
            speaks: r.languages.clone(),
            payment: r.payments.clone(),
            intake: if r.intake_24h {
                vec!["yes".into()]
            } else {
                Vec::new()
            },
            geo: r
                .latitude
                .zip(r.longitude)
                .map(|(lat, lng)| Geo { lat, lng }),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_name_kind_and_id() {
        assert_eq!(key(ItemKind::Post, 7), "post-7");
    }
}
