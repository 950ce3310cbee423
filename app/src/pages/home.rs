//! The home page: what the platform is, the funding deadlines coming up (for staff and
//! focal points), the spaces the reader may see, the latest library documents.

use super::load;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::{funding::upcoming_deadlines, library::latest_documents, spaces::list_spaces};
use crate::components::lists::{DocumentList, SpaceList};
use crate::i18n::{use_locale, Locale};
use crate::model::funding::UpcomingDeadline;
use crate::model::quality::text_in;
use crate::tr;

#[component]
pub fn HomePage() -> impl IntoView {
    let locale = use_locale();
    let spaces = Resource::new_blocking(|| (), |_| list_spaces(6));
    let documents = Resource::new_blocking(|| (), |_| latest_documents(6));
    let deadlines = Resource::new_blocking(|| (), |_| upcoming_deadlines());
    view! {
        <Title text="" />
        <section class="hero">
            <h1>{tr!(locale, "home.title")}</h1>
            <p class="lead">{tr!(locale, "home.intro")}</p>
        </section>
        {load(deadlines, move |list| deadlines_view(locale, list))}
        <div class="columns">
            <section aria-labelledby="home-spaces">
                <h2 id="home-spaces">{tr!(locale, "home.spaces")}</h2>
                {load(spaces, move |list| view! { <SpaceList spaces=list empty=tr!(locale, "home.no_spaces") /> })}
                <p><a class="more" href="/spaces">{tr!(locale, "home.all_spaces")}</a></p>
            </section>
            <section aria-labelledby="home-library">
                <h2 id="home-library">{tr!(locale, "home.library")}</h2>
                {load(documents, move |list| view! { <DocumentList documents=list empty=tr!(locale, "home.no_documents") /> })}
                <p><a class="more" href="/library">{tr!(locale, "home.all_library")}</a></p>
            </section>
        </div>
    }
}

/// Funding deadlines of the coming weeks; nothing for those who get none (everyone but
/// staff and focal points).
fn deadlines_view(locale: Locale, list: Vec<UpcomingDeadline>) -> AnyView {
    if list.is_empty() {
        return ().into_any();
    }
    let items = list
        .into_iter()
        .map(|d| {
            view! {
                <li>
                    <time datetime=d.due_on.clone()>{d.due_on.clone()}</time>" — "
                    <a href=format!("/funding/{}", d.mechanism_id)>{text_in(&d.name, locale).to_string()}</a>
                    {(!d.label.is_empty()).then(|| view! { <span class="meta">" · "{d.label.clone()}</span> })}
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="deadlines-soon" aria-labelledby="home-deadlines">
            <h2 id="home-deadlines">{tr!(locale, "home.deadlines")}</h2>
            <ul>{items}</ul>
            <p><a class="more" href="/funding?open=1">{tr!(locale, "home.all_funding")}</a></p>
        </section>
    }
    .into_any()
}
