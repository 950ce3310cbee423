//! Building blocks shared by pages: layout, lists, formatting, and the islands.

pub mod format;
pub mod language;
pub mod layout;
pub mod lists;
pub mod live;
#[cfg(feature = "hydrate")]
mod live_client;
pub mod menu;
pub mod search_suggest;
