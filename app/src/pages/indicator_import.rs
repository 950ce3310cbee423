//! Importing values from CSV: the columns the file needs (those the export writes, so an
//! export imports back unchanged), the upload form, and the report of the last import —
//! how many values went in, or each row and column to fix when nothing did.

use leptos::prelude::*;
use leptos_meta::Title;

use super::import_report::problems_table;
use super::indicators::{nav, outcome};
use super::load;
use crate::api::indicators::read_import_page;
use crate::i18n::{use_locale, Locale};
use crate::model::indicator::{ImportPage, ImportProblem, CSV_COLUMNS};
use crate::tr;

/// A problem of the report in words.
fn problem_text(locale: Locale, p: &ImportProblem) -> String {
    let key = format!("indicators.problem_{}", p.problem);
    let text = rust_i18n::t!(
        key.as_str(),
        locale = locale.code(),
        detail = p.detail.as_str()
    )
    .into_owned();
    if text.ends_with(&key) {
        p.problem.clone()
    } else {
        text
    }
}

#[component]
pub fn IndicatorImportView() -> impl IntoView {
    let page = Resource::new_blocking(|| (), |()| read_import_page());
    view! { {load(page, move |p| view! { <Import page=p /> })} }
}

#[component]
fn Import(page: ImportPage) -> impl IntoView {
    let locale = use_locale();
    let title = tr!(locale, "indicators.import_title");
    let countries = page
        .can_enter_for
        .iter()
        .map(|c| c.get(locale).to_string())
        .collect::<Vec<_>>()
        .join(", ");
    let report = page.report.map(|r| {
        if r.problems.is_empty() {
            view! {
                <section class="import-report" aria-labelledby="report-title">
                    <h2 id="report-title">{tr!(locale, "indicators.report_title", file = r.file_name.clone())}</h2>
                    <p>{tr!(locale, "indicators.report_done", added = r.added.to_string(), corrected = r.corrected.to_string(), unchanged = r.unchanged.to_string())}</p>
                </section>
            }
            .into_any()
        } else {
            view! {
                <section class="import-report refused" aria-labelledby="report-title">
                    <h2 id="report-title">{tr!(locale, "indicators.report_title", file = r.file_name.clone())}</h2>
                    <p>{tr!(locale, "indicators.report_refused", count = (r.problems.len() + r.more).to_string())}</p>
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
        <p class="lead">{tr!(locale, "indicators.import_intro", countries = countries)}</p>
        <p>{tr!(locale, "indicators.import_columns")}" "<code>{CSV_COLUMNS.join(",")}</code></p>
        <ul class="hints">
            <li>{tr!(locale, "indicators.import_hint_required")}</li>
            <li>{tr!(locale, "indicators.import_hint_numbers")}</li>
            <li>{tr!(locale, "indicators.import_hint_all")}</li>
        </ul>
        <form class="stacked" method="post" action="/indicators/import" enctype="multipart/form-data">
            <label for="import-file">{tr!(locale, "indicators.import_file")}</label>
            <input id="import-file" name="file" type="file" accept=".csv,text/csv" required />
            <button type="submit" class="primary">{tr!(locale, "indicators.import_button")}</button>
        </form>
    }
}
