//! Mission tables: missions, their team, what they serve, visits with notes, checklist,
//! report revisions, follow-up actions, and staff's calendar-feed secrets. Access rules
//! are the caller's (`backend::missions`); these only read and write.

use sqlx::{any::AnyRow, Any, AnyConnection, Executor, Row};

use super::quality::names;
use crate::model::mission::{
    Candidate, FollowUp, MissionSummary, ReportRevision, Served, TeamMember, Visit,
};

/// Who may see which missions, as an SQL condition: staff all; others those of the
/// countries they are focal point of and those they are on the team of.
pub struct Sight {
    pub all: bool,
    pub user: i64,
    pub countries: Vec<String>,
}

const SUMMARY: &str = "SELECT m.id, m.title, m.scope, m.starts_on, m.ends_on, m.status, \
     m.country_code, c.name_en AS country_en, c.name_es AS country_es, \
     c.name_pt AS country_pt, c.name_fr AS country_fr \
     FROM missions m JOIN countries c ON c.code = m.country_code";

fn summary(r: &AnyRow) -> Result<MissionSummary, sqlx::Error> {
    Ok(MissionSummary {
        id: r.try_get("id")?,
        country: names(r, "country", r.try_get("country_code")?)?,
        title: r.try_get("title")?,
        scope: r.try_get("scope")?,
        starts_on: r.try_get("starts_on")?,
        ends_on: r.try_get("ends_on")?,
        status: r.try_get("status")?,
    })
}

/// Missions `sight` allows between `from` and `to` (YYYY-MM-DD, overlapping), of one
/// country or all, by start date.
pub async fn list<'e>(
    db: impl Executor<'e, Database = Any>,
    sight: &Sight,
    country: Option<&str>,
    from: &str,
    to: &str,
) -> Result<Vec<MissionSummary>, sqlx::Error> {
    // $1..$5 are fixed; the focal point's countries follow as $6, $7…
    let codes: Vec<String> = (0..sight.countries.len())
        .map(|i| format!("${}", i + 6))
        .collect();
    let focal = if codes.is_empty() {
        String::new()
    } else {
        format!(" OR m.country_code IN ({})", codes.join(", "))
    };
    let sql = format!(
        "{SUMMARY} WHERE m.ends_on >= $1 AND m.starts_on <= $2 \
         AND ($3 = '' OR m.country_code = $3) \
         AND ($4 = 1 OR EXISTS (SELECT 1 FROM mission_team t WHERE t.mission_id = m.id \
         AND t.user_id = $5){focal}) ORDER BY m.starts_on, m.id"
    );
    let mut q = sqlx::query(&sql)
        .bind(from)
        .bind(to)
        .bind(country.unwrap_or(""))
        .bind(i64::from(sight.all))
        .bind(sight.user);
    for c in &sight.countries {
        q = q.bind(c);
    }
    q.fetch_all(db).await?.iter().map(summary).collect()
}

/// A mission's own row.
pub struct MissionRow {
    pub summary: MissionSummary,
    pub objectives: String,
    pub version_id: Option<i64>,
    pub approved_revision: Option<i64>,
    pub approved_by: Option<String>,
    pub approved_at: Option<i64>,
}

pub async fn row<'e>(
    db: impl Executor<'e, Database = Any>,
    id: i64,
) -> Result<Option<MissionRow>, sqlx::Error> {
    let sql = SUMMARY.replace(
        "SELECT m.id,",
        "SELECT m.objectives, m.version_id, m.approved_revision, m.approved_at, \
         a.display_name AS approver, m.id,",
    ) + " LEFT JOIN users a ON a.id = m.approved_by WHERE m.id = $1";
    let Some(r) = sqlx::query(&sql).bind(id).fetch_optional(db).await? else {
        return Ok(None);
    };
    Ok(Some(MissionRow {
        summary: summary(&r)?,
        objectives: r.try_get("objectives")?,
        version_id: r.try_get("version_id")?,
        approved_revision: r.try_get("approved_revision")?,
        approved_by: r.try_get("approver")?,
        approved_at: r.try_get("approved_at")?,
    }))
}

pub struct NewMission<'a> {
    pub country: &'a str,
    pub title: &'a str,
    pub scope: &'a str,
    pub starts_on: &'a str,
    pub ends_on: &'a str,
    pub objectives: &'a str,
    pub version_id: Option<i64>,
    pub by: i64,
}

pub async fn insert(
    conn: &mut AnyConnection,
    m: &NewMission<'_>,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query(
        "INSERT INTO missions (country_code, title, scope, starts_on, ends_on, objectives, \
         version_id, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id",
    )
    .bind(m.country)
    .bind(m.title)
    .bind(m.scope)
    .bind(m.starts_on)
    .bind(m.ends_on)
    .bind(m.objectives)
    .bind(m.version_id)
    .bind(m.by)
    .bind(now)
    .fetch_one(conn)
    .await?
    .try_get("id")
}

/// People who may be on a team: staff, then experts (listed with their expertise).
pub async fn candidates<'e>(
    db: impl Executor<'e, Database = Any>,
) -> Result<Vec<(i64, Candidate)>, sqlx::Error> {
    sqlx::query(
        "SELECT u.id, u.username, u.display_name, CASE WHEN u.role IN ('admin', 'ta_staff') \
         THEN 'staff' ELSE 'expert' END AS team_role FROM users u \
         LEFT JOIN network_listings l ON l.user_id = u.id \
         WHERE u.role IN ('admin', 'ta_staff') OR l.expertise <> '' \
         ORDER BY team_role DESC, u.display_name, u.id",
    )
    .fetch_all(db)
    .await?
    .iter()
    .map(|r| {
        Ok((
            r.try_get("id")?,
            Candidate {
                username: r.try_get("username")?,
                display_name: r.try_get("display_name")?,
                role: r.try_get("team_role")?,
            },
        ))
    })
    .collect()
}

pub async fn add_member(
    conn: &mut AnyConnection,
    mission: i64,
    user: i64,
    role: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO mission_team (mission_id, user_id, role) VALUES ($1, $2, $3) \
         ON CONFLICT (mission_id, user_id) DO UPDATE SET role = excluded.role",
    )
    .bind(mission)
    .bind(user)
    .bind(role)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn remove_member(
    conn: &mut AnyConnection,
    mission: i64,
    username: &str,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "DELETE FROM mission_team WHERE mission_id = $1 \
         AND user_id = (SELECT id FROM users WHERE username = $2)",
    )
    .bind(mission)
    .bind(username)
    .execute(conn)
    .await?
    .rows_affected())
}

/// The team, staff first; with each member's user id.
pub async fn team<'e>(
    db: impl Executor<'e, Database = Any>,
    mission: i64,
) -> Result<Vec<(i64, TeamMember)>, sqlx::Error> {
    sqlx::query(
        "SELECT u.id, u.username, u.display_name, t.role FROM mission_team t \
         JOIN users u ON u.id = t.user_id WHERE t.mission_id = $1 \
         ORDER BY t.role DESC, u.display_name",
    )
    .bind(mission)
    .fetch_all(db)
    .await?
    .iter()
    .map(|r| {
        Ok((
            r.try_get("id")?,
            TeamMember {
                username: r.try_get("username")?,
                display_name: r.try_get("display_name")?,
                role: r.try_get("role")?,
            },
        ))
    })
    .collect()
}

/// Moves the mission from `from` to `to`; false when it was not at `from` any more.
pub async fn set_status(
    conn: &mut AnyConnection,
    mission: i64,
    from: &str,
    to: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query(
        "UPDATE missions SET status = $1, updated_at = $2 WHERE id = $3 AND status = $4",
    )
    .bind(to)
    .bind(now)
    .bind(mission)
    .bind(from)
    .execute(conn)
    .await?
    .rows_affected()
        == 1)
}

pub async fn add_serves(
    conn: &mut AnyConnection,
    mission: i64,
    kind: &str,
    target: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO mission_serves (mission_id, kind, target_id) VALUES ($1, $2, $3) \
         ON CONFLICT DO NOTHING",
    )
    .bind(mission)
    .bind(kind)
    .bind(target)
    .execute(conn)
    .await?;
    Ok(())
}

/// Plan actions and requests of `country`, each as a [`Served`] with its plan's id (for
/// an action): those the mission serves (`mission` Some) or all it could serve (`mission`
/// None). Whether the reader may see each is the caller's to check.
pub async fn servable(
    conn: &mut AnyConnection,
    country: &str,
    mission: Option<i64>,
) -> Result<Vec<(Served, Option<i64>)>, sqlx::Error> {
    // $2 is 0 for "all it could serve".
    let only = |kind: &str, column: &str| {
        format!(
            " AND ($2 = 0 OR {column} IN (SELECT target_id FROM mission_serves \
             WHERE mission_id = $2 AND kind = '{kind}'))"
        )
    };
    let actions = format!(
        "SELECT a.id, a.title, p.id AS plan_id FROM plan_actions a \
         JOIN plans p ON p.id = a.plan_id WHERE p.country_code = $1{} \
         ORDER BY p.starts_on DESC, a.position, a.id",
        only("action", "a.id")
    );
    let mut out = Vec::new();
    for r in sqlx::query(&actions)
        .bind(country)
        .bind(mission.unwrap_or(0))
        .fetch_all(&mut *conn)
        .await?
    {
        let plan: i64 = r.try_get("plan_id")?;
        let id: i64 = r.try_get("id")?;
        out.push((
            Served {
                kind: "action".into(),
                id,
                title: r.try_get("title")?,
                link: format!("/plans/{plan}#action-{id}"),
            },
            Some(plan),
        ));
    }
    let requests = format!(
        "SELECT r.id, r.title FROM ta_requests r WHERE r.country_code = $1{} \
         ORDER BY r.created_at DESC, r.id",
        only("request", "r.id")
    );
    for r in sqlx::query(&requests)
        .bind(country)
        .bind(mission.unwrap_or(0))
        .fetch_all(&mut *conn)
        .await?
    {
        let id: i64 = r.try_get("id")?;
        out.push((
            Served {
                kind: "request".into(),
                id,
                title: r.try_get("title")?,
                link: format!("/requests/{id}"),
            },
            None,
        ));
    }
    Ok(out)
}

pub async fn add_visit(
    conn: &mut AnyConnection,
    mission: i64,
    service: i64,
    visit_on: Option<&str>,
) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query(
        "INSERT INTO mission_visits (mission_id, service_id, visit_on) VALUES ($1, $2, $3) \
         ON CONFLICT DO NOTHING",
    )
    .bind(mission)
    .bind(service)
    .bind(visit_on)
    .execute(conn)
    .await?
    .rows_affected()
        == 1)
}

/// The services visited, by date then name; notes as written (the caller renders them).
pub async fn visits<'e>(
    db: impl Executor<'e, Database = Any>,
    mission: i64,
) -> Result<Vec<Visit>, sqlx::Error> {
    sqlx::query(
        "SELECT v.service_id, s.name, v.visit_on, v.notes, v.notes_at, u.display_name \
         FROM mission_visits v JOIN services s ON s.id = v.service_id \
         LEFT JOIN users u ON u.id = v.notes_by WHERE v.mission_id = $1 \
         ORDER BY v.visit_on, s.name",
    )
    .bind(mission)
    .fetch_all(db)
    .await?
    .iter()
    .map(|r| {
        Ok(Visit {
            service_id: r.try_get("service_id")?,
            service: r.try_get("name")?,
            visit_on: r.try_get("visit_on")?,
            notes: r.try_get("notes")?,
            notes_html: String::new(),
            notes_by: r.try_get("display_name")?,
            notes_at: r.try_get("notes_at")?,
        })
    })
    .collect()
}

/// Writes a visit's notes; false when the mission does not visit that service.
pub async fn set_notes(
    conn: &mut AnyConnection,
    mission: i64,
    service: i64,
    notes: &str,
    by: i64,
    now: i64,
) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query(
        "UPDATE mission_visits SET notes = $1, notes_by = $2, notes_at = $3 \
         WHERE mission_id = $4 AND service_id = $5",
    )
    .bind(notes)
    .bind(by)
    .bind(now)
    .bind(mission)
    .bind(service)
    .execute(conn)
    .await?
    .rows_affected()
        == 1)
}

/// Appends checklist items (fixed item code, or service and criterion) after the last.
pub async fn add_items(
    conn: &mut AnyConnection,
    mission: i64,
    items: &[(&str, Option<i64>, Option<i64>)],
) -> Result<(), sqlx::Error> {
    let last: i64 = sqlx::query(
        "SELECT COALESCE(MAX(position), 0) AS n FROM mission_checklist WHERE mission_id = $1",
    )
    .bind(mission)
    .fetch_one(&mut *conn)
    .await?
    .try_get("n")?;
    for (i, (item, service, criterion)) in items.iter().enumerate() {
        sqlx::query(
            "INSERT INTO mission_checklist (mission_id, position, item, service_id, \
             criterion_id) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(mission)
        .bind(last + 1 + i as i64)
        .bind(*item)
        .bind(*service)
        .bind(*criterion)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// A checklist row: (id, item, service name, criterion id, done, note, done by).
pub type ItemRow = (
    i64,
    String,
    Option<String>,
    Option<i64>,
    bool,
    String,
    Option<String>,
);

pub async fn checklist<'e>(
    db: impl Executor<'e, Database = Any>,
    mission: i64,
) -> Result<Vec<ItemRow>, sqlx::Error> {
    sqlx::query(
        "SELECT k.id, k.item, s.name, k.criterion_id, k.done, k.note, u.display_name \
         FROM mission_checklist k LEFT JOIN services s ON s.id = k.service_id \
         LEFT JOIN users u ON u.id = k.done_by WHERE k.mission_id = $1 \
         ORDER BY k.position, k.id",
    )
    .bind(mission)
    .fetch_all(db)
    .await?
    .iter()
    .map(|r| {
        Ok((
            r.try_get("id")?,
            r.try_get("item")?,
            r.try_get("name")?,
            r.try_get("criterion_id")?,
            r.try_get::<i64, _>("done")? != 0,
            r.try_get("note")?,
            r.try_get("display_name")?,
        ))
    })
    .collect()
}

/// Ticks or unticks an item with its note; false when it is not the mission's.
pub async fn set_item(
    conn: &mut AnyConnection,
    mission: i64,
    item: i64,
    done: bool,
    note: &str,
    by: i64,
    now: i64,
) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query(
        "UPDATE mission_checklist SET done = $1, note = $2, done_by = $3, done_at = $4 \
         WHERE id = $5 AND mission_id = $6",
    )
    .bind(i64::from(done))
    .bind(note)
    .bind(by)
    .bind(now)
    .bind(item)
    .bind(mission)
    .execute(conn)
    .await?
    .rows_affected()
        == 1)
}

/// Saves a new revision of the report; returns its number.
pub async fn add_revision(
    conn: &mut AnyConnection,
    mission: i64,
    body: &str,
    note: &str,
    author: i64,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let next: i64 = sqlx::query(
        "SELECT COALESCE(MAX(revision), 0) + 1 AS n FROM mission_reports WHERE mission_id = $1",
    )
    .bind(mission)
    .fetch_one(&mut *conn)
    .await?
    .try_get("n")?;
    sqlx::query(
        "INSERT INTO mission_reports (mission_id, revision, body, note, author_id, written_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(mission)
    .bind(next)
    .bind(body)
    .bind(note)
    .bind(author)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(next)
}

/// The report's revisions, newest first (HTML left to the caller).
pub async fn revisions<'e>(
    db: impl Executor<'e, Database = Any>,
    mission: i64,
) -> Result<Vec<ReportRevision>, sqlx::Error> {
    sqlx::query(
        "SELECT r.revision, r.body, r.note, r.written_at, u.display_name FROM mission_reports r \
         JOIN users u ON u.id = r.author_id WHERE r.mission_id = $1 ORDER BY r.revision DESC",
    )
    .bind(mission)
    .fetch_all(db)
    .await?
    .iter()
    .map(|r| {
        Ok(ReportRevision {
            revision: r.try_get("revision")?,
            body: r.try_get("body")?,
            html: String::new(),
            note: r.try_get("note")?,
            author: r.try_get("display_name")?,
            written_at: r.try_get("written_at")?,
        })
    })
    .collect()
}

/// Approves revision `revision` and closes the mission; false when it was no longer in
/// review.
pub async fn approve(
    conn: &mut AnyConnection,
    mission: i64,
    revision: i64,
    by: i64,
    now: i64,
) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query(
        "UPDATE missions SET status = 'closed', approved_revision = $1, approved_by = $2, \
         approved_at = $3, updated_at = $3 WHERE id = $4 AND status = 'report_in_review'",
    )
    .bind(revision)
    .bind(by)
    .bind(now)
    .bind(mission)
    .execute(conn)
    .await?
    .rows_affected()
        == 1)
}

/// Marks a plan action as the follow-up of `mission`.
pub async fn set_follow_up(
    conn: &mut AnyConnection,
    action: i64,
    mission: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE plan_actions SET mission_id = $1 WHERE id = $2")
        .bind(mission)
        .bind(action)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn follow_ups<'e>(
    db: impl Executor<'e, Database = Any>,
    mission: i64,
) -> Result<Vec<FollowUp>, sqlx::Error> {
    sqlx::query(
        "SELECT a.id, a.title, a.responsible, a.ends_on, p.id AS plan_id, p.title AS plan_title \
         FROM plan_actions a JOIN plans p ON p.id = a.plan_id WHERE a.mission_id = $1 \
         ORDER BY p.id, a.id",
    )
    .bind(mission)
    .fetch_all(db)
    .await?
    .iter()
    .map(|r| {
        Ok(FollowUp {
            plan_id: r.try_get("plan_id")?,
            plan_title: r.try_get("plan_title")?,
            action_id: r.try_get("id")?,
            title: r.try_get("title")?,
            responsible: r.try_get("responsible")?,
            ends_on: r.try_get("ends_on")?,
        })
    })
    .collect()
}

/// The secret of `user`'s calendar feed, if they made one.
pub async fn feed_of<'e>(
    db: impl Executor<'e, Database = Any>,
    user: i64,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query("SELECT token FROM calendar_feeds WHERE user_id = $1")
        .bind(user)
        .fetch_optional(db)
        .await?
        .map(|r| r.try_get("token"))
        .transpose()
}

/// Replaces `user`'s feed secret (the old address stops working).
pub async fn set_feed(
    conn: &mut AnyConnection,
    user: i64,
    token: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO calendar_feeds (user_id, token, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT (user_id) DO UPDATE SET token = excluded.token, \
         created_at = excluded.created_at",
    )
    .bind(user)
    .bind(token)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Whose feed `token` is.
pub async fn feed_owner<'e>(
    db: impl Executor<'e, Database = Any>,
    token: &str,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query("SELECT user_id FROM calendar_feeds WHERE token = $1")
        .bind(token)
        .fetch_optional(db)
        .await?
        .map(|r| r.try_get("user_id"))
        .transpose()
}

/// Services of `country` a mission may visit (listed or not), by region and name.
pub async fn services_of<'e>(
    db: impl Executor<'e, Database = Any>,
    country: &str,
) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query(
        "SELECT id, name, region FROM services WHERE country_code = $1 ORDER BY region, name, id",
    )
    .bind(country)
    .fetch_all(db)
    .await?
    .iter()
    .map(|r| {
        let region: String = r.try_get("region")?;
        let name: String = r.try_get("name")?;
        Ok((r.try_get("id")?, format!("{name} ({region})")))
    })
    .collect()
}

/// Instrument versions a mission's visits may use: (id, "name · version n") in English.
pub async fn versions<'e>(
    db: impl Executor<'e, Database = Any>,
) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query(
        "SELECT v.id, v.number, i.name_en FROM qa_versions v \
         JOIN qa_instruments i ON i.id = v.instrument_id ORDER BY i.name_en, v.number DESC",
    )
    .fetch_all(db)
    .await?
    .iter()
    .map(|r| {
        let name: String = r.try_get("name_en")?;
        let number: i64 = r.try_get("number")?;
        Ok((r.try_get("id")?, format!("{name} · v{number}")))
    })
    .collect()
}
