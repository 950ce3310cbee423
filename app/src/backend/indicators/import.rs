//! Values in from CSV (the columns of [`CSV_COLUMNS`], as the export writes them, so an
//! export imports back unchanged). All or nothing: every row is checked first — a known
//! country the importer enters figures for, a known indicator, its unit, a status there
//! is, [`check_value`], no row twice — and one problem anywhere writes nothing; the
//! report names each bad row (its line in the file) and column. Rows equal to what is
//! stored are left as they are; others are added or corrected (the old value kept).

use std::collections::HashMap;

use super::{check_value, RawValue};
use crate::backend::access;
use crate::backend::store::compose::{self, Saved};
use crate::backend::store::countries;
use crate::backend::store::indicators::{self as store, NewValue, Written};
use crate::backend::{Cx, ServerError};
use crate::model::country::{CountryName, Participation};
use crate::model::indicator::{ImportPage, ImportProblem, ImportReport, CSV_COLUMNS};

/// The most problems a report lists (the rest are counted).
pub const MAX_PROBLEMS: usize = 200;

/// Where the viewer's last report is kept (with their other typed texts).
const REPORT: &str = "indicators:import-report";

/// Columns every file must have.
const REQUIRED: [&str; 4] = ["country", "indicator", "period", "value"];

struct Problems {
    list: Vec<ImportProblem>,
    more: usize,
}

impl Problems {
    fn add(&mut self, line: usize, column: &str, problem: &str, detail: String) {
        if self.list.len() < MAX_PROBLEMS {
            self.list.push(ImportProblem {
                line,
                column: column.to_string(),
                problem: problem.to_string(),
                detail,
            });
        } else {
            self.more += 1;
        }
    }

    fn any(&self) -> bool {
        !self.list.is_empty()
    }
}

/// A row that passed every check, to write.
struct Row {
    line: usize,
    indicator: i64,
    country: String,
    status: String,
    value: super::CheckedValue,
}

/// Imports `bytes` (a CSV file) as the viewer; the report says what went in or why
/// nothing did, and is kept for the import page. Only staff and focal points import.
pub async fn import_csv(
    cx: &Cx,
    file_name: &str,
    bytes: &[u8],
) -> Result<ImportReport, ServerError> {
    let user = cx.user()?;
    let all_countries = countries::list(&cx.db().pool).await?;
    let may_enter: Vec<String> = all_countries
        .iter()
        .filter(|c| c.participation == Participation::Active)
        .filter(|c| access::decides_for_country(&cx.viewer, &c.code))
        .map(|c| c.code.clone())
        .collect();
    if may_enter.is_empty() {
        return Err(ServerError::Forbidden);
    }
    let staff = access::is_staff(&cx.viewer);
    let file_name: String = file_name
        .chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect();
    let mut report = ImportReport {
        file_name: file_name.clone(),
        ..ImportReport::default()
    };
    let mut problems = Problems {
        list: Vec::new(),
        more: 0,
    };
    let rows = read(cx, bytes, &all_countries, &may_enter, &mut problems).await?;
    if !problems.any() && rows.is_empty() {
        problems.add(1, "", "empty", String::new());
    }
    if !problems.any() {
        let mut change = cx.change().await?;
        let import =
            store::add_import(change.conn(), user.id, &file_name, rows.len(), cx.now).await?;
        for r in &rows {
            if r.status == "validated" && !staff {
                // Only a validated value exported and imported back as it was may say so.
                let old = store::existing(
                    change.conn(),
                    r.indicator,
                    &r.country,
                    &r.value.period,
                    &r.value.disaggregation,
                )
                .await?;
                let same = old.is_some_and(|(_, v, n, d, s, st)| {
                    v == r.value.value
                        && n == r.value.numerator
                        && d == r.value.denominator
                        && s == r.value.source
                        && st == "validated"
                });
                if !same {
                    problems.add(r.line, "status", "status_staff", String::new());
                    continue;
                }
            }
            let written = store::write_value(
                change.conn(),
                &NewValue {
                    indicator: r.indicator,
                    country: &r.country,
                    period: &r.value.period,
                    disaggregation: &r.value.disaggregation,
                    value: r.value.value,
                    numerator: r.value.numerator,
                    denominator: r.value.denominator,
                    source: &r.value.source,
                    status: &r.status,
                    origin: "import",
                    import: Some(import),
                    checkin: None,
                    by: user.id,
                },
                cx.now,
            )
            .await?;
            match written {
                Written::Added => report.added += 1,
                Written::Corrected => report.corrected += 1,
                Written::Unchanged => report.unchanged += 1,
            }
        }
        if problems.any() {
            // Dropped uncommitted: nothing of this file is written.
            drop(change);
            report.added = 0;
            report.corrected = 0;
            report.unchanged = 0;
        } else {
            change.commit().await?;
        }
    }
    report.problems = problems.list;
    report.more = problems.more;
    let body = serde_json::to_string(&report)
        .map_err(|e| ServerError::Internal(format!("keeping an import report: {e}")))?;
    let saved = Saved {
        title: String::new(),
        body,
    };
    compose::save(&cx.db().pool, user.id, REPORT, &saved, cx.now).await?;
    Ok(report)
}

/// Reads and checks every row; problems go to `problems`.
async fn read(
    cx: &Cx,
    bytes: &[u8],
    all_countries: &[crate::model::country::Country],
    may_enter: &[String],
    problems: &mut Problems,
) -> Result<Vec<Row>, ServerError> {
    let Ok(text) = std::str::from_utf8(bytes) else {
        problems.add(0, "", "encoding", String::new());
        return Ok(Vec::new());
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|c| c.to_ascii_lowercase()).collect(),
        Err(_) => {
            problems.add(1, "", "unreadable", String::new());
            return Ok(Vec::new());
        }
    };
    for c in &header {
        if !CSV_COLUMNS.contains(&c.as_str()) {
            problems.add(1, c, "unknown_column", CSV_COLUMNS.join(", "));
        }
    }
    for c in REQUIRED {
        if !header.iter().any(|h| h == c) {
            problems.add(1, c, "missing_column", String::new());
        }
    }
    if problems.any() {
        return Ok(Vec::new());
    }
    let at = |name: &str| header.iter().position(|h| h == name);
    let definitions = store::definitions(&cx.db().pool).await?;
    let mut seen: HashMap<(i64, String, String, String), usize> = HashMap::new();
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                problems.add(line, "", "unreadable", String::new());
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line() as usize);
        if record.iter().all(str::is_empty) {
            continue;
        }
        if record.len() != header.len() {
            problems.add(line, "", "columns", header.len().to_string());
            continue;
        }
        let cell = |name: &str| {
            let text = at(name).and_then(|i| record.get(i)).unwrap_or("");
            crate::backend::spreadsheet::uncell(text).to_string()
        };
        let before = problems.list.len() + problems.more;
        let country_code = cell("country").to_ascii_uppercase();
        let country = all_countries.iter().find(|c| c.code == country_code);
        match country {
            None => problems.add(line, "country", "unknown_country", cell("country")),
            Some(c) if c.participation != Participation::Active => {
                problems.add(line, "country", "unknown_country", cell("country"))
            }
            Some(c) if !may_enter.contains(&c.code) => {
                problems.add(line, "country", "figures_country", c.code.clone())
            }
            Some(_) => {}
        }
        let code = cell("indicator").to_ascii_uppercase();
        let Some(d) = definitions.iter().find(|d| d.code == code) else {
            problems.add(line, "indicator", "unknown_indicator", cell("indicator"));
            continue;
        };
        if at("unit").is_some() && cell("unit") != d.unit {
            problems.add(line, "unit", "unit", d.unit.clone());
        }
        let status = match cell("status").as_str() {
            "" | "provisional" => "provisional",
            "validated" => "validated",
            _ => {
                problems.add(line, "status", "status", String::new());
                "provisional"
            }
        };
        let raw = RawValue {
            period: cell("period"),
            disaggregation: cell("disaggregation"),
            value: cell("value"),
            numerator: cell("numerator"),
            denominator: cell("denominator"),
            source: cell("source"),
        };
        let value = match check_value(d, &raw) {
            Ok(v) => v,
            Err(found) => {
                for (column, problem, detail) in found {
                    problems.add(line, column, problem, detail);
                }
                continue;
            }
        };
        let key = (
            d.id,
            country_code.clone(),
            value.period.clone(),
            value.disaggregation.clone(),
        );
        if let Some(first) = seen.get(&key) {
            problems.add(line, "period", "duplicate", first.to_string());
            continue;
        }
        seen.insert(key, line);
        if problems.list.len() + problems.more == before {
            rows.push(Row {
                line,
                indicator: d.id,
                country: country_code,
                status: status.to_string(),
                value,
            });
        }
    }
    Ok(rows)
}

/// The import page: for whom the viewer may import, and their last report.
pub async fn import_page(cx: &Cx) -> Result<ImportPage, ServerError> {
    let user = cx.user()?;
    let can_enter_for: Vec<CountryName> = countries::list(&cx.db().pool)
        .await?
        .into_iter()
        .filter(|c| c.participation == Participation::Active)
        .filter(|c| access::decides_for_country(&cx.viewer, &c.code))
        .map(CountryName::from)
        .collect();
    if can_enter_for.is_empty() {
        return Err(ServerError::Forbidden);
    }
    let report = compose::get(&cx.db().pool, user.id, REPORT)
        .await?
        .and_then(|s| serde_json::from_str(&s.body).ok());
    Ok(ImportPage {
        can_enter_for,
        report,
    })
}
