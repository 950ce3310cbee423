//! Indicator tables: definitions and their versions in four languages, countries' values
//! with the history of their corrections, baselines and targets, data availability, and
//! imports. Access rules are the caller's (`backend::indicators`); these only read and
//! write.

use sqlx::{Any, AnyConnection, Executor, Row};

use crate::model::indicator::{Definition, Goal, IndicatorText, PastValue, Value};

/// Definition columns, for `indicator_versions v JOIN indicators i`.
const DEFINITION: &str = "i.id, i.code, v.version, v.category, v.unit, v.frequency, v.ratio, \
     v.bounded, v.disaggregations, v.edited_at, u.username AS edited_by \
     FROM indicators i JOIN indicator_versions v ON v.indicator_id = i.id \
     LEFT JOIN users u ON u.id = v.edited_by";

fn definition_from(r: &sqlx::any::AnyRow) -> Result<Definition, sqlx::Error> {
    let dims: String = r.try_get("disaggregations")?;
    Ok(Definition {
        id: r.try_get("id")?,
        code: r.try_get("code")?,
        version: r.try_get("version")?,
        category: r.try_get("category")?,
        unit: r.try_get("unit")?,
        frequency: r.try_get("frequency")?,
        ratio: r.try_get::<i64, _>("ratio")? == 1,
        bounded: r.try_get::<i64, _>("bounded")? == 1,
        disaggregations: dims
            .split(',')
            .filter(|d| !d.is_empty())
            .map(str::to_string)
            .collect(),
        texts: Vec::new(),
        edited_by: r.try_get("edited_by")?,
        edited_at: r.try_get("edited_at")?,
    })
}

/// Fills each definition's texts (of its own version) from one query.
async fn with_texts<'e>(
    db: impl Executor<'e, Database = Any>,
    mut defs: Vec<Definition>,
    only: Option<i64>,
) -> Result<Vec<Definition>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT indicator_id, version, language, name, definition, numerator, denominator, \
         formula, source FROM indicator_texts WHERE ($1 = 0 OR indicator_id = $1) \
         ORDER BY CASE language WHEN 'en' THEN 0 WHEN 'es' THEN 1 WHEN 'pt' THEN 2 ELSE 3 END",
    )
    .bind(only.unwrap_or(0))
    .fetch_all(db)
    .await?;
    for r in &rows {
        let (id, version): (i64, i64) = (r.try_get("indicator_id")?, r.try_get("version")?);
        if let Some(d) = defs.iter_mut().find(|d| d.id == id && d.version == version) {
            d.texts.push(IndicatorText {
                language: r.try_get("language")?,
                name: r.try_get("name")?,
                definition: r.try_get("definition")?,
                numerator: r.try_get("numerator")?,
                denominator: r.try_get("denominator")?,
                formula: r.try_get("formula")?,
                source: r.try_get("source")?,
            });
        }
    }
    Ok(defs)
}

/// Every indicator's current definition, by category then code.
pub async fn definitions(db: &sqlx::AnyPool) -> Result<Vec<Definition>, sqlx::Error> {
    let defs = sqlx::query(&format!(
        "SELECT {DEFINITION} WHERE v.version = i.version ORDER BY \
         CASE v.category WHEN 'access' THEN 0 WHEN 'retention' THEN 1 WHEN 'quality' THEN 2 \
         WHEN 'workforce' THEN 3 ELSE 4 END, i.code"
    ))
    .fetch_all(db)
    .await?
    .iter()
    .map(definition_from)
    .collect::<Result<Vec<_>, _>>()?;
    with_texts(db, defs, None).await
}

/// An indicator's current definition by code.
pub async fn definition(db: &sqlx::AnyPool, code: &str) -> Result<Option<Definition>, sqlx::Error> {
    let row = sqlx::query(&format!(
        "SELECT {DEFINITION} WHERE v.version = i.version AND i.code = $1"
    ))
    .bind(code)
    .fetch_optional(db)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let d = definition_from(&row)?;
    let id = d.id;
    Ok(with_texts(db, vec![d], Some(id)).await?.pop())
}

/// Every version of an indicator's definition, newest first.
pub async fn versions(db: &sqlx::AnyPool, id: i64) -> Result<Vec<Definition>, sqlx::Error> {
    let defs = sqlx::query(&format!(
        "SELECT {DEFINITION} WHERE i.id = $1 ORDER BY v.version DESC"
    ))
    .bind(id)
    .fetch_all(db)
    .await?
    .iter()
    .map(definition_from)
    .collect::<Result<Vec<_>, _>>()?;
    with_texts(db, defs, Some(id)).await
}

/// Starts an indicator (its first version is added by [`add_version`]); `None` when the
/// code is taken.
pub async fn create(
    conn: &mut AnyConnection,
    code: &str,
    now: i64,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query(
        "INSERT INTO indicators (code, version, created_at) VALUES ($1, 0, $2) \
         ON CONFLICT DO NOTHING RETURNING id",
    )
    .bind(code)
    .bind(now)
    .fetch_optional(&mut *conn)
    .await?
    .map(|r| r.try_get("id"))
    .transpose()
}

/// Adds the next version of indicator `d.id` with `d`'s fields and texts, and makes it
/// current; returns its number.
pub async fn add_version(
    conn: &mut AnyConnection,
    d: &Definition,
    by: Option<i64>,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let version: i64 = sqlx::query("SELECT version + 1 AS next FROM indicators WHERE id = $1")
        .bind(d.id)
        .fetch_one(&mut *conn)
        .await?
        .try_get("next")?;
    sqlx::query(
        "INSERT INTO indicator_versions (indicator_id, version, category, unit, frequency, \
         ratio, bounded, disaggregations, edited_by, edited_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(d.id)
    .bind(version)
    .bind(&d.category)
    .bind(&d.unit)
    .bind(&d.frequency)
    .bind(i64::from(d.ratio))
    .bind(i64::from(d.bounded))
    .bind(d.disaggregations.join(","))
    .bind(by)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    for t in &d.texts {
        sqlx::query(
            "INSERT INTO indicator_texts (indicator_id, version, language, name, definition, \
             numerator, denominator, formula, source) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(d.id)
        .bind(version)
        .bind(&t.language)
        .bind(&t.name)
        .bind(&t.definition)
        .bind(&t.numerator)
        .bind(&t.denominator)
        .bind(&t.formula)
        .bind(&t.source)
        .execute(&mut *conn)
        .await?;
    }
    sqlx::query("UPDATE indicators SET version = $1 WHERE id = $2")
        .bind(version)
        .bind(d.id)
        .execute(&mut *conn)
        .await?;
    Ok(version)
}

/// How many indicators there are (the reference definitions are written into an empty
/// table).
pub async fn count<'e>(db: impl Executor<'e, Database = Any>) -> Result<i64, sqlx::Error> {
    sqlx::query("SELECT COUNT(*) AS n FROM indicators")
        .fetch_one(db)
        .await?
        .try_get("n")
}

/// How many values an indicator has, of every country and status.
pub async fn value_count<'e>(
    db: impl Executor<'e, Database = Any>,
    indicator: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query("SELECT COUNT(*) AS n FROM indicator_values WHERE indicator_id = $1")
        .bind(indicator)
        .fetch_one(db)
        .await?
        .try_get("n")
}

/// Per indicator id, how many countries have at least one value the viewer may see
/// (`countries`: the countries whose provisional values count too).
pub async fn countries_reporting(
    db: &sqlx::AnyPool,
    countries: &[String],
) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    let own = super::placeholders(1, countries.len().max(1));
    let sql = format!(
        "SELECT indicator_id, COUNT(DISTINCT country_code) AS n FROM indicator_values \
         WHERE status = 'validated' OR country_code IN ({own}) GROUP BY indicator_id"
    );
    let mut q = sqlx::query_as(&sql);
    if countries.is_empty() {
        q = q.bind("");
    }
    for c in countries {
        q = q.bind(c);
    }
    q.fetch_all(db).await
}

/// Value columns, for `indicator_values x JOIN indicators i`.
const VALUE: &str = "x.id, i.code AS indicator, x.country_code, x.period, x.disaggregation, \
     x.value, x.numerator, x.denominator, x.source, x.status, x.origin, x.entered_at, \
     e.username AS entered_by, w.username AS validated_by, k.plan_id \
     FROM indicator_values x JOIN indicators i ON i.id = x.indicator_id \
     LEFT JOIN users e ON e.id = x.entered_by LEFT JOIN users w ON w.id = x.validated_by \
     LEFT JOIN plan_checkins k ON k.id = x.checkin_id";

fn value_from(r: &sqlx::any::AnyRow) -> Result<Value, sqlx::Error> {
    Ok(Value {
        id: r.try_get("id")?,
        indicator: r.try_get("indicator")?,
        country: r.try_get("country_code")?,
        period: r.try_get("period")?,
        disaggregation: r.try_get("disaggregation")?,
        value: r.try_get("value")?,
        numerator: r.try_get("numerator")?,
        denominator: r.try_get("denominator")?,
        source: r.try_get("source")?,
        status: r.try_get("status")?,
        origin: r.try_get("origin")?,
        entered_by: r.try_get("entered_by")?,
        entered_at: r.try_get("entered_at")?,
        validated_by: r.try_get("validated_by")?,
        plan: r.try_get("plan_id")?,
        history: Vec::new(),
    })
}

/// What values a listing or export takes: any of indicator, country, period (`None`: all),
/// with provisional values only of `own` countries (those the viewer may see them of;
/// `None`: every country's).
pub struct ValueFilter<'a> {
    pub indicator: Option<i64>,
    pub country: Option<&'a str>,
    pub period: Option<&'a str>,
    pub own: Option<&'a [String]>,
}

/// The values a filter takes, by indicator, country, period and disaggregation.
pub async fn values(db: &sqlx::AnyPool, f: &ValueFilter<'_>) -> Result<Vec<Value>, sqlx::Error> {
    let own = f.own.unwrap_or(&[]);
    let provisional = match f.own {
        None => "TRUE".to_string(),
        Some(_) => format!(
            "x.country_code IN ({})",
            super::placeholders(7, own.len().max(1))
        ),
    };
    let sql = format!(
        "SELECT {VALUE} WHERE ($1 = 0 OR x.indicator_id = $2) AND ($3 = '' OR x.country_code = $4) \
         AND ($5 = '' OR x.period = $6) AND (x.status = 'validated' OR {provisional}) \
         ORDER BY i.code, x.country_code, x.period, x.disaggregation"
    );
    let mut q = sqlx::query(&sql)
        .bind(f.indicator.unwrap_or(0))
        .bind(f.indicator.unwrap_or(0))
        .bind(f.country.unwrap_or(""))
        .bind(f.country.unwrap_or(""))
        .bind(f.period.unwrap_or(""))
        .bind(f.period.unwrap_or(""));
    if f.own.is_some() {
        if own.is_empty() {
            q = q.bind("");
        }
        for c in own {
            q = q.bind(c);
        }
    }
    q.fetch_all(db).await?.iter().map(value_from).collect()
}

/// Fills the history of `values` (their earlier versions, newest first).
pub async fn with_history(db: &sqlx::AnyPool, values: &mut [Value]) -> Result<(), sqlx::Error> {
    if values.is_empty() {
        return Ok(());
    }
    let sql = format!(
        "SELECT h.value_id, h.value, h.numerator, h.denominator, h.source, h.status, \
         h.entered_at, h.replaced_at, e.username AS entered_by, r.username AS replaced_by \
         FROM indicator_value_history h LEFT JOIN users e ON e.id = h.entered_by \
         LEFT JOIN users r ON r.id = h.replaced_by WHERE h.value_id IN ({}) ORDER BY h.id DESC",
        super::placeholders(1, values.len())
    );
    let mut q = sqlx::query(&sql);
    for v in values.iter() {
        q = q.bind(v.id);
    }
    for r in q.fetch_all(db).await? {
        let id: i64 = r.try_get("value_id")?;
        if let Some(v) = values.iter_mut().find(|v| v.id == id) {
            v.history.push(PastValue {
                value: r.try_get("value")?,
                numerator: r.try_get("numerator")?,
                denominator: r.try_get("denominator")?,
                source: r.try_get("source")?,
                status: r.try_get("status")?,
                entered_by: r.try_get("entered_by")?,
                entered_at: r.try_get("entered_at")?,
                replaced_by: r.try_get("replaced_by")?,
                replaced_at: r.try_get("replaced_at")?,
            });
        }
    }
    Ok(())
}

/// The periods an indicator has values for, newest first.
pub async fn periods(db: &sqlx::AnyPool, indicator: i64) -> Result<Vec<String>, sqlx::Error> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT DISTINCT period FROM indicator_values WHERE indicator_id = $1 ORDER BY period DESC",
    )
    .bind(indicator)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|(p,)| p).collect())
}

/// A value as checked, to write.
pub struct NewValue<'a> {
    pub indicator: i64,
    pub country: &'a str,
    pub period: &'a str,
    pub disaggregation: &'a str,
    pub value: f64,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    pub source: &'a str,
    pub status: &'a str,
    pub origin: &'a str,
    pub import: Option<i64>,
    pub checkin: Option<i64>,
    pub by: i64,
}

/// What a write did to a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Written {
    Added,
    /// It had another value, now in its history.
    Corrected,
    /// It already had exactly this value.
    Unchanged,
}

/// The stored figures of a value (`None` when there is none), to compare before writing.
pub async fn existing(
    conn: &mut AnyConnection,
    indicator: i64,
    country: &str,
    period: &str,
    disaggregation: &str,
) -> Result<Option<(i64, f64, Option<f64>, Option<f64>, String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, value, numerator, denominator, source, status FROM indicator_values \
         WHERE indicator_id = $1 AND country_code = $2 AND period = $3 AND disaggregation = $4",
    )
    .bind(indicator)
    .bind(country)
    .bind(period)
    .bind(disaggregation)
    .fetch_optional(&mut *conn)
    .await
}

/// Writes a value: added, or corrected with the old one kept in its history, or left as
/// it is when nothing differs.
pub async fn write_value(
    conn: &mut AnyConnection,
    v: &NewValue<'_>,
    now: i64,
) -> Result<Written, sqlx::Error> {
    let old = existing(conn, v.indicator, v.country, v.period, v.disaggregation).await?;
    let validated = v.status == "validated";
    match old {
        None => {
            sqlx::query(
                "INSERT INTO indicator_values (indicator_id, country_code, period, disaggregation, \
                 value, numerator, denominator, source, status, origin, import_id, checkin_id, \
                 entered_by, entered_at, validated_by, validated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
            )
            .bind(v.indicator)
            .bind(v.country)
            .bind(v.period)
            .bind(v.disaggregation)
            .bind(v.value)
            .bind(v.numerator)
            .bind(v.denominator)
            .bind(v.source)
            .bind(v.status)
            .bind(v.origin)
            .bind(v.import)
            .bind(v.checkin)
            .bind(v.by)
            .bind(now)
            .bind(validated.then_some(v.by))
            .bind(validated.then_some(now))
            .execute(&mut *conn)
            .await?;
            Ok(Written::Added)
        }
        Some((id, value, numerator, denominator, source, status))
            if value == v.value
                && numerator == v.numerator
                && denominator == v.denominator
                && source == v.source
                && status == v.status =>
        {
            let _ = id;
            Ok(Written::Unchanged)
        }
        Some((id, ..)) => {
            sqlx::query(
                "INSERT INTO indicator_value_history (value_id, value, numerator, denominator, \
                 source, status, origin, entered_by, entered_at, replaced_by, replaced_at) \
                 SELECT id, value, numerator, denominator, source, status, origin, entered_by, \
                 entered_at, $1, $2 FROM indicator_values WHERE id = $3",
            )
            .bind(v.by)
            .bind(now)
            .bind(id)
            .execute(&mut *conn)
            .await?;
            sqlx::query(
                "UPDATE indicator_values SET value = $1, numerator = $2, denominator = $3, \
                 source = $4, status = $5, origin = $6, import_id = $7, checkin_id = $8, \
                 entered_by = $9, entered_at = $10, validated_by = $11, validated_at = $12 \
                 WHERE id = $13",
            )
            .bind(v.value)
            .bind(v.numerator)
            .bind(v.denominator)
            .bind(v.source)
            .bind(v.status)
            .bind(v.origin)
            .bind(v.import)
            .bind(v.checkin)
            .bind(v.by)
            .bind(now)
            .bind(validated.then_some(v.by))
            .bind(validated.then_some(now))
            .bind(id)
            .execute(&mut *conn)
            .await?;
            Ok(Written::Corrected)
        }
    }
}

/// A value's indicator code and country, to check who may act on it.
pub async fn value_owner<'e>(
    db: impl Executor<'e, Database = Any>,
    id: i64,
) -> Result<Option<(String, String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT i.code, x.country_code, x.status FROM indicator_values x \
         JOIN indicators i ON i.id = x.indicator_id WHERE x.id = $1",
    )
    .bind(id)
    .fetch_optional(db)
    .await
}

/// Marks a value validated by `by`.
pub async fn validate<'e>(
    db: impl Executor<'e, Database = Any>,
    id: i64,
    by: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE indicator_values SET status = 'validated', validated_by = $1, validated_at = $2 \
         WHERE id = $3",
    )
    .bind(by)
    .bind(now)
    .bind(id)
    .execute(db)
    .await?;
    Ok(())
}

/// A country's baseline and target for an indicator.
pub async fn goal<'e>(
    db: impl Executor<'e, Database = Any>,
    indicator: i64,
    country: &str,
) -> Result<Option<Goal>, sqlx::Error> {
    let row: Option<(Option<f64>, String, Option<f64>, String)> = sqlx::query_as(
        "SELECT baseline, baseline_period, target, target_period FROM indicator_goals \
         WHERE indicator_id = $1 AND country_code = $2",
    )
    .bind(indicator)
    .bind(country)
    .fetch_optional(db)
    .await?;
    Ok(
        row.map(|(baseline, baseline_period, target, target_period)| Goal {
            baseline,
            baseline_period,
            target,
            target_period,
        }),
    )
}

/// Sets a country's baseline and target for an indicator.
pub async fn set_goal<'e>(
    db: impl Executor<'e, Database = Any>,
    indicator: i64,
    country: &str,
    g: &Goal,
    by: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO indicator_goals (indicator_id, country_code, baseline, baseline_period, \
         target, target_period, set_by, set_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
         ON CONFLICT (indicator_id, country_code) DO UPDATE SET baseline = $3, \
         baseline_period = $4, target = $5, target_period = $6, set_by = $7, set_at = $8",
    )
    .bind(indicator)
    .bind(country)
    .bind(g.baseline)
    .bind(&g.baseline_period)
    .bind(g.target)
    .bind(&g.target_period)
    .bind(by)
    .bind(now)
    .execute(db)
    .await?;
    Ok(())
}

/// Every availability record: (indicator id, country, status, system).
pub async fn availability<'e>(
    db: impl Executor<'e, Database = Any>,
) -> Result<Vec<(i64, String, String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT indicator_id, country_code, status, system FROM indicator_availability \
         ORDER BY country_code, indicator_id",
    )
    .fetch_all(db)
    .await
}

/// Records whether a country's data for an indicator exist, and from which system.
pub async fn set_availability<'e>(
    db: impl Executor<'e, Database = Any>,
    indicator: i64,
    country: &str,
    status: &str,
    system: &str,
    by: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO indicator_availability (indicator_id, country_code, status, system, \
         set_by, set_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (indicator_id, \
         country_code) DO UPDATE SET status = $3, system = $4, set_by = $5, set_at = $6",
    )
    .bind(indicator)
    .bind(country)
    .bind(status)
    .bind(system)
    .bind(by)
    .bind(now)
    .execute(db)
    .await?;
    Ok(())
}

/// Records an import that went through; returns its id.
pub async fn add_import(
    conn: &mut AnyConnection,
    by: i64,
    file: &str,
    rows: usize,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query(
        "INSERT INTO indicator_imports (imported_by, imported_at, file_name, row_count) \
         VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(by)
    .bind(now)
    .bind(file)
    .bind(rows as i64)
    .fetch_one(&mut *conn)
    .await?
    .try_get("id")
}

/// Library documents whose text links to the indicator's page (how a document cites
/// one): (slug, title).
pub async fn citing_documents<'e>(
    db: impl Executor<'e, Database = Any>,
    code: &str,
) -> Result<Vec<(String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT slug, title FROM documents WHERE body_md LIKE $1 OR body_md LIKE $2 \
         ORDER BY title",
    )
    .bind(format!("%/indicators/{code})%"))
    .bind(format!("%/indicators/{code}/%"))
    .fetch_all(db)
    .await
}
