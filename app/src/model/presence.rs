//! Who is present in a live room: what the server's socket sends and the island shows.

use serde::{Deserialize, Serialize};

/// Someone in a room (one entry per person, however many tabs they have open).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Present {
    pub user: String,
    pub name: String,
    #[serde(default)]
    pub typing: bool,
}
