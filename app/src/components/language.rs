//! The language switcher: a plain form, so it works without JavaScript.
//!
//! `POST /lang` with `to=es&next=/current/page` sets the `lang` cookie and sends the reader
//! back (a POST: a link or image elsewhere must not switch anyone's language).

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::i18n::{use_locale, Locale};
use crate::tr;

#[component]
pub fn LanguageSwitcher() -> impl IntoView {
    let locale = use_locale();
    let location = use_location();
    let next = move || {
        let search = location.search.get();
        let search = search.trim_start_matches('?');
        if search.is_empty() {
            location.pathname.get()
        } else {
            format!("{}?{search}", location.pathname.get())
        }
    };
    view! {
        <form class="language" method="post" action="/lang">
            <fieldset>
                <legend>{tr!(locale, "lang.label")}</legend>
                <input type="hidden" name="next" value=next />
                {Locale::ALL
                    .into_iter()
                    .map(|l| {
                        view! {
                            <button
                                type="submit"
                                name="to"
                                value=l.code()
                                lang=l.code()
                                aria-pressed=(l == locale).to_string()
                            >
                                {l.endonym()}
                            </button>
                        }
                    })
                    .collect_view()}
            </fieldset>
        </form>
    }
}
