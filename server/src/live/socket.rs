//! One live socket: the upgrade (signed in, from the site's own origin), then one task
//! that reads the client's messages, writes its queue, pings, and catches up from the
//! outbox when it fell behind. Whatever ends it, it leaves its rooms.

use std::collections::HashMap;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Instant;

use app::backend::access::Viewer;
use app::backend::events::{self, Room};
use app::backend::{rooms, AppState, ServerError};
use axum::extract::ws::rejection::WebSocketUpgradeRejection;
use axum::extract::ws::{close_code, CloseFrame, Message, Utf8Bytes, WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use tokio::sync::mpsc;

use super::hub::{Hub, Out, Person};
use super::protocol::{event_frame, parse, ClientMessage, ServerMessage, VERSION};
use app::model::live::SESSION_ENDED;

/// Messages a socket may send in a burst, and per second after it.
const BURST: f64 = 30.0;
const PER_SECOND: f64 = 10.0;
/// Refusals (bad or excess messages) before the socket is closed.
const MAX_REFUSALS: u32 = 50;

/// `GET /live/v1`
pub async fn endpoint(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    Extension(hub): Extension<Arc<Hub>>,
    headers: HeaderMap,
    ws: Result<WebSocketUpgrade, WebSocketUpgradeRejection>,
) -> Response {
    let Some(user) = viewer.user() else {
        return (StatusCode::UNAUTHORIZED, "sign in to get live updates").into_response();
    };
    // Browsers always send Origin on a WebSocket handshake, and cookies go along whatever
    // page opened it: without this check any site could listen as the signed-in reader.
    if !crate::security::is_same_origin(&headers, &state.site_origin) {
        return (
            StatusCode::FORBIDDEN,
            "live updates are only for pages of this site",
        )
            .into_response();
    }
    let ws = match ws {
        Ok(ws) => ws,
        Err(rejection) => return rejection.into_response(),
    };
    if hub.sockets_of(user.id) >= hub.config.max_sockets_per_person {
        return (
            StatusCode::TOO_MANY_REQUESTS,
            "too many live connections for one person: close a tab",
        )
            .into_response();
    }
    let person = Person {
        id: user.id,
        username: user.username.clone(),
        name: user.display_name.clone(),
    };
    let max = hub.config.max_frame;
    // Small buffers: an idle socket should cost a few KiB, not tungstenite's 128 KiB.
    ws.read_buffer_size(4096)
        .write_buffer_size(0)
        .max_write_buffer_size(max.max(64 * 1024) * 4)
        // The library cuts off only frames far over the limit; those merely over it are
        // read whole and refused here, so the close reaches the client before the socket
        // shuts (cutting a frame off mid-way leaves unread bytes, and a reset).
        .max_message_size(max * 4)
        .max_frame_size(max * 4)
        .on_upgrade(move |socket| run(socket, hub, viewer, person))
}

struct Conn {
    id: u64,
    person: Person,
    /// Who is asking, as of the last check (rights change while a socket stays open).
    viewer: Viewer,
    /// When the session ends unless used again: the socket checks it then.
    session_ends: tokio::time::Instant,
    /// Rooms joined, with the last event id sent for each.
    rooms: HashMap<String, i64>,
    tokens: f64,
    refill_at: Instant,
    refusals: u32,
    last_typing: Option<Instant>,
}

impl Conn {
    /// The socket's viewer as of the last check, on the hub's platform, now.
    fn cx(&self, hub: &Hub) -> app::backend::Cx {
        app::backend::Cx::new(&hub.platform, self.viewer.clone(), app::backend::now())
    }
}

/// What a handled message asks of the loop.
enum Next {
    Go,
    Close(u16, &'static str),
}

async fn run(mut socket: WebSocket, hub: Arc<Hub>, viewer: Viewer, person: Person) {
    let (tx, mut rx) = mpsc::channel(hub.config.queue);
    let Some(connected) = hub.connect(tx, person.id) else {
        // Raced past the endpoint's check: refuse like it would.
        let frame = CloseFrame {
            code: close_code::POLICY,
            reason: Utf8Bytes::from_static("too many live connections"),
        };
        let _ = socket.send(Message::Close(Some(frame))).await;
        return;
    };
    let (id, behind, recheck_flag) = (connected.id, connected.behind, connected.recheck);
    let mut conn = Conn {
        id,
        person,
        viewer,
        // Checked at once: the session's end is not known yet.
        session_ends: tokio::time::Instant::now(),
        rooms: HashMap::new(),
        tokens: BURST,
        refill_at: Instant::now(),
        refusals: 0,
        last_typing: None,
    };
    let own = Room::User(conn.person.id).name();
    let (_, latest) = hub.join(id, &own, &conn.person);
    conn.rooms.insert(own, latest);
    let welcome = ServerMessage::Welcome {
        v: VERSION,
        user: conn.person.username.clone(),
        id: conn.person.id,
        latest,
    };
    let mut ping = tokio::time::interval(hub.config.ping_every);
    ping.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut heard = Instant::now();
    let mut next = if send(&mut socket, welcome.to_json()).await {
        Next::Go
    } else {
        Next::Close(close_code::AWAY, "")
    };
    while let Next::Go = next {
        next = tokio::select! {
            msg = socket.recv() => match msg {
                Some(Ok(Message::Text(text))) if text.len() > hub.config.max_frame => {
                    Next::Close(close_code::SIZE, "frame too large")
                }
                Some(Ok(Message::Text(text))) => {
                    heard = Instant::now();
                    handle(&mut socket, &hub, &mut conn, &text).await
                }
                Some(Ok(Message::Binary(_))) => {
                    heard = Instant::now();
                    refuse(&mut socket, &mut conn, "bad_message", "binary frames are not part of the protocol").await
                }
                // Pings are answered by the library; any frame shows the client is there.
                Some(Ok(Message::Ping(_) | Message::Pong(_))) => {
                    heard = Instant::now();
                    Next::Go
                }
                Some(Ok(Message::Close(_))) | None => Next::Close(close_code::NORMAL, ""),
                Some(Err(e)) => {
                    let too_big = matches!(
                        e.into_inner().downcast_ref::<tokio_tungstenite::tungstenite::Error>(),
                        Some(tokio_tungstenite::tungstenite::Error::Capacity(_))
                    );
                    if too_big {
                        Next::Close(close_code::SIZE, "frame too large")
                    } else {
                        Next::Close(close_code::PROTOCOL, "")
                    }
                }
            },
            out = rx.recv() => match out {
                Some(out) => {
                    let ok = write(&mut socket, &mut conn, out).await
                        && (!behind.swap(false, Ordering::SeqCst) || catch_up(&mut socket, &hub, &mut conn).await);
                    if !ok {
                        Next::Close(close_code::AWAY, "")
                    } else if recheck_flag.swap(false, Ordering::SeqCst) {
                        recheck(&mut socket, &hub, &mut conn).await
                    } else {
                        Next::Go
                    }
                }
                None => Next::Close(close_code::AWAY, ""),
            },
            _ = tokio::time::sleep_until(conn.session_ends) => {
                recheck(&mut socket, &hub, &mut conn).await
            }
            _ = ping.tick() => {
                if heard.elapsed() > hub.config.heartbeat_timeout {
                    Next::Close(close_code::AWAY, "heartbeat timeout")
                } else if socket.send(Message::Ping(Default::default())).await.is_ok() {
                    Next::Go
                } else {
                    Next::Close(close_code::AWAY, "")
                }
            }
        };
    }
    if let Next::Close(code, reason) = next {
        let frame = CloseFrame {
            code,
            reason: Utf8Bytes::from(reason),
        };
        if socket.send(Message::Close(Some(frame))).await.is_ok() {
            // The closing handshake: read on until the client's close (or a short wait),
            // so its last messages are not answered with a reset before it sees why.
            let wait = tokio::time::sleep(std::time::Duration::from_secs(2));
            tokio::pin!(wait);
            loop {
                tokio::select! {
                    msg = socket.recv() => match msg {
                        Some(Ok(Message::Close(_))) | Some(Err(_)) | None => break,
                        Some(Ok(_)) => {}
                    },
                    _ = &mut wait => break,
                }
            }
        }
    }
    for room in conn.rooms.keys() {
        hub.leave(id, room, &conn.person);
    }
    hub.disconnect(id);
}

async fn send(socket: &mut WebSocket, text: String) -> bool {
    socket
        .send(Message::Text(Utf8Bytes::from(text)))
        .await
        .is_ok()
}

/// Writes one queued frame; an event already sent (while catching up) is skipped.
async fn write(socket: &mut WebSocket, conn: &mut Conn, out: Out) -> bool {
    match out {
        // A wake-up only: the flag it comes with is read after the write.
        Out::Recheck => true,
        Out::Frame(frame) => socket.send(Message::Text(frame)).await.is_ok(),
        Out::Event { id, room, frame } => match conn.rooms.get_mut(&*room) {
            Some(last) if id > *last => {
                *last = id;
                socket.send(Message::Text(frame)).await.is_ok()
            }
            _ => true,
        },
    }
}

/// After falling behind: every event of its rooms since the last one sent, from the
/// table, then fresh presence.
async fn catch_up(socket: &mut WebSocket, hub: &Hub, conn: &mut Conn) -> bool {
    let rooms: Vec<String> = conn.rooms.keys().cloned().collect();
    if !send(socket, ServerMessage::CatchingUp.to_json()).await {
        return false;
    }
    for room in rooms {
        if !replay(socket, hub, conn, &room).await {
            return false;
        }
        let presence = hub.present(&room);
        if !room.starts_with("user:") {
            let joined = ServerMessage::Joined {
                room: room.clone(),
                presence,
            };
            if !send(socket, joined.to_json()).await {
                return false;
            }
        }
    }
    true
}

/// Sends the room's stored events after the last one sent; says "resync" when some
/// were already pruned.
async fn replay(socket: &mut WebSocket, hub: &Hub, conn: &mut Conn, room: &str) -> bool {
    let Some(mut last) = conn.rooms.get(room).copied() else {
        return true;
    };
    match events::oldest(&hub.db).await {
        Ok(oldest) if oldest > last + 1 => {
            if !send(
                socket,
                ServerMessage::Resync { room: room.into() }.to_json(),
            )
            .await
            {
                return false;
            }
        }
        Ok(_) => {}
        Err(e) => tracing::warn!("live: reading the outbox failed: {e}"),
    }
    let names = [room.to_string()];
    loop {
        let batch = match events::after(&hub.db, last, Some(&names), 500).await {
            Ok(b) => b,
            Err(e) => {
                tracing::warn!("live: reading the outbox failed: {e}");
                return true;
            }
        };
        for e in &batch {
            // Rights changes are for the server (see `recheck`), never sent.
            if e.kind != events::ACCESS_CHANGED
                && !send(socket, event_frame(e.id, &e.room, &e.kind, &e.data)).await
            {
                return false;
            }
            last = e.id;
        }
        if let Some(l) = conn.rooms.get_mut(room) {
            *l = (*l).max(last);
        }
        if batch.len() < 500 {
            return true;
        }
    }
}

async fn refuse(socket: &mut WebSocket, conn: &mut Conn, code: &str, message: &str) -> Next {
    conn.refusals += 1;
    if conn.refusals > MAX_REFUSALS {
        return Next::Close(close_code::POLICY, "too many refused messages");
    }
    let (code, message) = (code.into(), message.into());
    if send(socket, ServerMessage::Error { code, message }.to_json()).await {
        Next::Go
    } else {
        Next::Close(close_code::AWAY, "")
    }
}

async fn handle(socket: &mut WebSocket, hub: &Hub, conn: &mut Conn, text: &str) -> Next {
    // A token bucket: bursts are fine, floods are refused.
    let now = Instant::now();
    conn.tokens =
        (conn.tokens + now.duration_since(conn.refill_at).as_secs_f64() * PER_SECOND).min(BURST);
    conn.refill_at = now;
    if conn.tokens < 1.0 {
        return refuse(socket, conn, "rate_limited", "too many messages; slow down").await;
    }
    conn.tokens -= 1.0;
    let msg = match parse(text) {
        Ok(m) => m,
        Err((code, message)) => return refuse(socket, conn, code, &message).await,
    };
    match msg {
        ClientMessage::Ping => {
            if send(socket, ServerMessage::Pong.to_json()).await {
                Next::Go
            } else {
                Next::Close(close_code::AWAY, "")
            }
        }
        ClientMessage::Join { room, since } => join(socket, hub, conn, room, since).await,
        ClientMessage::Leave { room } => {
            if room.starts_with("user:") || conn.rooms.remove(&room).is_none() {
                return refuse(socket, conn, "not_in_room", "you are not in that room").await;
            }
            hub.leave(conn.id, &room, &conn.person);
            Next::Go
        }
        ClientMessage::Typing { room } => {
            if room.starts_with("user:") || !conn.rooms.contains_key(&room) {
                return refuse(socket, conn, "not_in_room", "join the room first").await;
            }
            // One a second is plenty: "is replying" lasts several.
            if conn
                .last_typing
                .is_none_or(|t| now.duration_since(t).as_millis() >= 1000)
            {
                conn.last_typing = Some(now);
                hub.typing(&room, &conn.person);
            }
            Next::Go
        }
    }
}

async fn join(
    socket: &mut WebSocket,
    hub: &Hub,
    conn: &mut Conn,
    name: String,
    since: Option<i64>,
) -> Next {
    let room = match Room::parse(&name) {
        Some(Room::User(_)) | None => {
            return refuse(socket, conn, "no_such_room", "no such room").await;
        }
        Some(r) => r,
    };
    if conn.rooms.contains_key(&name) {
        return refuse(
            socket,
            conn,
            "already_joined",
            "you are already in that room",
        )
        .await;
    }
    if conn.rooms.len() > hub.config.max_rooms {
        return refuse(
            socket,
            conn,
            "too_many_rooms",
            "leave a room before joining another",
        )
        .await;
    }
    // Rights are checked as they are now, not as they were when the socket opened.
    if let Next::Close(code, reason) = refresh(hub, conn).await {
        return Next::Close(code, reason);
    }
    match rooms::may_join(&conn.cx(hub), room).await {
        Ok(()) => {}
        Err(ServerError::NotFound | ServerError::Forbidden | ServerError::Unauthorized) => {
            return refuse(
                socket,
                conn,
                "not_allowed",
                "no such room, or not one you may join",
            )
            .await;
        }
        Err(e) => {
            tracing::warn!("live: access check failed: {e}");
            return refuse(socket, conn, "unavailable", "try again shortly").await;
        }
    }
    let (presence, latest) = hub.join(conn.id, &name, &conn.person);
    conn.rooms
        .insert(name.clone(), since.unwrap_or(latest).min(latest));
    let joined = ServerMessage::Joined {
        room: name.clone(),
        presence,
    };
    if !send(socket, joined.to_json()).await {
        return Next::Close(close_code::AWAY, "");
    }
    if since.is_some() && !replay(socket, hub, conn, &name).await {
        return Next::Close(close_code::AWAY, "");
    }
    Next::Go
}

/// Reloads the viewer behind the socket's session. Closes the socket when the session has
/// ended; otherwise remembers when it would end, to check again then.
async fn refresh(hub: &Hub, conn: &mut Conn) -> Next {
    let session = match &conn.viewer {
        Viewer::User(u) => u.session_id.clone(),
        Viewer::Anonymous => return Next::Close(SESSION_ENDED, "signed out"),
    };
    let now = app::backend::now();
    let cx = app::backend::Cx::new(&hub.platform, Viewer::Anonymous, now);
    match rooms::session_viewer(&cx, &session).await {
        Ok(Some((viewer, ends))) => {
            conn.viewer = viewer;
            let left = u64::try_from(ends - now).unwrap_or(0) + 1;
            conn.session_ends = tokio::time::Instant::now() + std::time::Duration::from_secs(left);
            Next::Go
        }
        Ok(None) => Next::Close(SESSION_ENDED, "signed out"),
        Err(e) => {
            // Unknown for now: keep what was known, and look again shortly.
            tracing::warn!("live: checking a session failed: {e}");
            conn.session_ends = tokio::time::Instant::now() + std::time::Duration::from_secs(5);
            Next::Go
        }
    }
}

/// Rights may have changed (a sign-out, a role, membership, country or visibility change,
/// or the session's time ran out): check the session, then every room the socket is in,
/// and take it out of those it may no longer see, saying so.
async fn recheck(socket: &mut WebSocket, hub: &Hub, conn: &mut Conn) -> Next {
    if let Next::Close(code, reason) = refresh(hub, conn).await {
        return Next::Close(code, reason);
    }
    let joined: Vec<String> = conn
        .rooms
        .keys()
        .filter(|r| !r.starts_with("user:"))
        .cloned()
        .collect();
    for name in joined {
        let Some(room) = Room::parse(&name) else {
            continue;
        };
        match rooms::may_join(&conn.cx(hub), room).await {
            Ok(()) => {}
            Err(ServerError::NotFound | ServerError::Forbidden | ServerError::Unauthorized) => {
                conn.rooms.remove(&name);
                hub.leave(conn.id, &name, &conn.person);
                let left = ServerMessage::Left {
                    room: name.clone(),
                    reason: "not_allowed".into(),
                };
                if !send(socket, left.to_json()).await {
                    return Next::Close(close_code::AWAY, "");
                }
            }
            Err(e) => tracing::warn!("live: access check failed: {e}"),
        }
    }
    Next::Go
}
