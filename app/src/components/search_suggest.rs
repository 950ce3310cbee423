//! The header's search box: a plain input of a GET form (so it works with JavaScript off)
//! and an empty list that `style/assets/site.js` fills with the first results as the
//! reader types (the `search` server function, the unfinished last word as a prefix).

use leptos::prelude::*;

#[component]
pub fn SearchSuggest(
    /// Placeholder and accessible name of the input, in the reader's language.
    placeholder: String,
    /// "No suggestions" line, in the reader's language.
    none: String,
) -> impl IntoView {
    view! {
        <input
            id="site-search-q"
            name="q"
            type="search"
            maxlength="200"
            autocomplete="off"
            aria-autocomplete="list"
            aria-controls="site-search-suggestions"
            placeholder=placeholder
        />
        <ul id="site-search-suggestions" class="suggestions" role="list" data-none=none hidden=true></ul>
    }
}
