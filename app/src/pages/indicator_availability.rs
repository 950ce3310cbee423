//! The region's data availability (seed activity 1.2): every participating country
//! against every indicator, as a heat map and as a table saying the same in words with
//! the information system the data come from — where the programme helps first.

use leptos::prelude::*;
use leptos_meta::Title;

use super::indicator_charts::heat_map;
use super::indicators::{availability_label, nav};
use super::load;
use crate::api::indicators::read_availability_matrix;
use crate::i18n::use_locale;
use crate::model::indicator::AvailabilityMatrix;
use crate::tr;

#[component]
pub fn IndicatorAvailabilityView() -> impl IntoView {
    let page = Resource::new_blocking(|| (), |()| read_availability_matrix());
    view! { {load(page, move |m| view! { <Matrix matrix=m /> })} }
}

#[component]
fn Matrix(matrix: AvailabilityMatrix) -> impl IntoView {
    let locale = use_locale();
    let codes: Vec<String> = matrix.indicators.iter().map(|d| d.code.clone()).collect();
    let chart = heat_map(locale, &codes, &matrix.rows);
    let head = matrix
        .indicators
        .iter()
        .map(|d| view! { <th scope="col"><abbr title=d.name(locale)>{d.code.clone()}</abbr></th> })
        .collect_view();
    let rows = matrix
        .rows
        .iter()
        .map(|(country, cells)| {
            let cells = cells
                .iter()
                .zip(&matrix.indicators)
                .map(|(c, d)| match c {
                    Some((status, system)) => view! {
                        <td class=format!("heat-cell heat-{status}")>
                            <a href=format!("/indicators/{}/{}", d.code, country.code)>{availability_label(locale, status)}</a>
                            {(!system.is_empty()).then(|| view! { <br /><span class="meta">{system.clone()}</span> })}
                        </td>
                    }
                    .into_any(),
                    None => view! { <td class="heat-cell heat-unknown">"—"</td> }.into_any(),
                })
                .collect_view();
            view! { <tr><th scope="row">{country.get(locale).to_string()}</th>{cells}</tr> }
        })
        .collect_view();
    let title = tr!(locale, "indicators.availability_title");
    view! {
        <Title text=title.clone() />
        {nav(locale, false)}
        <h1>{title}</h1>
        <p class="lead">{tr!(locale, "indicators.availability_intro")}</p>
        {chart}
        <p><a href="/indicators/availability.csv">{tr!(locale, "indicators.export_view")}</a></p>
        <div class="table-scroll">
            <table class="availability">
                <caption>{tr!(locale, "indicators.heat_caption")}</caption>
                <thead><tr><th scope="col">{tr!(locale, "indicators.country")}</th>{head}</tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
