//! A plan and its check-ins as CSV for people's spreadsheets: one row per action, under
//! its objective and line of action, with the latest (or the chosen) check-in's figures.
//! The columns are stable codes, the cells the plan's own words.

use super::visible;
use crate::backend::spreadsheet;
use crate::backend::store::plans as store;
use crate::backend::{Cx, ServerError};
use crate::model::plan::format_amount;

const COLUMNS: [&str; 21] = [
    "objective",
    "line",
    "domain",
    "action",
    "responsible",
    "co_responsible",
    "starts_on",
    "ends_on",
    "budget",
    "currency",
    "funding_source",
    "indicator",
    "baseline",
    "baseline_year",
    "target",
    "checkin_months",
    "status",
    "percent",
    "executed",
    "rag",
    "indicator_value",
];

/// The plan's actions with the figures of the check-in of `months` (None: the latest
/// submitted one); the file's name comes back with it.
pub async fn plan_csv(
    cx: &Cx,
    id: i64,
    months: Option<i64>,
) -> Result<(String, String), ServerError> {
    // Only a plan the viewer may see: "not found" otherwise.
    visible(cx, id).await?;
    let pool = &cx.db().pool;
    let today = cx.zone().date(cx.now);
    let checkins = store::checkins(pool, id, &today).await?;
    let chosen = match months {
        Some(m) => Some(
            checkins
                .iter()
                .find(|(_, k)| k.months == m)
                .ok_or(ServerError::NotFound)?,
        ),
        None => checkins.iter().rev().find(|(_, k)| k.submitted),
    };
    let entries = match chosen {
        Some((checkin, _)) => store::entries(pool, *checkin).await?,
        None => Vec::new(),
    };
    let mut conn = pool.acquire().await?;
    let tree = store::tree(&mut conn, id).await?;
    drop(conn);
    let mut rows = Vec::new();
    for (oid, objective) in &tree.objectives {
        for (lid, _, line, domain) in tree.lines.iter().filter(|l| l.1 == *oid) {
            for (_, a) in tree.actions.iter().filter(|(l, _)| l == lid) {
                let e = entries.iter().find(|e| e.action_id == a.id);
                let from_entry =
                    |f: &dyn Fn(&crate::model::plan::Entry) -> String| e.map(f).unwrap_or_default();
                rows.push(vec![
                    objective.clone(),
                    line.clone(),
                    domain.clone(),
                    a.title.clone(),
                    a.responsible.clone(),
                    a.co_responsible.clone(),
                    a.starts_on.clone(),
                    a.ends_on.clone(),
                    a.budget_minor.map(format_amount).unwrap_or_default(),
                    a.currency.clone().unwrap_or_default(),
                    a.funding_source.clone(),
                    a.indicator.clone(),
                    a.baseline.clone(),
                    a.baseline_year.map(|y| y.to_string()).unwrap_or_default(),
                    a.target.clone(),
                    chosen
                        .filter(|_| e.is_some())
                        .map(|(_, k)| k.months.to_string())
                        .unwrap_or_default(),
                    from_entry(&|e| e.status.clone()),
                    from_entry(&|e| e.percent.to_string()),
                    from_entry(&|e| e.executed_minor.map(format_amount).unwrap_or_default()),
                    from_entry(&|e| e.rag.clone()),
                    from_entry(&|e| e.indicator_value.clone()),
                ]);
            }
        }
    }
    let name = match months {
        Some(m) => format!("plan-{id}-checkin-{m}.csv"),
        None => format!("plan-{id}.csv"),
    };
    Ok((name, spreadsheet::write(&COLUMNS, rows)?))
}
