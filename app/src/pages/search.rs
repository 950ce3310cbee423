//! The search page: one box over the library, discussions and drafts, results grouped by
//! kind with highlighted snippets, facet links to narrow them, and a sort. A plain GET form,
//! so it works with JavaScript off and every result list has its own address.

use leptos::prelude::*;

use crate::links::encode;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::ErrorMessage;
use crate::api::search::{search, SearchPage as Page};
use crate::components::format::day;
use crate::components::lists::{kind_label, SpaceList};
use crate::i18n::{use_locale, Locale};
use crate::model::country::CountryName;
use crate::model::search::{Hit, ItemKind, Sort};
use crate::tr;

/// The query-string parameters the page understands, in link order.
const PARAMS: [&str; 8] = [
    "q", "kind", "language", "country", "doc_kind", "topic", "space", "sort",
];

/// The facet's query parameter (the index calls topics `topics`).
fn param_of(facet: &str) -> &str {
    if facet == "topics" {
        "topic"
    } else {
        facet
    }
}

/// `/search?…` with `param` set to `value` (or removed when `None`), the rest kept.
fn link(current: &[(String, String)], param: &str, value: Option<&str>) -> String {
    let mut pairs: Vec<(String, String)> = current
        .iter()
        .filter(|(k, _)| k != param)
        .cloned()
        .collect();
    if let Some(v) = value {
        pairs.push((param.to_string(), v.to_string()));
    }
    pairs.sort_by_key(|(k, _)| PARAMS.iter().position(|p| p == k));
    let query: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", encode(v)))
        .collect();
    format!("/search?{}", query.join("&"))
}

fn facet_label(locale: Locale, facet: &str) -> String {
    match facet {
        "kind" => tr!(locale, "search.facet_kind"),
        "language" => tr!(locale, "search.facet_language"),
        "country" => tr!(locale, "search.facet_country"),
        "doc_kind" => tr!(locale, "search.facet_doc_kind"),
        "topics" => tr!(locale, "search.facet_topics"),
        _ => tr!(locale, "search.facet_space"),
    }
}

/// A country's name in the reader's language, from the names the search sent along.
fn country_name(locale: Locale, countries: &[CountryName], code: &str) -> String {
    countries
        .iter()
        .find(|c| c.code == code)
        .map_or_else(|| code.to_string(), |c| c.get(locale).to_string())
}

fn value_label(locale: Locale, facet: &str, value: &str, countries: &[CountryName]) -> String {
    match facet {
        "country" => country_name(locale, countries, value),
        "kind" => match ItemKind::parse(value) {
            Some(ItemKind::Document) => tr!(locale, "search.kind_document"),
            Some(ItemKind::Thread) => tr!(locale, "search.kind_thread"),
            Some(ItemKind::Post) => tr!(locale, "search.kind_post"),
            Some(ItemKind::Draft) => tr!(locale, "search.kind_draft"),
            Some(ItemKind::Plan) => tr!(locale, "search.kind_plan"),
            Some(ItemKind::Service) => tr!(locale, "search.kind_service"),
            None => value.to_string(),
        },
        "language" => language_name(locale, value),
        "doc_kind" => kind_label(locale, value),
        "topics" => value.replace('-', " "),
        _ => value.to_string(),
    }
}

pub fn language_name(locale: Locale, code: &str) -> String {
    match code {
        "en" => tr!(locale, "profile.lang_en"),
        "es" => tr!(locale, "profile.lang_es"),
        "pt" => tr!(locale, "profile.lang_pt"),
        "fr" => tr!(locale, "profile.lang_fr"),
        other => other.to_string(),
    }
}

#[component]
pub fn SearchPage() -> impl IntoView {
    let locale = use_locale();
    let query = use_query_map();
    let params = move || {
        let q = query.read();
        PARAMS
            .iter()
            .filter_map(|p| {
                q.get(p)
                    .filter(|v| !v.is_empty())
                    .map(|v| (p.to_string(), v))
            })
            .collect::<Vec<_>>()
    };
    let results = Resource::new_blocking(params, |pairs| {
        let get = |k: &str| pairs.iter().find(|(p, _)| p == k).map(|(_, v)| v.clone());
        search(
            get("q").unwrap_or_default(),
            get("kind"),
            get("language"),
            get("country"),
            get("doc_kind"),
            get("topic"),
            get("space"),
            get("sort"),
            None,
        )
    });
    view! {
        <Title text=tr!(locale, "search.title") />
        <h1>{tr!(locale, "search.title")}</h1>
        <Suspense>
            {move || Suspend::new(async move {
                let current = params();
                match results.await {
                    Ok(page) => view! { <Results page=page current=current /> }.into_any(),
                    Err(e) => view! {
                        <SearchForm current=current sort=Sort::Relevance />
                        <ErrorMessage error=e />
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn SearchForm(current: Vec<(String, String)>, sort: Sort) -> impl IntoView {
    let locale = use_locale();
    let q = current
        .iter()
        .find(|(k, _)| k == "q")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    // Filters chosen by facet links stay on when the words change.
    let hidden = current
        .iter()
        .filter(|(k, _)| k != "q" && k != "sort")
        .map(|(k, v)| view! { <input type="hidden" name=k.clone() value=v.clone() /> })
        .collect_view();
    view! {
        <form class="search-form" method="get" action="/search" role="search">
            <label class="visually-hidden" for="search-q">{tr!(locale, "search.label")}</label>
            <input id="search-q" type="search" name="q" value=q maxlength="200"
                placeholder=tr!(locale, "search.placeholder") />
            {hidden}
            <label for="search-sort">{tr!(locale, "search.sort_label")}</label>
            <select id="search-sort" name="sort">
                <option value="relevance" selected=sort == Sort::Relevance>{tr!(locale, "search.sort_relevance")}</option>
                <option value="newest" selected=sort == Sort::Newest>{tr!(locale, "search.sort_newest")}</option>
            </select>
            <button type="submit">{tr!(locale, "search.submit")}</button>
        </form>
    }
}

#[component]
fn Results(page: Page, current: Vec<(String, String)>) -> impl IntoView {
    let locale = use_locale();
    let form = view! { <SearchForm current=current.clone() sort=page.sort /> };
    if page.unavailable {
        return view! { {form} <p class="notice error">{tr!(locale, "search.unavailable")}</p> }
            .into_any();
    }
    if page.query.is_empty() && current.iter().all(|(k, _)| k == "q" || k == "sort") {
        return view! { {form} <p class="empty">{tr!(locale, "search.empty_query")}</p> }
            .into_any();
    }
    let r = page.results;
    let spaces = (!page.spaces.is_empty()).then(|| {
        let spaces = page.spaces.clone();
        view! {
            <section class="result-group" aria-labelledby="results-spaces">
                <h2 id="results-spaces">{tr!(locale, "search.spaces")}" "<span class="count">{spaces.len()}</span></h2>
                <SpaceList spaces=spaces empty=String::new() />
            </section>
        }
    });
    let filtered = current.iter().any(|(k, _)| k != "q" && k != "sort");
    let clear = filtered.then(|| {
        let keep: Vec<(String, String)> = current
            .iter()
            .filter(|(k, _)| k == "q" || k == "sort")
            .cloned()
            .collect();
        view! { <p><a href=link(&keep, "q", Some(&page.query))>{tr!(locale, "search.clear_filters")}</a></p> }
    });
    let countries = page.countries.clone();
    // In a fixed order: what it is first, then where from, then what about.
    let facets = ["kind", "language", "doc_kind", "country", "topics", "space"]
        .into_iter()
        .filter_map(|name| r.facets.get(name).map(|values| (name, values)))
        .filter(|(_, values)| !values.is_empty())
        .map(|(facet, values)| {
            let countries = countries.clone();
            let param = param_of(facet);
            let chosen = current
                .iter()
                .find(|(k, _)| k == param)
                .map(|(_, v)| v.clone());
            let mut values: Vec<(&String, &u64)> = values.iter().collect();
            values.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
            let items = values
                .into_iter()
                .map(|(value, count)| {
                    let on = chosen.as_deref() == Some(value.as_str());
                    let href = link(&current, param, (!on).then_some(value.as_str()));
                    view! {
                        <li class:chosen=on>
                            <a href=href aria-current=on.then_some("true")>
                                {value_label(locale, facet, value, &countries)}
                            </a>
                            " "<span class="count">{*count}</span>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <section class="facet">
                    <h3>{facet_label(locale, facet)}</h3>
                    <ul>{items}</ul>
                </section>
            }
        })
        .collect_view();
    let body = if r.hits.is_empty() && page.spaces.is_empty() {
        view! { <p class="empty">{tr!(locale, "search.none", query = page.query.clone())}</p> }
            .into_any()
    } else {
        let groups = [
            (
                vec![ItemKind::Document],
                tr!(locale, "search.group_library"),
            ),
            (
                vec![ItemKind::Thread, ItemKind::Post],
                tr!(locale, "search.group_discussions"),
            ),
            (vec![ItemKind::Draft], tr!(locale, "search.group_drafts")),
            (vec![ItemKind::Plan], tr!(locale, "search.group_plans")),
            (
                vec![ItemKind::Service],
                tr!(locale, "search.group_services"),
            ),
        ];
        let hits = r.hits;
        groups
            .into_iter()
            .filter_map(|(kinds, title)| {
                let mine: Vec<Hit> = hits.iter().filter(|h| kinds.contains(&h.kind)).cloned().collect();
                (!mine.is_empty()).then(|| {
                    let id = format!("results-{}", kinds[0].as_str());
                    let labelled_by = id.clone();
                    view! {
                        <section class="result-group" aria-labelledby=labelled_by>
                            <h2 id=id>{title}" "<span class="count">{mine.len()}</span></h2>
                            <ol class="results">
                                {mine.into_iter().map(|h| view! { <ResultLine hit=h countries=page.countries.clone() /> }).collect_view()}
                            </ol>
                        </section>
                    }
                })
            })
            .collect_view()
            .into_any()
    };
    view! {
        {form}
        <p class="lead">{tr!(locale, "search.results_count", count = r.total.to_string())}</p>
        <div class="search-layout">
            <aside class="facets" aria-label=tr!(locale, "search.filters")>
                {clear}
                {facets}
            </aside>
            <div class="search-results">{spaces}{body}</div>
        </div>
    }
    .into_any()
}

#[component]
fn ResultLine(hit: Hit, countries: Vec<CountryName>) -> impl IntoView {
    let locale = use_locale();
    let mut meta = Vec::new();
    match hit.kind {
        ItemKind::Document => {
            if let Some(k) = &hit.doc_kind {
                meta.push(kind_label(locale, k));
            }
            meta.push(match &hit.country {
                Some(code) => country_name(locale, &countries, code),
                None => tr!(locale, "space.regional"),
            });
            if let Some(l) = &hit.language {
                meta.push(language_name(locale, l));
            }
        }
        kind => {
            meta.push(value_label(locale, "kind", kind.as_str(), &[]));
            meta.push(hit.context.clone());
            meta.push(day(hit.date));
        }
    }
    view! {
        <li class="result" lang=hit.language.clone()>
            <h3><a href=hit.url.clone()>{hit.title.clone()}</a></h3>
            <p class="meta">{meta.join(" · ")}</p>
            // Escaped by the engine's snippet writer; only <mark> is markup.
            <p class="snippet" inner_html=hit.snippet_html.clone()></p>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_keep_other_filters_and_encode_values() {
        let current = vec![
            ("q".to_string(), "atención & calidad".to_string()),
            ("language".to_string(), "es".to_string()),
        ];
        assert_eq!(
            link(&current, "kind", Some("document")),
            "/search?q=atenci%C3%B3n%20%26%20calidad&kind=document&language=es"
        );
        assert_eq!(
            link(&current, "language", None),
            "/search?q=atenci%C3%B3n%20%26%20calidad"
        );
    }
}
