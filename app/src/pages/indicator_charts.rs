//! Indicator charts rendered on the server in SVG — readable without script, printable —
//! each with the same figures as a table beside it for screen readers: a country's series
//! against its baseline and target, one indicator across countries for a period, and the
//! region's data availability as a heat map.

use leptos::prelude::*;

use super::indicators::{availability_label, status_label};
use crate::i18n::Locale;
use crate::model::country::CountryName;
use crate::model::indicator::{show, Availability, Goal, Value};
use crate::tr;

/// `v` with its unit (`41.2 %`, `USD 250`).
pub fn with_unit(v: f64, unit: &str) -> String {
    match unit {
        "percent" => format!("{} %", show(v)),
        "usd" => format!("USD {}", show(v)),
        _ => show(v),
    }
}

/// A country's totals (no disaggregation) period by period as a line, the baseline and
/// target as dashed rules; provisional values as hollow points.
pub fn series(locale: Locale, values: &[Value], goal: Option<&Goal>, unit: &str) -> impl IntoView {
    let points: Vec<&Value> = values
        .iter()
        .filter(|v| v.disaggregation.is_empty())
        .collect();
    if points.is_empty() {
        return None;
    }
    let baseline = goal.and_then(|g| g.baseline);
    let target = goal.and_then(|g| g.target);
    let all = points.iter().map(|p| p.value).chain(baseline).chain(target);
    let (lo, hi) = all.fold((0.0_f64, f64::MIN), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let span = if hi - lo > 0.0 { hi - lo } else { 1.0 };
    let (left, width, top, height) = (56.0, 420.0, 14.0, 150.0);
    let y = |v: f64| top + height - (v - lo) / span * height;
    let step = width / (points.len().max(2) - 1) as f64;
    let x = |i: usize| left + i as f64 * step;
    let path = points
        .iter()
        .enumerate()
        .map(|(i, p)| format!("{:.1},{:.1}", x(i), y(p.value)))
        .collect::<Vec<_>>()
        .join(" ");
    let dots = points
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let class = if p.status == "validated" { "chart-point" } else { "chart-point provisional" };
            view! {
                <circle cx=format!("{:.1}", x(i)) cy=format!("{:.1}", y(p.value)) r="4" class=class>
                    <title>{format!("{}: {}", p.period, with_unit(p.value, unit))}</title>
                </circle>
                <text x=format!("{:.1}", x(i)) y=top + height + 18.0 class="chart-label" text-anchor="middle">{p.period.clone()}</text>
            }
        })
        .collect_view();
    let rule = |v: Option<f64>, class: &'static str, label: String| {
        v.map(|v| {
            view! {
                <line x1=left y1=format!("{:.1}", y(v)) x2=left + width y2=format!("{:.1}", y(v)) class=class />
                <text x=left + width y=format!("{:.1}", y(v) - 4.0) class="chart-value" text-anchor="end">{format!("{label} {}", show(v))}</text>
            }
        })
    };
    let axis = [lo, hi]
        .into_iter()
        .map(|v| view! { <text x=left - 6.0 y=format!("{:.1}", y(v) + 4.0) class="chart-label" text-anchor="end">{show(v)}</text> })
        .collect_view();
    let rows = points
        .iter()
        .map(|p| {
            view! {
                <tr>
                    <th scope="row">{p.period.clone()}</th>
                    <td>{with_unit(p.value, unit)}</td>
                    <td>{status_label(locale, &p.status)}</td>
                </tr>
            }
        })
        .collect_view();
    let goal_rows = goal.map(|g| {
        view! {
            {g.baseline.map(|b| view! { <tr><th scope="row">{tr!(locale, "indicators.baseline")}" "{g.baseline_period.clone()}</th><td>{with_unit(b, unit)}</td><td></td></tr> })}
            {g.target.map(|t| view! { <tr><th scope="row">{tr!(locale, "indicators.target")}" "{g.target_period.clone()}</th><td>{with_unit(t, unit)}</td><td></td></tr> })}
        }
    });
    Some(view! {
        <figure class="chart chart-wide">
            <svg viewBox="0 0 500 200" role="img" aria-labelledby="series-caption" class="line-chart">
                <line x1=left y1=top + height x2=left + width y2=top + height class="chart-axis" />
                {axis}
                {rule(baseline, "chart-baseline", tr!(locale, "indicators.baseline"))}
                {rule(target, "chart-target", tr!(locale, "indicators.target"))}
                <polyline points=path class="chart-line" />
                {dots}
            </svg>
            <figcaption id="series-caption">{tr!(locale, "indicators.series_caption")}</figcaption>
            <table class="chart-data">
                <thead><tr>
                    <th scope="col">{tr!(locale, "indicators.period")}</th>
                    <th scope="col">{tr!(locale, "indicators.value")}</th>
                    <th scope="col">{tr!(locale, "indicators.status")}</th>
                </tr></thead>
                <tbody>{rows}{goal_rows}</tbody>
            </table>
        </figure>
    }.into_any())
}

/// One indicator across countries for a period: a bar per country, highest first.
pub fn across(
    locale: Locale,
    values: &[(CountryName, f64, String)],
    unit: &str,
    period: &str,
) -> impl IntoView {
    if values.is_empty() {
        return None;
    }
    let mut sorted: Vec<&(CountryName, f64, String)> = values.iter().collect();
    sorted.sort_by(|a, b| b.1.total_cmp(&a.1));
    let max = sorted.iter().map(|v| v.1).fold(0.0_f64, f64::max);
    let max = if max > 0.0 { max } else { 1.0 };
    let row_h = 24;
    let height = sorted.len() as i64 * row_h + 8;
    let bars = sorted
        .iter()
        .enumerate()
        .map(|(i, (c, v, status))| {
            let y = i as i64 * row_h + 4;
            let w = (v.max(0.0) / max * 260.0).round();
            let class = if status == "validated" {
                "chart-bar"
            } else {
                "chart-bar provisional"
            };
            view! {
                <text x="0" y=y + 15 class="chart-label">{c.get(locale).to_string()}</text>
                <rect x="150" y=y width=w height="18" class=class />
                <text x=158.0 + w y=y + 14 class="chart-value">{with_unit(*v, unit)}</text>
            }
        })
        .collect_view();
    let rows = sorted
        .iter()
        .map(|(c, v, status)| {
            view! {
                <tr>
                    <th scope="row">{c.get(locale).to_string()}</th>
                    <td>{with_unit(*v, unit)}</td>
                    <td>{status_label(locale, status)}</td>
                </tr>
            }
        })
        .collect_view();
    Some(view! {
        <figure class="chart chart-wide">
            <svg viewBox=format!("0 0 500 {height}") role="img" aria-labelledby="across-caption" class="bar-chart">{bars}</svg>
            <figcaption id="across-caption">{tr!(locale, "indicators.across_caption", period = period.to_string())}</figcaption>
            <table class="chart-data">
                <thead><tr>
                    <th scope="col">{tr!(locale, "indicators.country")}</th>
                    <th scope="col">{tr!(locale, "indicators.value")}</th>
                    <th scope="col">{tr!(locale, "indicators.status")}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </figure>
    }.into_any())
}

/// The availability matrix as a heat map: a square per country and indicator, coloured
/// by whether the data exist; the table below it says the same in words, with systems.
pub fn heat_map(
    locale: Locale,
    codes: &[String],
    rows: &[(CountryName, Vec<Option<Availability>>)],
) -> impl IntoView {
    let (label_w, cell, head) = (150, 26, 70);
    let width = label_w + codes.len() as i64 * cell + 4;
    let height = head + rows.len() as i64 * cell + 4;
    let headers = codes
        .iter()
        .enumerate()
        .map(|(j, code)| {
            let x = label_w + j as i64 * cell + cell / 2;
            view! {
                <text x=x y=head - 6 class="chart-label heat-head" transform=format!("rotate(-60 {x} {})", head - 6)>{code.clone()}</text>
            }
        })
        .collect_view();
    let cells = rows
        .iter()
        .enumerate()
        .map(|(i, (country, cells))| {
            let y = head + i as i64 * cell;
            let squares = cells
                .iter()
                .enumerate()
                .map(|(j, c)| {
                    let status = c.as_ref().map_or("unknown", |(s, _)| s.as_str());
                    let label = c.as_ref().map_or_else(|| tr!(locale, "indicators.availability_unknown"), |(s, _)| availability_label(locale, s));
                    view! {
                        <rect x=label_w + j as i64 * cell y=y width=cell - 2 height=cell - 2 class=format!("heat heat-{status}")>
                            <title>{format!("{} · {}: {label}", country.get(locale), codes.get(j).cloned().unwrap_or_default())}</title>
                        </rect>
                    }
                })
                .collect_view();
            view! {
                <text x="0" y=y + 17 class="chart-label">{country.get(locale).to_string()}</text>
                {squares}
            }
        })
        .collect_view();
    let legend = ["available", "partial", "not_collected", "unknown"]
        .into_iter()
        .map(|s| {
            let label = if s == "unknown" { tr!(locale, "indicators.availability_unknown") } else { availability_label(locale, s) };
            view! { <li><span class=format!("heat-key heat-{s}") aria-hidden="true"></span>{label}</li> }
        })
        .collect_view();
    view! {
        <figure class="chart chart-wide heat-map">
            <svg viewBox=format!("0 0 {width} {height}") role="img" aria-labelledby="heat-caption">{headers}{cells}</svg>
            <figcaption id="heat-caption">{tr!(locale, "indicators.heat_caption")}</figcaption>
            <ul class="heat-legend">{legend}</ul>
        </figure>
    }
    .into_any()
}
