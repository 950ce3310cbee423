//! Directory tables: services with their terms, each version kept whole, corrections
//! readers report, the library documents that describe a service, imports, and the
//! vocabulary. Access rules are the caller's (`backend::directory`); these only read and
//! write.

use std::collections::HashMap;

use sqlx::{any::AnyRow, Any, AnyConnection, Executor, Row};

use crate::model::service::{
    Correction, DocumentLink, ServiceHit, ServiceRecord, ServiceVersion, Term, TERM_KINDS,
};

const COLUMNS: &str = "id, country_code, name, operator, licence_number, licence_body, \
     licence_issued, licence_expires, address, region, district, latitude, longitude, phone, \
     email, website, hours, intake_24h, level, services_offered, beds, outpatient_places, \
     waiting_days, verified_on, public_listing, version, updated_at";

fn record_from(r: &AnyRow) -> Result<ServiceRecord, sqlx::Error> {
    let date = |name: &str| -> Result<String, sqlx::Error> {
        Ok(r.try_get::<Option<String>, _>(name)?.unwrap_or_default())
    };
    Ok(ServiceRecord {
        id: r.try_get("id")?,
        country: r.try_get("country_code")?,
        name: r.try_get("name")?,
        operator: r.try_get("operator")?,
        licence_number: r.try_get("licence_number")?,
        licence_body: r.try_get("licence_body")?,
        licence_issued: date("licence_issued")?,
        licence_expires: date("licence_expires")?,
        address: r.try_get("address")?,
        region: r.try_get("region")?,
        district: r.try_get("district")?,
        latitude: r.try_get("latitude")?,
        longitude: r.try_get("longitude")?,
        phone: r.try_get("phone")?,
        email: r.try_get("email")?,
        website: r.try_get("website")?,
        hours: r.try_get("hours")?,
        intake_24h: r.try_get::<i64, _>("intake_24h")? == 1,
        level: r.try_get("level")?,
        services_offered: r.try_get("services_offered")?,
        beds: r.try_get("beds")?,
        outpatient_places: r.try_get("outpatient_places")?,
        waiting_days: r.try_get("waiting_days")?,
        verified_on: r.try_get("verified_on")?,
        public_listing: r.try_get::<i64, _>("public_listing")? == 1,
        version: r.try_get("version")?,
        updated_at: r.try_get("updated_at")?,
        ..ServiceRecord::default()
    })
}

/// The vocabulary, in list order.
pub async fn terms<'e>(db: impl Executor<'e, Database = Any>) -> Result<Vec<Term>, sqlx::Error> {
    sqlx::query(
        "SELECT kind, code, label_en, label_es, label_pt, label_fr FROM directory_terms \
         ORDER BY kind, position, code",
    )
    .fetch_all(db)
    .await?
    .iter()
    .map(|r| {
        Ok(Term {
            kind: r.try_get("kind")?,
            code: r.try_get("code")?,
            en: r.try_get("label_en")?,
            es: r.try_get("label_es")?,
            pt: r.try_get("label_pt")?,
            fr: r.try_get("label_fr")?,
        })
    })
    .collect()
}

/// Records chosen by `condition` (over `services`, binding `$1`), terms filled in.
async fn select(
    conn: &mut AnyConnection,
    condition: &str,
    value: i64,
) -> Result<Vec<ServiceRecord>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM services WHERE {condition} ORDER BY id");
    let rows = sqlx::query(&sql).bind(value).fetch_all(&mut *conn).await?;
    let mut records = rows
        .iter()
        .map(record_from)
        .collect::<Result<Vec<_>, _>>()?;
    if records.is_empty() {
        return Ok(records);
    }
    let sql = format!(
        "SELECT service_id, kind, code FROM service_terms WHERE service_id IN \
         (SELECT id FROM services WHERE {condition}) ORDER BY service_id, kind, code"
    );
    let mut by_id: HashMap<i64, Vec<(String, String)>> = HashMap::new();
    for r in sqlx::query(&sql).bind(value).fetch_all(&mut *conn).await? {
        by_id
            .entry(r.try_get("service_id")?)
            .or_default()
            .push((r.try_get("kind")?, r.try_get("code")?));
    }
    for record in &mut records {
        for (kind, code) in by_id.remove(&record.id).unwrap_or_default() {
            let list = match kind.as_str() {
                "modality" => &mut record.modalities,
                "medication" => &mut record.medications,
                "population" => &mut record.populations,
                "language" => &mut record.languages,
                _ => &mut record.payments,
            };
            list.push(code);
        }
    }
    Ok(records)
}

pub async fn get(conn: &mut AnyConnection, id: i64) -> Result<Option<ServiceRecord>, sqlx::Error> {
    Ok(select(conn, "id = $1", id).await?.pop())
}

/// These records (ids from the index or the table, never typed), in the order of `ids`.
pub async fn by_ids(
    conn: &mut AnyConnection,
    ids: &[i64],
) -> Result<Vec<ServiceRecord>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    let mut found: HashMap<i64, ServiceRecord> =
        select(conn, &format!("id IN ({list}) AND $1 = $1"), 0)
            .await?
            .into_iter()
            .map(|r| (r.id, r))
            .collect();
    Ok(ids.iter().filter_map(|id| found.remove(id)).collect())
}

/// Records after `after` (by id), `limit` of them: a re-index or an export walks this way.
pub async fn page_after(
    conn: &mut AnyConnection,
    after: i64,
    limit: i64,
) -> Result<Vec<ServiceRecord>, sqlx::Error> {
    let condition =
        format!("id IN (SELECT id FROM services WHERE id > $1 ORDER BY id LIMIT {limit})");
    select(conn, &condition, after).await
}

fn bind_record<'q>(
    q: sqlx::query::Query<'q, Any, sqlx::any::AnyArguments<'q>>,
    r: &'q ServiceRecord,
) -> sqlx::query::Query<'q, Any, sqlx::any::AnyArguments<'q>> {
    let date = |d: &'q String| (!d.is_empty()).then_some(d.as_str());
    q.bind(&r.country)
        .bind(&r.name)
        .bind(&r.operator)
        .bind(&r.licence_number)
        .bind(&r.licence_body)
        .bind(date(&r.licence_issued))
        .bind(date(&r.licence_expires))
        .bind(&r.address)
        .bind(&r.region)
        .bind(&r.district)
        .bind(r.latitude)
        .bind(r.longitude)
        .bind(&r.phone)
        .bind(&r.email)
        .bind(&r.website)
        .bind(&r.hours)
        .bind(i64::from(r.intake_24h))
        .bind(&r.level)
        .bind(&r.services_offered)
        .bind(r.beds)
        .bind(r.outpatient_places)
        .bind(r.waiting_days)
        .bind(&r.verified_on)
        .bind(i64::from(r.public_listing))
}

async fn write_terms(conn: &mut AnyConnection, r: &ServiceRecord) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM service_terms WHERE service_id = $1")
        .bind(r.id)
        .execute(&mut *conn)
        .await?;
    for kind in TERM_KINDS {
        for code in r.terms(kind) {
            sqlx::query("INSERT INTO service_terms (service_id, kind, code) VALUES ($1, $2, $3)")
                .bind(r.id)
                .bind(kind)
                .bind(code)
                .execute(&mut *conn)
                .await?;
        }
    }
    Ok(())
}

/// Adds `record` as version 1; returns its id.
pub async fn insert(
    conn: &mut AnyConnection,
    record: &ServiceRecord,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let q = sqlx::query(
        "INSERT INTO services (country_code, name, operator, licence_number, licence_body, \
         licence_issued, licence_expires, address, region, district, latitude, longitude, \
         phone, email, website, hours, intake_24h, level, services_offered, beds, \
         outpatient_places, waiting_days, verified_on, public_listing, version, created_at, \
         updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, \
         $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, 1, $25, $25) RETURNING id",
    );
    let id: i64 = bind_record(q, record)
        .bind(now)
        .fetch_one(&mut *conn)
        .await?
        .try_get("id")?;
    let mut stored = record.clone();
    stored.id = id;
    write_terms(conn, &stored).await?;
    Ok(id)
}

/// Writes `record` over the stored one as version `record.version`.
pub async fn update(
    conn: &mut AnyConnection,
    record: &ServiceRecord,
    now: i64,
) -> Result<(), sqlx::Error> {
    let q = sqlx::query(
        "UPDATE services SET country_code = $1, name = $2, operator = $3, licence_number = $4, \
         licence_body = $5, licence_issued = $6, licence_expires = $7, address = $8, \
         region = $9, district = $10, latitude = $11, longitude = $12, phone = $13, \
         email = $14, website = $15, hours = $16, intake_24h = $17, level = $18, \
         services_offered = $19, beds = $20, outpatient_places = $21, waiting_days = $22, \
         verified_on = $23, public_listing = $24, version = $25, updated_at = $26 \
         WHERE id = $27",
    );
    bind_record(q, record)
        .bind(record.version)
        .bind(now)
        .bind(record.id)
        .execute(&mut *conn)
        .await?;
    write_terms(conn, record).await
}

/// Keeps version `record.version` whole, with what changed and who changed it.
pub async fn add_version(
    conn: &mut AnyConnection,
    record: &ServiceRecord,
    changed: &[String],
    origin: &str,
    by: Option<i64>,
    now: i64,
) -> Result<(), sqlx::Error> {
    let snapshot = serde_json::to_string(record).unwrap_or_default();
    sqlx::query(
        "INSERT INTO service_versions (service_id, version, snapshot, changed, origin, \
         changed_by, changed_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(record.id)
    .bind(record.version)
    .bind(snapshot)
    .bind(changed.join(","))
    .bind(origin)
    .bind(by)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn versions<'e>(
    db: impl Executor<'e, Database = Any>,
    id: i64,
) -> Result<Vec<ServiceVersion>, sqlx::Error> {
    sqlx::query(
        "SELECT v.version, v.changed, v.origin, v.changed_at, u.display_name FROM \
         service_versions v LEFT JOIN users u ON u.id = v.changed_by WHERE v.service_id = $1 \
         ORDER BY v.version DESC",
    )
    .bind(id)
    .fetch_all(db)
    .await?
    .iter()
    .map(|r| {
        let changed: String = r.try_get("changed")?;
        Ok(ServiceVersion {
            version: r.try_get("version")?,
            changed: changed
                .split(',')
                .filter(|c| !c.is_empty())
                .map(str::to_string)
                .collect(),
            origin: r.try_get("origin")?,
            by: r.try_get("display_name")?,
            at: r.try_get("changed_at")?,
        })
    })
    .collect()
}

const HIT_COLUMNS: &str = "s.id, s.name, s.country_code, s.region, s.district, s.address, \
     s.level, s.intake_24h, s.verified_on, s.public_listing, s.latitude, s.longitude";

/// Result lines for these services (in the order of `ids`; unknown ids are skipped),
/// with the distance from `near` when given.
pub async fn hits(
    conn: &mut AnyConnection,
    ids: &[i64],
    near: Option<(f64, f64)>,
    stale_before: &str,
) -> Result<Vec<ServiceHit>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    // Ids come from the index or the table, never from a request.
    let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    let rows = sqlx::query(&format!(
        "SELECT {HIT_COLUMNS} FROM services s WHERE s.id IN ({list})"
    ))
    .fetch_all(&mut *conn)
    .await?;
    let terms = sqlx::query(&format!(
        "SELECT service_id, kind, code FROM service_terms WHERE service_id IN ({list}) \
         AND kind IN ('modality', 'payment') ORDER BY code"
    ))
    .fetch_all(&mut *conn)
    .await?;
    let mut by_id: HashMap<i64, ServiceHit> = HashMap::new();
    for r in &rows {
        let id: i64 = r.try_get("id")?;
        let verified_on: String = r.try_get("verified_on")?;
        let at: Option<(f64, f64)> = r
            .try_get::<Option<f64>, _>("latitude")?
            .zip(r.try_get::<Option<f64>, _>("longitude")?);
        by_id.insert(
            id,
            ServiceHit {
                id,
                name: r.try_get("name")?,
                country: r.try_get("country_code")?,
                region: r.try_get("region")?,
                district: r.try_get("district")?,
                address: r.try_get("address")?,
                level: r.try_get("level")?,
                modalities: Vec::new(),
                payments: Vec::new(),
                intake_24h: r.try_get::<i64, _>("intake_24h")? == 1,
                stale: verified_on.as_str() <= stale_before,
                verified_on,
                public_listing: r.try_get::<i64, _>("public_listing")? == 1,
                distance_km: near
                    .zip(at)
                    .map(|(a, b)| crate::backend::search::distance_km(a, b)),
            },
        );
    }
    for r in &terms {
        let id: i64 = r.try_get("service_id")?;
        let kind: String = r.try_get("kind")?;
        if let Some(hit) = by_id.get_mut(&id) {
            let code: String = r.try_get("code")?;
            if kind == "modality" {
                hit.modalities.push(code);
            } else {
                hit.payments.push(code);
            }
        }
    }
    Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
}

/// Ids of `country`'s services matching `condition` (over `services s`), by name.
pub async fn ids_where<'e>(
    db: impl Executor<'e, Database = Any>,
    countries: &[String],
    condition: &str,
    value: &str,
    limit: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    if countries.is_empty() {
        return Ok(Vec::new());
    }
    // Country codes are checked two-letter codes from the viewer's roles or the table.
    let list = countries
        .iter()
        .filter(|c| c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase()))
        .map(|c| format!("'{c}'"))
        .collect::<Vec<_>>()
        .join(",");
    if list.is_empty() {
        return Ok(Vec::new());
    }
    sqlx::query(&format!(
        "SELECT s.id FROM services s WHERE s.country_code IN ({list}) AND {condition} \
         ORDER BY s.verified_on, s.name LIMIT {limit}"
    ))
    .bind(value)
    .fetch_all(db)
    .await?
    .iter()
    .map(|r| r.try_get("id"))
    .collect()
}

/// Distinct (country, region) pairs.
pub async fn regions<'e>(
    db: impl Executor<'e, Database = Any>,
) -> Result<Vec<(String, String)>, sqlx::Error> {
    sqlx::query("SELECT DISTINCT country_code, region FROM services ORDER BY region")
        .fetch_all(db)
        .await?
        .iter()
        .map(|r| Ok((r.try_get("country_code")?, r.try_get("region")?)))
        .collect()
}

pub async fn add_correction(
    conn: &mut AnyConnection,
    service: i64,
    body: &str,
    by: i64,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query(
        "INSERT INTO service_corrections (service_id, body, reported_by, reported_at, status, \
         response) VALUES ($1, $2, $3, $4, 'open', '') RETURNING id",
    )
    .bind(service)
    .bind(body)
    .bind(by)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?
    .try_get("id")
}

const CORRECTION: &str = "SELECT c.id, c.service_id, s.name AS service_name, s.country_code, \
     c.body, c.reported_at, c.status, c.response, c.reported_by, r.display_name AS reporter, \
     v.display_name AS reviewer FROM service_corrections c JOIN services s ON s.id = \
     c.service_id LEFT JOIN users r ON r.id = c.reported_by LEFT JOIN users v ON v.id = \
     c.reviewed_by";

fn correction_from(r: &AnyRow) -> Result<Correction, sqlx::Error> {
    Ok(Correction {
        id: r.try_get("id")?,
        service_id: r.try_get("service_id")?,
        service_name: r.try_get("service_name")?,
        body: r.try_get("body")?,
        reporter: r.try_get("reporter")?,
        reported_at: r.try_get("reported_at")?,
        status: r.try_get("status")?,
        response: r.try_get("response")?,
        reviewer: r.try_get("reviewer")?,
    })
}

/// A service's corrections, newest first; only those `reporter` sent when given.
pub async fn corrections_of<'e>(
    db: impl Executor<'e, Database = Any>,
    service: i64,
    reporter: Option<i64>,
) -> Result<Vec<Correction>, sqlx::Error> {
    let sql = format!(
        "{CORRECTION} WHERE c.service_id = $1 AND ($2 = 0 OR c.reported_by = $2) \
         ORDER BY c.id DESC"
    );
    sqlx::query(&sql)
        .bind(service)
        .bind(reporter.unwrap_or(0))
        .fetch_all(db)
        .await?
        .iter()
        .map(correction_from)
        .collect()
}

/// Open corrections of services of these countries, oldest first.
pub async fn open_corrections<'e>(
    db: impl Executor<'e, Database = Any>,
    countries: &[String],
) -> Result<Vec<Correction>, sqlx::Error> {
    let rows = sqlx::query(&format!(
        "{CORRECTION} WHERE c.status = 'open' ORDER BY c.id"
    ))
    .fetch_all(db)
    .await?;
    let mut out = Vec::new();
    for r in &rows {
        let country: String = r.try_get("country_code")?;
        if countries.contains(&country) {
            out.push(correction_from(r)?);
        }
    }
    Ok(out)
}

/// The correction and its service's country.
pub async fn correction<'e>(
    db: impl Executor<'e, Database = Any>,
    id: i64,
) -> Result<Option<(Correction, String)>, sqlx::Error> {
    let sql = format!("{CORRECTION} WHERE c.id = $1");
    let Some(r) = sqlx::query(&sql).bind(id).fetch_optional(db).await? else {
        return Ok(None);
    };
    Ok(Some((correction_from(&r)?, r.try_get("country_code")?)))
}

/// Closes an open correction; false when someone closed it first.
pub async fn review_correction(
    conn: &mut AnyConnection,
    id: i64,
    status: &str,
    response: &str,
    by: i64,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE service_corrections SET status = $1, response = $2, reviewed_by = $3, \
         reviewed_at = $4 WHERE id = $5 AND status = 'open'",
    )
    .bind(status)
    .bind(response)
    .bind(by)
    .bind(now)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn documents<'e>(
    db: impl Executor<'e, Database = Any>,
    service: i64,
) -> Result<Vec<DocumentLink>, sqlx::Error> {
    sqlx::query(
        "SELECT d.slug, d.title FROM service_documents l JOIN documents d ON d.id = \
         l.document_id WHERE l.service_id = $1 ORDER BY d.title",
    )
    .bind(service)
    .fetch_all(db)
    .await?
    .iter()
    .map(|r| {
        Ok(DocumentLink {
            slug: r.try_get("slug")?,
            title: r.try_get("title")?,
        })
    })
    .collect()
}

/// Links the document with this slug; false when no document has it.
pub async fn link_document(
    conn: &mut AnyConnection,
    service: i64,
    slug: &str,
) -> Result<bool, sqlx::Error> {
    let Some(row) = sqlx::query("SELECT id FROM documents WHERE slug = $1")
        .bind(slug)
        .fetch_optional(&mut *conn)
        .await?
    else {
        return Ok(false);
    };
    let document: i64 = row.try_get("id")?;
    sqlx::query("DELETE FROM service_documents WHERE service_id = $1 AND document_id = $2")
        .bind(service)
        .bind(document)
        .execute(&mut *conn)
        .await?;
    sqlx::query("INSERT INTO service_documents (service_id, document_id) VALUES ($1, $2)")
        .bind(service)
        .bind(document)
        .execute(&mut *conn)
        .await?;
    Ok(true)
}

pub async fn unlink_document(
    conn: &mut AnyConnection,
    service: i64,
    slug: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "DELETE FROM service_documents WHERE service_id = $1 AND document_id IN \
         (SELECT id FROM documents WHERE slug = $2)",
    )
    .bind(service)
    .bind(slug)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn add_import(
    conn: &mut AnyConnection,
    by: i64,
    file_name: &str,
    rows: usize,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query(
        "INSERT INTO service_imports (imported_by, imported_at, file_name, row_count) \
         VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(by)
    .bind(now)
    .bind(file_name)
    .bind(rows as i64)
    .fetch_one(&mut *conn)
    .await?
    .try_get("id")
}

/// How many services there are (a re-index's total).
pub async fn count<'e>(db: impl Executor<'e, Database = Any>) -> Result<i64, sqlx::Error> {
    sqlx::query("SELECT COUNT(*) AS n FROM services")
        .fetch_one(db)
        .await?
        .try_get("n")
}

/// A country's services by region and name (what a quality campaign picks from): id,
/// name, region.
pub async fn names_of<'e>(
    db: impl Executor<'e, Database = Any>,
    country: &str,
) -> Result<Vec<(i64, String, String)>, sqlx::Error> {
    sqlx::query(
        "SELECT id, name, region FROM services WHERE country_code = $1 ORDER BY region, name, id",
    )
    .bind(country)
    .fetch_all(db)
    .await?
    .iter()
    .map(|r| Ok((r.try_get("id")?, r.try_get("name")?, r.try_get("region")?)))
    .collect()
}

/// The country of each service asked for that exists: (id, country).
pub async fn countries_of(
    conn: &mut AnyConnection,
    ids: &[i64],
) -> Result<Vec<(i64, String)>, sqlx::Error> {
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(r) = sqlx::query("SELECT id, country_code FROM services WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?
        {
            out.push((r.try_get("id")?, r.try_get("country_code")?));
        }
    }
    Ok(out)
}

/// How many of `country`'s services are publicly listed, per level of care.
pub async fn coverage<'e>(
    db: impl Executor<'e, Database = Any>,
    country: &str,
) -> Result<Vec<(String, i64)>, sqlx::Error> {
    sqlx::query(
        "SELECT level, COUNT(*) AS n FROM services WHERE country_code = $1 \
         AND public_listing = 1 GROUP BY level ORDER BY level",
    )
    .bind(country)
    .fetch_all(db)
    .await?
    .iter()
    .map(|r| Ok((r.try_get("level")?, r.try_get("n")?)))
    .collect()
}
