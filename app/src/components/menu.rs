//! The header's menu island: on narrow screens the navigation folds behind a button.
//!
//! Rendered on the server with the navigation open and the button hidden, so it works with
//! JavaScript off; once the island hydrates it folds the menu and shows the button.

use leptos::prelude::*;

#[island]
pub fn MenuToggle(label: String, children: Children) -> impl IntoView {
    let (ready, set_ready) = signal(false);
    let (open, set_open) = signal(false);
    // Effects only run in the browser, so `ready` turns true exactly when the island is alive.
    Effect::new(move |_| set_ready.set(true));
    view! {
        <div class="menu" class:menu-ready=ready class:menu-open=open>
            <button
                type="button"
                class="menu-toggle"
                aria-controls="site-menu"
                aria-expanded=move || open.get().to_string()
                hidden=move || !ready.get()
                on:click=move |_| set_open.update(|o| *o = !*o)
            >
                <span class="menu-icon" aria-hidden="true"></span>
                {label}
            </button>
            <div id="site-menu" class="menu-panel">
                {children()}
            </div>
        </div>
    }
}
