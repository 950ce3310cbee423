//! The library index: the most recently published documents.

use leptos::prelude::*;
use leptos_meta::Title;

use super::ErrorMessage;
use crate::api::library::latest_documents;
use crate::components::lists::DocumentList;
use crate::i18n::use_locale;
use crate::tr;

#[component]
pub fn LibraryPage() -> impl IntoView {
    let locale = use_locale();
    let documents = Resource::new_blocking(|| (), |_| latest_documents(100));
    view! {
        <Title text=tr!(locale, "library.title") />
        <h1>{tr!(locale, "library.title")}</h1>
        <p class="lead">{tr!(locale, "library.intro")}</p>
        <Suspense>
            {move || Suspend::new(async move {
                match documents.await {
                    Ok(list) => view! { <DocumentList documents=list empty=tr!(locale, "library.none") /> }.into_any(),
                    Err(e) => view! { <ErrorMessage error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
