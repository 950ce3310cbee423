//! A country's page — focal points, spaces, plans, requests in progress, directory
//! coverage, latest assessment, funding open to it — and the index of countries that
//! links them. Each part appears only when the reader may see it; the backend leaves out
//! the rest, so a visitor reads the public parts.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::load;
use crate::api::network::{read_countries, read_country};
use crate::i18n::{use_locale, Locale};
use crate::model::country::Participation;
use crate::model::network::{CountryIndex, CountryPage};
use crate::model::quality::text_in;
use crate::tr;

fn participation(locale: Locale, p: Participation) -> String {
    match p {
        Participation::Active => tr!(locale, "network.active"),
        Participation::NonParticipating => tr!(locale, "network.non_participating"),
        Participation::Withdrawn => tr!(locale, "network.withdrawn"),
    }
}

#[component]
pub fn CountriesView() -> impl IntoView {
    let page = Resource::new_blocking(|| (), |_| read_countries());
    view! { {load(page, move |p| view! { <Countries page=p /> })} }
}

#[component]
fn Countries(page: CountryIndex) -> impl IntoView {
    let locale = use_locale();
    let title = tr!(locale, "network.countries");
    let items = page
        .countries
        .iter()
        .map(|c| {
            let state = (c.participation != Participation::Active)
                .then(|| view! { <span class="meta">" · "{participation(locale, c.participation)}</span> });
            view! { <li><a href=format!("/countries/{}", c.code)>{c.name(locale).to_string()}</a>{state}</li> }
        })
        .collect_view();
    view! {
        <Title text=title.clone() />
        <h1>{title}</h1>
        <p class="lead">{tr!(locale, "network.countries_intro")}</p>
        <ul class="country-index">{items}</ul>
    }
}

#[component]
pub fn CountryView() -> impl IntoView {
    let params = use_params_map();
    let page = Resource::new_blocking(
        move || params.read().get("code").unwrap_or_default(),
        read_country,
    );
    view! { {load(page, move |p| view! { <Country page=p /> })} }
}

/// A section with its heading, the list when there is something in it, else `empty`.
fn part(id: &'static str, heading: String, body: Option<AnyView>, empty: String) -> impl IntoView {
    view! {
        <section aria-labelledby=id class="country-part">
            <h2 id=id>{heading}</h2>
            {body.unwrap_or_else(|| view! { <p class="empty">{empty}</p> }.into_any())}
        </section>
    }
}

#[component]
fn Country(page: CountryPage) -> impl IntoView {
    let locale = use_locale();
    let name = page.country.name(locale).to_string();
    let code = page.country.code.clone();
    let status = (page.country.participation != Participation::Active).then(|| {
        let since = page
            .country
            .status_since
            .clone()
            .map(|d| format!(" ({d})"))
            .unwrap_or_default();
        view! { <p class="notice">{participation(locale, page.country.participation)}{since}</p> }
    });
    let focal = match &page.focal_points {
        None => {
            view! { <p class="meta">{tr!(locale, "network.sign_in_for_people")}</p> }.into_any()
        }
        Some(list) if list.is_empty() => {
            view! { <p class="empty">{tr!(locale, "network.no_focal_points")}</p> }.into_any()
        }
        Some(list) => {
            let items = list
                .iter()
                .map(|p| view! { <li><a href=format!("/people/{}", p.username)>{p.display_name.clone()}</a></li> })
                .collect_view();
            view! { <ul class="inline-list">{items}</ul> }.into_any()
        }
    };
    let spaces = (!page.spaces.is_empty()).then(|| {
        let items = page
            .spaces
            .iter()
            .map(|s| {
                let vis = super::keyed(locale, &format!("visibility.{}", s.visibility), &s.visibility);
                view! { <li><a href=format!("/spaces/{}", s.slug)>{s.name.clone()}</a>" "<span class="badge">{vis}</span></li> }
            })
            .collect_view();
        view! { <ul>{items}</ul> }.into_any()
    });
    let plans = (!page.plans.is_empty()).then(|| {
        let items = page
            .plans
            .iter()
            .map(|p| {
                view! {
                    <li>
                        <a href=format!("/plans/{}", p.id)>{p.title.clone()}</a>" "
                        {super::plans::plan_badges(locale, p)}
                        <span class="meta">" · "{format!("{} – {}", p.starts_on, p.ends_on)}</span>
                    </li>
                }
            })
            .collect_view();
        view! { <ul>{items}</ul> }.into_any()
    });
    let requests = page.requests.as_ref().map(|list| {
        let body = (!list.is_empty()).then(|| {
            let items = list
                .iter()
                .map(|r| {
                    view! {
                        <li>
                            <a href=format!("/requests/{}", r.id)>{r.title.clone()}</a>" "
                            {super::requests::status_badges(locale, r)}
                        </li>
                    }
                })
                .collect_view();
            view! { <ul>{items}</ul> }.into_any()
        });
        part(
            "country-requests",
            tr!(locale, "network.requests"),
            body,
            tr!(locale, "network.no_requests"),
        )
    });
    let missions = page.missions.as_ref().map(|list| {
        let body = (!list.is_empty()).then(|| {
            let items = list
                .iter()
                .map(|m| {
                    view! {
                        <li>
                            <a href=format!("/missions/{}", m.id)>{m.title.clone()}</a>" "
                            {super::missions::status_badge(locale, &m.status)}
                            <span class="meta">" · "{super::missions::dates(m)}</span>
                        </li>
                    }
                })
                .collect_view();
            view! { <ul>{items}</ul> }.into_any()
        });
        part(
            "country-missions",
            tr!(locale, "network.missions"),
            body,
            tr!(locale, "network.no_missions"),
        )
    });
    let listed: i64 = page.coverage.iter().map(|(_, n)| n).sum();
    let coverage = (listed > 0).then(|| {
        let rows = page
            .coverage
            .iter()
            .map(|(level, n)| {
                view! { <tr><th scope="row">{super::directory::label(locale, "level", level)}</th><td>{n.to_string()}</td></tr> }
            })
            .collect_view();
        view! {
            <table class="list compact">
                <tbody>{rows}</tbody>
                <tfoot><tr><th scope="row">{tr!(locale, "network.total")}</th><td>{listed.to_string()}</td></tr></tfoot>
            </table>
            <p><a class="more" href=format!("/directory?country={code}")>{tr!(locale, "network.see_directory")}</a></p>
        }
        .into_any()
    });
    let campaign = page.campaign.as_ref().map(|c| {
        view! {
            <p>
                <a href=format!("/quality/campaigns/{}", c.id)>{c.title.clone()}</a>
                <span class="meta">" · "{text_in(&c.instrument, locale).to_string()}" · "{format!("{} – {}", c.starts_on, c.ends_on)}</span>
            </p>
            <p>{tr!(locale, "quality.closed_of", closed = c.closed.to_string(), n = c.services.to_string())}</p>
        }
        .into_any()
    });
    let funding = view! {
        <p><a href=format!("/funding?country={}", page.country.code)>{tr!(locale, "network.funding_n", n = page.funding.to_string())}</a></p>
    }
    .into_any();
    view! {
        <Title text=name.clone() />
        <nav class="subnav" aria-label=tr!(locale, "network.countries")>
            <a href="/countries">{tr!(locale, "network.countries")}</a>
        </nav>
        <h1>{name}</h1>
        {status}
        <div class="country-grid">
            <section aria-labelledby="country-focal" class="country-part">
                <h2 id="country-focal">{tr!(locale, "network.focal_points")}</h2>
                {focal}
            </section>
            {part("country-spaces", tr!(locale, "network.spaces"), spaces, tr!(locale, "network.no_spaces"))}
            {part("country-plans", tr!(locale, "network.plans"), plans, tr!(locale, "network.no_plans"))}
            {requests}
            {missions}
            {part("country-directory", tr!(locale, "network.directory"), coverage, tr!(locale, "network.no_services"))}
            {part("country-quality", tr!(locale, "network.assessment"), campaign, tr!(locale, "network.no_assessment"))}
            {part("country-funding", tr!(locale, "network.funding"), Some(funding), String::new())}
        </div>
    }
}
