//! The technical-assistance request tables: requests, their links, history, internal
//! notes, and staff's canned replies.

use sqlx::{Any, Executor, Row};

use super::{country_from_row, COUNTRY_COLUMNS};
use crate::model::request::{
    CannedReply, InternalNote, QueueFilters, RequestEvent, RequestSummary, StaffMember, Status,
    Urgency,
};

/// A request as stored, with the names a page shows.
#[derive(Clone, Debug)]
pub struct RequestRow {
    pub summary: RequestSummary,
    pub country_code: String,
    pub requester_id: i64,
    pub requester_username: String,
    pub assignee_id: Option<i64>,
    pub desired_date: Option<String>,
    pub thread_id: i64,
    /// The request space the conversation is in.
    pub space_slug: String,
    pub answer_post_id: Option<i64>,
    pub rating: Option<String>,
    pub answered_at: Option<i64>,
}

/// What filing writes.
pub struct NewRequest<'a> {
    pub country: &'a str,
    pub requester_id: i64,
    pub topic: &'a str,
    pub title: &'a str,
    pub urgency: Urgency,
    pub desired_date: Option<&'a str>,
    pub due_at: i64,
    pub thread_id: i64,
}

pub async fn insert<'e>(
    db: impl Executor<'e, Database = Any>,
    new: &NewRequest<'_>,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let row = sqlx::query(
        "INSERT INTO ta_requests (country_code, requester_id, topic, title, urgency, \
         desired_date, due_at, thread_id, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id",
    )
    .bind(new.country)
    .bind(new.requester_id)
    .bind(new.topic)
    .bind(new.title)
    .bind(new.urgency.as_str())
    .bind(new.desired_date)
    .bind(new.due_at)
    .bind(new.thread_id)
    .bind(now)
    .fetch_one(db)
    .await?;
    row.try_get("id")
}

pub async fn insert_link<'e>(
    db: impl Executor<'e, Database = Any>,
    request_id: i64,
    position: i64,
    url: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO ta_request_links (request_id, position, url) VALUES ($1, $2, $3)")
        .bind(request_id)
        .bind(position)
        .bind(url)
        .execute(db)
        .await?;
    Ok(())
}

pub async fn links<'e>(
    db: impl Executor<'e, Database = Any>,
    request_id: i64,
) -> Result<Vec<String>, sqlx::Error> {
    let rows =
        sqlx::query("SELECT url FROM ta_request_links WHERE request_id = $1 ORDER BY position")
            .bind(request_id)
            .fetch_all(db)
            .await?;
    rows.iter().map(|r| r.try_get("url")).collect()
}

/// Records one change in the request's history.
pub async fn record<'e>(
    db: impl Executor<'e, Database = Any>,
    request_id: i64,
    actor_id: Option<i64>,
    action: &str,
    from: Option<&str>,
    to: Option<&str>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO ta_request_events (request_id, actor_id, action, from_value, to_value, \
         created_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(request_id)
    .bind(actor_id)
    .bind(action)
    .bind(from)
    .bind(to)
    .bind(now)
    .execute(db)
    .await?;
    Ok(())
}

pub async fn events<'e>(
    db: impl Executor<'e, Database = Any>,
    request_id: i64,
) -> Result<Vec<RequestEvent>, sqlx::Error> {
    sqlx::query_as(
        "SELECT u.display_name AS actor, e.action, e.from_value AS \"from\", \
         e.to_value AS \"to\", e.created_at AS at \
         FROM ta_request_events e LEFT JOIN users u ON u.id = e.actor_id \
         WHERE e.request_id = $1 ORDER BY e.id",
    )
    .bind(request_id)
    .fetch_all(db)
    .await
}

/// Sets the fields a change touches; `None` leaves a field as it is. `answered_at` and
/// `closed_at` are given as `Some(None)` to clear them.
#[derive(Default)]
pub struct Update<'a> {
    pub status: Option<Status>,
    pub assignee: Option<Option<i64>>,
    pub due_at: Option<i64>,
    pub answer_post: Option<i64>,
    pub rating: Option<Option<&'a str>>,
    pub answered_at: Option<Option<i64>>,
    pub closed_at: Option<Option<i64>>,
}

pub async fn change<'e>(
    db: impl Executor<'e, Database = Any>,
    id: i64,
    c: &Update<'_>,
    now: i64,
) -> Result<(), sqlx::Error> {
    // Every column is written; a flag per field says whether it changes (a column set to
    // NULL is a change too), so one statement (one round trip, one lock) does any change.
    sqlx::query(
        "UPDATE ta_requests SET \
         status = CASE WHEN $1 = 1 THEN $2 ELSE status END, \
         assignee_id = CASE WHEN $3 = 1 THEN $4 ELSE assignee_id END, \
         due_at = CASE WHEN $5 = 1 THEN $6 ELSE due_at END, \
         answer_post_id = CASE WHEN $7 = 1 THEN $8 ELSE answer_post_id END, \
         rating = CASE WHEN $9 = 1 THEN $10 ELSE rating END, \
         answered_at = CASE WHEN $11 = 1 THEN $12 ELSE answered_at END, \
         closed_at = CASE WHEN $13 = 1 THEN $14 ELSE closed_at END, \
         updated_at = $15 WHERE id = $16",
    )
    .bind(c.status.is_some() as i64)
    .bind(c.status.map(Status::as_str).unwrap_or("new"))
    .bind(c.assignee.is_some() as i64)
    .bind(c.assignee.flatten())
    .bind(c.due_at.is_some() as i64)
    .bind(c.due_at.unwrap_or(0))
    .bind(c.answer_post.is_some() as i64)
    .bind(c.answer_post)
    .bind(c.rating.is_some() as i64)
    .bind(c.rating.flatten())
    .bind(c.answered_at.is_some() as i64)
    .bind(c.answered_at.flatten())
    .bind(c.closed_at.is_some() as i64)
    .bind(c.closed_at.flatten())
    .bind(now)
    .bind(id)
    .execute(db)
    .await?;
    Ok(())
}

pub async fn add_note<'e>(
    db: impl Executor<'e, Database = Any>,
    request_id: i64,
    author_id: i64,
    body_md: &str,
    body_html: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO ta_request_notes (request_id, author_id, body_md, body_html, created_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(request_id)
    .bind(author_id)
    .bind(body_md)
    .bind(body_html)
    .bind(now)
    .execute(db)
    .await?;
    Ok(())
}

pub async fn notes<'e>(
    db: impl Executor<'e, Database = Any>,
    request_id: i64,
) -> Result<Vec<InternalNote>, sqlx::Error> {
    sqlx::query_as(
        "SELECT u.display_name AS author, n.body_html, n.created_at AS at \
         FROM ta_request_notes n JOIN users u ON u.id = n.author_id \
         WHERE n.request_id = $1 ORDER BY n.id",
    )
    .bind(request_id)
    .fetch_all(db)
    .await
}

const SELECT: &str = "SELECT r.id, r.title, r.country_code, r.topic, r.urgency, r.status, \
     r.requester_id, q.display_name AS requester_name, q.username AS requester_username, \
     r.assignee_id, a.display_name AS assignee_name, a.username AS assignee_username, \
     r.created_at, r.updated_at, r.due_at, r.desired_date, r.thread_id, r.answer_post_id, \
     r.rating, r.answered_at, rs.slug AS space_slug";

/// The request columns `from_row` reads, with `extra` columns after them.
fn select_sql_with(extra: &str) -> String {
    format!(
        "{SELECT}, {COUNTRY_COLUMNS}{extra} FROM ta_requests r \
         JOIN countries c ON c.code = r.country_code \
         JOIN users q ON q.id = r.requester_id \
         LEFT JOIN users a ON a.id = r.assignee_id \
         JOIN threads rt ON rt.id = r.thread_id JOIN spaces rs ON rs.id = rt.space_id"
    )
}

fn select_sql() -> String {
    select_sql_with("")
}

fn from_row(r: &sqlx::any::AnyRow, now: i64) -> Result<RequestRow, sqlx::Error> {
    let bad = |what: &str, v: &str| sqlx::Error::Decode(format!("{what} {v:?}").into());
    let status: String = r.try_get("status")?;
    let status = Status::parse(&status).ok_or_else(|| bad("status", &status))?;
    let urgency: String = r.try_get("urgency")?;
    let urgency = Urgency::parse(&urgency).ok_or_else(|| bad("urgency", &urgency))?;
    let due_at: i64 = r.try_get("due_at")?;
    let country = country_from_row(r)?.ok_or_else(|| bad("country", ""))?;
    Ok(RequestRow {
        summary: RequestSummary {
            id: r.try_get("id")?,
            title: r.try_get("title")?,
            country: country.clone(),
            topic: r.try_get("topic")?,
            urgency,
            status,
            requester_name: r.try_get("requester_name")?,
            assignee_name: r.try_get("assignee_name")?,
            assignee_username: r.try_get("assignee_username")?,
            created_at: r.try_get("created_at")?,
            updated_at: r.try_get("updated_at")?,
            due_at,
            overdue: status.is_open() && due_at < now,
        },
        country_code: country.code.clone(),
        requester_id: r.try_get("requester_id")?,
        requester_username: r.try_get("requester_username")?,
        assignee_id: r.try_get("assignee_id")?,
        desired_date: r.try_get("desired_date")?,
        thread_id: r.try_get("thread_id")?,
        space_slug: r.try_get("space_slug")?,
        answer_post_id: r.try_get("answer_post_id")?,
        rating: r.try_get("rating")?,
        answered_at: r.try_get("answered_at")?,
    })
}

pub async fn by_id<'e>(
    db: impl Executor<'e, Database = Any>,
    id: i64,
    now: i64,
) -> Result<Option<RequestRow>, sqlx::Error> {
    let sql = format!("{} WHERE r.id = $1", select_sql());
    let row = sqlx::query(&sql).bind(id).fetch_optional(db).await?;
    row.map(|r| from_row(&r, now)).transpose()
}

/// The request whose conversation is this thread, if any.
pub async fn id_of_thread<'e>(
    db: impl Executor<'e, Database = Any>,
    thread_id: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let row = sqlx::query("SELECT id FROM ta_requests WHERE thread_id = $1")
        .bind(thread_id)
        .fetch_optional(db)
        .await?;
    row.map(|r| r.try_get("id")).transpose()
}

/// Who is listing: the queue's saved views need the viewer's id.
pub struct Scope<'a> {
    /// Only this country's requests (a country's own list).
    pub country: Option<&'a str>,
    pub viewer_id: i64,
}

/// Requests matching the filters, in the chosen order (at most `limit`).
pub async fn list<'e>(
    db: impl Executor<'e, Database = Any>,
    scope: &Scope<'_>,
    f: &QueueFilters,
    now: i64,
    limit: i64,
) -> Result<Vec<RequestSummary>, sqlx::Error> {
    // Numbers are spliced (they are ours); every piece of user text is bound.
    let mut conds: Vec<String> = Vec::new();
    let mut binds: Vec<String> = Vec::new();
    let mut bind = |conds: &mut Vec<String>, sql: &str, value: &str| {
        binds.push(value.to_string());
        conds.push(sql.replace('?', &format!("${}", binds.len())));
    };
    if let Some(c) = scope.country {
        bind(&mut conds, "r.country_code = ?", c);
    }
    let open = "r.status NOT IN ('answered', 'closed')";
    match f.view.as_str() {
        "mine" => conds.push(format!("r.assignee_id = {} AND {open}", scope.viewer_id)),
        "unassigned" => conds.push(format!("r.assignee_id IS NULL AND {open}")),
        "overdue" => conds.push(format!("r.due_at < {now} AND {open}")),
        "open" => conds.push(open.to_string()),
        _ => {}
    }
    if !f.status.is_empty() {
        bind(&mut conds, "r.status = ?", &f.status);
    }
    if !f.country.is_empty() {
        bind(
            &mut conds,
            "r.country_code = ?",
            &f.country.to_ascii_uppercase(),
        );
    }
    if !f.topic.is_empty() {
        bind(&mut conds, "r.topic = ?", &f.topic);
    }
    if !f.urgency.is_empty() {
        bind(&mut conds, "r.urgency = ?", &f.urgency);
    }
    match f.assignee.as_str() {
        "" => {}
        "none" => conds.push("r.assignee_id IS NULL".into()),
        name => bind(&mut conds, "a.username = ?", name),
    }
    let order = match f.sort.as_str() {
        "oldest" => "r.created_at ASC, r.id ASC",
        "newest" => "r.created_at DESC, r.id DESC",
        "updated" => "r.updated_at DESC, r.id DESC",
        "urgency" => {
            "CASE r.urgency WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 \
             ELSE 3 END, r.due_at ASC, r.id ASC"
        }
        // Due first; answered and closed ones after the open ones.
        _ => {
            "CASE WHEN r.status IN ('answered', 'closed') THEN 1 ELSE 0 END, r.due_at ASC, \
             r.id ASC"
        }
    };
    let filter = if conds.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", conds.join(" AND "))
    };
    let sql = format!("{}{filter} ORDER BY {order} LIMIT {limit}", select_sql());
    let mut q = sqlx::query(&sql);
    for b in &binds {
        q = q.bind(b.as_str());
    }
    let rows = q.fetch_all(db).await?;
    rows.iter()
        .map(|r| from_row(r, now).map(|row| row.summary))
        .collect()
}

/// How many requests each saved view holds: (mine, unassigned, overdue).
pub async fn view_counts<'e>(
    db: impl Executor<'e, Database = Any>,
    viewer_id: i64,
    now: i64,
) -> Result<(i64, i64, i64), sqlx::Error> {
    let row = sqlx::query(
        "SELECT \
         COALESCE(SUM(CASE WHEN assignee_id = $1 THEN 1 ELSE 0 END), 0) AS mine, \
         COALESCE(SUM(CASE WHEN assignee_id IS NULL THEN 1 ELSE 0 END), 0) AS unassigned, \
         COALESCE(SUM(CASE WHEN due_at < $2 THEN 1 ELSE 0 END), 0) AS overdue \
         FROM ta_requests WHERE status NOT IN ('answered', 'closed')",
    )
    .bind(viewer_id)
    .bind(now)
    .fetch_one(db)
    .await?;
    Ok((
        row.try_get("mine")?,
        row.try_get("unassigned")?,
        row.try_get("overdue")?,
    ))
}

/// Technical-assistance staff and admins, by name: whom a request may be assigned to.
pub async fn staff<'e>(
    db: impl Executor<'e, Database = Any>,
) -> Result<Vec<(i64, StaffMember)>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct Staff {
        id: i64,
        #[sqlx(flatten)]
        member: StaffMember,
    }
    let rows: Vec<Staff> = sqlx::query_as(
        "SELECT id, username, display_name FROM users WHERE role IN ('ta_staff', 'admin') \
         ORDER BY display_name, id",
    )
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|s| (s.id, s.member)).collect())
}

/// One request's timings, for the programme's figures and their export.
#[derive(Clone, Debug)]
pub struct Timing {
    pub row: RequestRow,
    /// When staff first wrote in the conversation (after the opening post).
    pub first_response_at: Option<i64>,
    pub closed_at: Option<i64>,
}

pub async fn timings<'e>(
    db: impl Executor<'e, Database = Any>,
    now: i64,
) -> Result<Vec<Timing>, sqlx::Error> {
    let sql = format!(
        "{} ORDER BY r.id",
        select_sql_with(
            ", r.closed_at, (SELECT MIN(p.created_at) FROM posts p JOIN users su \
             ON su.id = p.author_id WHERE p.thread_id = r.thread_id AND p.seq > 1 \
             AND su.role IN ('ta_staff', 'admin')) AS first_response_at"
        )
    );
    let rows = sqlx::query(&sql).fetch_all(db).await?;
    rows.iter()
        .map(|r| {
            Ok(Timing {
                row: from_row(r, now)?,
                first_response_at: r.try_get("first_response_at")?,
                closed_at: r.try_get("closed_at")?,
            })
        })
        .collect()
}

pub async fn canned<'e>(
    db: impl Executor<'e, Database = Any>,
) -> Result<Vec<CannedReply>, sqlx::Error> {
    sqlx::query_as(
        "SELECT c.id, c.title, c.body_md, u.display_name AS updated_by, c.updated_at \
         FROM canned_replies c LEFT JOIN users u ON u.id = c.updated_by \
         ORDER BY c.title, c.id",
    )
    .fetch_all(db)
    .await
}

/// Writes a canned reply: a new one (`id` None) or changes one; false when `id` names none.
pub async fn save_canned<'e>(
    db: impl Executor<'e, Database = Any>,
    id: Option<i64>,
    title: &str,
    body_md: &str,
    by: i64,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = match id {
        None => sqlx::query(
            "INSERT INTO canned_replies (title, body_md, updated_by, updated_at) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(title)
        .bind(body_md)
        .bind(by)
        .bind(now)
        .execute(db)
        .await?
        .rows_affected(),
        Some(id) => sqlx::query(
            "UPDATE canned_replies SET title = $1, body_md = $2, updated_by = $3, \
             updated_at = $4 WHERE id = $5",
        )
        .bind(title)
        .bind(body_md)
        .bind(by)
        .bind(now)
        .bind(id)
        .execute(db)
        .await?
        .rows_affected(),
    };
    Ok(done == 1)
}

pub async fn delete_canned<'e>(
    db: impl Executor<'e, Database = Any>,
    id: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM canned_replies WHERE id = $1")
        .bind(id)
        .execute(db)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Links a request to the plan action it was asked for from.
pub async fn link_action<'e>(
    db: impl Executor<'e, Database = Any>,
    request: i64,
    action: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE ta_requests SET plan_action_id = $1 WHERE id = $2")
        .bind(action)
        .bind(request)
        .execute(db)
        .await?;
    Ok(())
}

/// The requests asked for from a plan's actions: (action id, request id, title, status).
pub async fn of_plan<'e>(
    db: impl Executor<'e, Database = Any>,
    plan: i64,
) -> Result<Vec<(i64, i64, String, String)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT r.plan_action_id, r.id, r.title, r.status FROM ta_requests r \
         JOIN plan_actions a ON a.id = r.plan_action_id WHERE a.plan_id = $1 ORDER BY r.id",
    )
    .bind(plan)
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get("plan_action_id")?,
                r.try_get("id")?,
                r.try_get("title")?,
                r.try_get("status")?,
            ))
        })
        .collect()
}

/// The plan action a request was asked for from, if any.
/// Links a request to the indicator it is about.
pub async fn link_indicator<'e>(
    db: impl Executor<'e, Database = Any>,
    request: i64,
    indicator: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE ta_requests SET indicator_id = $1 WHERE id = $2")
        .bind(indicator)
        .bind(request)
        .execute(db)
        .await?;
    Ok(())
}

/// The code of the indicator a request is about, if any.
pub async fn indicator_of<'e>(
    db: impl Executor<'e, Database = Any>,
    request: i64,
) -> Result<Option<String>, sqlx::Error> {
    let row: Option<(String,)> = sqlx::query_as(
        "SELECT i.code FROM ta_requests r JOIN indicators i ON i.id = r.indicator_id \
         WHERE r.id = $1",
    )
    .bind(request)
    .fetch_optional(db)
    .await?;
    Ok(row.map(|(c,)| c))
}

pub async fn plan_action_of<'e>(
    db: impl Executor<'e, Database = Any>,
    request: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let row = sqlx::query("SELECT plan_action_id FROM ta_requests WHERE id = $1")
        .bind(request)
        .fetch_optional(db)
        .await?;
    Ok(row.and_then(|r| r.try_get("plan_action_id").ok()).flatten())
}

/// A request's id by its exact title (the demo links its own request this way).
pub async fn id_by_title<'e>(
    db: impl Executor<'e, Database = Any>,
    title: &str,
) -> Result<Option<i64>, sqlx::Error> {
    let row = sqlx::query("SELECT id FROM ta_requests WHERE title = $1 ORDER BY id LIMIT 1")
        .bind(title)
        .fetch_optional(db)
        .await?;
    row.map(|r| r.try_get("id")).transpose()
}

/// A country's requests linked to an indicator, newest first: (id, title). The caller
/// checks the viewer may see the country's requests.
pub async fn about_indicator<'e>(
    db: impl Executor<'e, Database = Any>,
    indicator: i64,
    country: &str,
) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, title FROM ta_requests WHERE indicator_id = $1 AND country_code = $2 \
         ORDER BY created_at DESC, id DESC",
    )
    .bind(indicator)
    .bind(country)
    .fetch_all(db)
    .await
}
