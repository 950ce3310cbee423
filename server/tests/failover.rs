//! Losing an instance: two `entrust` processes on one PostgreSQL database, written to and
//! listened to through both, and one killed with SIGKILL while the traffic goes on. Nothing
//! acknowledged is lost, the dead instance's live clients reconnect to the other and get
//! every event they missed exactly once, and the people who were only on the dead instance
//! leave the rooms of the living one within the heartbeat timeout.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
#[path = "common/process.rs"]
mod process;

use std::collections::{BTreeSet, HashMap};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Message;

const SPACE: &str = "/spaces/colombia-plan-operativo";
/// The shortest heartbeat timeout the server accepts, so the test waits little.
const HEARTBEAT_SECS: u64 = 3;
/// The server expires presence in time; allow the "gone" frame this long to travel to
/// the client on a busy machine.
const DELIVERY_SLACK: Duration = Duration::from_millis(250);

type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// What a live client saw: a frame, or that its socket ended.
#[derive(Debug)]
enum Seen {
    Frame(Value, Instant),
    Lost(Instant),
    /// Connected again (to the next instance), at this moment.
    Back(Instant),
}

async fn open(addr: SocketAddr, cookie: &str) -> Option<(Ws, i64)> {
    let mut req = format!("ws://{addr}/live/v1").into_client_request().ok()?;
    req.headers_mut()
        .insert("origin", format!("http://{addr}").parse().ok()?);
    req.headers_mut().insert("cookie", cookie.parse().ok()?);
    let (mut ws, _) = tokio_tungstenite::connect_async(req).await.ok()?;
    let welcome = read(&mut ws).await?;
    assert_eq!(welcome["type"], "welcome", "{welcome}");
    Some((ws, welcome["latest"].as_i64().unwrap_or(0)))
}

/// The next JSON frame, or `None` once the socket is gone.
async fn read(ws: &mut Ws) -> Option<Value> {
    loop {
        match ws.next().await? {
            Ok(Message::Text(t)) => return serde_json::from_str(&t).ok(),
            Ok(Message::Close(_)) | Err(_) => return None,
            Ok(_) => continue,
        }
    }
}

async fn join(ws: &mut Ws, room: &str, since: Option<i64>) {
    let frame = json!({ "type": "join", "room": room, "since": since }).to_string();
    ws.send(Message::text(frame)).await.unwrap();
}

/// A client that stays in `room` through `addrs`, in order: when its socket to one dies it
/// reconnects to the next and joins again with the last event id it saw, as the page's
/// client does. Every frame goes to `out`.
fn client(addrs: Vec<SocketAddr>, cookie: String, room: String, out: mpsc::UnboundedSender<Seen>) {
    tokio::spawn(async move {
        let mut last: Option<i64> = None;
        for (n, addr) in addrs.into_iter().enumerate() {
            if n > 0 {
                // As the page's client does, wait a moment before reconnecting; the events
                // of that moment are what it must be given when it is back.
                tokio::time::sleep(Duration::from_millis(700)).await;
            }
            // The other instance may be a moment from accepting; the page retries too.
            let mut opened = None;
            for _ in 0..50 {
                opened = open(addr, &cookie).await;
                if opened.is_some() {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            let Some((mut ws, latest)) = opened else {
                return;
            };
            if n > 0 && out.send(Seen::Back(Instant::now())).is_err() {
                return;
            }
            join(&mut ws, &room, Some(last.unwrap_or(latest))).await;
            while let Some(v) = read(&mut ws).await {
                if v["type"] == "event" && v["room"] == room.as_str() {
                    last = v["id"].as_i64().max(last);
                }
                if out.send(Seen::Frame(v, Instant::now())).is_err() {
                    return;
                }
            }
            if out.send(Seen::Lost(Instant::now())).is_err() {
                return;
            }
        }
    });
}

/// A reply posted as a browser's form would; `Some(post id)` only when the server
/// acknowledged it (303 to the new post). A dead instance is no answer, not a panic.
async fn try_reply(addr: SocketAddr, thread: &str, cookie: &str, body: &str) -> Option<i64> {
    let form = format!("body={}&intent=post&parent=", process::enc(body));
    let req = format!(
        "POST {thread}/reply HTTP/1.0\r\nHost: {addr}\r\nOrigin: http://{addr}\r\n\
         Cookie: {cookie}\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{form}",
        form.len()
    );
    let answer = tokio::time::timeout(Duration::from_secs(5), async {
        let mut s = tokio::net::TcpStream::connect(addr).await.ok()?;
        s.write_all(req.as_bytes()).await.ok()?;
        let mut out = Vec::new();
        s.read_to_end(&mut out).await.ok()?;
        Some(String::from_utf8_lossy(&out).to_string())
    })
    .await
    .ok()??;
    if !answer.starts_with("HTTP/1.0 303") && !answer.starts_with("HTTP/1.1 303") {
        return None;
    }
    let head = answer.split("\r\n\r\n").next()?;
    process::header(head, "location")
        .rsplit("#p")
        .next()?
        .parse()
        .ok()
}

/// Posts through `addr` every `every` until `stop`, or until the instance stops answering;
/// returns the acknowledged posts, each with the moment it was acknowledged.
fn writer(
    addr: SocketAddr,
    thread: String,
    cookie: String,
    who: &'static str,
    every: Duration,
    stop: Arc<AtomicBool>,
) -> tokio::task::JoinHandle<Vec<(i64, Instant)>> {
    tokio::spawn(async move {
        let mut acked = Vec::new();
        let mut n = 0;
        while !stop.load(Ordering::SeqCst) {
            n += 1;
            match try_reply(addr, &thread, &cookie, &format!("{who}, mensaje {n}")).await {
                Some(id) => acked.push((id, Instant::now())),
                // An instance that does not answer is dead (the test kills one): what it
                // did not acknowledge it may or may not have kept, and is not counted.
                None => break,
            }
            tokio::time::sleep(every).await;
        }
        acked
    })
}

/// Every `post_created` of `room` a client saw, in order, and each frame with its time.
fn posts_of(seen: &[Seen], room: &str) -> Vec<i64> {
    seen.iter()
        .filter_map(|s| match s {
            Seen::Frame(v, _)
                if v["type"] == "event" && v["room"] == room && v["kind"] == "post_created" =>
            {
                v["data"]["post"].as_i64()
            }
            _ => None,
        })
        .collect()
}

fn drain(rx: &mut mpsc::UnboundedReceiver<Seen>, into: &mut Vec<Seen>) {
    while let Ok(s) = rx.try_recv() {
        into.push(s);
    }
}

fn present(v: &Value, user: &str, state: &str) -> bool {
    v["type"] == "presence" && v["user"] == user && v["state"] == state
        || state == "here"
            && v["type"] == "joined"
            && v["presence"]
                .as_array()
                .is_some_and(|p| p.iter().any(|p| p["user"] == user))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killing_one_of_two_instances_loses_nothing_and_its_clients_carry_on() {
    let Some(t) = common::postgres().await else {
        return;
    };
    let url = t.db.listen_url().unwrap().to_string();
    let bin = env!("CARGO_BIN_EXE_entrust");
    let beat = HEARTBEAT_SECS.to_string();
    let env = [("ENTRUST_LIVE_HEARTBEAT_TIMEOUT_SECS", beat.as_str())];
    let mut one = process::start_with(bin, &url, true, &env);
    let two = process::start_with(bin, &url, false, &env);
    let (a, b) = (one.addr, two.addr);

    // Sessions live in the database, so one cookie is good on both instances.
    let carlos = process::sign_in(a, "carlos.mejia").await;
    let elena = process::sign_in(a, "elena.vargas").await;
    let lucia = process::sign_in(b, "ta.lopez").await;
    let (thread, id) = process::start_thread(a, SPACE, &carlos, "Si cae un servidor").await;
    let room = format!("thread:{id}");

    // Carlos listens on one and moves to two when one dies; Elena is only ever on one;
    // Lucía listens on two throughout.
    let (carlos_tx, mut carlos_rx) = mpsc::unbounded_channel();
    let (elena_tx, mut elena_rx) = mpsc::unbounded_channel();
    let (lucia_tx, mut lucia_rx) = mpsc::unbounded_channel();
    client(vec![a, b], carlos.clone(), room.clone(), carlos_tx);
    client(vec![a], elena.clone(), room.clone(), elena_tx);
    client(vec![b], lucia.clone(), room.clone(), lucia_tx);

    // Lucía, on two, must first have heard that Elena is in the room on one.
    let (mut carlos_seen, mut elena_seen, mut lucia_seen) = (Vec::new(), Vec::new(), Vec::new());
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        drain(&mut lucia_rx, &mut lucia_seen);
        let heard = lucia_seen
            .iter()
            .any(|s| matches!(s, Seen::Frame(v, _) if present(v, "elena.vargas", "here")));
        if heard {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "Lucía never heard of Elena: {lucia_seen:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    // Writes through both instances, ~20 a second in all.
    let stop = Arc::new(AtomicBool::new(false));
    let every = Duration::from_millis(100);
    let w1 = writer(
        a,
        thread.clone(),
        carlos.clone(),
        "Carlos",
        every,
        stop.clone(),
    );
    let w2 = writer(
        b,
        thread.clone(),
        lucia.clone(),
        "Lucía",
        every,
        stop.clone(),
    );
    tokio::time::sleep(Duration::from_millis(1500)).await;

    // Mid-traffic, instance one dies at once: no shutdown, no goodbye to the other.
    one.child.kill().unwrap();
    let killed = Instant::now();
    let _ = one.child.wait();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    stop.store(true, Ordering::SeqCst);
    let mut acked = w1.await.unwrap();
    let through_one = acked.len();
    acked.extend(w2.await.unwrap());
    assert!(
        through_one >= 3,
        "one acknowledged only {through_one} writes"
    );
    assert!(
        acked.len() >= through_one + 10,
        "two acknowledged too little"
    );

    // No acknowledged write was lost.
    let stored: BTreeSet<i64> = app::backend::store::posts::page(&t.db.pool, id, 0, 10_000)
        .await
        .unwrap()
        .iter()
        .map(|p| p.id)
        .skip(1) // the opening post, written before anyone listened
        .collect();
    for (p, _) in &acked {
        assert!(stored.contains(p), "acknowledged post {p} is not stored");
    }

    // Every stored post reaches both listeners exactly once, Carlos's across his move.
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        drain(&mut carlos_rx, &mut carlos_seen);
        drain(&mut lucia_rx, &mut lucia_seen);
        let all = |seen: &[Seen]| {
            let got: BTreeSet<i64> = posts_of(seen, &room).into_iter().collect();
            got == stored
        };
        if all(&carlos_seen) && all(&lucia_seen) {
            break;
        }
        if Instant::now() > deadline {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // A moment more, so a duplicate would have time to arrive.
    tokio::time::sleep(Duration::from_millis(500)).await;
    drain(&mut carlos_rx, &mut carlos_seen);
    drain(&mut lucia_rx, &mut lucia_seen);
    drain(&mut elena_rx, &mut elena_seen);
    let carlos_lost_at = carlos_seen
        .iter()
        .position(|s| matches!(s, Seen::Lost(_)))
        .expect("Carlos's socket to the killed instance never ended");
    let (Seen::Lost(lost), Some(Seen::Back(back))) = (
        &carlos_seen[carlos_lost_at],
        carlos_seen.get(carlos_lost_at + 1),
    ) else {
        panic!("Carlos never came back: {carlos_seen:?}");
    };
    // Replies were acknowledged while he was away: they reach him only from the table.
    let away = acked
        .iter()
        .filter(|(_, at)| at > lost && at < back)
        .count();
    assert!(away >= 2, "only {away} replies while Carlos was away");
    let before_kill = posts_of(&carlos_seen[..carlos_lost_at], &room).len();
    assert!(before_kill > 0, "Carlos saw nothing before the kill");
    for (who, seen) in [("Carlos", &carlos_seen), ("Lucía", &lucia_seen)] {
        let posts = posts_of(seen, &room);
        let mut count: HashMap<i64, usize> = HashMap::new();
        for p in &posts {
            *count.entry(*p).or_default() += 1;
        }
        let twice: Vec<_> = count.iter().filter(|(_, n)| **n > 1).collect();
        assert!(
            twice.is_empty(),
            "{who} got posts more than once: {twice:?}"
        );
        let got: BTreeSet<i64> = posts.into_iter().collect();
        let missing: Vec<_> = stored.difference(&got).collect();
        assert!(missing.is_empty(), "{who} never got {missing:?}");
    }
    // Elena's socket went down with its instance, and she never came back.
    assert!(elena_seen.iter().any(|s| matches!(s, Seen::Lost(_))));

    // Elena, who was only on the dead instance, leaves Lucía's room in time.
    let gone = |seen: &[Seen]| {
        seen.iter().find_map(|s| match s {
            Seen::Frame(v, at) if present(v, "elena.vargas", "gone") => Some(*at),
            _ => None,
        })
    };
    let give_up = killed + Duration::from_secs(HEARTBEAT_SECS + 5);
    while gone(&lucia_seen).is_none() && Instant::now() < give_up {
        tokio::time::sleep(Duration::from_millis(50)).await;
        drain(&mut lucia_rx, &mut lucia_seen);
    }
    let gone_at = gone(&lucia_seen).expect("Lucía never saw Elena leave");
    let after = gone_at.saturating_duration_since(killed);
    assert!(
        after <= Duration::from_secs(HEARTBEAT_SECS) + DELIVERY_SLACK,
        "Elena left {after:?} after her instance died"
    );
    // Carlos, who came over to two, is still in the room there.
    let carlos_back = lucia_seen.iter().rev().find_map(|s| match s {
        Seen::Frame(v, _) if v["type"] == "presence" && v["user"] == "carlos.mejia" => {
            v["state"].as_str().map(str::to_string)
        }
        _ => None,
    });
    assert_ne!(carlos_back.as_deref(), Some("gone"), "{lucia_seen:?}");
    eprintln!(
        "failover: {} writes acknowledged ({through_one} through the killed instance), \
         {} stored, Carlos saw {before_kill} before the kill and missed {away} while away, \
         Elena gone after {after:?}",
        acked.len(),
        stored.len()
    );
}
