//! The home page: what the platform is, the spaces the reader may see, the latest library
//! documents.

use super::load;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::{library::latest_documents, spaces::list_spaces};
use crate::components::lists::{DocumentList, SpaceList};
use crate::i18n::use_locale;
use crate::tr;

#[component]
pub fn HomePage() -> impl IntoView {
    let locale = use_locale();
    let spaces = Resource::new_blocking(|| (), |_| list_spaces(6));
    let documents = Resource::new_blocking(|| (), |_| latest_documents(6));
    view! {
        <Title text="" />
        <section class="hero">
            <h1>{tr!(locale, "home.title")}</h1>
            <p class="lead">{tr!(locale, "home.intro")}</p>
        </section>
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
