//! One indicator: its definition in the reader's language, the region's values for a
//! period as a chart with its table, which countries have the data, the library documents
//! that cite it, each country's page, its CSV; for staff, the form that changes the
//! definition (a new version). Also the page of its versions.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::indicator_charts::{across, with_unit};
use super::indicators::{
    availability_label, category_label, dimension_label, frequency_label, nav, outcome, unit_label,
    DefinitionForm,
};
use super::load;
use crate::api::indicators::{read_indicator, read_indicator_versions};
use crate::components::format::day;
use crate::i18n::{use_locale, Locale};
use crate::model::indicator::{Definition, IndicatorHistory, IndicatorPage};
use crate::tr;

#[component]
pub fn IndicatorView() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let page = Resource::new_blocking(
        move || {
            let q = query.read();
            (
                params.read().get("code").unwrap_or_default(),
                q.get("period"),
                q.get("form"),
            )
        },
        |(code, period, form)| read_indicator(code, period, form),
    );
    view! { {load(page, move |p| view! { <Indicator page=p /> })} }
}

/// A definition's fields as a description list.
fn described(locale: Locale, d: &Definition) -> impl IntoView {
    let t = d.text(locale);
    let dims = if d.disaggregations.is_empty() {
        "—".to_string()
    } else {
        d.disaggregations
            .iter()
            .map(|x| dimension_label(locale, x))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let row = |key: &str, value: String| {
        (!value.is_empty())
            .then(|| view! { <div><dt>{tr!(locale, key)}</dt><dd>{value}</dd></div> })
    };
    view! {
        <dl class="facts">
            {row("indicators.field_definition", t.definition)}
            {row("indicators.field_numerator", t.numerator)}
            {row("indicators.field_denominator", t.denominator)}
            {row("indicators.field_formula", t.formula)}
            {row("indicators.field_unit", unit_label(locale, &d.unit))}
            {row("indicators.field_frequency", frequency_label(locale, &d.frequency))}
            {row("indicators.field_category", category_label(locale, &d.category))}
            {row("indicators.field_disaggregations", dims)}
            {row("indicators.field_source", t.source)}
        </dl>
    }
}

#[component]
fn Indicator(page: IndicatorPage) -> impl IntoView {
    let locale = use_locale();
    let d = page.definition.clone();
    let name = d.name(locale);
    let periods = page
        .periods
        .iter()
        .map(|p| view! { <option value=p.clone() selected=*p == page.period>{p.clone()}</option> })
        .collect_view();
    let chooser = (!page.periods.is_empty()).then(|| {
        view! {
            <form class="inline" method="get" action=format!("/indicators/{}", d.code)>
                <label for="period">{tr!(locale, "indicators.period")}</label>
                <select id="period" name="period">{periods}</select>
                <button type="submit">{tr!(locale, "indicators.show")}</button>
            </form>
        }
    });
    let chart = across(locale, &page.across, &d.unit, &page.period);
    let empty = page
        .across
        .is_empty()
        .then(|| view! { <p class="empty">{tr!(locale, "indicators.no_values")}</p> });
    let countries = page
        .availability
        .iter()
        .map(|(c, status, system)| {
            view! {
                <tr>
                    <td><a href=format!("/indicators/{}/{}", d.code, c.code)>{c.get(locale).to_string()}</a></td>
                    <td><span class=format!("badge heat-{status}")>{availability_label(locale, status)}</span></td>
                    <td>{system.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    let reported = page
        .across
        .iter()
        .map(|(c, v, _)| view! { <li><a href=format!("/indicators/{}/{}", d.code, c.code)>{c.get(locale).to_string()}</a>": "{with_unit(*v, &d.unit)}</li> })
        .collect_view();
    let documents = (!page.documents.is_empty()).then(|| {
        let items = page
            .documents
            .iter()
            .map(|(slug, title)| view! { <li><a href=format!("/library/{slug}")>{title.clone()}</a></li> })
            .collect_view();
        view! {
            <section aria-labelledby="cited-title">
                <h2 id="cited-title">{tr!(locale, "indicators.cited_by")}</h2>
                <ul>{items}</ul>
            </section>
        }
    });
    let edit = page.can_define.then(|| {
        view! {
            <details class="add" open=page.kept.as_ref().is_some_and(|k| k.key == "edit")>
                <summary>{tr!(locale, "indicators.edit")}</summary>
                <DefinitionForm action=format!("/indicators/{}", d.code) current=Some(d.clone()) kept=page.kept.clone() key="edit" />
            </details>
        }
    });
    let export = format!(
        "/indicators/values.csv?indicator={}&period={}",
        d.code, page.period
    );
    view! {
        <Title text=name.clone() />
        {nav(locale, false)}
        {outcome(locale)}
        <h1><code>{d.code.clone()}</code>" "{name}</h1>
        <p class="meta">
            {tr!(locale, "indicators.version", version = d.version.to_string())}" · "
            <a href=format!("/indicators/{}/versions", d.code)>{tr!(locale, "indicators.versions")}</a>
        </p>
        {described(locale, &d)}
        <section aria-labelledby="across-title">
            <h2 id="across-title">{tr!(locale, "indicators.across_title")}</h2>
            {chooser}
            {chart}
            {empty}
            <ul class="inline-list">{reported}</ul>
            <p><a href=export>{tr!(locale, "indicators.export_view")}</a></p>
        </section>
        <section aria-labelledby="countries-title">
            <h2 id="countries-title">{tr!(locale, "indicators.availability_title")}</h2>
            <p class="hint">{tr!(locale, "indicators.country_pages_hint")}</p>
            <div class="table-scroll">
                <table>
                    <thead><tr>
                        <th scope="col">{tr!(locale, "indicators.country")}</th>
                        <th scope="col">{tr!(locale, "indicators.availability")}</th>
                        <th scope="col">{tr!(locale, "indicators.field_system")}</th>
                    </tr></thead>
                    <tbody>{countries}</tbody>
                </table>
            </div>
        </section>
        {documents}
        {edit}
    }
}

#[component]
pub fn IndicatorVersionsView() -> impl IntoView {
    let params = use_params_map();
    let page = Resource::new_blocking(
        move || params.read().get("code").unwrap_or_default(),
        read_indicator_versions,
    );
    view! { {load(page, move |h| view! { <Versions history=h /> })} }
}

#[component]
fn Versions(history: IndicatorHistory) -> impl IntoView {
    let locale = use_locale();
    let title = tr!(
        locale,
        "indicators.versions_of",
        code = history.code.clone()
    );
    let items = history
        .versions
        .iter()
        .map(|d| {
            view! {
                <article class="version">
                    <h2>{tr!(locale, "indicators.version", version = d.version.to_string())}" — "{d.name(locale)}</h2>
                    <p class="meta">
                        {d.edited_by.clone().unwrap_or_else(|| tr!(locale, "indicators.reference_data"))}" · "
                        <time>{day(d.edited_at)}</time>
                    </p>
                    {described(locale, d)}
                </article>
            }
        })
        .collect_view();
    view! {
        <Title text=title.clone() />
        <p class="breadcrumb"><a href=format!("/indicators/{}", history.code)>{history.code.clone()}</a></p>
        <h1>{title}</h1>
        {items}
    }
}
