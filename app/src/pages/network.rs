//! The network directory: working groups (topic, countries, focal points, members,
//! recent activity, how to join) and the people who chose to be listed, filtered by
//! country, language and words as a plain GET form; and the reader's own listing, which
//! only they can turn on or off.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{keyed, load};
use crate::api::network::read_network;
use crate::i18n::{use_locale, Locale};
use crate::model::network::{ListedPerson, MyListing, NetworkAsked, NetworkPage, WorkingGroup};
use crate::model::plan::KeptForm;
use crate::tr;

fn label(locale: Locale, group: &str, code: &str) -> String {
    keyed(locale, &format!("network.{group}_{code}"), code)
}

#[component]
pub fn NetworkView() -> impl IntoView {
    let query = use_query_map();
    let page = Resource::new_blocking(
        move || {
            let q = query.read();
            let get = |k: &str| q.get(k).unwrap_or_default();
            (
                NetworkAsked {
                    country: get("country"),
                    language: get("language"),
                    q: get("q"),
                },
                q.get("form"),
            )
        },
        |(asked, form)| read_network(asked, form),
    );
    view! { {load(page, move |p| view! { <Directory page=p /> })} }
}

fn group_card(locale: Locale, g: &WorkingGroup) -> impl IntoView {
    let countries = g
        .countries
        .iter()
        .map(|c| view! { <li><a href=format!("/countries/{}", c.code)>{c.get(locale).to_string()}</a></li> })
        .collect_view();
    let focal = g.focal_points.as_ref().map(|list| {
        let names = if list.is_empty() {
            view! { {tr!(locale, "network.no_focal_points")} }.into_any()
        } else {
            list.iter()
                .map(|p| view! { <a href=format!("/people/{}", p.username)>{p.display_name.clone()}</a>" " })
                .collect_view()
                .into_any()
        };
        view! { <div><dt>{tr!(locale, "network.focal_points")}</dt><dd>{names}</dd></div> }
    });
    view! {
        <li class="group">
            <h3><a href=format!("/spaces/{}", g.space.slug)>{g.space.name.clone()}</a></h3>
            <p class="meta">{g.topic.clone()}</p>
            <ul class="inline-list">{countries}</ul>
            <dl class="facts pairs">
                {focal}
                <div><dt>{tr!(locale, "network.members")}</dt><dd>{g.members.to_string()}</dd></div>
                <div><dt>{tr!(locale, "network.activity")}</dt><dd>{tr!(locale, "network.posts_n", n = g.posts_30_days.to_string())}</dd></div>
                {(!g.how_to_join.is_empty()).then(|| view! { <div><dt>{tr!(locale, "network.how_to_join")}</dt><dd class="pre-line">{g.how_to_join.clone()}</dd></div> })}
            </dl>
        </li>
    }
}

fn person_card(locale: Locale, p: &ListedPerson) -> impl IntoView {
    let languages = p
        .languages
        .iter()
        .map(|l| keyed(locale, &format!("profile.lang_{l}"), l))
        .collect::<Vec<_>>()
        .join(", ");
    view! {
        <li class="person">
            <h3><a href=format!("/people/{}", p.username)>{p.display_name.clone()}</a></h3>
            <p class="meta">
                {p.position.clone()}
                {(!p.organisation.is_empty()).then(|| format!(" · {}", p.organisation))}
                {p.country.as_ref().map(|c| format!(" · {}", c.get(locale)))}
            </p>
            {(!p.expertise.is_empty()).then(|| view! { <p>{p.expertise.clone()}</p> })}
            {(!languages.is_empty()).then(|| view! { <p class="meta">{languages}</p> })}
        </li>
    }
}

fn listing_form(locale: Locale, me: &MyListing, kept: Option<&KeptForm>) -> impl IntoView {
    let v = |name: &str, current: &str| {
        KeptForm::value(kept, "listing", name).unwrap_or_else(|| current.to_string())
    };
    let listed = match kept.filter(|k| k.key == "listing") {
        Some(k) => k.fields.iter().any(|(n, _)| n == "listed"),
        None => me.listed,
    };
    view! {
        <section id="listing" aria-labelledby="listing-title" class="form-block">
            <h2 id="listing-title">{tr!(locale, "network.your_listing")}</h2>
            <p class="hint">{tr!(locale, "network.listing_hint")}</p>
            <form method="post" action="/network/listing" class="stacked narrow-form">
                <label class="check"><input type="checkbox" name="listed" value="1" checked=listed />" "{tr!(locale, "network.list_me")}</label>
                <label>{label(locale, "field", "position")}
                    <input name="position" maxlength="200" value=v("position", &me.position) />
                </label>
                <label>{label(locale, "field", "expertise")}
                    <textarea name="expertise" rows="3" maxlength="1000">{v("expertise", &me.expertise)}</textarea>
                </label>
                <button type="submit" class="primary">{tr!(locale, "network.save")}</button>
            </form>
        </section>
    }
}

#[component]
fn Directory(page: NetworkPage) -> impl IntoView {
    let locale = use_locale();
    let title = tr!(locale, "network.title");
    let asked = page.asked.clone();
    let country_options = page
        .countries
        .iter()
        .map(|c| view! { <option value=c.code.clone() selected=asked.country == c.code>{c.get(locale).to_string()}</option> })
        .collect_view();
    let language_options = ["en", "es", "pt", "fr"]
        .into_iter()
        .map(|l| view! { <option value=l selected=asked.language == l>{keyed(locale, &format!("profile.lang_{l}"), l)}</option> })
        .collect_view();
    let groups = if page.groups.is_empty() {
        view! { <p class="empty">{tr!(locale, "network.no_groups")}</p> }.into_any()
    } else {
        let items = page
            .groups
            .iter()
            .map(|g| group_card(locale, g))
            .collect_view();
        view! { <ul class="mechanisms groups">{items}</ul> }.into_any()
    };
    let people = match &page.people {
        None => view! { <p class="meta">{tr!(locale, "network.sign_in_for_people_list")}</p> }
            .into_any(),
        Some(list) if list.is_empty() => {
            view! { <p class="empty">{tr!(locale, "network.no_people")}</p> }.into_any()
        }
        Some(list) => {
            let items = list.iter().map(|p| person_card(locale, p)).collect_view();
            view! { <ul class="mechanisms people">{items}</ul> }.into_any()
        }
    };
    let mine = page
        .me
        .as_ref()
        .map(|me| listing_form(locale, me, page.kept.as_ref()));
    view! {
        <Title text=title.clone() />
        {super::outcome_of(locale, &["saved"], move |group, code| label(locale, group, code))}
        <h1>{title}</h1>
        <p class="lead">{tr!(locale, "network.intro")}</p>
        <form method="get" action="/network" class="search-form" role="search">
            <label for="network-q">{tr!(locale, "funding.words")}</label>
            <input id="network-q" name="q" type="search" value=asked.q.clone() maxlength="200" />
            <label for="network-country">{tr!(locale, "network.country")}</label>
            <select id="network-country" name="country"><option value="">{tr!(locale, "funding.any")}</option>{country_options}</select>
            <label for="network-language">{tr!(locale, "network.language")}</label>
            <select id="network-language" name="language"><option value="">{tr!(locale, "funding.any")}</option>{language_options}</select>
            <button type="submit">{tr!(locale, "funding.search")}</button>
        </form>
        <section aria-labelledby="groups-title">
            <h2 id="groups-title">{tr!(locale, "network.groups")}</h2>
            {groups}
        </section>
        <section aria-labelledby="people-title">
            <h2 id="people-title">{tr!(locale, "network.people")}</h2>
            {people}
        </section>
        {mine}
    }
}
