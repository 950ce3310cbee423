//! A plan's figures as charts rendered on the server in SVG — readable without script,
//! printable — each with the same figures as a table beside it for screen readers:
//! progress by objective, the red/amber/green ratings at each check-in, and the budget
//! planned against executed.

use leptos::prelude::*;

use super::plans::rag_label;
use crate::i18n::Locale;
use crate::model::plan::{format_amount, BudgetLine, Objective, RAGS};
use crate::tr;

/// Progress per objective (mean percent complete in the latest check-in) as horizontal
/// bars, with the same figures as a table for screen readers and print.
pub fn progress(locale: Locale, objectives: &[Objective]) -> impl IntoView {
    let figures: Vec<(String, Option<i64>)> = objectives
        .iter()
        .enumerate()
        .map(|(i, o)| {
            let percents: Vec<i64> = o
                .lines
                .iter()
                .flat_map(|l| l.actions.iter())
                .filter_map(|a| a.latest.as_ref().map(|l| l.2))
                .collect();
            let mean = (!percents.is_empty())
                .then(|| percents.iter().sum::<i64>() / percents.len() as i64);
            (format!("{}. {}", i + 1, o.title), mean)
        })
        .collect();
    if figures.iter().all(|(_, m)| m.is_none()) {
        return None;
    }
    let row_h = 28;
    let height = figures.len() as i64 * row_h + 10;
    let bars = figures
        .iter()
        .enumerate()
        .map(|(i, (label, mean))| {
            let y = i as i64 * row_h + 5;
            let w = mean.unwrap_or(0) * 3;
            view! {
                <text x="0" y=y + 17 class="chart-label">{format!("{}.", i + 1)}</text>
                <rect x="30" y=y width="300" height="20" class="chart-track" />
                <rect x="30" y=y width=w height="20" class="chart-bar" />
                <text x="340" y=y + 15 class="chart-value">{mean.map(|m| format!("{m} %")).unwrap_or_else(|| "—".into())}</text>
                <title>{label.clone()}</title>
            }
        })
        .collect_view();
    let rows = figures
        .iter()
        .map(|(label, mean)| view! { <tr><th scope="row">{label.clone()}</th><td>{mean.map(|m| format!("{m} %")).unwrap_or_else(|| "—".into())}</td></tr> })
        .collect_view();
    Some(view! {
        <figure class="chart">
            <svg viewBox=format!("0 0 400 {height}") role="img" aria-labelledby="progress-caption" class="bar-chart">
                {bars}
            </svg>
            <figcaption id="progress-caption">{tr!(locale, "plans.progress_caption")}</figcaption>
            <table class="chart-data">
                <thead><tr><th scope="col">{tr!(locale, "plans.field_objective")}</th><th scope="col">{tr!(locale, "plans.field_percent")}</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </figure>
    }
    .into_any())
}

/// The ratings of the actions at each submitted check-in, as stacked bars.
pub fn ratings(locale: Locale, by_checkin: &[(i64, [i64; 3])]) -> impl IntoView {
    if by_checkin.is_empty() {
        return None;
    }
    let row_h = 28;
    let height = by_checkin.len() as i64 * row_h + 10;
    let bars = by_checkin
        .iter()
        .enumerate()
        .map(|(i, (months, counts))| {
            let total = counts.iter().sum::<i64>().max(1);
            let y = i as i64 * row_h + 5;
            let mut x = 60;
            let segments = RAGS
                .iter()
                .zip(counts)
                .map(|(rag, n)| {
                    let w = n * 300 / total;
                    let at = x;
                    x += w;
                    view! { <rect x=at y=y width=w height="20" class=format!("chart-{rag}") /> }
                })
                .collect_view();
            view! {
                <text x="0" y=y + 15 class="chart-label">{tr!(locale, "plans.months_short", months = months.to_string())}</text>
                {segments}
            }
        })
        .collect_view();
    let rows = by_checkin
        .iter()
        .map(|(months, c)| view! {
            <tr>
                <th scope="row">{tr!(locale, "plans.checkin_name", months = months.to_string())}</th>
                <td>{c[0]}</td><td>{c[1]}</td><td>{c[2]}</td>
            </tr>
        })
        .collect_view();
    Some(
        view! {
            <figure class="chart">
                <svg viewBox=format!("0 0 400 {height}") role="img" aria-labelledby="rag-caption" class="bar-chart">{bars}</svg>
                <figcaption id="rag-caption">{tr!(locale, "plans.rag_caption")}</figcaption>
                <table class="chart-data">
                    <thead><tr>
                        <th scope="col">{tr!(locale, "plans.checkins")}</th>
                        <th scope="col">{rag_label(locale, "red")}</th>
                        <th scope="col">{rag_label(locale, "amber")}</th>
                        <th scope="col">{rag_label(locale, "green")}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </figure>
        }
        .into_any(),
    )
}

/// Per currency: the planned budget and what each check-in reported executed, as bars on
/// one scale.
pub fn budget(locale: Locale, lines: &[BudgetLine]) -> impl IntoView {
    if lines.is_empty() {
        return None;
    }
    let figures = lines
        .iter()
        .map(|l| {
            let max = l
                .executed
                .iter()
                .map(|(_, e)| *e)
                .chain([l.planned_minor])
                .max()
                .unwrap_or(0)
                .max(1);
            let mut rows: Vec<(String, i64)> =
                vec![(tr!(locale, "plans.planned"), l.planned_minor)];
            rows.extend(l.executed.iter().map(|(m, e)| {
                (
                    tr!(locale, "plans.executed_at", months = m.to_string()),
                    *e,
                )
            }));
            let height = rows.len() as i64 * 28 + 10;
            let bars = rows
                .iter()
                .enumerate()
                .map(|(i, (label, v))| {
                    let y = i as i64 * 28 + 5;
                    let w = ((*v as f64 / max as f64) * 220.0) as i64;
                    view! {
                        <text x="0" y=y + 15 class="chart-label">{label.clone()}</text>
                        <rect x="150" y=y width=w height="20" class=if i == 0 { "chart-track" } else { "chart-bar" } />
                    }
                })
                .collect_view();
            let table = rows
                .iter()
                .map(|(label, v)| view! { <tr><th scope="row">{label.clone()}</th><td>{format!("{} {}", format_amount(*v), l.currency)}</td></tr> })
                .collect_view();
            let caption = tr!(locale, "plans.budget_caption", currency = l.currency.clone());
            let id = format!("budget-{}", l.currency);
            view! {
                <figure class="chart">
                    <svg viewBox=format!("0 0 400 {height}") role="img" aria-labelledby=id.clone() class="bar-chart">{bars}</svg>
                    <figcaption id=id>{caption}</figcaption>
                    <table class="chart-data"><tbody>{table}</tbody></table>
                </figure>
            }
        })
        .collect_view();
    Some(figures.into_any())
}
