//! A plan's figures as charts rendered on the server in SVG — readable without script,
//! printable — each with the same figures as a table beside it for screen readers:
//! progress by objective and by domain, the red/amber/green ratings at each check-in, the
//! budget planned against executed, and each action's indicator against its baseline and
//! target.

use leptos::prelude::*;

use super::plans::rag_label;
use crate::i18n::Locale;
use crate::model::plan::{
    figure, format_amount, Action, BudgetLine, DomainName, Line, Objective, RAGS,
};
use crate::tr;

/// Mean percent complete (latest check-in) of some actions; `None` when none reported.
fn mean_percent<'a>(actions: impl Iterator<Item = &'a Action>) -> Option<i64> {
    let percents: Vec<i64> = actions
        .filter_map(|a| a.latest.as_ref().map(|l| l.2))
        .collect();
    (!percents.is_empty()).then(|| percents.iter().sum::<i64>() / percents.len() as i64)
}

/// Progress per objective (mean percent complete in the latest check-in).
pub fn progress(locale: Locale, objectives: &[Objective]) -> impl IntoView {
    let figures: Vec<(String, Option<i64>)> = objectives
        .iter()
        .enumerate()
        .map(|(i, o)| {
            let actions = o.lines.iter().flat_map(|l| l.actions.iter());
            (format!("{}. {}", i + 1, o.title), mean_percent(actions))
        })
        .collect();
    let caption = tr!(locale, "plans.progress_caption");
    let heading = tr!(locale, "plans.field_objective");
    percent_bars("progress", caption, heading, figures, true)
}

/// Progress per demand-reduction domain, in the domains' order.
pub fn progress_by_domain(
    locale: Locale,
    objectives: &[Objective],
    domains: &[DomainName],
) -> impl IntoView {
    let lines: Vec<&Line> = objectives.iter().flat_map(|o| o.lines.iter()).collect();
    let figures: Vec<(String, Option<i64>)> = domains
        .iter()
        .filter(|d| lines.iter().any(|l| l.domain == d.code))
        .map(|d| {
            let actions = lines
                .iter()
                .filter(|l| l.domain == d.code)
                .flat_map(|l| l.actions.iter());
            (d.get(locale).to_string(), mean_percent(actions))
        })
        .collect();
    let caption = tr!(locale, "plans.domain_progress_caption");
    let heading = tr!(locale, "plans.field_domain");
    percent_bars("domain-progress", caption, heading, figures, false)
}

/// Percentages as horizontal bars, with the same figures as a table for screen readers
/// and print; labelled by number (`numbered`, the table names them) or by name.
fn percent_bars(
    id: &'static str,
    caption: String,
    heading: String,
    figures: Vec<(String, Option<i64>)>,
    numbered: bool,
) -> Option<AnyView> {
    if figures.iter().all(|(_, m)| m.is_none()) {
        return None;
    }
    let (label_w, row_h) = if numbered { (30, 28) } else { (150, 28) };
    let height = figures.len() as i64 * row_h + 10;
    let shown = |m: &Option<i64>| m.map(|m| format!("{m} %")).unwrap_or_else(|| "—".into());
    let bars = figures
        .iter()
        .enumerate()
        .map(|(i, (label, mean))| {
            let y = i as i64 * row_h + 5;
            let w = mean.unwrap_or(0) * 2;
            let short = if numbered {
                format!("{}.", i + 1)
            } else if label.chars().count() > 22 {
                // The whole name is in the bar's title and in the table.
                let mut cut: String = label.chars().take(21).collect();
                cut.push('…');
                cut
            } else {
                label.clone()
            };
            view! {
                <text x="0" y=y + 17 class="chart-label">{short}</text>
                <rect x=label_w y=y width="200" height="20" class="chart-track" />
                <rect x=label_w y=y width=w height="20" class="chart-bar" />
                <text x=label_w + 210 y=y + 15 class="chart-value">{shown(mean)}</text>
                <title>{label.clone()}</title>
            }
        })
        .collect_view();
    let rows = figures
        .iter()
        .map(|(label, mean)| view! { <tr><th scope="row">{label.clone()}</th><td>{shown(mean)}</td></tr> })
        .collect_view();
    let caption_id = format!("{id}-caption");
    Some(
        view! {
            <figure class="chart">
                <svg viewBox=format!("0 0 {} {height}", label_w + 260) role="img" aria-labelledby=caption_id.clone() class="bar-chart">
                    {bars}
                </svg>
                <figcaption id=caption_id>{caption}</figcaption>
                <table class="chart-data">
                    <thead><tr><th scope="col">{heading}</th><th scope="col">"%"</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </figure>
        }
        .into_any(),
    )
}

/// Each action's indicator against its baseline and target: the values its submitted
/// check-ins reported, as points on one line, the target as a dashed rule; with the same
/// figures as a table. Only actions whose figures are numbers, with at least one value.
pub fn indicators(locale: Locale, objectives: &[Objective]) -> impl IntoView {
    let charts: Vec<AnyView> = objectives
        .iter()
        .flat_map(|o| o.lines.iter())
        .flat_map(|l| l.actions.iter())
        .filter_map(|a| indicator_chart(locale, a))
        .collect();
    (!charts.is_empty()).then(|| {
        view! {
            <section class="indicator-charts" aria-labelledby="indicators-title">
                <h3 id="indicators-title">{tr!(locale, "plans.indicators_title")}</h3>
                {charts}
            </section>
        }
    })
}

fn indicator_chart(locale: Locale, a: &Action) -> Option<AnyView> {
    let values: Vec<(i64, f64)> = a
        .indicator_values
        .iter()
        .filter_map(|(m, v)| figure(v).map(|v| (*m, v)))
        .collect();
    if values.is_empty() {
        return None;
    }
    let baseline = figure(&a.baseline);
    let target = figure(&a.target);
    // Points along x: the baseline, then each check-in.
    let mut points: Vec<(String, f64)> = Vec::new();
    if let Some(b) = baseline {
        points.push((tr!(locale, "plans.field_baseline"), b));
    }
    for (m, v) in &values {
        points.push((
            tr!(locale, "plans.months_short", months = m.to_string()),
            *v,
        ));
    }
    let all = points.iter().map(|p| p.1).chain(target);
    let (lo, hi) = all.fold((0.0_f64, f64::MIN), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let span = (hi - lo).max(1.0);
    let (left, width, top, height) = (40.0, 320.0, 10.0, 100.0);
    let y = |v: f64| top + height - (v - lo) / span * height;
    let step = width / (points.len().max(2) - 1) as f64;
    let x = |i: usize| left + i as f64 * step;
    let path = points
        .iter()
        .enumerate()
        .map(|(i, (_, v))| format!("{:.1},{:.1}", x(i), y(*v)))
        .collect::<Vec<_>>()
        .join(" ");
    let dots = points
        .iter()
        .enumerate()
        .map(|(i, (label, v))| {
            view! {
                <circle cx=format!("{:.1}", x(i)) cy=format!("{:.1}", y(*v)) r="4" class="chart-point" />
                <text x=format!("{:.1}", x(i)) y="128" class="chart-label" text-anchor="middle">{label.clone()}</text>
            }
        })
        .collect_view();
    let rule = target.map(|t| {
        view! {
            <line x1=left y1=format!("{:.1}", y(t)) x2=left + width y2=format!("{:.1}", y(t)) class="chart-target" />
            <text x=left + width y=format!("{:.1}", y(t) - 4.0) class="chart-value" text-anchor="end">{tr!(locale, "plans.field_target")}</text>
        }
    });
    let number = |v: f64| {
        if v.fract() == 0.0 {
            format!("{v:.0}")
        } else {
            format!("{v:.2}")
        }
    };
    let mut rows: Vec<(String, String)> = points
        .iter()
        .map(|(l, v)| (l.clone(), number(*v)))
        .collect();
    if let Some(t) = target {
        rows.push((tr!(locale, "plans.field_target"), number(t)));
    }
    let rows = rows
        .into_iter()
        .map(|(l, v)| view! { <tr><th scope="row">{l}</th><td>{v}</td></tr> })
        .collect_view();
    let id = format!("indicator-{}", a.id);
    Some(
        view! {
            <figure class="chart">
                <svg viewBox="0 0 400 140" role="img" aria-labelledby=id.clone() class="line-chart">
                    <line x1=left y1=top + height x2=left + width y2=top + height class="chart-axis" />
                    {rule}
                    <polyline points=path class="chart-line" />
                    {dots}
                </svg>
                <figcaption id=id>{format!("{} — {}", a.title, a.indicator)}</figcaption>
                <table class="chart-data"><tbody>{rows}</tbody></table>
            </figure>
        }
        .into_any(),
    )
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
