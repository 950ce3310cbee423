//! The 404 page, for unknown addresses.

use leptos::prelude::*;
use leptos_meta::Title;

use super::set_status;
use crate::i18n::use_locale;
use crate::tr;

#[component]
pub fn NotFound() -> impl IntoView {
    let locale = use_locale();
    set_status(404);
    view! {
        <Title text=tr!(locale, "not_found.title") />
        <section class="not-found">
            <h1>{tr!(locale, "not_found.title")}</h1>
            <p>{tr!(locale, "not_found.body")}</p>
            <p><a href="/">{tr!(locale, "not_found.home")}</a></p>
        </section>
    }
}
