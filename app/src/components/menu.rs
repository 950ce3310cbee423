//! The header's menu: on narrow screens the navigation folds behind a button.
//!
//! Rendered with the navigation open and the button hidden, so it works with JavaScript
//! off; `style/assets/site.js` (plain JavaScript, no WebAssembly) shows the button and
//! folds the menu.

use leptos::prelude::*;

#[component]
pub fn MenuToggle(label: String, children: Children) -> impl IntoView {
    view! {
        <div class="menu">
            <button
                type="button"
                class="menu-toggle"
                aria-controls="site-menu"
                aria-expanded="false"
                hidden=true
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
