//! The live protocol, version 1: the JSON text frames of `GET /live/v1`, defined once for
//! the server's socket and the browser's island. What each message means is described at
//! the top of `server/src/live/protocol.rs`.

use serde::{Deserialize, Serialize};

pub const VERSION: u32 = 1;

/// The close code of a socket whose session ended (sign-out, ended from another device,
/// a password change, a timeout): the client should not reconnect until the person signs
/// in again.
pub const SESSION_ENDED: u16 = 4001;

/// Someone in a room (one entry per person, however many tabs they have open).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Present {
    pub user: String,
    pub name: String,
    #[serde(default)]
    pub typing: bool,
}

/// What a client may send. Unknown fields are ignored: a newer client may add some within
/// version 1.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ClientMessage {
    Join {
        room: String,
        #[serde(default)]
        since: Option<i64>,
    },
    Leave {
        room: String,
    },
    Typing {
        room: String,
    },
    Ping,
}

/// The ids an event carries (never text: the page fetches what it shows, as the viewer
/// may see it).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventData {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub post: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thread: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision: Option<i64>,
}

/// What the server sends. Events are written once for every listener by the server
/// (their stored data passed through as it is), and read here by the island.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ServerMessage {
    Welcome {
        v: u32,
        user: String,
        id: i64,
        latest: i64,
    },
    Joined {
        room: String,
        presence: Vec<Present>,
    },
    Presence {
        room: String,
        user: String,
        name: String,
        /// `here`, `gone`, `typing` or `idle`.
        state: String,
    },
    Event {
        id: i64,
        room: String,
        kind: String,
        #[serde(default)]
        data: EventData,
    },
    Resync {
        room: String,
    },
    /// The person may no longer see this room: the server took the socket out of it.
    Left {
        room: String,
        reason: String,
    },
    CatchingUp,
    Error {
        code: String,
        message: String,
    },
    Pong,
}

impl ServerMessage {
    pub fn to_json(&self) -> String {
        // Plain data with string keys: serialising cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }
}
