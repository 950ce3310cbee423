//! Lists of spaces and library documents, with their empty states.

use leptos::prelude::*;

use super::format::day;
use crate::i18n::{use_locale, Locale};
use crate::model::{document::DocumentSummary, space::Space, space::Visibility};
use crate::tr;

pub fn visibility_label(locale: Locale, v: Visibility) -> String {
    match v {
        Visibility::Public => tr!(locale, "visibility.public"),
        Visibility::Network => tr!(locale, "visibility.network"),
        Visibility::Private => tr!(locale, "visibility.private"),
    }
}

pub fn kind_label(locale: Locale, kind: &str) -> String {
    match kind {
        "guideline" => tr!(locale, "kind.guideline"),
        "manual" => tr!(locale, "kind.manual"),
        "standard" => tr!(locale, "kind.standard"),
        "best_practice" => tr!(locale, "kind.best_practice"),
        "funding_mechanism" => tr!(locale, "kind.funding_mechanism"),
        "report" => tr!(locale, "kind.report"),
        other => other.to_string(),
    }
}

#[component]
pub fn SpaceList(spaces: Vec<Space>, empty: String) -> impl IntoView {
    let locale = use_locale();
    if spaces.is_empty() {
        return view! { <p class="empty">{empty}</p> }.into_any();
    }
    view! {
        <ul class="cards">
            {spaces
                .into_iter()
                .map(|s| {
                    let country = s
                        .country
                        .as_ref()
                        .map(|c| c.get(locale).to_string())
                        .unwrap_or_else(|| tr!(locale, "space.regional"));
                    view! {
                        <li class="card">
                            <h3><a href=format!("/spaces/{}", s.slug)>{s.name.clone()}</a></h3>
                            <p class="meta">
                                <span>{country}</span>
                                <span class=format!("badge badge-{}", s.visibility.as_str())>
                                    {visibility_label(locale, s.visibility)}
                                </span>
                            </p>
                            <p>{s.description.clone()}</p>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
pub fn DocumentList(documents: Vec<DocumentSummary>, empty: String) -> impl IntoView {
    let locale = use_locale();
    if documents.is_empty() {
        return view! { <p class="empty">{empty}</p> }.into_any();
    }
    view! {
        <ul class="cards">
            {documents
                .into_iter()
                .map(|d| {
                    let country = d
                        .country
                        .as_ref()
                        .map(|c| c.get(locale).to_string())
                        .unwrap_or_else(|| tr!(locale, "space.regional"));
                    view! {
                        <li class="card">
                            <h3 lang=d.language.clone()>
                                <a href=format!("/library/{}", d.slug)>{d.title.clone()}</a>
                            </h3>
                            <p class="meta">
                                <span class="badge">{kind_label(locale, &d.kind)}</span>
                                <span>{country}</span>
                                <span>{tr!(locale, "library.published", date = d.published_on.clone())}</span>
                            </p>
                            <p lang=d.language.clone()>{d.summary.clone()}</p>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}

/// Kept here so every list shows dates the same way.
pub fn created_on(locale: Locale, unix_seconds: i64) -> String {
    tr!(locale, "space.created", date = day(unix_seconds))
}
