//! What a country's directory editors look after: records not confirmed for a year
//! (stale), records not listed publicly, and corrections readers reported that wait for a
//! decision.

use leptos::prelude::*;
use leptos_meta::Title;

use super::directory::{nav, outcome, HitLine};
use super::load;
use crate::api::directory::read_directory_editor;
use crate::components::format::day;
use crate::i18n::use_locale;
use crate::model::service::{EditorPage, ServiceHit};
use crate::tr;

#[component]
pub fn DirectoryEditorView() -> impl IntoView {
    let page = Resource::new_blocking(|| (), |()| read_directory_editor());
    view! { {load(page, move |p| view! { <Editor page=p /> })} }
}

#[component]
fn Editor(page: EditorPage) -> impl IntoView {
    let locale = use_locale();
    let title = tr!(locale, "directory.editor_title");
    let countries = page
        .countries
        .iter()
        .map(|c| c.get(locale).to_string())
        .collect::<Vec<_>>()
        .join(", ");
    let list = |hits: Vec<ServiceHit>, empty: String| {
        if hits.is_empty() {
            view! { <p class="empty">{empty}</p> }.into_any()
        } else {
            let (countries, terms) = (page.countries.clone(), page.terms.clone());
            view! {
                <ol class="services">
                    {hits.into_iter().map(|h| view! { <HitLine hit=h terms=terms.clone() countries=countries.clone() /> }).collect_view()}
                </ol>
            }
            .into_any()
        }
    };
    let corrections = if page.corrections.is_empty() {
        view! { <p class="empty">{tr!(locale, "directory.no_open_corrections")}</p> }.into_any()
    } else {
        page.corrections
            .iter()
            .map(|c| {
                view! {
                    <li class="correction">
                        <p><a href=format!("/directory/{}#corrections", c.service_id)>{c.service_name.clone()}</a></p>
                        <p class="meta">{c.reporter.clone().unwrap_or_default()}" · "{day(c.reported_at)}</p>
                        <p class="body">{c.body.clone()}</p>
                    </li>
                }
            })
            .collect_view()
            .into_any()
    };
    view! {
        <Title text=title.clone() />
        {nav(locale, true)}
        {outcome(locale)}
        <h1>{title}</h1>
        <p class="lead">{tr!(locale, "directory.editor_intro", countries = countries, total = page.total.to_string())}</p>
        <section aria-labelledby="corrections-title">
            <h2 id="corrections-title">{tr!(locale, "directory.open_corrections")}" "<span class="count">{page.corrections.len()}</span></h2>
            <ul class="corrections">{corrections}</ul>
        </section>
        <section aria-labelledby="stale-title">
            <h2 id="stale-title">{tr!(locale, "directory.stale_title")}" "<span class="count">{page.stale.len()}</span></h2>
            <p>{tr!(locale, "directory.stale_intro")}</p>
            {list(page.stale.clone(), tr!(locale, "directory.no_stale"))}
        </section>
        <section aria-labelledby="unlisted-title">
            <h2 id="unlisted-title">{tr!(locale, "directory.unlisted_title")}" "<span class="count">{page.unlisted.len()}</span></h2>
            {list(page.unlisted.clone(), tr!(locale, "directory.no_unlisted"))}
        </section>
    }
}
