//! Live presence and updates over real WebSockets (tokio-tungstenite against the router
//! served on loopback), on SQLite and PostgreSQL: presence that counts people not tabs,
//! typing, new posts and notifications arriving live, catching up after a reconnection
//! exactly once, two server instances sharing one PostgreSQL database, and every kind of
//! bad input refused without harm.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
#[path = "common/process.rs"]
mod process;

use std::net::SocketAddr;
use std::time::Duration;

use app::backend::{demo, events, now, Db};
use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::{self, Message};
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

use common::{location, post_as, reply, serve, sign_in};

type Ws = WebSocketStream<MaybeTlsStream<TcpStream>>;

const SPACE: &str = "/spaces/colombia-plan-operativo";

async fn connect_with(
    addr: SocketAddr,
    cookie: Option<&str>,
    origin: &str,
) -> Result<Ws, tungstenite::Error> {
    let mut req = format!("ws://{addr}/live/v1")
        .into_client_request()
        .unwrap();
    req.headers_mut().insert("origin", origin.parse().unwrap());
    if let Some(c) = cookie {
        req.headers_mut().insert("cookie", c.parse().unwrap());
    }
    tokio_tungstenite::connect_async(req)
        .await
        .map(|(ws, _)| ws)
}

/// A socket as a page of the site opens it; the welcome is read and checked.
async fn connect(addr: SocketAddr, cookie: &str, username: &str) -> Ws {
    let mut ws = connect_with(addr, Some(cookie), &format!("http://{addr}"))
        .await
        .unwrap();
    let welcome = next(&mut ws).await;
    assert_eq!(welcome["type"], "welcome");
    assert_eq!(welcome["v"], 1);
    assert_eq!(welcome["user"], username);
    ws
}

async fn say(ws: &mut Ws, v: Value) {
    ws.send(Message::text(v.to_string())).await.unwrap();
}

/// The next JSON message (pings skipped); fails after 5 s.
async fn next(ws: &mut Ws) -> Value {
    loop {
        let msg = tokio::time::timeout(Duration::from_secs(5), ws.next())
            .await
            .expect("a message within 5 s")
            .expect("socket open")
            .expect("no socket error");
        match msg {
            Message::Text(t) => return serde_json::from_str(&t).unwrap(),
            Message::Ping(_) | Message::Pong(_) => continue,
            other => panic!("unexpected frame {other:?}"),
        }
    }
}

/// Reads until a message matches; fails (listing what came) after 5 s.
async fn until(ws: &mut Ws, what: &str, pred: impl Fn(&Value) -> bool) -> Value {
    let mut seen = Vec::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    loop {
        let left = deadline.saturating_duration_since(tokio::time::Instant::now());
        match tokio::time::timeout(left, next(ws)).await {
            Ok(v) if pred(&v) => return v,
            Ok(v) => seen.push(v),
            Err(_) => panic!("no {what} within 5 s; got {seen:?}"),
        }
    }
}

/// Every message that arrives within `wait`.
async fn drain(ws: &mut Ws, wait: Duration) -> Vec<Value> {
    let mut out = Vec::new();
    while let Ok(Some(Ok(msg))) = tokio::time::timeout(wait, ws.next()).await {
        if let Message::Text(t) = msg {
            out.push(serde_json::from_str(&t).unwrap());
        }
    }
    out
}

async fn join(ws: &mut Ws, room: &str, since: Option<i64>) -> Value {
    say(ws, json!({ "type": "join", "room": room, "since": since })).await;
    until(ws, "joined", |v| v["type"] == "joined" && v["room"] == room).await
}

fn names(joined: &Value) -> Vec<String> {
    joined["presence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["user"].as_str().unwrap().to_string())
        .collect()
}

fn is_presence(v: &Value, user: &str, state: &str) -> bool {
    v["type"] == "presence" && v["user"] == user && v["state"] == state
}

fn is_post(v: &Value, post: i64) -> bool {
    v["type"] == "event" && v["kind"] == "post_created" && v["data"]["post"] == post
}

/// Starts a thread as Carlos; returns (its URL, its id, the opening post's id).
async fn thread(r: &axum::Router, db: &Db, carlos: &str) -> (String, i64, i64) {
    let url = common::start_thread(r, SPACE, carlos, "En vivo", "¿Quién está?").await;
    let id: i64 = url.rsplit('/').next().unwrap().parse().unwrap();
    let opening = app::backend::store::posts::page(&db.pool, id, 0, 1)
        .await
        .unwrap()[0]
        .id;
    (url, id, opening)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn people_see_each_other_typing_and_posting_live() {
    for t in common::all_databases().await {
        demo::load(&t.db, now()).await.unwrap();
        let r = common::router(&t.db);
        let carlos = sign_in(&r, "carlos.mejia").await;
        let lucia = sign_in(&r, "ta.lopez").await;
        let (url, id, opening) = thread(&r, &t.db, &carlos).await;
        let room = format!("thread:{id}");
        let addr = serve(r.clone()).await;

        let mut a = connect(addr, &carlos, "carlos.mejia").await;
        assert_eq!(names(&join(&mut a, &room, None).await), ["carlos.mejia"]);
        let mut b = connect(addr, &lucia, "ta.lopez").await;
        let joined = join(&mut b, &room, None).await;
        assert_eq!(names(&joined).len(), 2, "{joined}");
        until(&mut a, "Lucía arriving", |v| {
            is_presence(v, "ta.lopez", "here")
        })
        .await;

        // A second tab of Lucía's: she is still one person, and closing it changes nothing.
        let mut b2 = connect(addr, &lucia, "ta.lopez").await;
        assert_eq!(names(&join(&mut b2, &room, None).await).len(), 2);
        b2.close(None).await.unwrap();
        say(&mut b, json!({ "type": "typing", "room": room })).await;
        let seen = until(&mut a, "Lucía typing", |v| v["type"] == "presence").await;
        assert!(
            is_presence(&seen, "ta.lopez", "typing"),
            "{seen} (a closed tab is not a departure)"
        );

        // Her reply to Carlos's post arrives live, and so does his notification.
        let post = reply(&r, &url, &lucia, Some(opening), "Estoy aquí.").await;
        let mut got_post = false;
        let mut got_note = false;
        while !(got_post && got_note) {
            let v = until(&mut a, "the post and the notification", |v| {
                v["type"] == "event"
            })
            .await;
            got_post |= is_post(&v, post) && v["room"] == room.as_str();
            got_note |= v["kind"] == "notification" && v["data"]["post"] == post;
        }

        // Lucía's last socket closes: she is gone.
        b.close(None).await.unwrap();
        until(&mut a, "Lucía leaving", |v| {
            is_presence(v, "ta.lopez", "gone")
        })
        .await;
        eprintln!("{}: presence, typing and live posts ok", t.label);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_reconnects_gets_what_it_missed_exactly_once() {
    for t in common::all_databases().await {
        demo::load(&t.db, now()).await.unwrap();
        let r = common::router(&t.db);
        let carlos = sign_in(&r, "carlos.mejia").await;
        let lucia = sign_in(&r, "ta.lopez").await;
        let (url, id, _) = thread(&r, &t.db, &carlos).await;
        let room = format!("thread:{id}");
        let addr = serve(r.clone()).await;

        let mut a = connect(addr, &carlos, "carlos.mejia").await;
        join(&mut a, &room, None).await;
        let first = reply(&r, &url, &lucia, None, "Uno.").await;
        let seen = until(&mut a, "the first post", |v| is_post(v, first)).await;
        let last = seen["id"].as_i64().unwrap();
        a.close(None).await.unwrap();

        // Two posts while Carlos is away, then he comes back asking for what followed.
        let second = reply(&r, &url, &lucia, None, "Dos.").await;
        let third = reply(&r, &url, &lucia, None, "Tres.").await;
        let mut a = connect(addr, &carlos, "carlos.mejia").await;
        join(&mut a, &room, Some(last)).await;
        let fourth = reply(&r, &url, &lucia, None, "Cuatro, ya en vivo.").await;
        let got: Vec<Value> = drain(&mut a, Duration::from_millis(1500))
            .await
            .into_iter()
            .filter(|v| v["type"] == "event")
            .collect();
        let posts: Vec<i64> = got
            .iter()
            .map(|v| v["data"]["post"].as_i64().unwrap())
            .collect();
        assert_eq!(
            posts,
            [second, third, fourth],
            "each once, in order: {got:?}"
        );
        let ids: Vec<i64> = got.iter().map(|v| v["id"].as_i64().unwrap()).collect();
        assert!(
            ids.windows(2).all(|w| w[0] < w[1]) && ids[0] > last,
            "{ids:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_is_refused_and_hurts_nobody() {
    let t = common::sqlite().await;
    demo::load(&t.db, now()).await.unwrap();
    let r = common::router(&t.db);
    let carlos = sign_in(&r, "carlos.mejia").await;
    let marlon = sign_in(&r, "marlon.baptiste").await; // not a member of the private space
    let (_, id, _) = thread(&r, &t.db, &carlos).await;
    let room = format!("thread:{id}");
    let addr = serve(r.clone()).await;
    let origin = format!("http://{addr}");

    // No session, or another site's page: no socket.
    for (cookie, origin, status) in [
        (None, origin.as_str(), 401),
        (Some(carlos.as_str()), "https://evil.example", 403),
    ] {
        match connect_with(addr, cookie, origin).await {
            Err(tungstenite::Error::Http(res)) => assert_eq!(res.status().as_u16(), status),
            other => panic!("expected HTTP {status}, got {:?}", other.map(|_| ())),
        }
    }

    let mut m = connect(addr, &marlon, "marlon.baptiste").await;
    for (msg, code) in [
        (json!({ "type": "join", "room": room }), "not_allowed"),
        (
            json!({ "type": "join", "room": "thread:999999" }),
            "not_allowed",
        ),
        (json!({ "type": "join", "room": "user:1" }), "no_such_room"),
        (
            json!({ "type": "join", "room": "kitchen:1" }),
            "no_such_room",
        ),
        (json!({ "type": "typing", "room": room }), "not_in_room"),
        (json!({ "type": "dance" }), "unknown_type"),
        (json!({ "type": "join" }), "bad_message"),
    ] {
        say(&mut m, msg.clone()).await;
        let v = next(&mut m).await;
        assert_eq!(
            (v["type"].as_str(), v["code"].as_str()),
            (Some("error"), Some(code)),
            "{msg}"
        );
    }
    m.send(Message::text("{not json")).await.unwrap();
    assert_eq!(next(&mut m).await["code"], "bad_message");
    m.send(Message::binary(vec![1, 2, 3])).await.unwrap();
    assert_eq!(next(&mut m).await["code"], "bad_message");
    // Marlon heard nothing of the private thread meanwhile.
    let lucia = sign_in(&r, "ta.lopez").await;
    let mut c = connect(addr, &carlos, "carlos.mejia").await;
    join(&mut c, &room, None).await;
    let (url, _, _) = (format!("{SPACE}/threads/{id}"), 0, 0);
    let post = reply(&r, &url, &lucia, None, "Privado.").await;
    until(&mut c, "the post, for the member", |v| is_post(v, post)).await;
    let heard = drain(&mut m, Duration::from_millis(800)).await;
    assert!(heard.iter().all(|v| v["type"] != "event"), "{heard:?}");

    // A frame over the limit closes the socket with 1009.
    let mut big = connect(addr, &carlos, "carlos.mejia").await;
    let huge = format!("{{\"type\":\"ping\",\"pad\":\"{}\"}}", "x".repeat(20_000));
    let _ = big.send(Message::text(huge)).await;
    assert_eq!(close_code(&mut big).await, Some(CloseCode::Size));

    // A flood is refused, then cut off with 1008; the server goes on serving others.
    let mut flood = connect(addr, &carlos, "carlos.mejia").await;
    for _ in 0..200 {
        if flood
            .send(Message::text(r#"{"type":"ping"}"#))
            .await
            .is_err()
        {
            break;
        }
    }
    let mut limited = false;
    let code = loop {
        match tokio::time::timeout(Duration::from_secs(5), flood.next()).await {
            Ok(Some(Ok(Message::Text(t)))) => limited |= t.contains("rate_limited"),
            Ok(Some(Ok(Message::Close(f)))) => break f.map(|f| f.code),
            Ok(Some(Ok(_))) => {}
            other => panic!("expected a close, got {other:?}"),
        }
    };
    assert!(limited, "told to slow down before being cut off");
    assert_eq!(code, Some(CloseCode::Policy));
    say(&mut c, json!({ "type": "ping" })).await;
    assert_eq!(
        until(&mut c, "pong", |v| v["type"] == "pong").await["type"],
        "pong"
    );
}

async fn close_code(ws: &mut Ws) -> Option<CloseCode> {
    loop {
        match tokio::time::timeout(Duration::from_secs(5), ws.next()).await {
            Ok(Some(Ok(Message::Close(f)))) => return f.map(|f| f.code),
            Ok(Some(Ok(_))) => {}
            other => panic!("expected a close frame, got {other:?}"),
        }
    }
}

/// Two `entrust` processes on two ports and one PostgreSQL database, each with its own
/// hub, which hear of each other only through LISTEN/NOTIFY: presence and posts cross over.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_server_processes_share_presence_and_posts_through_postgres() {
    let Some(t) = common::postgres().await else {
        return;
    };
    let url = t.db.listen_url().unwrap().to_string();
    let bin = env!("CARGO_BIN_EXE_entrust");
    // The first loads the demo people and spaces; the second finds them there.
    let one = process::start(bin, &url, true);
    let two = process::start(bin, &url, false);
    let carlos = process::sign_in(one.addr, "carlos.mejia").await;
    let lucia = process::sign_in(two.addr, "ta.lopez").await;
    let (url, id) = process::start_thread(one.addr, SPACE, &carlos, "Dos procesos").await;
    let room = format!("thread:{id}");

    let mut a = connect(one.addr, &carlos, "carlos.mejia").await;
    join(&mut a, &room, None).await;
    // Lucía, on the other process, finds Carlos already there (or hears him arrive).
    let mut b = connect(two.addr, &lucia, "ta.lopez").await;
    let joined = join(&mut b, &room, None).await;
    if !names(&joined).contains(&"carlos.mejia".to_string()) {
        until(&mut b, "Carlos, from the other process", |v| {
            is_presence(v, "carlos.mejia", "here")
        })
        .await;
    }
    until(&mut a, "Lucía, from the other process", |v| {
        is_presence(v, "ta.lopez", "here")
    })
    .await;
    say(&mut a, json!({ "type": "typing", "room": room })).await;
    until(&mut b, "Carlos typing", |v| {
        is_presence(v, "carlos.mejia", "typing")
    })
    .await;

    // Carlos posts through process one; Lucía, on two, gets it.
    let post = process::reply(one.addr, &url, &carlos, "Desde el proceso uno").await;
    until(&mut b, "the post from the other process", |v| {
        is_post(v, post)
    })
    .await;
    a.close(None).await.unwrap();
    until(&mut b, "Carlos leaving", |v| {
        is_presence(v, "carlos.mejia", "gone")
    })
    .await;
}

/// A socket whose queue is full is marked behind (it then catches up from the table)
/// while the others get every event at once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_socket_never_holds_up_the_others() {
    use server::live::hub::{Hub, Out, Person};
    use std::sync::atomic::Ordering;
    let t = common::sqlite().await;
    let config = server::live::LiveConfig {
        queue: 4,
        ..Default::default()
    };
    let hub = Hub::new(common::app(&t.db).build().state, config);
    hub.start_after_latest().await.unwrap();
    let person = |id: i64| Person {
        id,
        username: format!("u{id}"),
        name: format!("U {id}"),
    };
    let (slow_tx, _slow_rx) = tokio::sync::mpsc::channel(4);
    let (fast_tx, mut fast_rx) = tokio::sync::mpsc::channel(4);
    let slow = hub.connect(slow_tx, 1).unwrap();
    let fast = hub.connect(fast_tx, 2).unwrap();
    let (slow, slow_behind) = (slow.id, slow.behind);
    let (fast, fast_behind) = (fast.id, fast.behind);
    hub.join(slow, "thread:1", &person(1));
    hub.join(fast, "thread:1", &person(2));
    let mut got = Vec::new();
    for i in 0..20 {
        let mut change = app::backend::Change::begin(&t.db).await.unwrap();
        let room = events::Room::Thread(1);
        change
            .event(room, events::Kind::PostCreated, json!({ "post": i }), now())
            .await
            .unwrap();
        change.commit().await.unwrap();
        hub.dispatch().await.unwrap();
        while let Ok(out) = fast_rx.try_recv() {
            if let Out::Event { id, .. } = out {
                got.push(id);
            }
        }
    }
    assert_eq!(got.len(), 20, "the fast socket got every event");
    assert!(
        slow_behind.load(Ordering::SeqCst),
        "the slow one is marked behind"
    );
    assert!(!fast_behind.load(Ordering::SeqCst));
}

/// A space's room hears of new posts in any of its threads, and a draft's room of new
/// revisions; people outside the private space can join neither.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn space_and_draft_rooms_carry_their_events_to_members_only() {
    let t = common::sqlite().await;
    demo::load(&t.db, now()).await.unwrap();
    let r = common::router(&t.db);
    let carlos = sign_in(&r, "carlos.mejia").await;
    let lucia = sign_in(&r, "ta.lopez").await;
    let marlon = sign_in(&r, "marlon.baptiste").await;
    let (url, thread_id, _) = thread(&r, &t.db, &carlos).await;
    let space = app::backend::store::spaces::by_slug(&t.db.pool, "colombia-plan-operativo")
        .await
        .unwrap()
        .unwrap();
    let form = format!(
        "title=Plan&body={}&summary=&intent=save",
        common::enc("Meta: 10 %.")
    );
    let res = post_as(&r, &format!("{SPACE}/drafts"), &carlos, &form).await;
    let draft_url = location(&res);
    let draft_id: i64 = draft_url
        .rsplit('/')
        .next()
        .unwrap()
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let addr = serve(r.clone()).await;
    let (space_room, draft_room) = (format!("space:{}", space.id), format!("draft:{draft_id}"));

    let mut m = connect(addr, &marlon, "marlon.baptiste").await;
    for room in [&space_room, &draft_room] {
        say(&mut m, json!({ "type": "join", "room": room })).await;
        assert_eq!(next(&mut m).await["code"], "not_allowed", "{room}");
    }

    let mut a = connect(addr, &carlos, "carlos.mejia").await;
    join(&mut a, &space_room, None).await;
    join(&mut a, &draft_room, None).await;
    let post = reply(&r, &url, &lucia, None, "Nuevo en el espacio.").await;
    let v = until(&mut a, "the post, in the space's room", |v| {
        is_post(v, post)
    })
    .await;
    assert_eq!(v["room"], space_room.as_str());
    assert_eq!(v["data"]["thread"], thread_id);

    let save = format!(
        "base=1&body={}&summary=&intent=save",
        common::enc("Meta: 15 %.")
    );
    let res = post_as(
        &r,
        &format!("{SPACE}/drafts/{draft_id}/edit"),
        &lucia,
        &save,
    )
    .await;
    assert!(location(&res).contains("done=saved"), "{}", location(&res));
    let v = until(&mut a, "the revision", |v| v["kind"] == "draft_revision").await;
    assert_eq!(
        (v["room"].as_str(), v["data"]["revision"].as_i64()),
        (Some(draft_room.as_str()), Some(2))
    );
}

/// A socket that falls behind (its queue overflows while a burst is dispatched) is told
/// so, then gets every event of the burst from the table — each once, in order.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_socket_that_falls_behind_catches_up_from_the_table() {
    let t = common::sqlite().await;
    demo::load(&t.db, now()).await.unwrap();
    let r = common::app(&t.db)
        .configure(|c| c.live_queue = 2)
        .build()
        .router;
    let carlos = sign_in(&r, "carlos.mejia").await;
    let (_, id, _) = thread(&r, &t.db, &carlos).await;
    let room = format!("thread:{id}");
    let addr = serve(r.clone()).await;
    let mut a = connect(addr, &carlos, "carlos.mejia").await;
    join(&mut a, &room, None).await;

    // A burst of 40 events in one commit: the dispatcher hands them out in one go, far
    // faster than a queue of two can be drained.
    let mut change = app::backend::Change::begin(&t.db).await.unwrap();
    for i in 0..40 {
        let data = json!({ "thread": id, "post": 100_000 + i });
        change
            .event(
                events::Room::Thread(id),
                events::Kind::PostEdited,
                data,
                now(),
            )
            .await
            .unwrap();
    }
    change.commit().await.unwrap();

    let mut posts = Vec::new();
    let mut behind = false;
    while posts.len() < 40 {
        let v = next(&mut a).await;
        behind |= v["type"] == "catching_up";
        if v["type"] == "event" {
            posts.push(v["data"]["post"].as_i64().unwrap());
        }
    }
    assert!(behind, "the socket was told it fell behind");
    assert_eq!(posts, (0..40).map(|i| 100_000 + i).collect::<Vec<_>>());
    let more = drain(&mut a, Duration::from_millis(800)).await;
    assert!(
        more.iter().all(|v| v["type"] != "event"),
        "nothing twice: {more:?}"
    );
}
