//! The ENTRUST Network server process: command line, configuration, HTTP router,
//! security headers and graceful shutdown. Pages and data live in the `app` crate.

pub mod admin;
pub mod affiliation;
pub mod auth;
pub mod backup;
pub mod cli;
pub mod config;
pub mod directory;
pub mod discussion;
pub mod drafts;
pub mod forms;
pub mod funding;
pub mod indicators;
pub mod language;
pub mod live;
pub mod mailer;
pub mod membership;
pub mod metrics;
pub mod missions;
pub mod network;
pub mod oidc;
pub mod people;
pub mod plans;
pub mod precompress;
pub mod proxy;
pub mod publishing;
pub mod quality;
pub mod requests;
pub mod router;
pub mod search;
pub mod security;
pub mod spaces;
pub mod throttle;
