//! The network of countries and people: the index of countries and a country's page (the
//! page a staff member opens before a call with that country, `country`), and the network
//! directory (`directory`): spaces their owners mark as working groups (`groups`), and
//! people who chose to be listed (`listing`). Each part goes through the rule of the area it comes
//! from; nobody appears in the directory but by their own choice.

pub mod country;
pub mod directory;
pub mod groups;
pub mod listing;

pub use country::{country, index};
