//! The directory of treatment services: one GET form (words, country, region, level of
//! care, modality, medication, population, language, payment, 24-hour intake, and
//! nearest first from a city picked from a list), so every search works with JavaScript
//! off and has its own address; results with when each was last confirmed; a link to
//! export the same search as CSV. Also the labels and messages the other directory pages
//! share.

use leptos::prelude::*;

use crate::links::encode;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::load;
use crate::api::directory::read_directory;
use crate::i18n::{use_locale, Locale};
use crate::model::country::CountryName;
use crate::model::search::Sort;
use crate::model::service::{
    term_label, DirectoryAsked, DirectoryPage, ServiceHit, Term, DIRECTORY_PAGE, LEVELS,
};
use crate::tr;

/// The text of `directory.{prefix}_{code}`, or the code itself when there is none.
pub fn label(locale: Locale, prefix: &str, code: &str) -> String {
    super::keyed(locale, &format!("directory.{prefix}_{code}"), code)
}

/// What the last form post did (`?done=`) or why it was refused (`?error=`).
pub fn outcome(locale: Locale) -> impl IntoView {
    let done = [
        "saved", "verified", "linked", "reported", "reviewed", "imported", "checked",
    ];
    super::outcome_of(locale, &done, move |group, code| label(locale, group, code))
}

/// The directory's navigation; editors get their pages too.
pub fn nav(locale: Locale, editor: bool) -> impl IntoView {
    view! {
        <nav class="subnav" aria-label=tr!(locale, "directory.title")>
            <a href="/directory">{tr!(locale, "directory.title")}</a>
            {editor.then(|| view! {
                <a href="/directory/editor">{tr!(locale, "directory.editor_title")}</a>
                <a href="/directory/new">{tr!(locale, "directory.add")}</a>
                <a href="/directory/import">{tr!(locale, "directory.import_title")}</a>
            })}
        </nav>
    }
}

/// `path?…` asking for `asked` (and `extra`).
fn href(path: &str, asked: &DirectoryAsked, extra: &[(&str, String)]) -> String {
    let mut pairs: Vec<String> = asked
        .to_query()
        .into_iter()
        .map(|(k, v)| format!("{k}={}", encode(&v)))
        .collect();
    pairs.extend(extra.iter().map(|(k, v)| format!("{k}={}", encode(v))));
    if pairs.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{}", pairs.join("&"))
    }
}

fn country_name(locale: Locale, countries: &[CountryName], code: &str) -> String {
    countries
        .iter()
        .find(|c| c.code == code)
        .map_or_else(|| code.to_string(), |c| c.get(locale).to_string())
}

#[component]
pub fn DirectoryView() -> impl IntoView {
    let locale = use_locale();
    let query = use_query_map();
    let page = Resource::new_blocking(
        move || {
            let q = query.read();
            DirectoryAsked::from_query(|name| q.get(name))
        },
        read_directory,
    );
    view! {
        <Title text=tr!(locale, "directory.title") />
        {load(page, move |p| view! { <Directory page=p /> })}
    }
}

/// A `<select>` of one facet: every value it may take (with how many results have it),
/// the chosen one selected.
fn facet_select(
    locale: Locale,
    name: &'static str,
    title: String,
    options: Vec<(String, String)>,
    counts: Option<&std::collections::BTreeMap<String, u64>>,
    chosen: Option<String>,
) -> impl IntoView {
    let id = format!("f-{name}");
    let options = options
        .into_iter()
        .map(|(value, text)| {
            let n = counts.and_then(|c| c.get(&value)).copied();
            let text = match n {
                Some(n) => format!("{text} ({n})"),
                None => text,
            };
            let selected = chosen.as_deref() == Some(value.as_str());
            view! { <option value=value selected=selected>{text}</option> }
        })
        .collect_view();
    view! {
        <div class="field">
            <label for=id.clone()>{title}</label>
            <select id=id name=name>
                <option value="">{tr!(locale, "directory.any")}</option>
                {options}
            </select>
        </div>
    }
}

fn term_options(terms: &[Term], kind: &str, locale: Locale) -> Vec<(String, String)> {
    terms
        .iter()
        .filter(|t| t.kind == kind)
        .map(|t| (t.code.clone(), t.label(locale).to_string()))
        .collect()
}

#[component]
fn Directory(page: DirectoryPage) -> impl IntoView {
    let locale = use_locale();
    let asked = page.asked.clone();
    let f = &asked.filters;
    let counts = |name: &str| page.facets.get(name);
    let level_options: Vec<(String, String)> = LEVELS
        .iter()
        .map(|l| (l.to_string(), label(locale, "level", l)))
        .collect();
    let country_options: Vec<(String, String)> = page
        .countries
        .iter()
        .map(|c| (c.code.clone(), c.get(locale).to_string()))
        .collect();
    let selects = view! {
        {facet_select(locale, "country", tr!(locale, "directory.country"), country_options, counts("country"), asked.country.clone())}
        {facet_select(locale, "region", tr!(locale, "directory.region"), page.regions.clone(), counts("region"), f.region.clone())}
        {facet_select(locale, "level", tr!(locale, "directory.level"), level_options, counts("level"), f.level.clone())}
        {facet_select(locale, "modality", tr!(locale, "directory.modality"), term_options(&page.terms, "modality", locale), counts("modality"), f.modality.clone())}
        {facet_select(locale, "medication", tr!(locale, "directory.medication"), term_options(&page.terms, "medication", locale), counts("medication"), f.medication.clone())}
        {facet_select(locale, "population", tr!(locale, "directory.population"), term_options(&page.terms, "population", locale), counts("population"), f.population.clone())}
        {facet_select(locale, "speaks", tr!(locale, "directory.language"), term_options(&page.terms, "language", locale), counts("speaks"), f.speaks.clone())}
        {facet_select(locale, "payment", tr!(locale, "directory.payment"), term_options(&page.terms, "payment", locale), counts("payment"), f.payment.clone())}
    }
    .into_any();
    let places = page
        .places
        .iter()
        .map(|p| {
            let text = format!(
                "{} ({})",
                p.name,
                country_name(locale, &page.countries, &p.country)
            );
            let selected = asked.near.as_deref() == Some(p.key.as_str());
            view! { <option value=p.key.clone() selected=selected>{text}</option> }
        })
        .collect_view();
    let intake_count = counts("intake")
        .and_then(|c| c.get("yes"))
        .copied()
        .unwrap_or(0);
    let form = view! {
        <form class="directory-search" method="get" action="/directory" role="search">
            <div class="field wide">
                <label for="q">{tr!(locale, "directory.words")}</label>
                <input id="q" name="q" type="search" value=asked.q.clone() placeholder=tr!(locale, "directory.words_hint") />
            </div>
            <div class="facet-grid">{selects}</div>
            <div class="field check">
                <input id="f-intake" name="intake" type="checkbox" value="yes" checked=f.intake.is_some() />
                <label for="f-intake">{format!("{} ({intake_count})", tr!(locale, "directory.intake_24h"))}</label>
            </div>
            <fieldset class="near">
                <legend>{tr!(locale, "directory.order")}</legend>
                <div class="field">
                    <label for="sort">{tr!(locale, "directory.sort")}</label>
                    <select id="sort" name="sort">
                        <option value="relevance" selected=asked.sort != Sort::Distance>{tr!(locale, "directory.sort_relevance")}</option>
                        <option value="distance" selected=asked.sort == Sort::Distance>{tr!(locale, "directory.sort_distance")}</option>
                    </select>
                </div>
                <div class="field">
                    <label for="near">{tr!(locale, "directory.near")}</label>
                    <select id="near" name="near">
                        <option value="">{tr!(locale, "directory.near_none")}</option>
                        {places}
                    </select>
                </div>
            </fieldset>
            <button type="submit" class="primary">{tr!(locale, "directory.search")}</button>
            " "<a href="/directory">{tr!(locale, "directory.clear")}</a>
        </form>
    }
    .into_any();
    let total = page.total;
    let shown_from = (asked.page - 1) * DIRECTORY_PAGE + 1;
    let pager = {
        let prev = (asked.page > 1).then(|| {
            let h = href(
                "/directory",
                &asked,
                &[("page", (asked.page - 1).to_string())],
            );
            view! { <a rel="prev" href=h>{tr!(locale, "directory.previous")}</a> }
        });
        let next = (asked.page * DIRECTORY_PAGE < total).then(|| {
            let h = href(
                "/directory",
                &asked,
                &[("page", (asked.page + 1).to_string())],
            );
            view! { <a rel="next" href=h>{tr!(locale, "directory.next")}</a> }
        });
        view! { <nav class="pager" aria-label=tr!(locale, "directory.pages")>{prev}" "{next}</nav> }
    };
    let results = if page.unavailable {
        view! { <div class="error-box" role="alert"><p>{tr!(locale, "directory.unavailable")}</p></div> }.into_any()
    } else if page.hits.is_empty() {
        view! { <p class="empty">{tr!(locale, "directory.none")}</p> }.into_any()
    } else {
        let terms = page.terms.clone();
        let countries = page.countries.clone();
        let hits = page
            .hits
            .into_iter()
            .map(|h| view! { <HitLine hit=h terms=terms.clone() countries=countries.clone() /> })
            .collect_view();
        view! {
            <ol class="services" start=shown_from>{hits}</ol>
            {pager}
        }
        .into_any()
    };
    let export = href("/directory.csv", &asked, &[]);
    view! {
        {nav(locale, page.editor)}
        <h1>{tr!(locale, "directory.title")}</h1>
        <p class="lead">{tr!(locale, "directory.intro")}</p>
        {outcome(locale)}
        {form}
        <section aria-labelledby="results-title" class="directory-results">
            <h2 id="results-title">{tr!(locale, "directory.results", count = total.to_string())}</h2>
            <p><a href=export download="treatment-services.csv">{tr!(locale, "directory.export")}</a></p>
            {results}
        </section>
    }
}

/// One service in a list: name, level, place, what it offers, payment, when confirmed.
#[component]
pub fn HitLine(hit: ServiceHit, terms: Vec<Term>, countries: Vec<CountryName>) -> impl IntoView {
    let locale = use_locale();
    let place = [
        hit.district.clone(),
        hit.region.clone(),
        country_name(locale, &countries, &hit.country),
    ]
    .into_iter()
    .filter(|p| !p.is_empty())
    .collect::<Vec<_>>()
    .join(", ");
    let offers = hit
        .modalities
        .iter()
        .map(|m| term_label(&terms, "modality", m, locale))
        .collect::<Vec<_>>()
        .join(" · ");
    let pays = hit
        .payments
        .iter()
        .map(|m| term_label(&terms, "payment", m, locale))
        .collect::<Vec<_>>()
        .join(" · ");
    view! {
        <li class="service-hit">
            <h3><a href=format!("/directory/{}", hit.id)>{hit.name.clone()}</a></h3>
            <p class="meta">
                <span class="level">{label(locale, "level", &hit.level)}</span>
                " · "{place}
                {hit.distance_km.map(|d| view! { " · "<span class="distance">{tr!(locale, "directory.km", km = format!("{d:.0}"))}</span> })}
            </p>
            {(!offers.is_empty()).then(|| view! { <p>{offers}</p> })}
            {(!pays.is_empty()).then(|| view! { <p class="meta">{tr!(locale, "directory.payment")}": "{pays}</p> })}
            <p class="meta">
                {hit.intake_24h.then(|| view! { <span class="badge">{tr!(locale, "directory.intake_24h")}</span>" " })}
                {(!hit.public_listing).then(|| view! { <span class="badge warn">{tr!(locale, "directory.unlisted")}</span>" " })}
                {tr!(locale, "directory.verified_on", date = hit.verified_on.clone())}
                {hit.stale.then(|| view! { " "<span class="badge warn">{tr!(locale, "directory.stale")}</span> })}
            </p>
        </li>
    }
}
