//! The ENTRUST Network application.
//!
//! Compiled twice: with `ssr` for the server (pages rendered to HTML, server functions,
//! the backend) and with `hydrate` for the browser, where only the `#[island]`s come alive.
//! Dependencies point one way: `pages`/`components` → `api` → `backend`; `backend` never
//! imports UI code.

// The browser build's release profile computes the layout of views nested as deep as the
// larger tables' (types over 128 levels deep).
#![recursion_limit = "256"]

rust_i18n::i18n!("locales", fallback = "en");

pub mod api;
#[cfg(feature = "ssr")]
pub mod backend;
pub mod components;
pub mod dates;
pub mod error;
pub mod html;
pub mod i18n;
pub mod links;
/// The markdown renderer (also built alone, with the `markdown` feature, for the fuzzer).
#[cfg(feature = "markdown")]
pub mod markdown;
pub mod model;
pub mod pages;
mod shell;

pub use shell::{shell, App};

/// Entry point of the WebAssembly bundle: wakes up the islands on the current page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
