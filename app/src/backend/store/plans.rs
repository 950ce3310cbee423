//! The operational-plan tables: plans, their objectives, lines of action and actions, the
//! versions every change leaves, the domains list, and check-ins with their entries.

use sqlx::{Any, Executor, Row};

use super::{country_from_row, COUNTRY_COLUMNS};
use crate::model::funding::FundingChoice;
use crate::model::plan::{
    Action, CheckinSummary, DomainName, Entry, PlanStatus, PlanSummary, VersionLine,
};

/// A plan as stored, with what pages and rules need.
#[derive(Clone, Debug)]
pub struct PlanRow {
    pub summary: PlanSummary,
    pub space_id: i64,
    pub language: String,
    pub authority: Option<String>,
    pub approved_on: Option<String>,
    pub approval_ref: Option<String>,
    pub approved_by: Option<String>,
    pub first_approved_on: Option<String>,
    pub return_reason: Option<String>,
    /// `national`, or `improvement` (a service's plan made from its assessment).
    pub kind: String,
    pub service_id: Option<i64>,
    pub assessment_id: Option<i64>,
}

const PLAN_SELECT: &str = "SELECT p.id, p.title, p.country_code, p.starts_on, p.ends_on, \
     p.status, p.revision, p.language, p.authority, p.approved_on, p.approval_ref, \
     p.first_approved_on, p.return_reason, p.kind, p.service_id, p.assessment_id, p.space_id, s.slug AS space_slug, \
     s.name AS space_name, a.display_name AS approver, ";

fn plan_from_row(row: &sqlx::any::AnyRow) -> Result<PlanRow, sqlx::Error> {
    let status: String = row.try_get("status")?;
    Ok(PlanRow {
        summary: PlanSummary {
            id: row.try_get("id")?,
            title: row.try_get("title")?,
            country: country_from_row(row)?
                .ok_or_else(|| sqlx::Error::Decode("a plan without a country".into()))?,
            space_slug: row.try_get("space_slug")?,
            space_name: row.try_get("space_name")?,
            starts_on: row.try_get("starts_on")?,
            ends_on: row.try_get("ends_on")?,
            status: PlanStatus::parse(&status).unwrap_or(PlanStatus::Draft),
            revision: row.try_get("revision")?,
            overdue: 0,
            next_checkin: None,
            red: 0,
            latest_ratings: None,
            improvement: row.try_get::<String, _>("kind")? == "improvement",
        },
        space_id: row.try_get("space_id")?,
        language: row.try_get("language")?,
        authority: row.try_get("authority")?,
        approved_on: row.try_get("approved_on")?,
        approval_ref: row.try_get("approval_ref")?,
        approved_by: row.try_get("approver")?,
        first_approved_on: row.try_get("first_approved_on")?,
        return_reason: row.try_get("return_reason")?,
        kind: row.try_get("kind")?,
        service_id: row.try_get("service_id")?,
        assessment_id: row.try_get("assessment_id")?,
    })
}

fn plan_sql(condition: &str) -> String {
    format!(
        "{PLAN_SELECT}{COUNTRY_COLUMNS} FROM plans p JOIN spaces s ON s.id = p.space_id \
         JOIN countries c ON c.code = p.country_code \
         LEFT JOIN users a ON a.id = p.approved_by WHERE {condition}"
    )
}

pub async fn by_id<'e>(
    db: impl Executor<'e, Database = Any>,
    id: i64,
) -> Result<Option<PlanRow>, sqlx::Error> {
    let row = sqlx::query(&plan_sql("p.id = $1"))
        .bind(id)
        .fetch_optional(db)
        .await?;
    row.as_ref().map(plan_from_row).transpose()
}

/// Plans in the spaces `visible` (an SQL condition on `s`, from the access rule), newest
/// period first.
pub async fn list<'e>(
    db: impl Executor<'e, Database = Any>,
    visible: &str,
) -> Result<Vec<PlanRow>, sqlx::Error> {
    let sql = plan_sql(visible) + " ORDER BY c.name_en, p.starts_on DESC, p.id";
    let rows = sqlx::query(&sql).fetch_all(db).await?;
    rows.iter().map(plan_from_row).collect()
}

pub struct NewPlan<'a> {
    pub country: &'a str,
    pub space_id: i64,
    pub title: &'a str,
    pub starts_on: &'a str,
    pub ends_on: &'a str,
    pub language: &'a str,
    pub author: i64,
    /// For an improvement plan: the service and the assessment it comes from.
    pub improvement: Option<(i64, i64)>,
}

pub async fn insert<'e>(
    db: impl Executor<'e, Database = Any>,
    p: &NewPlan<'_>,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query(
        "INSERT INTO plans (country_code, space_id, title, starts_on, ends_on, language, \
         created_by, created_at, updated_at, kind, service_id, assessment_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9, $10, $11) RETURNING id",
    )
    .bind(p.country)
    .bind(p.space_id)
    .bind(p.title)
    .bind(p.starts_on)
    .bind(p.ends_on)
    .bind(p.language)
    .bind(p.author)
    .bind(now)
    .bind(if p.improvement.is_some() {
        "improvement"
    } else {
        "national"
    })
    .bind(p.improvement.map(|i| i.0))
    .bind(p.improvement.map(|i| i.1))
    .fetch_one(db)
    .await?
    .try_get("id")
}

/// Moves a plan to `status`, only from `from` (so two deciders cannot both act on one
/// state); returns whether it moved.
pub async fn set_status<'e>(
    db: impl Executor<'e, Database = Any>,
    id: i64,
    from: &[PlanStatus],
    status: PlanStatus,
    return_reason: Option<&str>,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let allowed: Vec<&str> = from.iter().map(|s| s.as_str()).collect();
    let done = sqlx::query(
        "UPDATE plans SET status = $1, return_reason = $2, updated_at = $3 \
         WHERE id = $4 AND (status = $5 OR status = $6)",
    )
    .bind(status.as_str())
    .bind(return_reason)
    .bind(now)
    .bind(id)
    .bind(allowed.first().copied().unwrap_or(""))
    .bind(allowed.get(1).copied().unwrap_or(""))
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub struct Approval<'a> {
    pub authority: &'a str,
    pub approved_on: &'a str,
    pub reference: &'a str,
    pub by: i64,
}

/// Records the national authority's approval of a submitted plan; the first approval's
/// date is kept as the one check-ins count from. Returns whether it was submitted.
pub async fn approve<'e>(
    db: impl Executor<'e, Database = Any>,
    id: i64,
    a: &Approval<'_>,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE plans SET status = 'approved', authority = $1, approved_on = $2, \
         approval_ref = $3, approved_by = $4, return_reason = NULL, \
         first_approved_on = COALESCE(first_approved_on, $2), updated_at = $5 \
         WHERE id = $6 AND status = 'submitted'",
    )
    .bind(a.authority)
    .bind(a.approved_on)
    .bind(a.reference)
    .bind(a.by)
    .bind(now)
    .bind(id)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Starts the next revision of an approved plan: a draft again, the approval kept on
/// record in its version.
pub async fn revise<'e>(
    db: impl Executor<'e, Database = Any>,
    id: i64,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE plans SET status = 'draft', revision = revision + 1, updated_at = $1 \
         WHERE id = $2 AND status = 'approved'",
    )
    .bind(now)
    .bind(id)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn touch<'e>(
    db: impl Executor<'e, Database = Any>,
    id: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE plans SET updated_at = $1 WHERE id = $2")
        .bind(now)
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}

pub async fn domains<'e>(
    db: impl Executor<'e, Database = Any>,
) -> Result<Vec<DomainName>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT code, name_en, name_es, name_pt, name_fr FROM plan_domains ORDER BY position",
    )
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(DomainName {
                code: r.try_get("code")?,
                en: r.try_get("name_en")?,
                es: r.try_get("name_es")?,
                pt: r.try_get("name_pt")?,
                fr: r.try_get("name_fr")?,
            })
        })
        .collect()
}

/// Adds the domain `d` (at the end of the list) or renames the one with its code.
pub async fn save_domain<'e>(
    db: impl Executor<'e, Database = Any>,
    d: &DomainName,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO plan_domains (code, position, name_en, name_es, name_pt, name_fr) \
         VALUES ($1, (SELECT COALESCE(MAX(position), 0) + 1 FROM plan_domains), \
         $2, $3, $4, $5) ON CONFLICT (code) DO UPDATE SET name_en = excluded.name_en, \
         name_es = excluded.name_es, name_pt = excluded.name_pt, name_fr = excluded.name_fr",
    )
    .bind(&d.code)
    .bind(&d.en)
    .bind(&d.es)
    .bind(&d.pt)
    .bind(&d.fr)
    .execute(db)
    .await?;
    Ok(())
}

/// The next position under a parent (`table` and `parent` are this module's own names).
async fn next_position<'e>(
    db: impl Executor<'e, Database = Any>,
    table: &str,
    parent: &str,
    id: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query(&format!(
        "SELECT COALESCE(MAX(position), 0) + 1 AS n FROM {table} WHERE {parent} = $1"
    ))
    .bind(id)
    .fetch_one(db)
    .await?
    .try_get("n")
}

pub async fn add_objective(
    conn: &mut sqlx::AnyConnection,
    plan: i64,
    title: &str,
) -> Result<i64, sqlx::Error> {
    let position = next_position(&mut *conn, "plan_objectives", "plan_id", plan).await?;
    sqlx::query(
        "INSERT INTO plan_objectives (plan_id, position, title) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(plan)
    .bind(position)
    .bind(title)
    .fetch_one(conn)
    .await?
    .try_get("id")
}

pub async fn add_line(
    conn: &mut sqlx::AnyConnection,
    plan: i64,
    objective: i64,
    title: &str,
    domain: &str,
) -> Result<i64, sqlx::Error> {
    let position = next_position(&mut *conn, "plan_lines", "objective_id", objective).await?;
    sqlx::query(
        "INSERT INTO plan_lines (plan_id, objective_id, position, title, domain) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(plan)
    .bind(objective)
    .bind(position)
    .bind(title)
    .bind(domain)
    .fetch_one(conn)
    .await?
    .try_get("id")
}

/// An action's fields as written.
pub struct ActionFields<'a> {
    pub title: &'a str,
    pub responsible: &'a str,
    pub co_responsible: &'a str,
    pub starts_on: &'a str,
    pub ends_on: &'a str,
    pub budget_minor: Option<i64>,
    pub currency: Option<&'a str>,
    pub funding_source: &'a str,
    pub indicator: &'a str,
    pub indicator_id: Option<i64>,
    /// The assessment criterion an improvement plan's action closes.
    pub criterion_id: Option<i64>,
    /// The catalogue's funding mechanism it names.
    pub funding_id: Option<i64>,
    pub baseline: &'a str,
    pub baseline_year: Option<i64>,
    pub target: &'a str,
}

pub async fn add_action(
    conn: &mut sqlx::AnyConnection,
    plan: i64,
    line: i64,
    a: &ActionFields<'_>,
) -> Result<i64, sqlx::Error> {
    let position = next_position(&mut *conn, "plan_actions", "line_id", line).await?;
    sqlx::query(
        "INSERT INTO plan_actions (plan_id, line_id, position, title, responsible, \
         co_responsible, starts_on, ends_on, budget_minor, currency, funding_source, \
         indicator, baseline, baseline_year, target, indicator_id, criterion_id, funding_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, \
         $18) RETURNING id",
    )
    .bind(plan)
    .bind(line)
    .bind(position)
    .bind(a.title)
    .bind(a.responsible)
    .bind(a.co_responsible)
    .bind(a.starts_on)
    .bind(a.ends_on)
    .bind(a.budget_minor)
    .bind(a.currency)
    .bind(a.funding_source)
    .bind(a.indicator)
    .bind(a.baseline)
    .bind(a.baseline_year)
    .bind(a.target)
    .bind(a.indicator_id)
    .bind(a.criterion_id)
    .bind(a.funding_id)
    .fetch_one(conn)
    .await?
    .try_get("id")
}

pub async fn update_action<'e>(
    db: impl Executor<'e, Database = Any>,
    plan: i64,
    action: i64,
    a: &ActionFields<'_>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE plan_actions SET title = $1, responsible = $2, co_responsible = $3, \
         starts_on = $4, ends_on = $5, budget_minor = $6, currency = $7, funding_source = $8, \
         indicator = $9, baseline = $10, baseline_year = $11, target = $12, \
         indicator_id = $15, criterion_id = $16, funding_id = $17 \
         WHERE id = $13 AND plan_id = $14",
    )
    .bind(a.title)
    .bind(a.responsible)
    .bind(a.co_responsible)
    .bind(a.starts_on)
    .bind(a.ends_on)
    .bind(a.budget_minor)
    .bind(a.currency)
    .bind(a.funding_source)
    .bind(a.indicator)
    .bind(a.baseline)
    .bind(a.baseline_year)
    .bind(a.target)
    .bind(action)
    .bind(plan)
    .bind(a.indicator_id)
    .bind(a.criterion_id)
    .bind(a.funding_id)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Whether `id` is an objective (`plan_objectives`) or line (`plan_lines`) of `plan`.
pub async fn belongs<'e>(
    db: impl Executor<'e, Database = Any>,
    table: Part,
    id: i64,
    plan: i64,
) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query(&format!(
        "SELECT 1 AS one FROM {} WHERE id = $1 AND plan_id = $2",
        table.table()
    ))
    .bind(id)
    .bind(plan)
    .fetch_optional(db)
    .await?
    .is_some())
}

/// The parts of a plan's tree.
#[derive(Clone, Copy)]
pub enum Part {
    Objective,
    Line,
    Action,
}

impl Part {
    fn table(self) -> &'static str {
        match self {
            Part::Objective => "plan_objectives",
            Part::Line => "plan_lines",
            Part::Action => "plan_actions",
        }
    }
}

/// The plan's tree, flat: (objective id, title), (line id, objective id, title, domain),
/// and actions with their line id, each in order.
pub struct Tree {
    pub objectives: Vec<(i64, String)>,
    pub lines: Vec<(i64, i64, String, String)>,
    pub actions: Vec<(i64, Action)>,
}

pub async fn tree(conn: &mut sqlx::AnyConnection, plan: i64) -> Result<Tree, sqlx::Error> {
    let objectives = sqlx::query(
        "SELECT id, title FROM plan_objectives WHERE plan_id = $1 ORDER BY position, id",
    )
    .bind(plan)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| Ok((r.try_get("id")?, r.try_get("title")?)))
    .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let lines = sqlx::query(
        "SELECT id, objective_id, title, domain FROM plan_lines WHERE plan_id = $1 \
         ORDER BY position, id",
    )
    .bind(plan)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        Ok((
            r.try_get("id")?,
            r.try_get("objective_id")?,
            r.try_get("title")?,
            r.try_get("domain")?,
        ))
    })
    .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let actions = sqlx::query(
        "SELECT a.id, a.line_id, a.title, a.responsible, a.co_responsible, a.starts_on, \
         a.ends_on, a.budget_minor, a.currency, a.funding_source, a.indicator, a.baseline, \
         a.baseline_year, a.target, i.code AS indicator_code, a.criterion_id, \
         q.code AS criterion_code, a.funding_id, f.name_en, f.name_es, f.name_pt, \
         f.name_fr FROM plan_actions a \
         LEFT JOIN indicators i ON i.id = a.indicator_id \
         LEFT JOIN funding_mechanisms f ON f.id = a.funding_id \
         LEFT JOIN qa_items q ON q.id = a.criterion_id WHERE a.plan_id = $1 \
         ORDER BY a.position, a.id",
    )
    .bind(plan)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        Ok((
            r.try_get("line_id")?,
            Action {
                id: r.try_get("id")?,
                title: r.try_get("title")?,
                responsible: r.try_get("responsible")?,
                co_responsible: r.try_get("co_responsible")?,
                starts_on: r.try_get("starts_on")?,
                ends_on: r.try_get("ends_on")?,
                budget_minor: r.try_get("budget_minor")?,
                currency: r.try_get("currency")?,
                funding_source: r.try_get("funding_source")?,
                indicator: r.try_get("indicator")?,
                indicator_code: r.try_get("indicator_code")?,
                baseline: r.try_get("baseline")?,
                baseline_year: r.try_get("baseline_year")?,
                target: r.try_get("target")?,
                criterion: match r.try_get::<Option<i64>, _>("criterion_id")? {
                    Some(id) => Some((id, r.try_get("criterion_code")?)),
                    None => None,
                },
                funding: match r.try_get::<Option<i64>, _>("funding_id")? {
                    Some(id) => Some(FundingChoice {
                        id,
                        name: super::quality::names(r, "name", String::new())?,
                    }),
                    None => None,
                },
                latest: None,
                requests: Vec::new(),
                discussion: None,
                cites: Vec::new(),
                indicator_values: Vec::new(),
            },
        ))
    })
    .collect::<Result<Vec<_>, sqlx::Error>>()?;
    Ok(Tree {
        objectives,
        lines,
        actions,
    })
}

/// A version as recorded: of which revision, by whom, what changed, the plan as text then,
/// and whether it is the approved text.
pub struct NewVersion<'a> {
    pub revision: i64,
    pub author: i64,
    pub summary: &'a str,
    pub snapshot: &'a str,
    pub approved: bool,
}

/// Records a version under the next number.
pub async fn add_version(
    conn: &mut sqlx::AnyConnection,
    plan: i64,
    v: &NewVersion<'_>,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let number = next_number(&mut *conn, plan).await?;
    sqlx::query(
        "INSERT INTO plan_versions (plan_id, number, revision, author_id, summary, snapshot, \
         approved, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(plan)
    .bind(number)
    .bind(v.revision)
    .bind(v.author)
    .bind(v.summary)
    .bind(v.snapshot)
    .bind(i64::from(v.approved))
    .bind(now)
    .execute(conn)
    .await?;
    Ok(number)
}

async fn next_number<'e>(
    db: impl Executor<'e, Database = Any>,
    plan: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query("SELECT COALESCE(MAX(number), 0) + 1 AS n FROM plan_versions WHERE plan_id = $1")
        .bind(plan)
        .fetch_one(db)
        .await?
        .try_get("n")
}

pub async fn versions<'e>(
    db: impl Executor<'e, Database = Any>,
    plan: i64,
) -> Result<Vec<VersionLine>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT v.number, v.revision, u.display_name AS author, v.summary, v.approved, \
         v.created_at FROM plan_versions v LEFT JOIN users u ON u.id = v.author_id \
         WHERE v.plan_id = $1 ORDER BY v.number DESC",
    )
    .bind(plan)
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(VersionLine {
                number: r.try_get("number")?,
                revision: r.try_get("revision")?,
                author: r.try_get("author")?,
                summary: r.try_get("summary")?,
                approved: r.try_get::<i64, _>("approved")? != 0,
                at: r.try_get("created_at")?,
            })
        })
        .collect()
}

/// A version's text, for the diff between two.
pub async fn snapshot<'e>(
    db: impl Executor<'e, Database = Any>,
    plan: i64,
    number: i64,
) -> Result<Option<String>, sqlx::Error> {
    let row = sqlx::query("SELECT snapshot FROM plan_versions WHERE plan_id = $1 AND number = $2")
        .bind(plan)
        .bind(number)
        .fetch_optional(db)
        .await?;
    row.map(|r| r.try_get("snapshot")).transpose()
}

/// Schedules the check-ins of a plan approved for the first time (due days given).
pub async fn schedule<'e>(
    db: impl Executor<'e, Database = Any>,
    plan: i64,
    months: i64,
    due_on: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO plan_checkins (plan_id, months, due_on, updated_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (plan_id, months) DO NOTHING",
    )
    .bind(plan)
    .bind(months)
    .bind(due_on)
    .bind(now)
    .execute(db)
    .await?;
    Ok(())
}

/// A plan's check-ins in order; `today` (the reader's day) decides which are overdue.
pub async fn checkins<'e>(
    db: impl Executor<'e, Database = Any>,
    plan: i64,
    today: &str,
) -> Result<Vec<(i64, CheckinSummary)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT k.id, k.months, k.due_on, k.status, k.submitted_at, u.display_name AS by_name \
         FROM plan_checkins k LEFT JOIN users u ON u.id = k.submitted_by \
         WHERE k.plan_id = $1 ORDER BY k.months",
    )
    .bind(plan)
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|r| {
            let due_on: String = r.try_get("due_on")?;
            let submitted = r.try_get::<String, _>("status")? == "submitted";
            Ok((
                r.try_get("id")?,
                CheckinSummary {
                    months: r.try_get("months")?,
                    overdue: !submitted && due_on.as_str() < today,
                    due_on,
                    submitted,
                    submitted_by: r.try_get("by_name")?,
                    submitted_at: r.try_get("submitted_at")?,
                },
            ))
        })
        .collect()
}

/// Marks a check-in submitted, only once; returns whether it was open.
pub async fn submit_checkin<'e>(
    db: impl Executor<'e, Database = Any>,
    checkin: i64,
    by: i64,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE plan_checkins SET status = 'submitted', submitted_by = $1, submitted_at = $2, \
         updated_at = $2 WHERE id = $3 AND status = 'open'",
    )
    .bind(by)
    .bind(now)
    .bind(checkin)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// An entry as written.
pub struct EntryFields<'a> {
    pub status: &'a str,
    pub percent: i64,
    pub executed_minor: Option<i64>,
    pub indicator_value: &'a str,
    pub rag: &'a str,
    pub narrative: &'a str,
    pub evidence: &'a str,
}

pub async fn save_entry<'e>(
    db: impl Executor<'e, Database = Any>,
    checkin: i64,
    action: i64,
    e: &EntryFields<'_>,
    author: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO plan_checkin_entries (checkin_id, action_id, status, percent, \
         executed_minor, indicator_value, rag, narrative, evidence, author_id, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
         ON CONFLICT (checkin_id, action_id) DO UPDATE SET status = $3, percent = $4, \
         executed_minor = $5, indicator_value = $6, rag = $7, narrative = $8, evidence = $9, \
         author_id = $10, updated_at = $11",
    )
    .bind(checkin)
    .bind(action)
    .bind(e.status)
    .bind(e.percent)
    .bind(e.executed_minor)
    .bind(e.indicator_value)
    .bind(e.rag)
    .bind(e.narrative)
    .bind(e.evidence)
    .bind(author)
    .bind(now)
    .execute(db)
    .await?;
    Ok(())
}

/// A check-in's saved entries, by action id.
pub async fn entries<'e>(
    db: impl Executor<'e, Database = Any>,
    checkin: i64,
) -> Result<Vec<Entry>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT e.action_id, e.status, e.percent, e.executed_minor, e.indicator_value, e.rag, \
         e.narrative, e.evidence, u.display_name AS author FROM plan_checkin_entries e \
         LEFT JOIN users u ON u.id = e.author_id WHERE e.checkin_id = $1",
    )
    .bind(checkin)
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Entry {
                action_id: r.try_get("action_id")?,
                status: r.try_get("status")?,
                percent: r.try_get("percent")?,
                executed_minor: r.try_get("executed_minor")?,
                indicator_value: r.try_get("indicator_value")?,
                rag: r.try_get("rag")?,
                narrative: r.try_get("narrative")?,
                evidence: r.try_get("evidence")?,
                author: r.try_get("author")?,
                ..Entry::default()
            })
        })
        .collect()
}

/// The latest submitted check-in's entries of a plan (action id, status, rag, percent).
pub async fn latest_entries<'e>(
    db: impl Executor<'e, Database = Any>,
    plan: i64,
) -> Result<Vec<(i64, String, String, i64)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT e.action_id, e.status, e.rag, e.percent FROM plan_checkin_entries e \
         WHERE e.checkin_id = (SELECT k.id FROM plan_checkins k WHERE k.plan_id = $1 \
         AND k.status = 'submitted' ORDER BY k.months DESC LIMIT 1)",
    )
    .bind(plan)
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get("action_id")?,
                r.try_get("status")?,
                r.try_get("rag")?,
                r.try_get("percent")?,
            ))
        })
        .collect()
}

/// Every indicator value submitted check-ins reported: (action id, months, value), by
/// check-in.
pub async fn indicator_values<'e>(
    db: impl Executor<'e, Database = Any>,
    plan: i64,
) -> Result<Vec<(i64, i64, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT e.action_id, k.months, e.indicator_value FROM plan_checkin_entries e \
         JOIN plan_checkins k ON k.id = e.checkin_id WHERE k.plan_id = $1 \
         AND k.status = 'submitted' AND e.indicator_value <> '' ORDER BY k.months",
    )
    .bind(plan)
    .fetch_all(db)
    .await
}

/// The plan an action is in, and the action's title.
pub async fn action_in<'e>(
    db: impl Executor<'e, Database = Any>,
    action: i64,
) -> Result<Option<(i64, String)>, sqlx::Error> {
    let row = sqlx::query("SELECT plan_id, title FROM plan_actions WHERE id = $1")
        .bind(action)
        .fetch_optional(db)
        .await?;
    row.map(|r| Ok((r.try_get("plan_id")?, r.try_get("title")?)))
        .transpose()
}

/// The ids of a plan's objectives, lines or actions, in the order they were added.
pub async fn part_ids<'e>(
    db: impl Executor<'e, Database = Any>,
    part: Part,
    plan: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    let sql = format!(
        "SELECT id FROM {} WHERE plan_id = $1 ORDER BY id",
        part.table()
    );
    let rows = sqlx::query(&sql).bind(plan).fetch_all(db).await?;
    rows.iter().map(|r| r.try_get("id")).collect()
}

/// Per submitted check-in (by months): how many actions were rated red, amber and green.
pub async fn rag_counts<'e>(
    db: impl Executor<'e, Database = Any>,
    plan: i64,
) -> Result<Vec<(i64, String, i64)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT k.months, e.rag, COUNT(*) AS n FROM plan_checkin_entries e \
         JOIN plan_checkins k ON k.id = e.checkin_id \
         WHERE k.plan_id = $1 AND k.status = 'submitted' GROUP BY k.months, e.rag \
         ORDER BY k.months",
    )
    .bind(plan)
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("months")?, r.try_get("rag")?, r.try_get("n")?)))
        .collect()
}

/// Per submitted check-in (by months) and currency: the budget executed so far.
pub async fn executed<'e>(
    db: impl Executor<'e, Database = Any>,
    plan: i64,
) -> Result<Vec<(i64, String, i64)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT k.months, a.currency, CAST(SUM(e.executed_minor) AS BIGINT) AS spent \
         FROM plan_checkin_entries e JOIN plan_checkins k ON k.id = e.checkin_id \
         JOIN plan_actions a ON a.id = e.action_id \
         WHERE k.plan_id = $1 AND k.status = 'submitted' AND a.currency IS NOT NULL \
         AND e.executed_minor IS NOT NULL GROUP BY k.months, a.currency ORDER BY k.months",
    )
    .bind(plan)
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get("months")?,
                r.try_get("currency")?,
                r.try_get("spent")?,
            ))
        })
        .collect()
}

/// A check-in not submitted yet, for reminders: its id, its plan, the plan's country,
/// its due day.
pub struct OpenCheckin {
    pub id: i64,
    pub plan: i64,
    pub country: String,
    pub due_on: String,
}

/// Check-ins not submitted whose day is on or before `until` (`YYYY-MM-DD`).
pub async fn open_checkins_due_by<'e>(
    db: impl Executor<'e, Database = Any>,
    until: &str,
) -> Result<Vec<OpenCheckin>, sqlx::Error> {
    sqlx::query(
        "SELECT k.id, k.plan_id, p.country_code, k.due_on FROM plan_checkins k \
         JOIN plans p ON p.id = k.plan_id WHERE k.status = 'open' AND k.due_on <= $1 \
         ORDER BY k.due_on, k.id",
    )
    .bind(until)
    .fetch_all(db)
    .await?
    .iter()
    .map(|r| {
        Ok(OpenCheckin {
            id: r.try_get("id")?,
            plan: r.try_get("plan_id")?,
            country: r.try_get("country_code")?,
            due_on: r.try_get("due_on")?,
        })
    })
    .collect()
}

/// The focal points of a plan's country who may see the plan (members of its space, or
/// anyone its space is open to, or staff): who is told about its check-ins.
pub async fn focal_points_seeing<'e>(
    db: impl Executor<'e, Database = Any>,
    plan: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    let sql = format!(
        "SELECT u.id FROM plans pl JOIN spaces ps ON ps.id = pl.space_id \
         JOIN country_roles cr ON cr.country_code = pl.country_code AND cr.role = 'focal_point' \
         JOIN users u ON u.id = cr.user_id \
         WHERE pl.id = $1 AND (u.role IN ('admin', 'ta_staff') OR {}) ORDER BY u.id",
        crate::backend::access::user_sees_space_sql("u", "ps")
    );
    sqlx::query(&sql)
        .bind(plan)
        .fetch_all(db)
        .await?
        .iter()
        .map(|r| r.try_get("id"))
        .collect()
}

/// An objective's or action's title and its discussion thread: the one recorded, and
/// the same if it may still be read (neither deleted nor hidden).
pub struct ItemDiscussion {
    pub title: String,
    pub stored: Option<i64>,
    pub readable: Option<i64>,
}

/// The discussion of an objective or action of `plan` (none for a line, or an item of
/// another plan).
pub async fn item_discussion<'e>(
    db: impl Executor<'e, Database = Any>,
    part: Part,
    plan: i64,
    item: i64,
) -> Result<Option<ItemDiscussion>, sqlx::Error> {
    // The table name is one of three constants, never input.
    let sql = format!(
        "SELECT i.title, i.thread_id, t.id AS readable FROM {} i \
         LEFT JOIN threads t ON t.id = i.thread_id AND t.deleted_at IS NULL AND t.hidden = 0 \
         WHERE i.id = $1 AND i.plan_id = $2",
        part.table()
    );
    let Some(r) = sqlx::query(&sql)
        .bind(item)
        .bind(plan)
        .fetch_optional(db)
        .await?
    else {
        return Ok(None);
    };
    Ok(Some(ItemDiscussion {
        title: r.try_get("title")?,
        stored: r.try_get("thread_id")?,
        readable: r.try_get("readable")?,
    }))
}

/// Records `thread` as the item's discussion if its thread is still `was`; returns whether
/// it was.
pub async fn set_item_thread<'e>(
    db: impl Executor<'e, Database = Any>,
    part: Part,
    item: i64,
    was: Option<i64>,
    thread: i64,
) -> Result<bool, sqlx::Error> {
    let sql = format!(
        "UPDATE {} SET thread_id = $1 WHERE id = $2 AND \
         (thread_id = $3 OR (thread_id IS NULL AND $4 = 0))",
        part.table()
    );
    let done = sqlx::query(&sql)
        .bind(thread)
        .bind(item)
        .bind(was.unwrap_or(0))
        .bind(i64::from(was.is_some()))
        .execute(db)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Every readable discussion of the plan's objectives and actions: (`"objective"` or
/// `"action"`, item id, thread id, comments shown).
pub async fn discussions<'e>(
    db: impl Executor<'e, Database = Any>,
    plan: i64,
) -> Result<Vec<(String, i64, i64, i64)>, sqlx::Error> {
    let counted = "t.deleted_at IS NULL AND t.hidden = 0";
    let comments = "(SELECT COUNT(*) FROM posts p WHERE p.thread_id = t.id \
         AND p.deleted_at IS NULL AND p.hidden = 0)";
    let sql = format!(
        "SELECT 'objective' AS part, o.id, t.id AS thread_id, {comments} AS n \
         FROM plan_objectives o JOIN threads t ON t.id = o.thread_id \
         WHERE o.plan_id = $1 AND {counted} \
         UNION ALL SELECT 'action' AS part, a.id, t.id AS thread_id, {comments} AS n \
         FROM plan_actions a JOIN threads t ON t.id = a.thread_id \
         WHERE a.plan_id = $1 AND {counted}"
    );
    sqlx::query_as(&sql).bind(plan).fetch_all(db).await
}
