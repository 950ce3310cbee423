//! A plan and its check-ins as CSV for people's spreadsheets: one row per action, under
//! its objective and line of action, with the latest (or the chosen) check-in's figures.
//! The column names and the coded cells (domain, status, rating) are in the reader's
//! language; the rest is the plan's own words, in the plan's language.

use super::visible;
use crate::backend::spreadsheet;
use crate::backend::store::plans as store;
use crate::backend::{Cx, ServerError};
use crate::i18n::Locale;
use crate::model::plan::format_amount;

/// The columns, by the `plans.` key of their label in the reader's language.
const COLUMNS: [&str; 21] = [
    "field_objective",
    "field_line",
    "field_domain",
    "field_action",
    "field_responsible",
    "field_co_responsible",
    "field_starts_on",
    "field_ends_on",
    "field_budget",
    "field_currency",
    "field_funding_source",
    "field_indicator",
    "field_baseline",
    "field_baseline_year",
    "field_target",
    "csv_checkin_months",
    "field_status",
    "field_percent",
    "field_executed",
    "field_rag",
    "field_indicator_value",
];

/// The label of `plans.{key}` in `locale` (keys are constants here or codes the database
/// only holds from fixed lists).
fn label(locale: Locale, key: &str) -> String {
    let key = format!("plans.{key}");
    rust_i18n::t!(key.as_str(), locale = locale.code()).into_owned()
}

/// The plan's actions with the figures of the check-in of `months` (None: the latest
/// submitted one); the file's name comes back with it.
pub async fn plan_csv(
    cx: &Cx,
    id: i64,
    months: Option<i64>,
    locale: Locale,
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
    let domains = store::domains(pool).await?;
    let domain_name = |code: &str| {
        domains
            .iter()
            .find(|d| d.code == code)
            .map_or_else(|| code.to_string(), |d| d.get(locale).to_string())
    };
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
                    domain_name(domain),
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
                    from_entry(&|e| label(locale, &format!("action_{}", e.status))),
                    from_entry(&|e| e.percent.to_string()),
                    from_entry(&|e| e.executed_minor.map(format_amount).unwrap_or_default()),
                    from_entry(&|e| label(locale, &format!("rag_{}", e.rag))),
                    from_entry(&|e| e.indicator_value.clone()),
                ]);
            }
        }
    }
    let name = match months {
        Some(m) => format!("plan-{id}-checkin-{m}.csv"),
        None => format!("plan-{id}.csv"),
    };
    let header: Vec<String> = COLUMNS.iter().map(|c| label(locale, c)).collect();
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    Ok((name, spreadsheet::write(&header, rows)?))
}
