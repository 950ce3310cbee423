//! The search results page behind the header's search box.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::ErrorMessage;
use crate::api::search::search;
use crate::components::lists::{DocumentList, SpaceList};
use crate::i18n::use_locale;
use crate::tr;

#[component]
pub fn SearchPage() -> impl IntoView {
    let locale = use_locale();
    let query = use_query_map();
    let results = Resource::new_blocking(move || query.read().get("q").unwrap_or_default(), search);
    view! {
        <Title text=tr!(locale, "search.title") />
        <h1>{tr!(locale, "search.title")}</h1>
        <Suspense>
            {move || Suspend::new(async move {
                match results.await {
                    Ok(r) if r.query.is_empty() => {
                        view! { <p class="empty">{tr!(locale, "search.empty_query")}</p> }.into_any()
                    }
                    Ok(r) if r.spaces.is_empty() && r.documents.is_empty() => {
                        view! { <p class="empty">{tr!(locale, "search.none", query = r.query.clone())}</p> }.into_any()
                    }
                    Ok(r) => view! {
                        <p class="lead">{tr!(locale, "search.results_for", query = r.query.clone())}</p>
                        <section aria-labelledby="results-spaces">
                            <h2 id="results-spaces">{tr!(locale, "search.spaces")}</h2>
                            <SpaceList spaces=r.spaces empty=tr!(locale, "spaces.none") />
                        </section>
                        <section aria-labelledby="results-documents">
                            <h2 id="results-documents">{tr!(locale, "search.documents")}</h2>
                            <DocumentList documents=r.documents empty=tr!(locale, "library.none") />
                        </section>
                    }.into_any(),
                    Err(e) => view! { <ErrorMessage error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
