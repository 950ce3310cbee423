//! National operational plans: a country's plan for a period, kept in one of its spaces,
//! written together (objectives → lines of action → actions), approved by the national
//! authority, and checked in on at 1, 3, 6 and 12 months after approval.
//!
//! Who may do what is the access rule's (`access::can_edit_plan`,
//! `access::decides_for_country`): a plan is seen by whoever may see its space and by
//! programme staff; anyone else gets "not found", in lists, pages and forms alike. Every
//! write is one [`Change`] that also records a version of the plan (who, when, what, the
//! whole plan as text).
//!
//! - `editing`: starting a plan, adding objectives, lines and actions, changing an action;
//! - `decisions`: submitting, recording the approval, returning, starting a new revision;
//! - `checkins`: the schedule, a check-in's page, saving and submitting it;
//! - `export`: the plan and a check-in as CSV;
//! - `versions`: the difference between two versions;
//! - `discussion`: comments on objectives and actions, each item's in one thread;
//! - `domains`: the editable list of demand-reduction domains (admins);
//! - `recommendations`: the MEM recommendations register, and citing it from a plan;
//!
//! A refused form's typed fields are kept (`backend::kept`, scope `plan:{id}`) and shown
//! again with the message.

mod checkins;
mod decisions;
mod discussion;
mod domains;
mod editing;
mod export;
mod recommendations;
mod versions;

pub use checkins::{add_months, checkin_page, remind, save_checkin, EntryInput, DUE_NOTICE_DAYS};
pub use decisions::{approve, return_plan, revise, submit, ApprovalInput};
pub use discussion::{comment, Commented};
pub use domains::{domains, save_domain};
pub use editing::{
    add_action, add_line, add_objective, create, update_action, ActionInput, NewPlanInput,
};
pub(crate) use editing::{add_action_from, open_plans_of, spaces_for};
pub use export::plan_csv;

/// The plan number the new-plan form is kept under (no plan has it yet).
pub const NEW_PLAN: i64 = 0;

/// Where a plan's refused forms are kept.
pub(crate) fn kept_scope(plan: i64) -> String {
    format!("plan:{plan}")
}

/// Keeps the fields of the viewer's refused form `key` of `plan`.
pub async fn keep(
    cx: &Cx,
    plan: i64,
    key: &str,
    fields: &[(String, String)],
) -> Result<(), ServerError> {
    kept::keep(cx, &kept_scope(plan), key, fields).await
}

/// Forgets the viewer's kept form `key` of `plan` (it went through).
pub async fn clear_kept(cx: &Cx, plan: i64, key: &str) -> Result<(), ServerError> {
    kept::clear(cx, &kept_scope(plan), key).await
}
pub use recommendations::{add_recommendation, cite, register, RecommendationInput};
pub use versions::diff;

use crate::backend::access::{self, Place};
use crate::backend::events::{self, Kind, Room};
use crate::backend::store::plans::{self as store, PlanRow};
use crate::backend::store::recommendations as recommendations_store;
use crate::backend::{kept, Change, Cx, ServerError};
use crate::model::plan::{
    format_amount, BudgetLine, CheckinSummary, Line, Objective, PlanList, PlanPage,
    PlanPermissions, RAGS,
};
use crate::model::refusal::{FieldRefusal, Problem};
use crate::model::request::PlanActionRef;

/// A plan the viewer may see, where they stand in its space, and what they may do.
struct Seen {
    row: PlanRow,
    permissions: PlanPermissions,
}

/// The plan, if the viewer may see it; otherwise "not found".
async fn visible(cx: &Cx, id: i64) -> Result<Seen, ServerError> {
    let row = store::by_id(&cx.db().pool, id)
        .await?
        .ok_or(ServerError::NotFound)?;
    let place: Option<Place> = match access::place(cx, &row.summary.space_slug).await {
        Ok(p) => Some(p),
        Err(ServerError::NotFound) => None,
        Err(e) => return Err(e),
    };
    if place.is_none() && !access::is_staff(&cx.viewer) {
        return Err(ServerError::NotFound);
    }
    let country = row.summary.country.code.clone();
    let permissions = PlanPermissions {
        can_edit: cx.viewer.user().is_some()
            && access::can_edit_plan(&cx.viewer, place.as_ref(), &country),
        can_decide: access::decides_for_country(&cx.viewer, &country),
        can_comment: place
            .as_ref()
            .is_some_and(|p| p.can_participate(&cx.viewer)),
    };
    Ok(Seen { row, permissions })
}

/// `Ok` when the viewer may see the plan (its live room follows the same rule).
pub async fn may_see(cx: &Cx, id: i64) -> Result<(), ServerError> {
    visible(cx, id).await.map(|_| ())
}

/// The plan for writing: seen, and the viewer may edit it; "not found" or "not allowed".
async fn writable(cx: &Cx, id: i64) -> Result<Seen, ServerError> {
    cx.user()?;
    let seen = visible(cx, id).await?;
    if !seen.permissions.can_edit {
        return Err(ServerError::Forbidden);
    }
    Ok(seen)
}

/// Today where the viewer is (`YYYY-MM-DD`): what "overdue" is measured against.
fn today(cx: &Cx) -> String {
    cx.zone().date(cx.now)
}

/// A line of text typed in a field: trimmed, required or not, at most `max` characters.
pub(crate) fn text<'a>(
    field: &str,
    value: &'a str,
    max: usize,
    required: bool,
) -> Result<&'a str, FieldRefusal> {
    let v = value.trim();
    if required && v.is_empty() {
        return Err(FieldRefusal::new(field, Problem::Required));
    }
    if v.chars().count() > max || v.chars().any(|c| c.is_control() && c != '\n' && c != '\r') {
        return Err(FieldRefusal::new(field, Problem::TooLong));
    }
    Ok(v)
}

/// A `YYYY-MM-DD` date that exists.
pub(crate) fn date<'a>(field: &str, value: &'a str) -> Result<&'a str, FieldRefusal> {
    let v = value.trim();
    if v.is_empty() {
        return Err(FieldRefusal::new(field, Problem::Required));
    }
    let shape = v.len() == 10
        && v.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if shape && crate::dates::iso_date(crate::dates::date_seconds(v)) == v {
        Ok(v)
    } else {
        Err(FieldRefusal::new(field, Problem::Format))
    }
}

/// The plan as text, one fact per line: what a version keeps and two versions' diff
/// compares.
async fn snapshot(change: &mut Change, row: &PlanRow) -> Result<String, ServerError> {
    let tree = store::tree(change.conn(), row.summary.id).await?;
    let s = &row.summary;
    let register = recommendations_store::of_country(change.conn(), &s.country.code).await?;
    let cited = recommendations_store::citations(change.conn(), s.id).await?;
    // "answers MEM: 2021 R3, 2021 R7" under an item that cites recommendations.
    let answers = |part: &str, item: i64| -> String {
        let codes: Vec<String> = cited
            .iter()
            .filter(|c| c.0 == part && c.1 == item)
            .filter_map(|c| register.iter().find(|r| r.id == c.2))
            .map(|r| format!("{} {}", r.round, r.code))
            .collect();
        if codes.is_empty() {
            String::new()
        } else {
            format!("  answers MEM: {}\n", codes.join(", "))
        }
    };
    let mut out = format!("# {}\n{} – {}\n", s.title, s.starts_on, s.ends_on);
    for (oi, (oid, otitle)) in tree.objectives.iter().enumerate() {
        out.push_str(&format!("\n## {}. {otitle}\n", oi + 1));
        out.push_str(&answers("objective", *oid));
        for (li, (lid, _, ltitle, domain)) in tree.lines.iter().filter(|l| l.1 == *oid).enumerate()
        {
            out.push_str(&format!(
                "\n### {}.{} {ltitle} [{domain}]\n",
                oi + 1,
                li + 1
            ));
            for (_, a) in tree.actions.iter().filter(|(line, _)| line == lid) {
                let budget = match (a.budget_minor, &a.currency) {
                    (Some(b), Some(c)) => format!("{} {c}", format_amount(b)),
                    _ => "—".into(),
                };
                out.push_str(&format!(
                    "- {}\n  responsible: {}; co-responsible: {}\n  {} – {}; budget: {budget}; \
                     funding: {}\n  indicator: {}{}; baseline: {} ({}); target: {}\n",
                    a.title,
                    a.responsible,
                    a.co_responsible,
                    a.starts_on,
                    a.ends_on,
                    a.funding_source,
                    a.indicator,
                    a.indicator_code
                        .as_deref()
                        .map(|c| format!(" [{c}]"))
                        .unwrap_or_default(),
                    a.baseline,
                    a.baseline_year.map(|y| y.to_string()).unwrap_or_default(),
                    a.target
                ));
                if let Some(f) = &a.funding {
                    out.push_str(&format!("  funding mechanism: {}\n", f.name.en));
                }
                if let Some((_, code)) = &a.criterion {
                    out.push_str(&format!("  closes criterion: {code}\n"));
                }
                out.push_str(&answers("action", a.id));
            }
        }
    }
    Ok(out)
}

/// Records a version of the plan as it stands in `change`, by the viewer.
pub(crate) async fn version(
    cx: &Cx,
    change: &mut Change,
    id: i64,
    summary: &str,
    approved: bool,
) -> Result<(), ServerError> {
    let user = cx.user()?;
    let row = store::by_id(change.conn(), id)
        .await?
        .ok_or(ServerError::NotFound)?;
    let text = snapshot(change, &row).await?;
    let new = store::NewVersion {
        revision: row.summary.revision,
        author: user.id,
        summary,
        snapshot: &text,
        approved,
    };
    let number = store::add_version(change.conn(), id, &new, cx.now).await?;
    // Readers of the plan hear of the new version live.
    let data = serde_json::json!({ "plan": id, "revision": number });
    change
        .event(Room::Plan(id), Kind::PlanVersion, data, cx.now)
        .await?;
    store::touch(change.conn(), id, cx.now).await?;
    change
        .index(crate::backend::search::queue::Entity::Plan(id), cx.now)
        .await?;
    Ok(())
}

/// Fills a summary's check-in figures: overdue count, next due, reds of the latest.
async fn with_figures(cx: &Cx, mut row: PlanRow, today: &str) -> Result<PlanRow, ServerError> {
    let pool = &cx.db().pool;
    let checkins = store::checkins(pool, row.summary.id, today).await?;
    row.summary.overdue = checkins.iter().filter(|(_, k)| k.overdue).count() as i64;
    row.summary.next_checkin = checkins
        .iter()
        .find(|(_, k)| !k.submitted)
        .map(|(_, k)| (k.months, k.due_on.clone()));
    let latest = store::latest_entries(pool, row.summary.id).await?;
    let mut counts = [0_i64; 3];
    for e in &latest {
        if let Some(i) = RAGS.iter().position(|r| *r == e.2) {
            counts[i] += 1;
        }
    }
    row.summary.red = counts[0];
    row.summary.latest_ratings = checkins
        .iter()
        .rev()
        .find(|(_, k)| k.submitted)
        .map(|(_, k)| (k.months, counts));
    Ok(row)
}

/// Every plan the viewer may see (staff: all, for the regional view), and the spaces they
/// may start one in (with what they typed in a refused try when `form` names it).
pub async fn list(cx: &Cx, form: Option<&str>) -> Result<PlanList, ServerError> {
    let pool = &cx.db().pool;
    let staff = access::is_staff(&cx.viewer);
    let condition = if staff {
        "1 = 1".to_string()
    } else {
        access::visible_spaces_sql(&cx.viewer)
    };
    let today = today(cx);
    let mut plans = Vec::new();
    for row in store::list(pool, &condition).await? {
        plans.push(with_figures(cx, row, &today).await?.summary);
    }
    let can_start_in = editing::spaces_to_start_in(cx).await?;
    Ok(PlanList {
        plans,
        can_start_in,
        staff,
        kept: kept::kept(cx, &kept_scope(NEW_PLAN), form).await?,
    })
}

/// A plan's page: its tree with each action's latest check-in, the approval, the
/// check-ins and the versions.
pub async fn page(cx: &Cx, id: i64, form: Option<&str>) -> Result<PlanPage, ServerError> {
    let seen = visible(cx, id).await?;
    let today = today(cx);
    let row = with_figures(cx, seen.row, &today).await?;
    let pool = &cx.db().pool;
    let mut conn = pool.acquire().await?;
    let tree = store::tree(&mut conn, id).await?;
    drop(conn);
    let latest = store::latest_entries(pool, id).await?;
    let requests = crate::backend::store::requests::of_plan(pool, id).await?;
    let discussions = store::discussions(pool, id).await?;
    let cited = recommendations_store::citations(pool, id).await?;
    let values = store::indicator_values(pool, id).await?;
    let cites = |part: &str, item: i64| -> Vec<i64> {
        cited
            .iter()
            .filter(|c| c.0 == part && c.1 == item)
            .map(|c| c.2)
            .collect()
    };
    let discussion_of = |part: &str, item: i64| {
        discussions
            .iter()
            .find(|d| d.0 == part && d.1 == item)
            .map(|d| (d.2, d.3))
    };
    let objectives = tree
        .objectives
        .iter()
        .map(|(oid, title)| Objective {
            id: *oid,
            title: title.clone(),
            discussion: discussion_of("objective", *oid),
            cites: cites("objective", *oid),
            lines: tree
                .lines
                .iter()
                .filter(|l| l.1 == *oid)
                .map(|(lid, _, title, domain)| Line {
                    id: *lid,
                    title: title.clone(),
                    domain: domain.clone(),
                    actions: tree
                        .actions
                        .iter()
                        .filter(|(line, _)| line == lid)
                        .map(|(_, a)| {
                            let mut a = a.clone();
                            a.latest = latest
                                .iter()
                                .find(|e| e.0 == a.id)
                                .map(|e| (e.1.clone(), e.2.clone(), e.3));
                            a.requests = requests
                                .iter()
                                .filter(|r| r.0 == a.id)
                                .map(|r| (r.1, r.2.clone(), r.3.clone()))
                                .collect();
                            a.discussion = discussion_of("action", a.id);
                            a.cites = cites("action", a.id);
                            a.indicator_values = values
                                .iter()
                                .filter(|v| v.0 == a.id)
                                .map(|v| (v.1, v.2.clone()))
                                .collect();
                            a
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect();
    let mut rag_by_checkin: Vec<(i64, [i64; 3])> = Vec::new();
    for (months, rag, n) in store::rag_counts(pool, id).await? {
        if rag_by_checkin.last().is_none_or(|(m, _)| *m != months) {
            rag_by_checkin.push((months, [0; 3]));
        }
        if let (Some(last), Some(i)) = (
            rag_by_checkin.last_mut(),
            RAGS.iter().position(|r| *r == rag),
        ) {
            last.1[i] = n;
        }
    }
    let mut budget: Vec<BudgetLine> = Vec::new();
    for (_, a) in &tree.actions {
        if let (Some(b), Some(c)) = (a.budget_minor, &a.currency) {
            match budget.iter_mut().find(|l| &l.currency == c) {
                Some(l) => l.planned_minor += b,
                None => budget.push(BudgetLine {
                    currency: c.clone(),
                    planned_minor: b,
                    executed: Vec::new(),
                }),
            }
        }
    }
    for (months, currency, spent) in store::executed(pool, id).await? {
        match budget.iter_mut().find(|l| l.currency == currency) {
            Some(l) => l.executed.push((months, spent)),
            None => budget.push(BudgetLine {
                currency,
                planned_minor: 0,
                executed: vec![(months, spent)],
            }),
        }
    }
    let checkins: Vec<CheckinSummary> = store::checkins(pool, id, &today)
        .await?
        .into_iter()
        .map(|(_, k)| k)
        .collect();
    let register = recommendations_store::of_country(pool, &row.summary.country.code).await?;
    let improvement = crate::backend::quality::improvement::of_plan(cx, &row).await?;
    let funding_choices = if seen.permissions.can_edit {
        crate::backend::funding::choices(cx, &row.summary.country.code).await?
    } else {
        Vec::new()
    };
    Ok(PlanPage {
        improvement,
        funding_choices,
        language: row.language.clone(),
        authority: row.authority.clone(),
        approved_on: row.approved_on.clone(),
        approval_ref: row.approval_ref.clone(),
        approved_by: row.approved_by.clone(),
        return_reason: row.return_reason.clone(),
        summary: row.summary,
        objectives,
        domains: store::domains(pool).await?,
        checkins,
        versions: store::versions(pool, id).await?,
        permissions: seen.permissions,
        rag_by_checkin,
        recommendations: register,
        kept: kept::kept(cx, &kept_scope(id), form).await?,
        budget,
        live_since: match cx.viewer.user() {
            Some(_) => events::latest_in(cx.db(), Room::Plan(id)).await?,
            None => 0,
        },
    })
}

/// A plan's action as a request links to it, if the viewer may see the plan; otherwise
/// "not found".
pub async fn action_ref(cx: &Cx, action: i64) -> Result<PlanActionRef, ServerError> {
    let (plan, action_title) = store::action_in(&cx.db().pool, action)
        .await?
        .ok_or(ServerError::NotFound)?;
    let seen = visible(cx, plan).await?;
    Ok(PlanActionRef {
        action_id: action,
        plan_id: plan,
        plan_title: seen.row.summary.title,
        action_title,
        country: seen.row.summary.country.code,
    })
}
