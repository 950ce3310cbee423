//! Importing services from CSV: the columns a file may have (what the export writes, or
//! the names facility surveys use), the upload form with its dry run, and the report of
//! the last try — how many services would be or were added and changed, or each row and
//! column to fix.

use leptos::prelude::*;
use leptos_meta::Title;

use super::directory::{label, nav, outcome};
use super::import_report::problems_table;
use super::load;
use crate::api::directory::read_directory_import;
use crate::i18n::{use_locale, Locale};
use crate::model::indicator::ImportProblem;
use crate::model::refusal::{explain, FieldRefusal, Refusal};
use crate::model::service::{DirectoryImportPage, CSV_COLUMNS};
use crate::tr;

/// A problem of the report in words.
fn problem_text(locale: Locale, p: &ImportProblem) -> String {
    if Refusal::parse(&p.problem).is_some() || FieldRefusal::parse(&p.problem).is_some() {
        let text = explain(&p.problem, locale, |f| label(locale, "field", f));
        if p.detail.is_empty() {
            text
        } else {
            format!("{text} ({})", p.detail)
        }
    } else {
        super::keyed(
            locale,
            &format!("directory.problem_{}", p.problem),
            &p.problem,
        )
        .replace("%{detail}", &p.detail)
    }
}

#[component]
pub fn DirectoryImportView() -> impl IntoView {
    let page = Resource::new_blocking(|| (), |()| read_directory_import());
    view! { {load(page, move |p| view! { <Import page=p /> })} }
}

#[component]
fn Import(page: DirectoryImportPage) -> impl IntoView {
    let locale = use_locale();
    let title = tr!(locale, "directory.import_title");
    let countries = page
        .countries
        .iter()
        .map(|c| c.get(locale).to_string())
        .collect::<Vec<_>>()
        .join(", ");
    let report = page.report.map(|r| {
        let heading = if r.dry_run {
            tr!(locale, "directory.report_dry_title", file = r.file_name.clone())
        } else {
            tr!(locale, "directory.report_title", file = r.file_name.clone())
        };
        if r.problems.is_empty() {
            let done = if r.dry_run {
                tr!(locale, "directory.report_dry_done", added = r.added.to_string(), changed = r.changed.to_string(), unchanged = r.unchanged.to_string())
            } else {
                tr!(locale, "directory.report_done", added = r.added.to_string(), changed = r.changed.to_string(), unchanged = r.unchanged.to_string())
            };
            view! {
                <section class="import-report" aria-labelledby="report-title">
                    <h2 id="report-title">{heading}</h2>
                    <p>{done}</p>
                </section>
            }
            .into_any()
        } else {
            view! {
                <section class="import-report refused" aria-labelledby="report-title">
                    <h2 id="report-title">{heading}</h2>
                    <p>{tr!(locale, "directory.report_refused", count = (r.problems.len() + r.more).to_string())}</p>
                    {problems_table(locale, &r.problems, r.more, |p| problem_text(locale, p))}
                </section>
            }
            .into_any()
        }
    });
    view! {
        <Title text=title.clone() />
        {nav(locale, true)}
        {outcome(locale)}
        <h1>{title}</h1>
        {report}
        <p class="lead">{tr!(locale, "directory.import_intro", countries = countries)}</p>
        <p>{tr!(locale, "directory.import_columns")}" "<code>{CSV_COLUMNS.join(",")}</code></p>
        <ul class="hints">
            <li>{tr!(locale, "directory.import_hint_required")}</li>
            <li>{tr!(locale, "directory.import_hint_terms")}</li>
            <li>{tr!(locale, "directory.import_hint_id")}</li>
            <li>{tr!(locale, "directory.import_hint_all")}</li>
        </ul>
        <form class="stacked" method="post" action="/directory/import" enctype="multipart/form-data">
            <label for="import-file">{tr!(locale, "directory.import_file")}</label>
            <input id="import-file" name="file" type="file" accept=".csv,text/csv" required />
            <div class="actions">
                <button type="submit" name="dry_run" value="1">{tr!(locale, "directory.dry_run")}</button>
                <button type="submit" class="primary">{tr!(locale, "directory.import_button")}</button>
            </div>
        </form>
    }
}
