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

pub use app::model::live::{ClientMessage, ServerMessage, VERSION};

/// An event frame, written once for every listener; `data` is the stored JSON object,
/// passed through as it is (the client reads it as [`app::model::live::EventData`]).
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

    /// The island reads what the server writes with the same types: a frame either side
    /// cannot understand fails here, not in a browser.
    #[test]
    fn the_island_reads_what_the_server_writes() {
        let frame = event_frame(8, "thread:3", "post_created", r#"{"post":5,"parent":2}"#);
        match serde_json::from_str::<ServerMessage>(&frame).unwrap() {
            ServerMessage::Event { id, room, data, .. } => {
                assert_eq!((id, room.as_str()), (8, "thread:3"));
                assert_eq!(
                    (data.post, data.parent, data.thread),
                    (Some(5), Some(2), None)
                );
            }
            other => panic!("read as {other:?}"),
        }
        let left = ServerMessage::Left {
            room: "space:4".into(),
            reason: "not_allowed".into(),
        };
        assert_eq!(
            serde_json::from_str::<ServerMessage>(&left.to_json()).unwrap(),
            left
        );
        let join = ClientMessage::Join {
            room: "draft:1".into(),
            since: Some(3),
        };
        assert_eq!(parse(&serde_json::to_string(&join).unwrap()), Ok(join));
    }
}
