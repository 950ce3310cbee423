//! Services in from CSV: the columns of [`CSV_COLUMNS`] (what the export writes, so an
//! export imports back unchanged), under their own names or the names facility surveys
//! often use (`facility_name`, `admin1`, `lat`…, see [`ALIASES`]). A row with an `id`
//! changes that service; one without adds a service. Every row is checked as the form
//! checks a record, by a writer who edits that country's directory; a dry run only
//! reports, and a real import with any problem writes nothing. The report names each bad
//! row (its line in the file) and column.

use std::collections::HashMap;

use super::{check, editable_countries, today, write, Written};
use crate::backend::store::compose::{self, Saved};
use crate::backend::store::{countries, services as store};
use crate::backend::{Cx, ServerError};
use crate::model::country::Participation;
use crate::model::indicator::ImportProblem;
use crate::model::refusal::{FieldRefusal, Problem, Refusal};
use crate::model::service::{
    DirectoryImportPage, DirectoryImportReport, ServiceInput, ServiceRecord, CSV_COLUMNS,
};

/// The most problems a report lists (the rest are counted).
pub const MAX_PROBLEMS: usize = 200;
/// Where the viewer's last report is kept (with their other typed texts).
const REPORT: &str = "directory:import-report";
/// Columns every file must have.
const REQUIRED: [&str; 6] = [
    "country",
    "name",
    "operator",
    "level",
    "region",
    "verified_on",
];
/// Other names a column goes by in facility-survey files → ours.
pub const ALIASES: [(&str, &str); 16] = [
    ("facility_id", "id"),
    ("facility_name", "name"),
    ("ownership", "operator"),
    ("admin1", "region"),
    ("admin2", "district"),
    ("lat", "latitude"),
    ("lon", "longitude"),
    ("lng", "longitude"),
    ("opening_hours", "hours"),
    ("level_of_care", "level"),
    ("treatment_modalities", "modalities"),
    ("target_populations", "populations"),
    ("payment_options", "payment"),
    ("inpatient_beds", "beds"),
    ("last_verified", "verified_on"),
    ("consent_public_listing", "public_listing"),
];

struct Report {
    inner: DirectoryImportReport,
}

impl Report {
    fn add(&mut self, line: usize, column: &str, problem: &str, detail: String) {
        if self.inner.problems.len() < MAX_PROBLEMS {
            self.inner.problems.push(ImportProblem {
                line,
                column: column.to_string(),
                problem: problem.to_string(),
                detail,
            });
        } else {
            self.inner.more += 1;
        }
    }

    fn any(&self) -> bool {
        !self.inner.problems.is_empty()
    }
}

/// A row that passed every check, to write.
struct Row {
    record: ServiceRecord,
    previous: Option<ServiceRecord>,
}

/// Imports (or, with `dry_run`, only checks) `bytes` as the viewer; the report is kept
/// for the import page.
pub async fn import_csv(
    cx: &Cx,
    file_name: &str,
    bytes: &[u8],
    dry_run: bool,
) -> Result<DirectoryImportReport, ServerError> {
    let user = cx.user()?;
    let may_edit: Vec<String> = editable_countries(cx)
        .await?
        .into_iter()
        .map(|c| c.code)
        .collect();
    if may_edit.is_empty() {
        return Err(ServerError::Forbidden);
    }
    let file_name: String = file_name
        .chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect();
    let mut report = Report {
        inner: DirectoryImportReport {
            file_name: file_name.clone(),
            dry_run,
            ..DirectoryImportReport::default()
        },
    };
    let rows = read(cx, bytes, &may_edit, &mut report).await?;
    report.inner.rows = rows.len();
    if !report.any() && rows.is_empty() {
        report.add(1, "", "empty", String::new());
    }
    if !report.any() {
        let mut change = cx.change().await?;
        if !dry_run {
            store::add_import(change.conn(), user.id, &file_name, rows.len(), cx.now).await?;
        }
        for row in rows {
            let written = match &row.previous {
                Some(before) if check::changed(before, &row.record).is_empty() => {
                    Written::Unchanged
                }
                Some(_) if dry_run => Written::Changed,
                None if dry_run => Written::Added,
                previous => {
                    write(
                        &mut change,
                        row.record,
                        previous.as_ref(),
                        "import",
                        user.id,
                        cx.now,
                    )
                    .await?
                    .1
                }
            };
            match written {
                Written::Added => report.inner.added += 1,
                Written::Changed => report.inner.changed += 1,
                Written::Unchanged => report.inner.unchanged += 1,
            }
        }
        if dry_run {
            // Nothing of a dry run is written.
            drop(change);
        } else {
            change.commit().await?;
        }
    }
    let report = report.inner;
    let body = serde_json::to_string(&report)
        .map_err(|e| ServerError::Internal(format!("keeping an import report: {e}")))?;
    let saved = Saved {
        title: String::new(),
        body,
    };
    compose::save(&cx.db().pool, user.id, REPORT, &saved, cx.now).await?;
    Ok(report)
}

/// Our name of a header cell.
fn column(name: &str) -> String {
    let name = name.trim().to_ascii_lowercase().replace([' ', '-'], "_");
    ALIASES
        .iter()
        .find(|(alias, _)| *alias == name)
        .map_or(name, |(_, ours)| ours.to_string())
}

/// Reads and checks every row; problems go to the report.
async fn read(
    cx: &Cx,
    bytes: &[u8],
    may_edit: &[String],
    report: &mut Report,
) -> Result<Vec<Row>, ServerError> {
    let Ok(text) = std::str::from_utf8(bytes) else {
        report.add(0, "", "encoding", String::new());
        return Ok(Vec::new());
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(column).collect(),
        Err(_) => {
            report.add(1, "", "unreadable", String::new());
            return Ok(Vec::new());
        }
    };
    for (i, c) in header.iter().enumerate() {
        if !CSV_COLUMNS.contains(&c.as_str()) {
            report.add(1, c, "unknown_column", CSV_COLUMNS.join(", "));
        } else if header[..i].contains(c) {
            report.add(1, c, "duplicate_column", String::new());
        }
    }
    for c in REQUIRED {
        if !header.iter().any(|h| h == c) {
            report.add(1, c, "missing_column", String::new());
        }
    }
    if report.any() {
        return Ok(Vec::new());
    }
    let pool = &cx.db().pool;
    let active: Vec<String> = countries::list(pool)
        .await?
        .into_iter()
        .filter(|c| c.participation == Participation::Active)
        .map(|c| c.code)
        .collect();
    let terms = store::terms(pool).await?;
    let today = today(cx);
    let mut conn = pool.acquire().await?;
    let mut seen_ids: HashMap<i64, usize> = HashMap::new();
    let mut seen_names: HashMap<(String, String, String), usize> = HashMap::new();
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                report.add(line, "", "unreadable", String::new());
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line() as usize);
        if record.iter().all(str::is_empty) {
            continue;
        }
        if record.len() != header.len() {
            report.add(line, "", "columns", header.len().to_string());
            continue;
        }
        let mut input = ServiceInput {
            fields: header
                .iter()
                .zip(record.iter())
                .map(|(h, v)| {
                    (
                        h.clone(),
                        crate::backend::spreadsheet::uncell(v).to_string(),
                    )
                })
                .filter(|(h, _)| h != "id")
                .collect(),
        };
        let country = input.get("country").to_ascii_uppercase();
        let before = report.inner.problems.len() + report.inner.more;
        if !active.contains(&country) {
            let code = FieldRefusal::new("country", Problem::Choice).code();
            report.add(line, "country", &code, input.get("country"));
        } else if !may_edit.contains(&country) {
            report.add(
                line,
                "country",
                Refusal::NotDirectoryEditor.code(),
                country.clone(),
            );
        }
        // An existing service: the row changes it, within the writer's countries.
        let id_text = header
            .iter()
            .position(|h| h == "id")
            .and_then(|i| record.get(i))
            .unwrap_or("")
            .trim()
            .to_string();
        let mut previous = None;
        if !id_text.is_empty() {
            match id_text.parse::<i64>() {
                Ok(id) => match store::get(&mut conn, id).await? {
                    Some(old) if may_edit.contains(&old.country) => {
                        if let Some(first) = seen_ids.insert(id, line) {
                            report.add(line, "id", "duplicate", first.to_string());
                        }
                        previous = Some(old);
                    }
                    _ => report.add(line, "id", "unknown_service", id_text.clone()),
                },
                Err(_) => report.add(line, "id", "unknown_service", id_text.clone()),
            }
        }
        // Columns the file leaves out keep the service's current values.
        if let Some(old) = &previous {
            for (name, value) in old.cells() {
                if name != "id" && !input.has(name) {
                    input.fields.push((name.to_string(), value));
                }
            }
        }
        for (k, v) in input.fields.iter_mut() {
            if k == "public_listing" && v.trim().is_empty() {
                *v = "no".into();
            }
        }
        match check::check(&input, &terms, &today) {
            Ok(checked) => {
                if previous.is_none() {
                    let key = (
                        checked.country.clone(),
                        checked.name.to_lowercase(),
                        checked.address.to_lowercase(),
                    );
                    if let Some(first) = seen_names.insert(key, line) {
                        report.add(line, "name", "duplicate", first.to_string());
                    }
                }
                if report.inner.problems.len() + report.inner.more == before {
                    rows.push(Row {
                        record: checked,
                        previous,
                    });
                }
            }
            Err(issues) => {
                for (column, code) in issues {
                    report.add(line, column, &code, String::new());
                }
            }
        }
    }
    Ok(rows)
}

/// The import page: for which countries the viewer imports, and their last report.
pub async fn import_page(cx: &Cx) -> Result<DirectoryImportPage, ServerError> {
    let user = cx.user()?;
    let countries = editable_countries(cx).await?;
    if countries.is_empty() {
        return Err(ServerError::Forbidden);
    }
    let report = compose::get(&cx.db().pool, user.id, REPORT)
        .await?
        .and_then(|s| serde_json::from_str(&s.body).ok());
    Ok(DirectoryImportPage { countries, report })
}
