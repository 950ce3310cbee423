//! The library: the listing with facets (kind, country, language, topic) and sorting, and
//! a document's page with its table of contents, metadata, other language versions,
//! related documents and the discussions that link to it. Plain links and GET forms: it
//! all works with JavaScript off, and the document page prints cleanly.

use super::load;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::search::language_name;
use super::ErrorMessage;
use crate::api::library::{browse_library, read_document};
use crate::components::lists::{kind_label, DocumentList};
use crate::i18n::{use_locale, Locale};
use crate::model::document::{DocumentPage, FacetValue, LibraryFilters, LibraryListing};
use crate::model::user::{CurrentUser, PlatformRole};
use crate::tr;

fn filters_from_query(get: impl Fn(&str) -> Option<String>) -> LibraryFilters {
    LibraryFilters {
        kind: get("kind").unwrap_or_default(),
        country: get("country").unwrap_or_default(),
        language: get("language").unwrap_or_default(),
        topic: get("topic").unwrap_or_default(),
        sort: get("sort").unwrap_or_default(),
    }
}

/// `/library?…` with `param` set to `value` (or removed), the other filters kept.
fn library_link(f: &LibraryFilters, param: &str, value: Option<&str>) -> String {
    let pairs = [
        ("kind", f.kind.as_str()),
        ("country", f.country.as_str()),
        ("language", f.language.as_str()),
        ("topic", f.topic.as_str()),
        ("sort", f.sort.as_str()),
    ];
    let query: Vec<String> = pairs
        .iter()
        .map(|(k, v)| {
            if *k == param {
                (*k, value.unwrap_or(""))
            } else {
                (*k, *v)
            }
        })
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    if query.is_empty() {
        "/library".to_string()
    } else {
        format!("/library?{}", query.join("&"))
    }
}

pub fn topic_label(topic: &str) -> String {
    let words = topic.replace('-', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => words,
    }
}

fn facet_value_label(locale: Locale, param: &str, v: &FacetValue) -> String {
    match param {
        "kind" => kind_label(locale, &v.value),
        "language" => language_name(locale, &v.value),
        "topic" => topic_label(&v.value),
        _ => match &v.country {
            Some(c) => c.get(locale).to_string(),
            None => tr!(locale, "space.regional"),
        },
    }
}

#[component]
pub fn LibraryPage() -> impl IntoView {
    let locale = use_locale();
    let query = use_query_map();
    let filters = move || filters_from_query(|k| query.read().get(k));
    let listing = Resource::new_blocking(filters, browse_library);
    // Publishers propose documents; staff review them.
    let publishing = use_context::<Option<CurrentUser>>().flatten().and_then(|me| {
        let staff = matches!(me.role, PlatformRole::TaStaff | PlatformRole::Admin);
        (staff || me.is_publisher).then(|| view! {
            <p class="actions">
                {me.is_publisher.then(|| view! { <a class="button primary" href="/library/submit">{tr!(locale, "publish.new_title")}</a> })}
                " "<a href="/library/submissions">{tr!(locale, "publish.list_title")}</a>
            </p>
        })
    });
    view! {
        <Title text=tr!(locale, "library.title") />
        <h1>{tr!(locale, "library.title")}</h1>
        <p class="lead">{tr!(locale, "library.intro")}</p>
        {publishing}
        {load(listing, move |list| view! { <Listing list=list /> })}
    }
}

#[component]
fn Listing(list: LibraryListing) -> impl IntoView {
    let locale = use_locale();
    let f = list.filters.clone();
    let facet = |param: &'static str, title: String, values: Vec<FacetValue>| {
        let chosen = match param {
            "kind" => f.kind.clone(),
            "country" => f.country.clone(),
            "language" => f.language.clone(),
            _ => f.topic.clone(),
        };
        let items = values
            .into_iter()
            .map(|v| {
                let on = chosen == v.value;
                let href = library_link(&f, param, (!on).then_some(v.value.as_str()));
                view! {
                    <li class:chosen=on>
                        <a href=href aria-current=on.then_some("true")>{facet_value_label(locale, param, &v)}</a>
                        " "<span class="count">{v.count}</span>
                    </li>
                }
            })
            .collect_view();
        view! { <section class="facet"><h3>{title}</h3><ul>{items}</ul></section> }
    };
    let any_filter =
        !(f.kind.is_empty() && f.country.is_empty() && f.language.is_empty() && f.topic.is_empty());
    let clear = any_filter.then(|| {
        let keep = LibraryFilters { sort: f.sort.clone(), ..Default::default() };
        view! { <p><a href=library_link(&keep, "sort", Some(&keep.sort))>{tr!(locale, "search.clear_filters")}</a></p> }
    });
    let sort = f.sort.clone();
    let hidden = [
        ("kind", &f.kind),
        ("country", &f.country),
        ("language", &f.language),
        ("topic", &f.topic),
    ]
    .into_iter()
    .filter(|(_, v)| !v.is_empty())
    .map(|(k, v)| view! { <input type="hidden" name=k value=v.clone() /> })
    .collect_view();
    view! {
        <div class="search-layout">
            <aside class="facets" aria-label=tr!(locale, "search.filters")>
                {clear}
                {facet("kind", tr!(locale, "search.facet_doc_kind"), list.kinds)}
                {facet("language", tr!(locale, "search.facet_language"), list.languages)}
                {facet("country", tr!(locale, "search.facet_country"), list.countries)}
                {facet("topic", tr!(locale, "search.facet_topics"), list.topics)}
            </aside>
            <div class="search-results">
                <form class="sort-form" method="get" action="/library">
                    {hidden}
                    <label for="library-sort">{tr!(locale, "search.sort_label")}</label>
                    <select id="library-sort" name="sort">
                        <option value="newest" selected=sort.is_empty() || sort == "newest">{tr!(locale, "search.sort_newest")}</option>
                        <option value="oldest" selected=sort == "oldest">{tr!(locale, "library.sort_oldest")}</option>
                        <option value="title" selected=sort == "title">{tr!(locale, "library.sort_title")}</option>
                    </select>
                    <button type="submit">{tr!(locale, "library.apply")}</button>
                </form>
                <p class="meta">{tr!(locale, "library.count", count = list.documents.len().to_string())}</p>
                <DocumentList documents=list.documents empty=tr!(locale, "library.none") />
            </div>
        </div>
    }
}

#[component]
pub fn DocumentPageView() -> impl IntoView {
    let locale = use_locale();
    let params = use_params_map();
    let page = Resource::new_blocking(
        move || {
            let p = params.read();
            (
                p.get("language").unwrap_or_default(),
                p.get("name").unwrap_or_default(),
            )
        },
        |(language, name)| read_document(language, name),
    );
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(doc) => view! { <Document doc=doc /> }.into_any(),
                    Err(e) => view! { <Title text=tr!(locale, "library.title") /> <ErrorMessage error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Document(doc: DocumentPage) -> impl IntoView {
    let locale = use_locale();
    let s = doc.summary;
    let lang = s.language.clone();
    let country = s
        .country
        .as_ref()
        .map(|c| c.get(locale).to_string())
        .unwrap_or_else(|| tr!(locale, "space.regional"));
    let topics = doc
        .topics
        .iter()
        .map(|t| view! { <li><a href=format!("/library?topic={t}")>{topic_label(t)}</a></li> })
        .collect_view();
    let translations = (!doc.translations.is_empty()).then(|| {
        let items = doc
            .translations
            .iter()
            .map(|t| {
                view! {
                    <li>
                        <a href=format!("/library/{}", t.slug) hreflang=t.language.clone() lang=t.language.clone()>
                            {language_name(locale, &t.language)}": "{t.title.clone()}
                        </a>
                    </li>
                }
            })
            .collect_view();
        view! {
            <nav class="translations" aria-label=tr!(locale, "library.other_languages")>
                <h2>{tr!(locale, "library.other_languages")}</h2>
                <ul>{items}</ul>
            </nav>
        }
    });
    let toc = (!doc.toc.is_empty()).then(|| {
        let items = doc
            .toc
            .iter()
            .map(|h| view! { <li class=format!("toc-{}", h.level)><a href=format!("#{}", h.id)>{h.text.clone()}</a></li> })
            .collect_view();
        view! {
            <nav class="toc" aria-labelledby="toc-title">
                <h2 id="toc-title">{tr!(locale, "library.contents")}</h2>
                <ol>{items}</ol>
            </nav>
        }
    });
    let related = (!doc.related.is_empty()).then(|| {
        view! {
            <section class="related" aria-labelledby="related-title">
                <h2 id="related-title">{tr!(locale, "library.related")}</h2>
                <DocumentList documents=doc.related.clone() empty=String::new() />
            </section>
        }
    });
    let threads = (!doc.threads.is_empty()).then(|| {
        let items = doc
            .threads
            .iter()
            .map(|t| view! { <li><a href=t.url.clone()>{t.title.clone()}</a>" · "{t.space_name.clone()}</li> })
            .collect_view();
        view! {
            <section class="discussed" aria-labelledby="discussed-title">
                <h2 id="discussed-title">{tr!(locale, "library.discussed_in")}</h2>
                <ul>{items}</ul>
            </section>
        }
    });
    let history = (!doc.history.is_empty()).then(|| {
        let items = doc
            .history
            .iter()
            .map(|v| {
                view! {
                    <li>{tr!(locale, "publish.version_line", number = v.number.to_string(),
                        name = v.approved_by.clone(), date = crate::dates::day(v.approved_at))}</li>
                }
            })
            .collect_view();
        view! {
            <section class="history" aria-labelledby="history-title">
                <h2 id="history-title">{tr!(locale, "publish.history")}</h2>
                <ol>{items}</ol>
            </section>
        }
    });
    view! {
        <Title text=s.title.clone() />
        <article class="document" lang=lang.clone()>
            <p class="breadcrumb"><a href="/library">{tr!(locale, "library.title")}</a></p>
            <h1>{s.title.clone()}</h1>
            <p class="lead">{s.summary.clone()}</p>
            <dl class="doc-meta">
                <dt>{tr!(locale, "search.facet_doc_kind")}</dt><dd>{kind_label(locale, &s.kind)}</dd>
                <dt>{tr!(locale, "search.facet_country")}</dt><dd>{country}</dd>
                <dt>{tr!(locale, "search.facet_language")}</dt><dd>{language_name(locale, &lang)}</dd>
                <dt>{tr!(locale, "library.published_label")}</dt><dd><time datetime=s.published_on.clone()>{s.published_on.clone()}</time></dd>
                <dt>{tr!(locale, "library.source")}</dt><dd>{doc.source.clone()}</dd>
            </dl>
            <ul class="topics" aria-label=tr!(locale, "search.facet_topics")>{topics}</ul>
            {translations}
            {toc}
            // Sanitised when the document was imported (markdown → ammonia allowlist).
            <div class="markdown" inner_html=doc.body_html.clone()></div>
        </article>
        {related}
        {threads}
        {history}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_keep_the_other_filters() {
        let f = LibraryFilters {
            language: "es".into(),
            sort: "title".into(),
            ..Default::default()
        };
        assert_eq!(
            library_link(&f, "kind", Some("guideline")),
            "/library?kind=guideline&language=es&sort=title"
        );
        assert_eq!(library_link(&f, "language", None), "/library?sort=title");
        assert_eq!(topic_label("levels-of-care"), "Levels of care");
    }
}
