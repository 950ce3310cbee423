//! Check-ins: at 1, 3, 6 and 12 months after a plan's first approval, the country reports
//! per action its status, percent complete, executed budget, the indicator's value, a
//! red/amber/green rating, a narrative and evidence. A check-in is saved as often as
//! needed, then submitted once; submitted check-ins are read-only. One not submitted by
//! its day is overdue; the country's focal points are told when one falls due and when it
//! becomes overdue ([`remind`]).

use super::{text, version, visible, writable};
use crate::backend::events::{Kind, Room};
use crate::backend::indicators::{check_value, CheckedValue, RawValue};
use crate::backend::store::indicators::{self as indicators_store, NewValue};
use crate::backend::store::{notifications, plans as store};
use crate::backend::{zones, Change, Cx, Db, ServerError};
use crate::model::indicator::{period_of, Definition};
use crate::model::plan::{parse_amount, CheckinPage, Entry, ACTION_STATUSES, CHECKIN_MONTHS, RAGS};
use crate::model::profile::NotificationKind;
use crate::model::refusal::{FieldRefusal, Problem, Refusal};

/// One action's line as the check-in form sends it.
#[derive(Clone, Debug, Default)]
pub struct EntryInput {
    pub action_id: i64,
    pub status: String,
    pub percent: String,
    pub executed: String,
    pub indicator_value: String,
    pub rag: String,
    pub narrative: String,
    pub evidence: String,
}

impl EntryInput {
    /// Nothing typed: a line left for later (allowed until the check-in is submitted).
    fn is_blank(&self) -> bool {
        [
            &self.status,
            &self.percent,
            &self.executed,
            &self.indicator_value,
            &self.rag,
            &self.narrative,
            &self.evidence,
        ]
        .iter()
        .all(|s| s.trim().is_empty())
    }
}

/// `date` plus `months` calendar months, the day kept or, in a shorter month, its last.
pub fn add_months(date: &str, months: i64) -> String {
    let y: i64 = date[0..4].parse().unwrap_or(1970);
    let m: i64 = date[5..7].parse().unwrap_or(1);
    let d: i64 = date[8..10].parse().unwrap_or(1);
    let total = y * 12 + (m - 1) + months;
    let (y, m) = (total / 12, total % 12 + 1);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let last = match m {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    format!("{y:04}-{m:02}-{:02}", d.min(last))
}

/// Schedules the four check-ins from the first approval's day (again: nothing changes).
pub(super) async fn schedule(
    change: &mut Change,
    id: i64,
    first_approved_on: &str,
    now: i64,
) -> Result<(), ServerError> {
    for months in CHECKIN_MONTHS {
        let due = add_months(first_approved_on, months);
        store::schedule(change.conn(), id, months, &due, now).await?;
    }
    Ok(())
}

/// How many days before its day a check-in falls due: its country's focal points are
/// told then, so there is time to fill it.
pub const DUE_NOTICE_DAYS: i64 = 7;

/// Tells the focal points of each plan's country (those who may see the plan) when one of
/// its check-ins falls due ([`DUE_NOTICE_DAYS`] before its day) and when it becomes
/// overdue (its day is over and it is not submitted) — each person once for each. Days
/// are counted where the plan's country's capital is. Run by the server every few minutes
/// and safe to run again; returns how many notifications were written.
pub async fn remind(db: &Db, now: i64) -> Result<usize, ServerError> {
    // The furthest-ahead zone of the Americas is at most a day ahead of UTC.
    let until = crate::dates::iso_date(now + (DUE_NOTICE_DAYS + 1) * 86_400);
    let mut written = 0;
    for k in store::open_checkins_due_by(&db.pool, &until).await? {
        let zone = zones::zone(zones::capital_of(&k.country).unwrap_or("UTC"));
        let today = zone.date(now);
        let kind = if k.due_on.as_str() < today.as_str() {
            NotificationKind::CheckinOverdue
        } else if crate::dates::date_seconds(&k.due_on) - crate::dates::date_seconds(&today)
            <= DUE_NOTICE_DAYS * 86_400
        {
            NotificationKind::CheckinDue
        } else {
            continue;
        };
        let mut change = Change::begin(db).await?;
        let people = store::focal_points_seeing(change.conn(), k.plan).await?;
        let about = notifications::About::Checkin(k.id);
        let added = notifications::add(change.tx(), &people, kind, None, about, now).await?;
        for user in &added {
            let data = serde_json::json!({ "checkin": k.id });
            change
                .event(Room::User(*user), Kind::Notification, data, now)
                .await?;
        }
        change.commit().await?;
        written += added.len();
    }
    Ok(written)
}

/// A check-in's page: every action of the plan with what was saved for it.
pub async fn checkin_page(
    cx: &Cx,
    id: i64,
    months: i64,
    form: Option<&str>,
) -> Result<CheckinPage, ServerError> {
    let seen = visible(cx, id).await?;
    let pool = &cx.db().pool;
    let today = cx.zone().date(cx.now);
    let (checkin_id, checkin) = store::checkins(pool, id, &today)
        .await?
        .into_iter()
        .find(|(_, k)| k.months == months)
        .ok_or(ServerError::NotFound)?;
    let saved = store::entries(pool, checkin_id).await?;
    if let Some(me) = cx.viewer.user() {
        // Opening the check-in is reading what one was told about it.
        notifications::mark_checkin_read(pool, me.id, checkin_id, cx.now).await?;
    }
    let mut conn = pool.acquire().await?;
    let tree = store::tree(&mut conn, id).await?;
    drop(conn);
    // In the plan's order: objective by objective, line by line.
    let ordered = tree.objectives.iter().flat_map(|(oid, objective)| {
        tree.lines
            .iter()
            .filter(move |l| l.1 == *oid)
            .flat_map(|l| tree.actions.iter().filter(move |(line, _)| *line == l.0))
            .map(move |(_, a)| (objective, a))
    });
    let entries = ordered
        .map(|(objective, a)| {
            let objective = objective.clone();
            let mut e = saved
                .iter()
                .find(|e| e.action_id == a.id)
                .cloned()
                .unwrap_or(Entry {
                    action_id: a.id,
                    ..Entry::default()
                });
            e.action_title = a.title.clone();
            e.objective_title = objective;
            e.currency = a.currency.clone();
            e.indicator = a.indicator.clone();
            e
        })
        .collect();
    Ok(CheckinPage {
        can_edit: seen.permissions.can_edit && !checkin.submitted,
        kept: crate::backend::kept::kept(cx, &super::kept_scope(id), form).await?,
        plan: seen.row.summary,
        checkin,
        entries,
    })
}

/// An entry's fields, checked.
fn check(e: &EntryInput) -> Result<store::EntryFields<'_>, ServerError> {
    let status = e.status.trim();
    if !ACTION_STATUSES.contains(&status) {
        return Err(FieldRefusal::new("status", Problem::Choice).into());
    }
    let percent = e
        .percent
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|p| (0..=100).contains(p))
        .ok_or(FieldRefusal::new("percent", Problem::Format))?;
    let executed_minor =
        parse_amount(&e.executed).map_err(|_| FieldRefusal::new("executed", Problem::Format))?;
    let rag = e.rag.trim();
    if !RAGS.contains(&rag) {
        return Err(FieldRefusal::new("rag", Problem::Choice).into());
    }
    let evidence = text("evidence", &e.evidence, 2_000, false)?;
    for link in evidence.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if !crate::links::is_link_to_follow(link) {
            return Err(FieldRefusal::new("evidence", Problem::Format).into());
        }
    }
    Ok(store::EntryFields {
        status,
        percent,
        executed_minor,
        indicator_value: text("indicator_value", &e.indicator_value, 100, false)?,
        rag,
        narrative: text("narrative", &e.narrative, 4_000, false)?,
        evidence,
    })
}

/// Saves a check-in's lines, and with `submit` submits it (then every action needs its
/// line). Everything is checked before anything is written.
pub async fn save_checkin(
    cx: &Cx,
    id: i64,
    months: i64,
    entries: &[EntryInput],
    submit: bool,
) -> Result<(), ServerError> {
    let seen = writable(cx, id).await?;
    let user = cx.user()?;
    let pool = &cx.db().pool;
    let today = cx.zone().date(cx.now);
    let scheduled = store::checkins(pool, id, &today).await?;
    if scheduled.is_empty() {
        return Err(Refusal::NotApproved.into());
    }
    let (checkin_id, checkin) = scheduled
        .into_iter()
        .find(|(_, k)| k.months == months)
        .ok_or(ServerError::NotFound)?;
    if checkin.submitted {
        return Err(Refusal::CheckinLocked.into());
    }
    let mut conn = pool.acquire().await?;
    let tree = store::tree(&mut conn, id).await?;
    drop(conn);
    let actions: Vec<i64> = tree.actions.iter().map(|(_, a)| a.id).collect();
    let measured = measured_by(cx, &tree).await?;
    let period = |d: &Definition| period_of(&d.frequency, &checkin.due_on).unwrap_or_default();
    let mut checked = Vec::new();
    for e in entries {
        if !actions.contains(&e.action_id) {
            return Err(ServerError::NotFound);
        }
        if e.is_blank() && !submit {
            continue;
        }
        let fields = check(e)?;
        if let Some((_, d)) = measured.iter().find(|(a, _)| *a == e.action_id) {
            indicator_figure(d, &period(d), fields.indicator_value)?;
        }
        checked.push((e.action_id, fields));
    }
    if submit {
        let saved = store::entries(pool, checkin_id).await?;
        let missing = actions.iter().any(|a| {
            !checked.iter().any(|(id, _)| id == a) && !saved.iter().any(|e| e.action_id == *a)
        });
        if missing {
            return Err(FieldRefusal::new("status", Problem::Required).into());
        }
    }
    let mut change = cx.change().await?;
    for (action, fields) in &checked {
        store::save_entry(change.conn(), checkin_id, *action, fields, user.id, cx.now).await?;
    }
    if submit {
        if !store::submit_checkin(change.conn(), checkin_id, user.id, cx.now).await? {
            return Err(Refusal::CheckinLocked.into());
        }
        // The values of actions measured by a defined indicator become the country's
        // values of it, through the same checks and history as any other.
        let country = &seen.row.summary.country.code;
        let source = format!("{} — {months}-month check-in", seen.row.summary.title);
        for e in store::entries(change.conn(), checkin_id).await? {
            let Some((_, d)) = measured.iter().find(|(a, _)| *a == e.action_id) else {
                continue;
            };
            let Some(v) = indicator_figure(d, &period(d), &e.indicator_value)? else {
                continue;
            };
            let value = NewValue {
                indicator: d.id,
                country,
                period: &v.period,
                disaggregation: "",
                value: v.value,
                numerator: None,
                denominator: None,
                source: &source,
                status: "provisional",
                origin: "checkin",
                import: None,
                checkin: Some(checkin_id),
                by: user.id,
            };
            indicators_store::write_value(change.conn(), &value, cx.now).await?;
        }
        let what = format!("{months}-month check-in submitted");
        version(cx, &mut change, seen.row.summary.id, &what, false).await?;
    }
    change.commit().await?;
    Ok(())
}

/// The actions of a plan measured by a defined indicator, with its definition.
async fn measured_by(cx: &Cx, tree: &store::Tree) -> Result<Vec<(i64, Definition)>, ServerError> {
    let mut out = Vec::new();
    for (_, a) in &tree.actions {
        if let Some(code) = &a.indicator_code {
            if let Some(d) = indicators_store::definition(&cx.db().pool, code).await? {
                out.push((a.id, d));
            }
        }
    }
    Ok(out)
}

/// A check-in's value of an action measured by `d`, checked as any value of it is (a
/// number of its unit); `None` when left empty.
fn indicator_figure(
    d: &Definition,
    period: &str,
    text: &str,
) -> Result<Option<CheckedValue>, ServerError> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    let raw = RawValue {
        period: period.to_string(),
        value: text.to_string(),
        ..RawValue::default()
    };
    check_value(d, &raw)
        .map(Some)
        .map_err(|_| FieldRefusal::new("indicator_value", Problem::Format).into())
}

#[cfg(test)]
mod tests {
    use super::add_months;

    #[test]
    fn check_ins_fall_on_the_same_day_of_later_months() {
        assert_eq!(add_months("2026-03-15", 1), "2026-04-15");
        assert_eq!(add_months("2026-03-15", 12), "2027-03-15");
        assert_eq!(add_months("2026-11-30", 3), "2027-02-28");
        assert_eq!(add_months("2027-11-30", 3), "2028-02-29");
        assert_eq!(add_months("2026-01-31", 1), "2026-02-28");
        assert_eq!(add_months("2026-08-31", 1), "2026-09-30");
    }
}
