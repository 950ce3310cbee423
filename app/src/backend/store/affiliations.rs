//! Requests to be affiliated with a country (see `model::affiliation`).

use sqlx::{Any, Executor};

use super::{country_from_row, COUNTRY_COLUMNS};
use crate::model::affiliation::{AffiliationRequestView, AffiliationStatus};

/// The columns every read selects (requests `r`, their person `u`, the decider `d` and the
/// country `c`).
fn select() -> String {
    format!(
        "SELECT r.id, u.username, u.display_name, u.organisation, u.email, r.country_code, \
         {COUNTRY_COLUMNS}, r.note, r.status, r.created_at, d.display_name AS decided_by, \
         r.decided_at, r.reason, r.user_id \
         FROM affiliation_requests r JOIN users u ON u.id = r.user_id \
         JOIN countries c ON c.code = r.country_code \
         LEFT JOIN users d ON d.id = r.decided_by"
    )
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    username: String,
    display_name: String,
    organisation: String,
    email: Option<String>,
    note: String,
    status: String,
    created_at: i64,
    decided_by: Option<String>,
    decided_at: Option<i64>,
    reason: String,
    user_id: i64,
}

/// A request and whose it is.
#[derive(Clone, Debug)]
pub struct Stored {
    pub user_id: i64,
    pub view: AffiliationRequestView,
}

fn from_row(row: &sqlx::any::AnyRow) -> Result<Stored, sqlx::Error> {
    use sqlx::FromRow;
    let r = Row::from_row(row)?;
    let country = country_from_row(row)?
        .ok_or_else(|| sqlx::Error::Decode("affiliation request without a country".into()))?;
    let status = AffiliationStatus::parse(&r.status)
        .ok_or_else(|| sqlx::Error::Decode(format!("affiliation status {:?}", r.status).into()))?;
    Ok(Stored {
        user_id: r.user_id,
        view: AffiliationRequestView {
            id: r.id,
            username: r.username,
            display_name: r.display_name,
            organisation: r.organisation,
            email: r.email,
            country,
            note: r.note,
            status,
            created_at: r.created_at,
            decided_by: r.decided_by,
            decided_at: r.decided_at,
            reason: r.reason,
        },
    })
}

/// Files a request (the caller withdrew any pending one in the same transaction).
pub async fn insert<'e>(
    db: impl Executor<'e, Database = Any>,
    user_id: i64,
    country: &str,
    note: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO affiliation_requests (user_id, country_code, note, status, created_at) \
         VALUES ($1, $2, $3, 'pending', $4)",
    )
    .bind(user_id)
    .bind(country)
    .bind(note)
    .bind(now)
    .execute(db)
    .await?;
    Ok(())
}

/// Withdraws the person's pending request, if any; returns whether there was one.
pub async fn withdraw_pending<'e>(
    db: impl Executor<'e, Database = Any>,
    user_id: i64,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE affiliation_requests SET status = 'withdrawn', decided_at = $1 \
         WHERE user_id = $2 AND status = 'pending'",
    )
    .bind(now)
    .bind(user_id)
    .execute(db)
    .await?;
    Ok(done.rows_affected() > 0)
}

pub async fn by_id<'e>(
    db: impl Executor<'e, Database = Any>,
    id: i64,
) -> Result<Option<Stored>, sqlx::Error> {
    let sql = format!("{} WHERE r.id = $1", select());
    sqlx::query(&sql)
        .bind(id)
        .fetch_optional(db)
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
}

/// The person's pending request, and their latest decided one.
pub async fn of_user<'e>(
    db: impl Executor<'e, Database = Any>,
    user_id: i64,
) -> Result<(Option<Stored>, Option<Stored>), sqlx::Error> {
    let sql = format!(
        "{} WHERE r.user_id = $1 AND r.status <> 'withdrawn' ORDER BY r.id DESC LIMIT 2",
        select()
    );
    let rows = sqlx::query(&sql).bind(user_id).fetch_all(db).await?;
    let mut pending = None;
    let mut decided = None;
    for row in &rows {
        let s = from_row(row)?;
        if s.view.status == AffiliationStatus::Pending {
            pending = pending.or(Some(s));
        } else if decided.is_none() {
            decided = Some(s);
        }
    }
    Ok((pending, decided))
}

/// Requests in `status`, for every country (`countries` None) or for these (ISO codes,
/// bound one by one), newest first.
pub async fn list<'e>(
    db: impl Executor<'e, Database = Any>,
    pending: bool,
    countries: Option<&[String]>,
    limit: i64,
) -> Result<Vec<AffiliationRequestView>, sqlx::Error> {
    let status = if pending {
        "r.status = 'pending'"
    } else {
        "r.status IN ('approved', 'declined')"
    };
    let filter = match countries {
        None => String::new(),
        Some([]) => " AND 1 = 0".to_string(),
        Some(codes) => format!(
            " AND r.country_code IN ({})",
            super::placeholders(2, codes.len())
        ),
    };
    let sql = format!(
        "{} WHERE {status}{filter} ORDER BY r.id DESC LIMIT $1",
        select()
    );
    let mut q = sqlx::query(&sql).bind(limit);
    for code in countries.unwrap_or_default() {
        q = q.bind(code);
    }
    q.fetch_all(db)
        .await?
        .iter()
        .map(|r| from_row(r).map(|s| s.view))
        .collect()
}

/// Records the decision on a pending request; returns false when it was no longer
/// pending (decided by someone else meanwhile, or withdrawn).
pub async fn decide<'e>(
    db: impl Executor<'e, Database = Any>,
    id: i64,
    status: AffiliationStatus,
    decided_by: i64,
    reason: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE affiliation_requests SET status = $1, decided_by = $2, decided_at = $3, \
         reason = $4 WHERE id = $5 AND status = 'pending'",
    )
    .bind(status.as_str())
    .bind(decided_by)
    .bind(now)
    .bind(reason)
    .bind(id)
    .execute(db)
    .await?;
    Ok(done.rows_affected() > 0)
}
