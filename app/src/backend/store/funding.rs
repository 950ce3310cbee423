//! Funding-catalogue tables: mechanisms with their four-language texts, eligible countries
//! and deadlines, and which mechanisms a country's plan actions may name. Access rules are
//! the caller's (`backend::funding`); these only read and write.

use std::collections::HashMap;

use sqlx::{any::AnyRow, Any, AnyConnection, Executor, Row};

use super::quality::names;
use crate::model::funding::{Deadline, FundingChoice, Mechanism, UpcomingDeadline};

const COLUMNS: &str = "m.id, m.funder, m.kind, m.name_en, m.name_es, m.name_pt, m.name_fr, \
     m.funds_en, m.funds_es, m.funds_pt, m.funds_fr, m.apply_en, m.apply_es, m.apply_pt, \
     m.apply_fr, m.amount_min, m.amount_max, m.currency, m.cycle, m.contact, m.url, \
     m.verified_on";

fn mechanism(r: &AnyRow) -> Result<Mechanism, sqlx::Error> {
    Ok(Mechanism {
        id: r.try_get("id")?,
        name: names(r, "name", String::new())?,
        funder: r.try_get("funder")?,
        kind: r.try_get("kind")?,
        countries: Vec::new(),
        funds: names(r, "funds", String::new())?,
        amount_min: r.try_get("amount_min")?,
        amount_max: r.try_get("amount_max")?,
        currency: r.try_get("currency")?,
        cycle: r.try_get("cycle")?,
        deadlines: Vec::new(),
        apply: names(r, "apply", String::new())?,
        contact: r.try_get("contact")?,
        url: r.try_get("url")?,
        verified_on: r.try_get("verified_on")?,
    })
}

/// Every mechanism, whole, by English name (the catalogue is small: a few hundred at most).
pub async fn all(conn: &mut AnyConnection) -> Result<Vec<Mechanism>, sqlx::Error> {
    let mut found: Vec<Mechanism> = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM funding_mechanisms m ORDER BY m.name_en, m.id"
    ))
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(mechanism)
    .collect::<Result<_, _>>()?;
    let at: HashMap<i64, usize> = found.iter().enumerate().map(|(i, m)| (m.id, i)).collect();
    for r in sqlx::query(
        "SELECT mechanism_id, country_code FROM funding_countries ORDER BY country_code",
    )
    .fetch_all(&mut *conn)
    .await?
    {
        if let Some(&i) = at.get(&r.try_get::<i64, _>("mechanism_id")?) {
            found[i].countries.push(r.try_get("country_code")?);
        }
    }
    for r in
        sqlx::query("SELECT mechanism_id, due_on, label FROM funding_deadlines ORDER BY due_on")
            .fetch_all(&mut *conn)
            .await?
    {
        if let Some(&i) = at.get(&r.try_get::<i64, _>("mechanism_id")?) {
            found[i].deadlines.push(Deadline {
                due_on: r.try_get("due_on")?,
                label: r.try_get("label")?,
            });
        }
    }
    Ok(found)
}

/// One mechanism, whole.
pub async fn one(conn: &mut AnyConnection, id: i64) -> Result<Option<Mechanism>, sqlx::Error> {
    let Some(row) = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM funding_mechanisms m WHERE m.id = $1"
    ))
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(None);
    };
    let mut m = mechanism(&row)?;
    m.countries = sqlx::query(
        "SELECT country_code FROM funding_countries WHERE mechanism_id = $1 \
         ORDER BY country_code",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| r.try_get("country_code"))
    .collect::<Result<_, _>>()?;
    m.deadlines = sqlx::query(
        "SELECT due_on, label FROM funding_deadlines WHERE mechanism_id = $1 ORDER BY due_on",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        Ok(Deadline {
            due_on: r.try_get("due_on")?,
            label: r.try_get("label")?,
        })
    })
    .collect::<Result<_, sqlx::Error>>()?;
    Ok(Some(m))
}

/// Writes `m` (new when `m.id` is 0) with its countries and deadlines; returns its id, or
/// None when the mechanism to change is not there. Run inside the caller's transaction.
pub async fn save(
    conn: &mut AnyConnection,
    m: &Mechanism,
    user: i64,
    now: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let fields = "funder = $1, kind = $2, name_en = $3, name_es = $4, name_pt = $5, \
         name_fr = $6, funds_en = $7, funds_es = $8, funds_pt = $9, funds_fr = $10, \
         apply_en = $11, apply_es = $12, apply_pt = $13, apply_fr = $14, amount_min = $15, \
         amount_max = $16, currency = $17, cycle = $18, contact = $19, url = $20, \
         verified_on = $21, updated_at = $22";
    let sql = if m.id == 0 {
        "INSERT INTO funding_mechanisms (funder, kind, name_en, name_es, name_pt, name_fr, \
         funds_en, funds_es, funds_pt, funds_fr, apply_en, apply_es, apply_pt, apply_fr, \
         amount_min, amount_max, currency, cycle, contact, url, verified_on, updated_at, \
         created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, \
         $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $22) RETURNING id"
            .to_string()
    } else {
        format!("UPDATE funding_mechanisms SET {fields} WHERE id = $23 RETURNING id")
    };
    let texts = [&m.name, &m.funds, &m.apply];
    let mut q = sqlx::query(&sql).bind(&m.funder).bind(&m.kind);
    for t in texts {
        q = q.bind(&t.en).bind(&t.es).bind(&t.pt).bind(&t.fr);
    }
    let row = q
        .bind(m.amount_min)
        .bind(m.amount_max)
        .bind(&m.currency)
        .bind(&m.cycle)
        .bind(&m.contact)
        .bind(&m.url)
        .bind(&m.verified_on)
        .bind(now)
        .bind(if m.id == 0 { user } else { m.id })
        .fetch_optional(&mut *conn)
        .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let id: i64 = row.try_get("id")?;
    sqlx::query("DELETE FROM funding_countries WHERE mechanism_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    for c in &m.countries {
        sqlx::query("INSERT INTO funding_countries (mechanism_id, country_code) VALUES ($1, $2)")
            .bind(id)
            .bind(c)
            .execute(&mut *conn)
            .await?;
    }
    sqlx::query("DELETE FROM funding_deadlines WHERE mechanism_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    for d in &m.deadlines {
        sqlx::query(
            "INSERT INTO funding_deadlines (mechanism_id, due_on, label) VALUES ($1, $2, $3)",
        )
        .bind(id)
        .bind(&d.due_on)
        .bind(&d.label)
        .execute(&mut *conn)
        .await?;
    }
    Ok(Some(id))
}

/// Deadlines from `from` to `to` (YYYY-MM-DD, both included) with the countries of their
/// mechanism, soonest first.
pub async fn upcoming(
    conn: &mut AnyConnection,
    from: &str,
    to: &str,
) -> Result<Vec<(UpcomingDeadline, Vec<String>)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT d.mechanism_id AS id, d.due_on, d.label, m.name_en, m.name_es, m.name_pt, \
         m.name_fr FROM funding_deadlines d JOIN funding_mechanisms m ON m.id = d.mechanism_id \
         WHERE d.due_on >= $1 AND d.due_on <= $2 ORDER BY d.due_on, m.name_en",
    )
    .bind(from)
    .bind(to)
    .fetch_all(&mut *conn)
    .await?;
    let mut countries: HashMap<i64, Vec<String>> = HashMap::new();
    for r in sqlx::query(
        "SELECT mechanism_id, country_code FROM funding_countries WHERE mechanism_id IN \
         (SELECT mechanism_id FROM funding_deadlines WHERE due_on >= $1 AND due_on <= $2)",
    )
    .bind(from)
    .bind(to)
    .fetch_all(&mut *conn)
    .await?
    {
        countries
            .entry(r.try_get("mechanism_id")?)
            .or_default()
            .push(r.try_get("country_code")?);
    }
    rows.iter()
        .map(|r| {
            let id: i64 = r.try_get("id")?;
            Ok((
                UpcomingDeadline {
                    mechanism_id: id,
                    name: names(r, "name", String::new())?,
                    due_on: r.try_get("due_on")?,
                    label: r.try_get("label")?,
                },
                countries.get(&id).cloned().unwrap_or_default(),
            ))
        })
        .collect()
}

/// The mechanisms `country`'s plan actions may name, by English name.
pub async fn eligible<'e>(
    db: impl Executor<'e, Database = Any>,
    country: &str,
) -> Result<Vec<FundingChoice>, sqlx::Error> {
    sqlx::query(
        "SELECT m.id, m.name_en, m.name_es, m.name_pt, m.name_fr FROM funding_mechanisms m \
         JOIN funding_countries c ON c.mechanism_id = m.id WHERE c.country_code = $1 \
         ORDER BY m.name_en, m.id",
    )
    .bind(country)
    .fetch_all(db)
    .await?
    .iter()
    .map(|r| {
        Ok(FundingChoice {
            id: r.try_get("id")?,
            name: names(r, "name", String::new())?,
        })
    })
    .collect()
}

/// Whether mechanism `id` is open to `country`.
pub async fn is_eligible<'e>(
    db: impl Executor<'e, Database = Any>,
    id: i64,
    country: &str,
) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query(
        "SELECT 1 AS x FROM funding_countries WHERE mechanism_id = $1 AND country_code = $2",
    )
    .bind(id)
    .bind(country)
    .fetch_optional(db)
    .await?
    .is_some())
}
