//! Technical-assistance requests: filing one for a country, the staff queue, a request's
//! page, its status, assignment, due date, internal notes, answer and rating, the
//! programme's figures, and canned replies.
//!
//! Who sees what is one rule (`access::can_see_requests_of`): the country's members, staff
//! and admins; anyone else gets "not found". The conversation is a thread in the country's
//! request space, so replies, live updates, notifications and search are the discussion
//! machinery's own. Every change is one transaction with its history line; refusals carry
//! a short code the pages explain (`requests.error_{code}`).

use crate::backend::access::{self, SignedIn, Viewer};
use crate::backend::discussion;
use crate::backend::store::requests::{self as store, Change, RequestRow, Scope};
use crate::backend::store::{compose, countries, posts, spaces};
use crate::backend::{notify, Db, ServerError};
use crate::dates::{date_seconds, iso_date};
use crate::model::country::{CountryName, Participation};
use crate::model::profile::NotificationKind;
use crate::model::request::{
    CountryRequests, Figures, Queue, QueueFilters, RequestForm, RequestPage, RequestPermissions,
    Status, Urgency, TOPICS,
};

pub const REFUSED_COUNTRY: &str = "country";
pub const REFUSED_TOPIC: &str = "topic";
pub const REFUSED_URGENCY: &str = "urgency";
pub const REFUSED_DATE: &str = "date";
pub const REFUSED_LINK: &str = "link";
pub const REFUSED_STATUS: &str = "status";
pub const REFUSED_CLOSED: &str = "closed";
pub const REFUSED_ASSIGNEE: &str = "assignee";
pub const REFUSED_STAFF_ONLY: &str = "staff_only";
pub const REFUSED_ANSWER: &str = "answer";
pub const REFUSED_RATING: &str = "rating";
pub const REFUSED_NOT_CLOSED: &str = "not_closed";
pub const REFUSED_CANNED: &str = "canned";

/// Links a request may carry, and how long each may be.
pub const MAX_LINKS: usize = 10;
pub const MAX_LINK_CHARS: usize = 500;
/// Where a filing's text is kept when the form is refused.
const KEPT: &str = "ta-request";

fn refuse(code: &str) -> ServerError {
    ServerError::Invalid(code.into())
}

fn signed_in(viewer: &Viewer) -> Result<&SignedIn, ServerError> {
    viewer.user().ok_or(ServerError::Unauthorized)
}

fn staff(viewer: &Viewer) -> Result<&SignedIn, ServerError> {
    let user = signed_in(viewer)?;
    if !access::is_staff(viewer) {
        return Err(ServerError::Forbidden);
    }
    Ok(user)
}

/// The request, if the viewer may see it; otherwise "not found" (whether it exists is
/// nobody else's business).
async fn visible(db: &Db, viewer: &Viewer, id: i64, now: i64) -> Result<RequestRow, ServerError> {
    store::by_id(&db.pool, id, now)
        .await?
        .filter(|r| access::can_see_requests_of(viewer, &r.country_code))
        .ok_or(ServerError::NotFound)
}

/// Countries the viewer may file for: their own; any participating one for staff.
async fn filing_countries(db: &Db, viewer: &Viewer) -> Result<Vec<CountryName>, ServerError> {
    let all = countries::list(&db.pool).await?;
    Ok(all
        .into_iter()
        .filter(|c| {
            if access::is_staff(viewer) {
                c.participation == Participation::Active
            } else {
                access::can_see_requests_of(viewer, &c.code)
            }
        })
        .map(CountryName::from)
        .collect())
}

pub async fn form(db: &Db, viewer: &Viewer) -> Result<RequestForm, ServerError> {
    let user = signed_in(viewer)?;
    let kept = compose::get(&db.pool, user.id, KEPT)
        .await?
        .unwrap_or_default();
    Ok(RequestForm {
        countries: filing_countries(db, viewer).await?,
        kept_title: kept.title,
        kept_description: kept.body,
    })
}

/// What a filing says.
#[derive(Clone, Debug, Default)]
pub struct Filing {
    pub country: String,
    pub topic: String,
    pub title: String,
    pub description: String,
    pub urgency: String,
    /// `YYYY-MM-DD` or empty.
    pub desired_date: String,
    /// One link per line: a page of the platform (`/spaces/…`, `/library/…`) or an
    /// `http(s)://` address.
    pub links: String,
}

/// Checks one link: a local path or an absolute http(s) address, no spaces or controls.
fn check_link(link: &str) -> Result<(), ServerError> {
    if crate::links::is_link_to_follow(link) && link.chars().count() <= MAX_LINK_CHARS {
        Ok(())
    } else {
        Err(refuse(REFUSED_LINK))
    }
}

/// A `YYYY-MM-DD` date that exists.
fn check_date(date: &str) -> Result<(), ServerError> {
    let shape = date.len() == 10
        && date.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if shape && iso_date(date_seconds(date)) == date {
        Ok(())
    } else {
        Err(refuse(REFUSED_DATE))
    }
}

/// Files a request; returns its id. Everything is checked before anything is written;
/// a refused filing keeps its title and description for the next try.
pub async fn file(
    db: &Db,
    viewer: &Viewer,
    f: &Filing,
    max_bytes: usize,
    now: i64,
) -> Result<i64, ServerError> {
    let user = signed_in(viewer)?;
    let outcome = file_checked(db, viewer, user, f, max_bytes, now).await;
    if outcome.is_err() {
        let kept = compose::Saved {
            title: compose::truncate(&f.title, 1_000),
            body: compose::truncate(&f.description, max_bytes),
        };
        compose::save(&db.pool, user.id, KEPT, &kept, now).await?;
    }
    outcome
}

async fn file_checked(
    db: &Db,
    viewer: &Viewer,
    user: &SignedIn,
    f: &Filing,
    max_bytes: usize,
    now: i64,
) -> Result<i64, ServerError> {
    let country = f.country.trim().to_ascii_uppercase();
    let allowed = filing_countries(db, viewer).await?;
    let country = allowed
        .into_iter()
        .find(|c| c.code == country)
        .ok_or_else(|| refuse(REFUSED_COUNTRY))?;
    let topic = TOPICS
        .iter()
        .find(|t| **t == f.topic.trim())
        .ok_or_else(|| refuse(REFUSED_TOPIC))?;
    let title = discussion::check_title(&f.title)?;
    discussion::check_body(&f.description, max_bytes)?;
    let urgency = Urgency::parse(f.urgency.trim()).ok_or_else(|| refuse(REFUSED_URGENCY))?;
    let desired = match f.desired_date.trim() {
        "" => None,
        d => {
            check_date(d)?;
            Some(d)
        }
    };
    let links: Vec<&str> = f
        .links
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    if links.len() > MAX_LINKS {
        return Err(refuse(REFUSED_LINK));
    }
    for link in &links {
        check_link(link)?;
    }
    let rendered = discussion::render(db, &f.description).await?;
    let space = spaces::request_space(&db.pool, &country.code, &country.en, now).await?;
    let staff: Vec<i64> = store::staff(&db.pool)
        .await?
        .into_iter()
        .map(|(id, _)| id)
        .collect();

    let mut tx = db.pool.begin().await?;
    let (thread_id, opening) = discussion::start_in(
        &mut tx,
        &space,
        user.id,
        title,
        &f.description,
        &rendered,
        now,
    )
    .await?;
    let new = store::NewRequest {
        country: &country.code,
        requester_id: user.id,
        topic,
        title,
        urgency,
        desired_date: desired,
        due_at: now + urgency.days() * 86_400,
        thread_id,
    };
    let id = store::insert(&mut *tx, &new, now).await?;
    for (i, link) in links.iter().enumerate() {
        store::insert_link(&mut *tx, id, i as i64, link).await?;
    }
    store::record(&mut *tx, id, Some(user.id), "filed", None, Some("new"), now).await?;
    // Staff hear of every new request.
    notify::tell(
        &mut tx,
        &staff,
        NotificationKind::Watched,
        user.id,
        opening,
        now,
    )
    .await?;
    compose::delete(&mut *tx, user.id, KEPT).await?;
    db.commit_with_events(tx).await?;
    Ok(id)
}

/// The signed-in person's country's requests (staff: a pointer to their queue).
pub async fn of_country(db: &Db, viewer: &Viewer) -> Result<CountryRequests, ServerError> {
    let user = signed_in(viewer)?;
    let now = crate::backend::now();
    let country = match &user.country {
        Some(code) => countries::get(&db.pool, code).await?.map(CountryName::from),
        None => None,
    };
    let items = match &country {
        Some(c) => {
            let scope = Scope {
                country: Some(&c.code),
                viewer_id: user.id,
            };
            let f = QueueFilters {
                sort: "newest".into(),
                ..Default::default()
            };
            store::list(&db.pool, &scope, &f, now, 500).await?
        }
        None => Vec::new(),
    };
    Ok(CountryRequests {
        country,
        items,
        staff: access::is_staff(viewer),
    })
}

/// The staff queue, filtered and sorted.
pub async fn queue(db: &Db, viewer: &Viewer, filters: QueueFilters) -> Result<Queue, ServerError> {
    let user = staff(viewer)?;
    let now = crate::backend::now();
    let scope = Scope {
        country: None,
        viewer_id: user.id,
    };
    let items = store::list(&db.pool, &scope, &filters, now, 500).await?;
    let (mine, unassigned, overdue) = store::view_counts(&db.pool, user.id, now).await?;
    let countries = countries::list(&db.pool)
        .await?
        .into_iter()
        .map(CountryName::from)
        .collect();
    let staff = store::staff(&db.pool)
        .await?
        .into_iter()
        .map(|(_, s)| s)
        .collect();
    Ok(Queue {
        filters,
        items,
        mine,
        unassigned,
        overdue,
        countries,
        staff,
    })
}

/// A request's page: its details, the conversation (page `page`), history, and for staff
/// the internal notes and the canned replies (`insert` puts one into the reply box).
pub async fn page(
    db: &Db,
    viewer: &Viewer,
    id: i64,
    page: i64,
    insert: Option<i64>,
) -> Result<RequestPage, ServerError> {
    let now = crate::backend::now();
    let row = visible(db, viewer, id, now).await?;
    let thread = discussion::view(db, viewer, &row.space_slug, row.thread_id, page).await?;
    let is_staff = access::is_staff(viewer);
    let closed = row.summary.status == Status::Closed;
    let (notes, staff, canned) = if is_staff {
        (
            Some(store::notes(&db.pool, id).await?),
            store::staff(&db.pool)
                .await?
                .into_iter()
                .map(|(_, s)| s)
                .collect(),
            store::canned(&db.pool).await?,
        )
    } else {
        (None, Vec::new(), Vec::new())
    };
    let kept = match viewer.user() {
        Some(u) => compose::get(&db.pool, u.id, &format!("request-reply:{id}")).await?,
        None => None,
    };
    let reply_text = insert
        .and_then(|c| canned.iter().find(|r| r.id == c))
        .map(|r| r.body_md.clone())
        .or(kept.map(|k| k.body))
        .unwrap_or_default();
    Ok(RequestPage {
        requester_username: row.requester_username.clone(),
        desired_date: row.desired_date.clone(),
        links: store::links(&db.pool, id).await?,
        answer_post_id: row.answer_post_id,
        rating: row.rating.clone(),
        thread,
        events: store::events(&db.pool, id).await?,
        notes,
        permissions: RequestPermissions {
            staff: is_staff,
            can_close: !closed,
            can_reopen: closed,
        },
        staff,
        canned,
        reply_text,
        summary: row.summary,
    })
}

/// One line of a request's history: what happened, from what, to what.
type Line<'a> = (&'a str, Option<&'a str>, Option<&'a str>);

/// Writes a change to a request and its history lines, by `actor`, inside `tx`.
async fn write_change(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    id: i64,
    actor: i64,
    change: &Change<'_>,
    lines: &[Line<'_>],
    now: i64,
) -> Result<(), ServerError> {
    store::change(&mut **tx, id, change, now).await?;
    for (action, from, to) in lines {
        store::record(&mut **tx, id, Some(actor), action, *from, *to, now).await?;
    }
    Ok(())
}

/// [`write_change`] as a transaction of its own.
async fn apply(
    db: &Db,
    id: i64,
    actor: i64,
    change: &Change<'_>,
    lines: &[Line<'_>],
    now: i64,
) -> Result<(), ServerError> {
    let mut tx = db.pool.begin().await?;
    write_change(&mut tx, id, actor, change, lines, now).await?;
    tx.commit().await?;
    Ok(())
}

/// Replies in the request's conversation; returns the new post's id. When the country
/// answers a request waiting for it, the request goes back to "in progress"; the
/// requester hears of staff's replies, the assignee of the country's.
pub async fn reply(
    db: &Db,
    viewer: &Viewer,
    id: i64,
    body: &str,
    max_bytes: usize,
    now: i64,
) -> Result<i64, ServerError> {
    let user = signed_in(viewer)?;
    let row = visible(db, viewer, id, now).await?;
    let kept = format!("request-reply:{id}");
    let posted = discussion::reply(
        db,
        viewer,
        &row.space_slug,
        row.thread_id,
        None,
        body,
        max_bytes,
        now,
    )
    .await;
    let post = match posted {
        Ok(post) => post,
        Err(e) => {
            // Nothing typed is lost: the reply box offers it again.
            if matches!(e, ServerError::Invalid(_)) {
                let saved = compose::Saved {
                    title: String::new(),
                    body: compose::truncate(body, max_bytes),
                };
                compose::save(&db.pool, user.id, &kept, &saved, now).await?;
            }
            return Err(e);
        }
    };
    let is_staff = access::is_staff(viewer);
    let mut tx = db.pool.begin().await?;
    if !is_staff && row.summary.status == Status::Waiting {
        let change = Change {
            status: Some(Status::InProgress),
            ..Default::default()
        };
        let line = ("status", Some("waiting"), Some("in_progress"));
        write_change(&mut tx, id, user.id, &change, &[line], now).await?;
    }
    let tell: Vec<i64> = if is_staff {
        vec![row.requester_id]
    } else {
        row.assignee_id.into_iter().collect()
    };
    notify::tell(&mut tx, &tell, NotificationKind::Reply, user.id, post, now).await?;
    compose::delete(&mut *tx, user.id, &kept).await?;
    db.commit_with_events(tx).await?;
    Ok(post)
}

/// What staff change from the request's page; empty fields stay as they are.
#[derive(Clone, Debug, Default)]
pub struct StaffChange {
    pub status: String,
    /// A staff username, `none` to unassign, or empty.
    pub assignee: String,
    /// `YYYY-MM-DD`, or empty.
    pub due: String,
}

/// Applies staff's changes: all checked first, then written together with their history.
pub async fn update(
    db: &Db,
    viewer: &Viewer,
    id: i64,
    c: &StaffChange,
    now: i64,
) -> Result<(), ServerError> {
    let user = signed_in(viewer)?;
    let row = visible(db, viewer, id, now).await?;
    if !access::is_staff(viewer) {
        return Err(refuse(REFUSED_STAFF_ONLY));
    }
    let current = row.summary.status;
    let status = match c.status.trim() {
        "" => None,
        s => {
            let to = Status::parse(s).ok_or_else(|| refuse(REFUSED_STATUS))?;
            if to == current {
                None
            } else if current == Status::Closed {
                return Err(refuse(REFUSED_CLOSED));
            } else if !current.next().contains(&to) {
                return Err(refuse(REFUSED_STATUS));
            } else {
                Some(to)
            }
        }
    };
    let assignee = match c.assignee.trim() {
        "" => None,
        "none" => row.assignee_id.map(|_| None),
        name => {
            let (id, member) = store::staff(&db.pool)
                .await?
                .into_iter()
                .find(|(_, s)| s.username == name)
                .ok_or_else(|| refuse(REFUSED_ASSIGNEE))?;
            (row.assignee_id != Some(id)).then_some(Some((id, member.display_name)))
        }
    };
    let due = match c.due.trim() {
        "" => None,
        d => {
            check_date(d)?;
            // Due at the end of that day.
            let at = date_seconds(d) + 86_399;
            (iso_date(row.summary.due_at) != d).then_some(at)
        }
    };
    if status.is_none() && assignee.is_none() && due.is_none() {
        return Ok(());
    }
    let change = Change {
        status,
        assignee: assignee.as_ref().map(|a| a.as_ref().map(|(id, _)| *id)),
        due_at: due,
        answered_at: match status {
            Some(Status::Answered) => Some(Some(now)),
            _ => None,
        },
        closed_at: match status {
            Some(Status::Closed) => Some(Some(now)),
            _ => None,
        },
        ..Default::default()
    };
    let due_dates = due.map(|at| (iso_date(row.summary.due_at), iso_date(at)));
    let mut lines: Vec<Line> = Vec::new();
    if let Some(to) = status {
        lines.push(("status", Some(current.as_str()), Some(to.as_str())));
    }
    if let Some(to) = &assignee {
        let to = to.as_ref().map(|(_, name)| name.as_str());
        lines.push(("assigned", row.summary.assignee_name.as_deref(), to));
    }
    if let Some((from, to)) = &due_dates {
        lines.push(("due", Some(from), Some(to)));
    }
    apply(db, id, user.id, &change, &lines, now).await
}

/// Staff mark one reply of the conversation as the answer: the request is answered.
pub async fn mark_answer(
    db: &Db,
    viewer: &Viewer,
    id: i64,
    post_id: i64,
    now: i64,
) -> Result<(), ServerError> {
    let user = signed_in(viewer)?;
    let row = visible(db, viewer, id, now).await?;
    if !access::is_staff(viewer) {
        return Err(refuse(REFUSED_STAFF_ONLY));
    }
    if row.summary.status == Status::Closed {
        return Err(refuse(REFUSED_CLOSED));
    }
    // A reply (not the question itself) of this conversation, still there.
    posts::by_id(&db.pool, post_id)
        .await?
        .filter(|p| p.thread_id == row.thread_id && p.seq > 1 && !p.deleted && !p.hidden)
        .ok_or_else(|| refuse(REFUSED_ANSWER))?;
    let status = (row.summary.status != Status::Answered).then_some(Status::Answered);
    let change = Change {
        status,
        answer_post: Some(post_id),
        answered_at: Some(Some(row.answered_at.unwrap_or(now))),
        ..Default::default()
    };
    let post = post_id.to_string();
    let mut lines: Vec<Line> = vec![("answer", None, Some(&post))];
    if let Some(to) = status {
        lines.push((
            "status",
            Some(row.summary.status.as_str()),
            Some(to.as_str()),
        ));
    }
    apply(db, id, user.id, &change, &lines, now).await
}

/// The country closes its request, saying whether it was satisfied.
pub async fn close(
    db: &Db,
    viewer: &Viewer,
    id: i64,
    rating: &str,
    now: i64,
) -> Result<(), ServerError> {
    let user = signed_in(viewer)?;
    let row = visible(db, viewer, id, now).await?;
    if row.summary.status == Status::Closed {
        return Err(refuse(REFUSED_CLOSED));
    }
    let rating = match rating.trim() {
        r @ ("satisfied" | "unsatisfied") => r,
        _ => return Err(refuse(REFUSED_RATING)),
    };
    let change = Change {
        status: Some(Status::Closed),
        rating: Some(Some(rating)),
        closed_at: Some(Some(now)),
        ..Default::default()
    };
    let lines = [
        ("status", Some(row.summary.status.as_str()), Some("closed")),
        ("rated", None, Some(rating)),
    ];
    apply(db, id, user.id, &change, &lines, now).await
}

/// Reopens a closed request (the country or staff): back to "in progress" when someone
/// is assigned, otherwise to "new"; the earlier rating no longer stands.
pub async fn reopen(db: &Db, viewer: &Viewer, id: i64, now: i64) -> Result<(), ServerError> {
    let user = signed_in(viewer)?;
    let row = visible(db, viewer, id, now).await?;
    if row.summary.status != Status::Closed {
        return Err(refuse(REFUSED_NOT_CLOSED));
    }
    let to = if row.assignee_id.is_some() {
        Status::InProgress
    } else {
        Status::New
    };
    let change = Change {
        status: Some(to),
        rating: Some(None),
        closed_at: Some(None),
        ..Default::default()
    };
    let line = ("reopened", Some("closed"), Some(to.as_str()));
    apply(db, id, user.id, &change, &[line], now).await
}

/// Staff write an internal note, which the country never sees.
pub async fn add_note(
    db: &Db,
    viewer: &Viewer,
    id: i64,
    body: &str,
    max_bytes: usize,
    now: i64,
) -> Result<(), ServerError> {
    let user = signed_in(viewer)?;
    visible(db, viewer, id, now).await?;
    if !access::is_staff(viewer) {
        return Err(refuse(REFUSED_STAFF_ONLY));
    }
    discussion::check_body(body, max_bytes)?;
    let html = discussion::render(db, body).await?.html;
    store::add_note(&db.pool, id, user.id, body, &html, now).await?;
    Ok(())
}

/// The median of some durations (seconds), if there are any.
fn median(mut values: Vec<i64>) -> Option<i64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let n = values.len();
    Some(if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2
    })
}

pub async fn figures(db: &Db, viewer: &Viewer) -> Result<Figures, ServerError> {
    staff(viewer)?;
    let now = crate::backend::now();
    let all = store::timings(&db.pool, now).await?;
    let count = |key: &dyn Fn(&store::Timing) -> String| {
        let mut map: std::collections::BTreeMap<String, i64> = Default::default();
        for t in &all {
            *map.entry(key(t)).or_default() += 1;
        }
        map
    };
    let by_status = count(&|t| t.row.summary.status.as_str().to_string());
    let by_status = Status::ALL
        .iter()
        .map(|s| {
            (
                s.as_str().to_string(),
                by_status.get(s.as_str()).copied().unwrap_or(0),
            )
        })
        .collect();
    let by_topic = count(&|t| t.row.summary.topic.clone());
    let by_topic = TOPICS
        .iter()
        .map(|t| (t.to_string(), by_topic.get(*t).copied().unwrap_or(0)))
        .collect();
    let mut by_country: Vec<(CountryName, i64)> = Vec::new();
    for t in &all {
        let c = &t.row.summary.country;
        match by_country.iter_mut().find(|(x, _)| x.code == c.code) {
            Some((_, n)) => *n += 1,
            None => by_country.push((c.clone(), 1)),
        }
    }
    by_country.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.en.cmp(&b.0.en)));
    let created = |t: &store::Timing| t.row.summary.created_at;
    Ok(Figures {
        total: all.len() as i64,
        by_status,
        by_topic,
        by_country,
        median_first_response: median(
            all.iter()
                .filter_map(|t| t.first_response_at.map(|f| f - created(t)))
                .collect(),
        ),
        median_answer: median(
            all.iter()
                .filter_map(|t| t.row.answered_at.map(|a| a - created(t)))
                .collect(),
        ),
        overdue: all.iter().filter(|t| t.row.summary.overdue).count() as i64,
    })
}

/// One CSV cell: quoted when it must be, and never read as a formula by a spreadsheet.
fn cell(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// Every request with its timings, one line each, for the programme's own analysis.
pub async fn figures_csv(db: &Db, viewer: &Viewer) -> Result<String, ServerError> {
    staff(viewer)?;
    let now = crate::backend::now();
    let all = store::timings(&db.pool, now).await?;
    let mut out = String::from(
        "id,country,topic,urgency,status,title,assignee,filed,due,overdue,\
         first_response_hours,answered,answer_hours,closed,rating\r\n",
    );
    let hours = |from: i64, to: Option<i64>| {
        to.map(|t| format!("{:.1}", (t - from) as f64 / 3600.0))
            .unwrap_or_default()
    };
    let date = |t: Option<i64>| t.map(iso_date).unwrap_or_default();
    for t in &all {
        let s = &t.row.summary;
        let line = [
            s.id.to_string(),
            s.country.code.clone(),
            s.topic.clone(),
            s.urgency.as_str().to_string(),
            s.status.as_str().to_string(),
            s.title.clone(),
            s.assignee_name.clone().unwrap_or_default(),
            iso_date(s.created_at),
            iso_date(s.due_at),
            if s.overdue { "yes" } else { "no" }.to_string(),
            hours(s.created_at, t.first_response_at),
            date(t.row.answered_at),
            hours(s.created_at, t.row.answered_at),
            date(t.closed_at),
            t.row.rating.clone().unwrap_or_default(),
        ];
        let cells: Vec<String> = line.iter().map(|c| cell(c)).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    Ok(out)
}

pub async fn canned(
    db: &Db,
    viewer: &Viewer,
) -> Result<Vec<crate::model::request::CannedReply>, ServerError> {
    staff(viewer)?;
    Ok(store::canned(&db.pool).await?)
}

pub const MAX_CANNED_TITLE_CHARS: usize = 120;

/// Writes a canned reply (`id` None: a new one).
pub async fn save_canned(
    db: &Db,
    viewer: &Viewer,
    id: Option<i64>,
    title: &str,
    body: &str,
    max_bytes: usize,
    now: i64,
) -> Result<(), ServerError> {
    let user = staff(viewer)?;
    let title = title.trim();
    if title.is_empty()
        || title.chars().count() > MAX_CANNED_TITLE_CHARS
        || title.chars().any(char::is_control)
    {
        return Err(refuse(REFUSED_CANNED));
    }
    discussion::check_body(body, max_bytes)?;
    if !store::save_canned(&db.pool, id, title, body, user.id, now).await? {
        return Err(ServerError::NotFound);
    }
    Ok(())
}

pub async fn delete_canned(db: &Db, viewer: &Viewer, id: i64) -> Result<(), ServerError> {
    staff(viewer)?;
    if !store::delete_canned(&db.pool, id).await? {
        return Err(ServerError::NotFound);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_local_pages_or_web_addresses() {
        assert!(check_link("/library/en/levels-of-care").is_ok());
        assert!(check_link("https://example.org/a?b=c").is_ok());
        assert!(check_link("HTTP://example.org").is_ok());
        for bad in [
            "javascript:alert(1)",
            "//evil.example",
            "/\\evil.example",
            "data:text/html,x",
            "https://",
            "/a b",
            "ftp://x",
        ] {
            assert!(check_link(bad).is_err(), "{bad}");
        }
        assert!(check_link(&format!("/{}", "a".repeat(MAX_LINK_CHARS))).is_err());
    }

    #[test]
    fn dates_must_exist() {
        assert!(check_date("2027-02-28").is_ok());
        for bad in ["2027-02-30", "2027-2-3", "tomorrow", "", "2027-13-01"] {
            assert!(check_date(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn csv_cells_are_quoted_and_never_formulas() {
        assert_eq!(cell("plain"), "plain");
        assert_eq!(cell("a,b"), "\"a,b\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(cell("-1+2,3"), "\"'-1+2,3\"");
    }

    #[test]
    fn medians() {
        assert_eq!(median(vec![]), None);
        assert_eq!(median(vec![5, 1, 3]), Some(3));
        assert_eq!(median(vec![4, 1, 3, 2]), Some(2));
    }
}
