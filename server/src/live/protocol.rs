//! The live protocol, version 1: JSON text frames on `GET /live/v1`.
//!
//! The client sends:
//! - `{"type":"join","room":"thread:12","since":130}` — enter a room (`space:`, `thread:`,
//!   `draft:` + id); with `since`, first receive every event of the room after that id.
//! - `{"type":"leave","room":"thread:12"}`
//! - `{"type":"typing","room":"thread:12"}` — "is replying"; lasts a few seconds unless
//!   sent again (at most one a second counts; a flood is refused, then the socket closed).
//! - `{"type":"ping"}` — answered with `{"type":"pong"}`.
//!
//! The server sends:
//! - `{"type":"welcome","v":1,"user":"ana.quispe","id":7,"latest":130}` once, on connecting; the
//!   socket is already in the person's own room (`user:{id}`) for notifications.
//! - `{"type":"joined","room":…,"presence":[{"user":…,"name":…,"typing":false}]}`
//! - `{"type":"presence","room":…,"user":…,"name":…,"state":"here"|"gone"|"typing"|"idle"}`
//! - `{"type":"event","id":131,"room":…,"kind":"post_created","data":{…}}` — ids only grow;
//!   a client keeps the last id per room and sends it as `since` when it joins again.
//! - `{"type":"resync","room":…}` — events the client asked for are no longer kept:
//!   reload the page.
//! - `{"type":"catching_up"}` — the client fell behind (its queue filled): the events it
//!   missed follow from the table, then a fresh `joined` for each room.
//! - `{"type":"left","room":…,"reason":"not_allowed"}` — the person may no longer see that
//!   room (removed from the space, country or role changed, thread hidden…): the server
//!   took the socket out of it.
//! - `{"type":"error","code":…,"message":…}` — the request was refused; nothing changed.
//!
//! Frames larger than the configured limit close the socket (1009); a person who keeps
//! sending what cannot be understood is disconnected (1008); a socket whose session ended
//! (sign-out, ended from another device, password change, timeout) is closed with 4001,
//! and should not reconnect until the person signs in again. Rights are checked again at
//! every join and whenever they change. Heartbeats are WebSocket
//! pings from the server; a socket that answers nothing for the heartbeat timeout is
//! closed and its person leaves the rooms it was in.

use app::model::presence::Present;
use serde::{Deserialize, Serialize};

pub const VERSION: u32 = 1;

/// What a client may send.
#[derive(Debug, Deserialize, PartialEq, Eq)]
// Unknown fields are ignored: a newer client may add some within version 1.
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

/// What the server sends (events are pre-serialised once for every listener, see
/// [`event_frame`]).
#[derive(Debug, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ServerMessage<'a> {
    Welcome {
        v: u32,
        user: &'a str,
        id: i64,
        latest: i64,
    },
    Joined {
        room: &'a str,
        presence: Vec<Present>,
    },
    Presence {
        room: &'a str,
        user: &'a str,
        name: &'a str,
        state: &'a str,
    },
    Resync {
        room: &'a str,
    },
    Left {
        room: &'a str,
        reason: &'a str,
    },
    CatchingUp,
    Error {
        code: &'a str,
        message: &'a str,
    },
    Pong,
}

impl ServerMessage<'_> {
    pub fn to_json(&self) -> String {
        // Plain data with string keys: serialising cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// An event frame; `data` is the stored JSON object, passed through as it is.
pub fn event_frame(id: i64, room: &str, kind: &str, data: &str) -> String {
    let room = serde_json::to_string(room).unwrap_or_default();
    let kind = serde_json::to_string(kind).unwrap_or_default();
    format!("{{\"type\":\"event\",\"id\":{id},\"room\":{room},\"kind\":{kind},\"data\":{data}}}")
}

/// Why a client message was refused: `(code, message)`.
pub fn parse(text: &str) -> Result<ClientMessage, (&'static str, String)> {
    serde_json::from_str(text).map_err(|e| {
        let unknown = e.to_string().contains("unknown variant");
        if unknown {
            ("unknown_type", format!("unknown message type: {e}"))
        } else {
            (
                "bad_message",
                format!("not a message of protocol v{VERSION}: {e}"),
            )
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_parse_and_bad_ones_say_why() {
        assert_eq!(
            parse(r#"{"type":"join","room":"thread:3","since":9}"#),
            Ok(ClientMessage::Join {
                room: "thread:3".into(),
                since: Some(9)
            })
        );
        assert_eq!(parse(r#"{"type":"ping"}"#), Ok(ClientMessage::Ping));
        assert_eq!(parse(r#"{"type":"dance"}"#).unwrap_err().0, "unknown_type");
        for bad in [
            "",
            "{",
            "[]",
            "null",
            r#"{"type":"join"}"#,
            r#"{"type":"join","room":3}"#,
        ] {
            assert_eq!(parse(bad).unwrap_err().0, "bad_message", "{bad}");
        }
    }

    #[test]
    fn event_frames_are_json() {
        let frame = event_frame(7, "thread:\"3", "post_created", r#"{"post":5}"#);
        let v: serde_json::Value = serde_json::from_str(&frame).unwrap();
        assert_eq!(v["id"], 7);
        assert_eq!(v["room"], "thread:\"3");
        assert_eq!(v["data"]["post"], 5);
    }
}
