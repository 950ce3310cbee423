//! The header's search box. Rendered on the server as a plain input of a GET form (so it
//! works with JavaScript off); in the browser it also suggests the first results as the
//! reader types, matching the unfinished last word as a prefix.

use leptos::prelude::*;

#[island]
pub fn SearchSuggest(
    /// Placeholder and accessible name of the input, in the reader's language.
    placeholder: String,
    /// "No suggestions" line, in the reader's language.
    none: String,
) -> impl IntoView {
    let (items, set_items) = signal(Vec::<(String, String, String)>::new());
    let (open, set_open) = signal(false);
    // Each keystroke bumps the generation; only the newest search's answer is shown.
    let generation = StoredValue::new(0u64);
    let on_input = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        let current = generation.get_value() + 1;
        generation.set_value(current);
        if text.trim().chars().count() < 2 {
            set_open.set(false);
            return;
        }
        // A short pause first, so a fast typist sends one request, not one per letter.
        set_timeout(
            move || {
                if generation.get_value() != current {
                    return;
                }
                leptos::task::spawn_local(async move {
                    let answer = crate::api::search::search(
                        text,
                        None,
                        None,
                        None,
                        None,
                        None,
                        None,
                        None,
                        Some(true),
                    )
                    .await;
                    if generation.get_value() != current {
                        return;
                    }
                    let found = answer
                        .map(|page| {
                            page.results
                                .hits
                                .into_iter()
                                .map(|h| {
                                    // A document's context is its long source line; its
                                    // language says more in a short list.
                                    let extra = match h.kind {
                                        crate::model::search::ItemKind::Document => {
                                            h.language.unwrap_or_default()
                                        }
                                        _ => h.context,
                                    };
                                    (h.title, h.url, extra)
                                })
                                .collect()
                        })
                        .unwrap_or_default();
                    set_items.set(found);
                    set_open.set(true);
                });
            },
            std::time::Duration::from_millis(180),
        );
    };
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
            on:input=on_input
            on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                if ev.key() == "Escape" {
                    set_open.set(false);
                }
            }
        />
        <ul id="site-search-suggestions" class="suggestions" role="list" hidden=move || !open.get()>
            {move || {
                let list = items.get();
                if list.is_empty() {
                    view! { <li class="empty">{none.clone()}</li> }.into_any()
                } else {
                    list.into_iter()
                        .map(|(title, url, context)| {
                            view! {
                                <li>
                                    <a href=url>{title}</a>
                                    {(!context.is_empty()).then(|| view! { " " <span class="count">{context}</span> })}
                                </li>
                            }
                        })
                        .collect_view()
                        .into_any()
                }
            }}
        </ul>
    }
}
