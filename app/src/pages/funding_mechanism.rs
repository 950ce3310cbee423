//! One funding mechanism: who funds it, what it funds, for which countries, how much, its
//! cycle and deadlines (past ones marked), how to apply, whom to ask, and when programme
//! staff last checked it; staff change it with the same form that adds one.

use leptos::prelude::*;
use leptos_meta::Title;

use super::funding::{amounts, country_name, label, mechanism_form, outcome};
use super::{id_and_form, load};
use crate::api::funding::read_mechanism;
use crate::i18n::use_locale;
use crate::links::is_link_to_follow;
use crate::model::funding::MechanismPage;
use crate::model::quality::text_in;
use crate::tr;

#[component]
pub fn MechanismView() -> impl IntoView {
    let page = Resource::new_blocking(id_and_form(), |(id, form)| read_mechanism(id, form));
    view! { {load(page, move |p| view! { <Mechanism page=p /> })} }
}

#[component]
fn Mechanism(page: MechanismPage) -> impl IntoView {
    let locale = use_locale();
    let m = page.mechanism.clone();
    let title = text_in(&m.name, locale).to_string();
    let countries = m
        .countries
        .iter()
        .map(|c| view! { <li>{country_name(&page.countries, c, locale)}</li> })
        .collect_view();
    let deadlines = if m.deadlines.is_empty() {
        view! { <p class="empty">{tr!(locale, "funding.no_deadlines")}</p> }.into_any()
    } else {
        let items = m
            .deadlines
            .iter()
            .map(|d| {
                let past = d.due_on < page.today;
                view! {
                    <li class:past=past>
                        <time datetime=d.due_on.clone()>{d.due_on.clone()}</time>
                        {(!d.label.is_empty()).then(|| format!(" · {}", d.label))}
                        {past.then(|| view! { <span class="meta">" ("{tr!(locale, "funding.past")}")"</span> })}
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="deadlines">{items}</ul> }.into_any()
    };
    let apply = text_in(&m.apply, locale).to_string();
    let link = (!m.url.is_empty() && is_link_to_follow(&m.url)).then(|| {
        view! { <p><a href=m.url.clone() rel="noopener noreferrer nofollow" target="_blank">{m.url.clone()}</a></p> }
    });
    let edit = page.staff.then(|| {
        let open = page.kept.as_ref().is_some_and(|k| k.key == "mechanism");
        view! {
            <details class="form-block" id="edit" open=open>
                <summary>{tr!(locale, "funding.edit")}</summary>
                {mechanism_form(locale, format!("/funding/{}", m.id), "mechanism", Some(&m), &page.countries, page.kept.as_ref())}
            </details>
        }
    });
    view! {
        <Title text=title.clone() />
        <nav class="subnav" aria-label=tr!(locale, "funding.title")>
            <a href="/funding">{tr!(locale, "funding.title")}</a>
        </nav>
        {outcome(locale)}
        <h1>{title}</h1>
        <p class="meta">{m.funder.clone()}" · "{label(locale, "kind", &m.kind)}" · "{label(locale, "cycle", &m.cycle)}</p>
        <p class="lead">{text_in(&m.funds, locale).to_string()}</p>
        <dl class="facts pairs">
            {amounts(&m, locale).map(|a| view! { <div><dt>{tr!(locale, "funding.amounts")}</dt><dd>{a}</dd></div> })}
            <div><dt>{label(locale, "field", "contact")}</dt><dd>{if m.contact.is_empty() { "—".to_string() } else { m.contact.clone() }}</dd></div>
            <div><dt>{label(locale, "field", "verified_on")}</dt><dd>{m.verified_on.clone().unwrap_or_else(|| tr!(locale, "funding.never_verified"))}</dd></div>
        </dl>
        <section aria-labelledby="countries-title">
            <h2 id="countries-title">{label(locale, "field", "country")}</h2>
            <ul class="inline-list">{countries}</ul>
        </section>
        <section aria-labelledby="deadlines-title">
            <h2 id="deadlines-title">{label(locale, "field", "deadlines")}</h2>
            {deadlines}
        </section>
        <section aria-labelledby="apply-title">
            <h2 id="apply-title">{tr!(locale, "funding.apply")}</h2>
            {if apply.is_empty() { view! { <p class="empty">"—"</p> }.into_any() } else { view! { <p class="pre-line">{apply}</p> }.into_any() }}
            {link}
        </section>
        {edit}
    }
}
