//! Quality-assessment tables: instruments and their versions (scale, areas, standards,
//! criteria), campaigns with their assessors, assessments and their ratings. Access rules
//! are the caller's (`backend::quality`); these only read and write.

use sqlx::{any::AnyRow, Any, AnyConnection, Executor, Row};

use crate::model::quality::{
    AssessmentStatus, AssessmentSummary, CampaignSummary, Instrument, InstrumentSummary, Item,
    Names, Rating, ScaleLevel, VersionSummary,
};

/// Columns `{prefix}_en` … `{prefix}_fr` of a row as one four-language text.
pub(crate) fn names(r: &AnyRow, prefix: &str, code: String) -> Result<Names, sqlx::Error> {
    Ok(Names {
        code,
        en: r.try_get(format!("{prefix}_en").as_str())?,
        es: r.try_get(format!("{prefix}_es").as_str())?,
        pt: r.try_get(format!("{prefix}_pt").as_str())?,
        fr: r.try_get(format!("{prefix}_fr").as_str())?,
    })
}

fn list(s: &str) -> Vec<String> {
    s.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

/// The instrument with this code, if any.
pub async fn instrument_id<'e>(
    db: impl Executor<'e, Database = Any>,
    code: &str,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query("SELECT id FROM qa_instruments WHERE code = $1")
        .bind(code)
        .fetch_optional(db)
        .await?
        .map(|r| r.try_get("id"))
        .transpose()
}

pub async fn insert_instrument(
    conn: &mut AnyConnection,
    name: &Names,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query(
        "INSERT INTO qa_instruments (code, name_en, name_es, name_pt, name_fr, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(&name.code)
    .bind(&name.en)
    .bind(&name.es)
    .bind(&name.pt)
    .bind(&name.fr)
    .bind(now)
    .fetch_one(conn)
    .await?
    .try_get("id")
}

/// Adds the instrument's next version; returns its id and number.
pub async fn insert_version(
    conn: &mut AnyConnection,
    instrument: i64,
    note: &str,
    by: Option<i64>,
    now: i64,
) -> Result<(i64, i64), sqlx::Error> {
    let number: i64 = sqlx::query(
        "SELECT COALESCE(MAX(number), 0) + 1 AS n FROM qa_versions WHERE instrument_id = $1",
    )
    .bind(instrument)
    .fetch_one(&mut *conn)
    .await?
    .try_get("n")?;
    let id = sqlx::query(
        "INSERT INTO qa_versions (instrument_id, number, note, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(instrument)
    .bind(number)
    .bind(note)
    .bind(by)
    .bind(now)
    .fetch_one(conn)
    .await?
    .try_get("id")?;
    Ok((id, number))
}

/// Writes a level of a version's scale (added, or changed in place).
pub async fn put_level(
    conn: &mut AnyConnection,
    version: i64,
    position: i64,
    level: &ScaleLevel,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO qa_scale (version_id, code, position, weight, name_en, name_es, name_pt, \
         name_fr) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (version_id, code) DO \
         UPDATE SET weight = $4, name_en = $5, name_es = $6, name_pt = $7, name_fr = $8",
    )
    .bind(version)
    .bind(&level.names.code)
    .bind(position)
    .bind(level.weight)
    .bind(&level.names.en)
    .bind(&level.names.es)
    .bind(&level.names.pt)
    .bind(&level.names.fr)
    .execute(conn)
    .await?;
    Ok(())
}

/// Adds an area, standard or criterion at the end of its parent's children.
pub async fn insert_item(
    conn: &mut AnyConnection,
    version: i64,
    item: &Item,
) -> Result<i64, sqlx::Error> {
    let position: i64 = sqlx::query(
        "SELECT COALESCE(MAX(position), 0) + 1 AS n FROM qa_items WHERE version_id = $1 \
         AND COALESCE(parent_id, 0) = $2",
    )
    .bind(version)
    .bind(item.parent.unwrap_or(0))
    .fetch_one(&mut *conn)
    .await?
    .try_get("n")?;
    sqlx::query(
        "INSERT INTO qa_items (version_id, parent_id, kind, position, code, text_en, text_es, \
         text_pt, text_fr, guidance_en, guidance_es, guidance_pt, guidance_fr, sources) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
    )
    .bind(version)
    .bind(item.parent)
    .bind(&item.kind)
    .bind(position)
    .bind(&item.code)
    .bind(&item.text.en)
    .bind(&item.text.es)
    .bind(&item.text.pt)
    .bind(&item.text.fr)
    .bind(&item.guidance.en)
    .bind(&item.guidance.es)
    .bind(&item.guidance.pt)
    .bind(&item.guidance.fr)
    .bind(item.sources.join(","))
    .fetch_one(conn)
    .await?
    .try_get("id")
}

/// Changes an item's code, texts and sources.
pub async fn update_item(conn: &mut AnyConnection, item: &Item) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE qa_items SET code = $1, text_en = $2, text_es = $3, text_pt = $4, \
         text_fr = $5, guidance_en = $6, guidance_es = $7, guidance_pt = $8, guidance_fr = $9, \
         sources = $10 WHERE id = $11",
    )
    .bind(&item.code)
    .bind(&item.text.en)
    .bind(&item.text.es)
    .bind(&item.text.pt)
    .bind(&item.text.fr)
    .bind(&item.guidance.en)
    .bind(&item.guidance.es)
    .bind(&item.guidance.pt)
    .bind(&item.guidance.fr)
    .bind(item.sources.join(","))
    .bind(item.id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Removes items (the caller lists an item with all that is under it, children first).
pub async fn delete_items(conn: &mut AnyConnection, ids: &[i64]) -> Result<(), sqlx::Error> {
    for id in ids {
        sqlx::query("DELETE FROM qa_items WHERE id = $1")
            .bind(id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// A version whole: names, scale, items in tree order, how many campaigns use it.
pub async fn instrument(
    conn: &mut AnyConnection,
    version: i64,
) -> Result<Option<Instrument>, sqlx::Error> {
    let Some(v) = sqlx::query(
        "SELECT v.id, v.instrument_id, v.number, v.note, i.code, i.name_en, i.name_es, \
         i.name_pt, i.name_fr, (SELECT COUNT(*) FROM qa_campaigns c WHERE c.version_id = v.id) \
         AS campaigns FROM qa_versions v JOIN qa_instruments i ON i.id = v.instrument_id \
         WHERE v.id = $1",
    )
    .bind(version)
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(None);
    };
    let scale = sqlx::query(
        "SELECT code, weight, name_en, name_es, name_pt, name_fr FROM qa_scale \
         WHERE version_id = $1 ORDER BY position",
    )
    .bind(version)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        let code: String = r.try_get("code")?;
        Ok(ScaleLevel {
            weight: r.try_get("weight")?,
            names: names(r, "name", code.clone())?,
            code,
        })
    })
    .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let rows = sqlx::query(
        "SELECT id, parent_id, kind, code, text_en, text_es, text_pt, text_fr, guidance_en, \
         guidance_es, guidance_pt, guidance_fr, sources FROM qa_items WHERE version_id = $1 \
         ORDER BY position, id",
    )
    .bind(version)
    .fetch_all(&mut *conn)
    .await?;
    let mut flat = Vec::with_capacity(rows.len());
    for r in &rows {
        let code: String = r.try_get("code")?;
        flat.push(Item {
            id: r.try_get("id")?,
            parent: r.try_get("parent_id")?,
            kind: r.try_get("kind")?,
            text: names(r, "text", code.clone())?,
            guidance: names(r, "guidance", code.clone())?,
            sources: list(&r.try_get::<String, _>("sources")?),
            code,
        });
    }
    Ok(Some(Instrument {
        version_id: v.try_get("id")?,
        instrument_id: v.try_get("instrument_id")?,
        name: names(&v, "name", v.try_get("code")?)?,
        number: v.try_get("number")?,
        note: v.try_get("note")?,
        scale,
        items: tree_order(flat),
        campaigns: v.try_get("campaigns")?,
    }))
}

/// Items each after its parent, siblings in their order.
fn tree_order(flat: Vec<Item>) -> Vec<Item> {
    fn walk(flat: &[Item], parent: Option<i64>, out: &mut Vec<Item>) {
        for item in flat.iter().filter(|i| i.parent == parent) {
            out.push(item.clone());
            walk(flat, Some(item.id), out);
        }
    }
    let mut out = Vec::with_capacity(flat.len());
    walk(&flat, None, &mut out);
    out
}

/// Every instrument with its versions, newest version first.
pub async fn instruments<'e>(
    db: impl Executor<'e, Database = Any>,
) -> Result<Vec<InstrumentSummary>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT i.id, i.code, i.name_en, i.name_es, i.name_pt, i.name_fr, v.id AS version_id, \
         v.number, v.note, \
         (SELECT COUNT(*) FROM qa_items a WHERE a.version_id = v.id AND a.kind = 'area') AS areas, \
         (SELECT COUNT(*) FROM qa_items a WHERE a.version_id = v.id AND a.kind = 'criterion') \
         AS criteria, \
         (SELECT COUNT(*) FROM qa_campaigns c WHERE c.version_id = v.id) AS campaigns \
         FROM qa_instruments i JOIN qa_versions v ON v.instrument_id = i.id \
         ORDER BY i.id, v.number DESC",
    )
    .fetch_all(db)
    .await?;
    let mut out: Vec<InstrumentSummary> = Vec::new();
    for r in &rows {
        let id: i64 = r.try_get("id")?;
        let version = VersionSummary {
            id: r.try_get("version_id")?,
            number: r.try_get("number")?,
            note: r.try_get("note")?,
            areas: r.try_get("areas")?,
            criteria: r.try_get("criteria")?,
            campaigns: r.try_get("campaigns")?,
        };
        match out.last_mut() {
            Some(last) if last.id == id => last.versions.push(version),
            _ => out.push(InstrumentSummary {
                id,
                name: names(r, "name", r.try_get("code")?)?,
                versions: vec![version],
            }),
        }
    }
    Ok(out)
}

/// What a new campaign is.
pub struct NewCampaign<'a> {
    pub country: &'a str,
    pub version: i64,
    pub title: &'a str,
    pub starts_on: &'a str,
    pub ends_on: &'a str,
    pub lead: i64,
    pub by: i64,
}

pub async fn insert_campaign(
    conn: &mut AnyConnection,
    c: &NewCampaign<'_>,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query(
        "INSERT INTO qa_campaigns (country_code, version_id, title, starts_on, ends_on, lead_id, \
         created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(c.country)
    .bind(c.version)
    .bind(c.title)
    .bind(c.starts_on)
    .bind(c.ends_on)
    .bind(c.lead)
    .bind(c.by)
    .bind(now)
    .fetch_one(conn)
    .await?
    .try_get("id")
}

pub async fn add_assessor(
    conn: &mut AnyConnection,
    campaign: i64,
    user: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO qa_campaign_assessors (campaign_id, user_id) VALUES ($1, $2) \
         ON CONFLICT DO NOTHING",
    )
    .bind(campaign)
    .bind(user)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn insert_assessment(
    conn: &mut AnyConnection,
    campaign: i64,
    service: i64,
    respondent: Option<i64>,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query(
        "INSERT INTO qa_assessments (campaign_id, service_id, respondent_id, updated_at) \
         VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(campaign)
    .bind(service)
    .bind(respondent)
    .bind(now)
    .fetch_one(conn)
    .await?
    .try_get("id")
}

/// A campaign with who runs it: what access is decided on.
#[derive(Clone, Debug)]
pub struct CampaignRow {
    pub summary: CampaignSummary,
    pub country: String,
    pub version: i64,
    pub lead: i64,
    pub assessors: Vec<(i64, String)>,
}

const CAMPAIGN_SELECT: &str = "SELECT c.id, c.title, c.country_code, k.name_en AS country_en, \
     k.name_es AS country_es, k.name_pt AS country_pt, k.name_fr AS country_fr, c.version_id, \
     v.number, i.name_en AS instrument_en, i.name_es AS instrument_es, \
     i.name_pt AS instrument_pt, i.name_fr AS instrument_fr, i.code AS instrument_code, \
     c.starts_on, c.ends_on, c.lead_id, u.username AS lead, \
     (SELECT COUNT(*) FROM qa_assessments a WHERE a.campaign_id = c.id) AS services, \
     (SELECT COUNT(*) FROM qa_assessments a WHERE a.campaign_id = c.id AND a.status = 'closed') \
     AS closed \
     FROM qa_campaigns c JOIN countries k ON k.code = c.country_code \
     JOIN qa_versions v ON v.id = c.version_id JOIN qa_instruments i ON i.id = v.instrument_id \
     JOIN users u ON u.id = c.lead_id";

fn campaign_from(r: &AnyRow) -> Result<CampaignRow, sqlx::Error> {
    let country: String = r.try_get("country_code")?;
    Ok(CampaignRow {
        summary: CampaignSummary {
            id: r.try_get("id")?,
            title: r.try_get("title")?,
            country: names(r, "country", country.clone())?,
            instrument: names(r, "instrument", r.try_get("instrument_code")?)?,
            version_number: r.try_get("number")?,
            starts_on: r.try_get("starts_on")?,
            ends_on: r.try_get("ends_on")?,
            lead: r.try_get("lead")?,
            services: r.try_get("services")?,
            closed: r.try_get("closed")?,
        },
        country,
        version: r.try_get("version_id")?,
        lead: r.try_get("lead_id")?,
        assessors: Vec::new(),
    })
}

async fn with_assessors(
    conn: &mut AnyConnection,
    mut rows: Vec<CampaignRow>,
) -> Result<Vec<CampaignRow>, sqlx::Error> {
    for row in &mut rows {
        row.assessors = sqlx::query(
            "SELECT u.id, u.username FROM qa_campaign_assessors a JOIN users u ON u.id = a.user_id \
             WHERE a.campaign_id = $1 ORDER BY u.username",
        )
        .bind(row.summary.id)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| Ok((r.try_get("id")?, r.try_get("username")?)))
        .collect::<Result<_, sqlx::Error>>()?;
    }
    Ok(rows)
}

pub async fn campaign(
    conn: &mut AnyConnection,
    id: i64,
) -> Result<Option<CampaignRow>, sqlx::Error> {
    let row = sqlx::query(&format!("{CAMPAIGN_SELECT} WHERE c.id = $1"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    let Some(row) = row else { return Ok(None) };
    let rows = with_assessors(conn, vec![campaign_from(&row)?]).await?;
    Ok(rows.into_iter().next())
}

/// Every campaign, newest first (the caller keeps those the viewer may see).
pub async fn campaigns(conn: &mut AnyConnection) -> Result<Vec<CampaignRow>, sqlx::Error> {
    let rows = sqlx::query(&format!(
        "{CAMPAIGN_SELECT} ORDER BY c.starts_on DESC, c.id DESC"
    ))
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(campaign_from)
    .collect::<Result<Vec<_>, sqlx::Error>>()?;
    with_assessors(conn, rows).await
}

/// An assessment with what access is decided on.
#[derive(Clone, Debug)]
pub struct AssessmentRow {
    pub summary: AssessmentSummary,
    pub respondent: Option<i64>,
}

const ASSESSMENT_SELECT: &str = "SELECT a.id, a.campaign_id, c.title, a.service_id, s.name, \
     s.region, a.respondent_id, u.username AS respondent, a.status \
     FROM qa_assessments a JOIN qa_campaigns c ON c.id = a.campaign_id \
     JOIN services s ON s.id = a.service_id LEFT JOIN users u ON u.id = a.respondent_id";

fn assessment_from(r: &AnyRow) -> Result<AssessmentRow, sqlx::Error> {
    let status: String = r.try_get("status")?;
    Ok(AssessmentRow {
        summary: AssessmentSummary {
            id: r.try_get("id")?,
            campaign_id: r.try_get("campaign_id")?,
            campaign: r.try_get("title")?,
            service_id: r.try_get("service_id")?,
            service: r.try_get("name")?,
            region: r.try_get("region")?,
            respondent: r.try_get("respondent")?,
            status: AssessmentStatus::parse(&status).unwrap_or(AssessmentStatus::SelfAssessment),
        },
        respondent: r.try_get("respondent_id")?,
    })
}

pub async fn assessment<'e>(
    db: impl Executor<'e, Database = Any>,
    id: i64,
) -> Result<Option<AssessmentRow>, sqlx::Error> {
    sqlx::query(&format!("{ASSESSMENT_SELECT} WHERE a.id = $1"))
        .bind(id)
        .fetch_optional(db)
        .await?
        .map(|r| assessment_from(&r))
        .transpose()
}

/// A campaign's services, by region and name.
pub async fn assessments_of<'e>(
    db: impl Executor<'e, Database = Any>,
    campaign: i64,
) -> Result<Vec<AssessmentRow>, sqlx::Error> {
    sqlx::query(&format!(
        "{ASSESSMENT_SELECT} WHERE a.campaign_id = $1 ORDER BY s.region, s.name, a.id"
    ))
    .bind(campaign)
    .fetch_all(db)
    .await?
    .iter()
    .map(assessment_from)
    .collect()
}

/// Assessments the person answers, or verifies (as an assessor of its campaign), or
/// closes (as its lead), in the state where that is their turn.
pub async fn tasks_of<'e>(
    db: impl Executor<'e, Database = Any>,
    user: i64,
) -> Result<Vec<AssessmentRow>, sqlx::Error> {
    sqlx::query(&format!(
        "{ASSESSMENT_SELECT} WHERE (a.status = 'self' AND a.respondent_id = $1) \
         OR (a.status = 'submitted' AND EXISTS (SELECT 1 FROM qa_campaign_assessors x \
             WHERE x.campaign_id = a.campaign_id AND x.user_id = $1)) \
         OR (a.status = 'verified' AND c.lead_id = $1) \
         ORDER BY c.starts_on DESC, s.name LIMIT 200"
    ))
    .bind(user)
    .fetch_all(db)
    .await?
    .iter()
    .map(assessment_from)
    .collect()
}

pub async fn set_respondent<'e>(
    db: impl Executor<'e, Database = Any>,
    assessment: i64,
    user: Option<i64>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE qa_assessments SET respondent_id = $1, updated_at = $2 WHERE id = $3")
        .bind(user)
        .bind(now)
        .bind(assessment)
        .execute(db)
        .await?;
    Ok(())
}

/// Moves an assessment from `from` to `to`; false when it was not in `from` (someone
/// else moved it meanwhile).
pub async fn set_status<'e>(
    db: impl Executor<'e, Database = Any>,
    assessment: i64,
    from: AssessmentStatus,
    to: AssessmentStatus,
    by: i64,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let stamp = match to {
        AssessmentStatus::Submitted => ", submitted_at = $4",
        AssessmentStatus::Verified => ", verified_at = $4, verified_by = $5",
        AssessmentStatus::Closed => ", closed_at = $4",
        AssessmentStatus::SelfAssessment => "",
    };
    let sql = format!(
        "UPDATE qa_assessments SET status = $1, updated_at = $4{stamp} \
         WHERE id = $2 AND status = $3"
    );
    let mut q = sqlx::query(&sql)
        .bind(to.as_str())
        .bind(assessment)
        .bind(from.as_str())
        .bind(now);
    if to == AssessmentStatus::Verified {
        q = q.bind(by);
    }
    let done = q.execute(db).await?;
    Ok(done.rows_affected() == 1)
}

fn rating_from(r: &AnyRow) -> Result<Rating, sqlx::Error> {
    Ok(Rating {
        criterion_id: r.try_get("criterion_id")?,
        self_level: r.try_get("self_level")?,
        self_comment: r.try_get("self_comment")?,
        evidence: r.try_get("evidence")?,
        verified_level: r.try_get("verified_level")?,
        verified_sources: list(&r.try_get::<String, _>("verified_sources")?),
        verified_comment: r.try_get("verified_comment")?,
    })
}

const RATING_COLUMNS: &str = "criterion_id, self_level, self_comment, evidence, verified_level, \
     verified_sources, verified_comment";

pub async fn ratings<'e>(
    db: impl Executor<'e, Database = Any>,
    assessment: i64,
) -> Result<Vec<Rating>, sqlx::Error> {
    sqlx::query(&format!(
        "SELECT {RATING_COLUMNS} FROM qa_ratings WHERE assessment_id = $1"
    ))
    .bind(assessment)
    .fetch_all(db)
    .await?
    .iter()
    .map(rating_from)
    .collect()
}

/// Every rating of a campaign, with its assessment's id.
pub async fn campaign_ratings<'e>(
    db: impl Executor<'e, Database = Any>,
    campaign: i64,
) -> Result<Vec<(i64, Rating)>, sqlx::Error> {
    sqlx::query(&format!(
        "SELECT r.assessment_id, {RATING_COLUMNS} FROM qa_ratings r \
         JOIN qa_assessments a ON a.id = r.assessment_id WHERE a.campaign_id = $1"
    ))
    .bind(campaign)
    .fetch_all(db)
    .await?
    .iter()
    .map(|r| Ok((r.try_get("assessment_id")?, rating_from(r)?)))
    .collect()
}

/// Writes the respondent's rating of a criterion.
pub async fn put_self(
    conn: &mut AnyConnection,
    assessment: i64,
    r: &Rating,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO qa_ratings (assessment_id, criterion_id, self_level, self_comment, evidence, \
         updated_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (assessment_id, criterion_id) \
         DO UPDATE SET self_level = $3, self_comment = $4, evidence = $5, updated_at = $6",
    )
    .bind(assessment)
    .bind(r.criterion_id)
    .bind(&r.self_level)
    .bind(&r.self_comment)
    .bind(&r.evidence)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Writes the assessor's rating of a criterion.
pub async fn put_verified(
    conn: &mut AnyConnection,
    assessment: i64,
    r: &Rating,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO qa_ratings (assessment_id, criterion_id, verified_level, verified_sources, \
         verified_comment, updated_at) VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (assessment_id, criterion_id) DO UPDATE SET verified_level = $3, \
         verified_sources = $4, verified_comment = $5, updated_at = $6",
    )
    .bind(assessment)
    .bind(r.criterion_id)
    .bind(&r.verified_level)
    .bind(r.verified_sources.join(","))
    .bind(&r.verified_comment)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// The service's latest closed assessment before `before` (an assessment id): its id and
/// per criterion code the verified level.
pub async fn previous_closed(
    conn: &mut AnyConnection,
    service: i64,
    before: i64,
) -> Result<Option<(i64, Vec<(String, String)>)>, sqlx::Error> {
    let Some(row) = sqlx::query(
        "SELECT id FROM qa_assessments WHERE service_id = $1 AND status = 'closed' AND id < $2 \
         ORDER BY closed_at DESC, id DESC LIMIT 1",
    )
    .bind(service)
    .bind(before)
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(None);
    };
    let id: i64 = row.try_get("id")?;
    let levels = sqlx::query(
        "SELECT i.code, r.verified_level FROM qa_ratings r JOIN qa_items i ON i.id = r.criterion_id \
         WHERE r.assessment_id = $1 AND r.verified_level IS NOT NULL",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| Ok((r.try_get("code")?, r.try_get("verified_level")?)))
    .collect::<Result<_, sqlx::Error>>()?;
    Ok(Some((id, levels)))
}

/// The service's latest assessment (any state) with its campaign's country, lead and
/// assessors' ids: the service page links it for those who may read it.
pub async fn latest_of_service<'e>(
    db: impl Executor<'e, Database = Any>,
    service: i64,
) -> Result<Option<AssessmentRow>, sqlx::Error> {
    sqlx::query(&format!(
        "{ASSESSMENT_SELECT} WHERE a.service_id = $1 ORDER BY c.starts_on DESC, a.id DESC LIMIT 1"
    ))
    .bind(service)
    .fetch_optional(db)
    .await?
    .map(|r| assessment_from(&r))
    .transpose()
}

/// Improvement plans made from an assessment: id and title.
pub async fn plans_from<'e>(
    db: impl Executor<'e, Database = Any>,
    assessment: i64,
) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query("SELECT id, title FROM plans WHERE assessment_id = $1 ORDER BY id")
        .bind(assessment)
        .fetch_all(db)
        .await?
        .iter()
        .map(|r| Ok((r.try_get("id")?, r.try_get("title")?)))
        .collect()
}
