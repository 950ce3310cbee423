//! Types shared by the browser and the server: what pages show and server functions return.

pub mod affiliation;
pub mod country;
pub mod document;
pub mod draft;
pub mod email;
pub mod funding;
pub mod indicator;
pub mod live;
pub mod mission;
pub mod network;
pub mod plan;
pub mod profile;
pub mod quality;
pub mod refusal;
pub mod request;
pub mod search;
pub mod service;
pub mod space;
pub mod submission;
pub mod thread;
pub mod user;
