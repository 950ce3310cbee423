//! The table every CSV import page shows when a file was refused: each bad row's line,
//! column and what is wrong with it, and how many more problems were not listed.

use leptos::prelude::*;

use crate::i18n::Locale;
use crate::model::indicator::ImportProblem;
use crate::tr;

/// The problems as a table; `text` says each one in words.
pub fn problems_table(
    locale: Locale,
    problems: &[ImportProblem],
    more: usize,
    text: impl Fn(&ImportProblem) -> String,
) -> impl IntoView {
    let rows = problems
        .iter()
        .map(|p| {
            view! {
                <tr>
                    <td class="number">{p.line}</td>
                    <td><code>{p.column.clone()}</code></td>
                    <td>{text(p)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table class="problems">
                <thead><tr>
                    <th scope="col">{tr!(locale, "indicators.line")}</th>
                    <th scope="col">{tr!(locale, "indicators.column")}</th>
                    <th scope="col">{tr!(locale, "indicators.problem")}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        {(more > 0).then(|| view! { <p class="meta">{tr!(locale, "indicators.report_more", count = more.to_string())}</p> })}
    }
}
