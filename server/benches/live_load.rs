//! Load benchmark of live updates: N authenticated WebSocket clients (tokio-tungstenite)
//! in one thread room of a real `entrust` server process (release build, SQLite), and —
//! in the same run, with the same client — a bare tokio-tungstenite broadcast hub as the
//! baseline. For each size it prints connections held, publish-to-receive latency
//! (p50/p95/p99 over every event at every client), events lost, and the server's memory
//! per idle connection (growth of its resident set while the N sockets sit in the room,
//! divided by N).
//!
//! An event is published by posting a reply over HTTP (the clock starts when the request
//! is sent, so commit and dispatch are included); on the bare hub, by sending a message
//! on one more socket.
//!
//! Run: `ulimit -n 65536; cargo bench -p server --bench live_load` (sizes 1000 5000 10000;
//! pass other sizes as arguments, or `-- --quick` for 1000 only). `-- --soak [N]` instead
//! opens N sockets (2000 by default) ten times, closing them each time, and prints the
//! server's resident memory after each burst: memory must come back.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../tests/common/process.rs"]
mod process;

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::broadcast;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::Message;

const EVENTS: usize = 20;
const SPACING: Duration = Duration::from_millis(250);

/// Small buffers on both ends: idle sockets should cost kilobytes, not 128 KiB.
fn ws_config() -> WebSocketConfig {
    WebSocketConfig::default()
        .read_buffer_size(4096)
        .write_buffer_size(0)
        .max_write_buffer_size(1 << 20)
}

/// Received events per client: (event key, when).
type Log = Arc<Mutex<Vec<(i64, Instant)>>>;

struct Report {
    held: usize,
    latencies: Vec<Duration>,
    lost: usize,
    per_connection: Option<f64>,
}

fn pct(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

/// Opens `n` sockets (200 handshakes at a time); each runs `hello`, then logs what
/// `key` finds in every later text frame.
async fn open_clients<F, Fut>(
    n: usize,
    request: impl Fn() -> http::Request<()> + Send + Sync + 'static,
    hello: F,
    key: fn(&str) -> Option<i64>,
) -> (Vec<Log>, usize)
where
    F: Fn(tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<TcpStream>>) -> Fut
        + Send
        + Sync
        + Copy
        + 'static,
    Fut: std::future::Future<
            Output = Option<
                tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<TcpStream>>,
            >,
        > + Send,
{
    let request = Arc::new(request);
    let gate = Arc::new(tokio::sync::Semaphore::new(200));
    let mut handles = Vec::new();
    for _ in 0..n {
        let (request, gate) = (request.clone(), gate.clone());
        handles.push(tokio::spawn(async move {
            let permit = gate.acquire_owned().await.unwrap();
            let (ws, _) =
                tokio_tungstenite::connect_async_with_config(request(), Some(ws_config()), true)
                    .await
                    .ok()?;
            let mut ws = hello(ws).await?;
            drop(permit);
            let log: Log = Arc::default();
            let mine = log.clone();
            let reader = tokio::spawn(async move {
                while let Some(Ok(msg)) = ws.next().await {
                    if let Message::Text(t) = msg {
                        if let Some(k) = key(&t) {
                            mine.lock().unwrap().push((k, Instant::now()));
                        }
                    }
                }
            });
            READERS.lock().unwrap().push(reader.abort_handle());
            Some(log)
        }));
    }
    let mut logs = Vec::new();
    for h in handles {
        if let Ok(Some(log)) = h.await {
            logs.push(log);
        }
    }
    let held = logs.len();
    (logs, held)
}

/// Waits (up to 10 s) until every client logged `expected` keys; then latencies and losses.
async fn collect(
    logs: &[Log],
    published: &HashMap<i64, Instant>,
    expected: usize,
) -> (Vec<Duration>, usize) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline && logs.iter().any(|l| l.lock().unwrap().len() < expected) {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let mut latencies = Vec::new();
    let mut lost = 0;
    for log in logs {
        let got = log.lock().unwrap();
        lost += expected.saturating_sub(got.len());
        for (k, at) in got.iter() {
            if let Some(sent) = published.get(k) {
                latencies.push(at.saturating_duration_since(*sent));
            }
        }
    }
    latencies.sort();
    (latencies, lost)
}

// ---- the entrust server ----

fn rss_kib(pid: u32) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(f64::NAN)
}

async fn run_entrust(n: usize) -> Report {
    let dir = std::env::temp_dir().join(format!("entrust_live_bench_{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let url = format!("sqlite://{}/e.db", dir.display());
    let server = start_server(&url);
    let addr = server.addr;
    let cookie = process::sign_in(addr, "carlos.mejia").await;
    let space = "/spaces/colombia-plan-operativo";
    let (thread, id) = process::start_thread(addr, space, &cookie, "Carga").await;
    let room = format!("thread:{id}");

    let pid = server.child.id();
    tokio::time::sleep(Duration::from_millis(500)).await;
    let before = rss_kib(pid);
    let (logs, held, _) = join_room(addr, &cookie, &room, n).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let after = rss_kib(pid);

    let mut published = HashMap::new();
    for k in 0..EVENTS {
        let sent = Instant::now();
        let post = process::reply(addr, &thread, &cookie, &format!("evento {k}")).await;
        published.insert(post, sent);
        tokio::time::sleep(SPACING).await;
    }
    let (latencies, lost) = collect(&logs, &published, EVENTS).await;
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);
    Report {
        held,
        latencies,
        lost,
        per_connection: Some((after - before) / held.max(1) as f64),
    }
}

static JOIN: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// A release-like server whose one person may hold every socket the run opens (the worse
/// case: thousands of sockets of one person, with their presence traffic).
fn start_server(url: &str) -> process::Server {
    start_server_with(url, &[])
}

fn start_server_with(url: &str, env: &[(&str, &str)]) -> process::Server {
    let mut all = vec![
        ("ENTRUST_LIVE_MAX_SOCKETS_PER_PERSON", "100000"),
        ("ENTRUST_METRICS_TOKEN", METRICS_TOKEN),
    ];
    all.extend_from_slice(env);
    process::start_with(env!("CARGO_BIN_EXE_entrust"), url, true, &all)
}

const METRICS_TOKEN: &str = "live-load-bench-metrics-token";

/// The server's own count of open live sockets and rooms (from `/metrics`).
async fn live_figures(addr: SocketAddr) -> (f64, f64) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut s = TcpStream::connect(addr).await.unwrap();
    let req = format!(
        "GET /metrics HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {METRICS_TOKEN}\r\n\
         Connection: close\r\n\r\n"
    );
    s.write_all(req.as_bytes()).await.unwrap();
    let mut body = String::new();
    s.read_to_string(&mut body).await.unwrap();
    let figure = |name: &str| {
        body.lines()
            .find_map(|l| l.strip_prefix(name)?.strip_prefix(' ')?.trim().parse().ok())
            .unwrap_or(f64::NAN)
    };
    (figure("entrust_live_sockets"), figure("entrust_live_rooms"))
}

/// Opens `n` sockets of the person with `cookie`, each joined to `room`; returns their
/// logs of `post_created` events, how many are held, and the tasks reading them (aborting
/// a task closes its socket).
async fn join_room(
    addr: SocketAddr,
    cookie: &str,
    room: &str,
    n: usize,
) -> (Vec<Log>, usize, Vec<tokio::task::AbortHandle>) {
    let cookie_for = cookie.to_string();
    let join = serde_json::json!({ "type": "join", "room": room }).to_string();
    JOIN.set(join).ok();
    let before = READERS.lock().unwrap().len();
    let (logs, held) = open_clients(
        n,
        move || {
            let mut req = format!("ws://{addr}/live/v1")
                .into_client_request()
                .unwrap();
            req.headers_mut()
                .insert("origin", format!("http://{addr}").parse().unwrap());
            req.headers_mut()
                .insert("cookie", cookie_for.parse().unwrap());
            req
        },
        |mut ws| async move {
            ws.next().await?.ok()?; // welcome
            ws.send(Message::text(JOIN.get()?.clone())).await.ok()?;
            loop {
                if let Message::Text(t) = ws.next().await?.ok()? {
                    if t.contains("\"joined\"") {
                        return Some(ws);
                    }
                }
            }
        },
        |t| {
            if !t.contains("\"post_created\"") {
                return None;
            }
            let v: serde_json::Value = serde_json::from_str(t).ok()?;
            v["data"]["post"].as_i64()
        },
    )
    .await;
    let readers = READERS.lock().unwrap().split_off(before);
    (logs, held, readers)
}

/// The reading task of every socket `open_clients` opened, in order.
static READERS: Mutex<Vec<tokio::task::AbortHandle>> = Mutex::new(Vec::new());

/// Memory that comes back: `bursts` times, `size` sockets join one room and close; the
/// server's resident set is printed after each burst has closed and settled, with the
/// server's own count of sockets and rooms (zero: no state is kept per socket). `arenas`:
/// glibc's `MALLOC_ARENA_MAX` for the server (None: glibc's default, 8 per core).
async fn run_soak(bursts: usize, size: usize, arenas: Option<&str>) {
    let dir = std::env::temp_dir().join(format!("entrust_soak_bench_{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let url = format!("sqlite://{}/e.db", dir.display());
    let server = match arenas {
        Some(n) => start_server_with(&url, &[("MALLOC_ARENA_MAX", n)]),
        None => start_server(&url),
    };
    let addr = server.addr;
    let pid = server.child.id();
    let cookie = process::sign_in(addr, "carlos.mejia").await;
    let (_, id) =
        process::start_thread(addr, "/spaces/colombia-plan-operativo", &cookie, "Soak").await;
    let room = format!("thread:{id}");
    tokio::time::sleep(Duration::from_secs(1)).await;
    let fresh = rss_kib(pid) / 1024.0;
    let arenas_said = arenas.map_or("glibc's default arenas".to_string(), |n| {
        format!("MALLOC_ARENA_MAX={n}")
    });
    println!(
        "memory soak ({arenas_said}): {bursts} bursts of {size} sockets joining one room, then closing"
    );
    println!("  fresh server: {fresh:.0} MB");
    let mut peaks = Vec::new();
    let mut after = Vec::new();
    for b in 1..=bursts {
        let (_, held, readers) = join_room(addr, &cookie, &room, size).await;
        tokio::time::sleep(Duration::from_millis(500)).await;
        let peak = rss_kib(pid) / 1024.0;
        for r in readers {
            r.abort();
        }
        // Closed sockets leave the room when the server reads their close (at once) or
        // after the heartbeat timeout; the server trims what it freed within seconds.
        tokio::time::sleep(Duration::from_secs(6)).await;
        let settled = rss_kib(pid) / 1024.0;
        // What the server still keeps: sockets and rooms by its own count.
        let (sockets, rooms) = live_figures(addr).await;
        println!(
            "  burst {b:>2}: held {held}, {peak:.0} MB with them open, {settled:.0} MB after \
             they closed (server counts {sockets} sockets, {rooms} rooms)"
        );
        peaks.push(peak);
        after.push(settled);
    }
    let last = after.last().copied().unwrap_or(f64::NAN);
    println!(
        "  after the last burst: {last:.0} MB ({:+.0} MB over the fresh server; highest while open {:.0} MB)",
        last - fresh,
        peaks.iter().copied().fold(f64::NAN, f64::max)
    );
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);
}

// ---- the bare hub ----

async fn bare_hub() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (tx, _) = broadcast::channel::<tokio_tungstenite::tungstenite::Utf8Bytes>(1024);
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let tx = tx.clone();
            tokio::spawn(async move {
                let _ = stream.set_nodelay(true);
                let Ok(ws) =
                    tokio_tungstenite::accept_async_with_config(stream, Some(ws_config())).await
                else {
                    return;
                };
                let (mut sink, mut source) = ws.split();
                let mut rx = tx.subscribe();
                loop {
                    tokio::select! {
                        msg = source.next() => match msg {
                            Some(Ok(Message::Text(t))) => { let _ = tx.send(t); }
                            Some(Ok(_)) => {}
                            _ => break,
                        },
                        out = rx.recv() => match out {
                            Ok(t) => if sink.send(Message::Text(t)).await.is_err() { break },
                            Err(broadcast::error::RecvError::Lagged(_)) => {}
                            Err(_) => break,
                        },
                    }
                }
            });
        }
    });
    addr
}

/// The bare hub runs in a process of its own (this program, started again), like the
/// server: its sockets do not share the client's file-descriptor limit, and its memory
/// per connection is measured the same way.
fn start_bare_hub() -> (Child, SocketAddr) {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .env("LIVE_LOAD_BARE_HUB", "1")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let line = lines.next().unwrap().unwrap();
    let addr = line.trim_start_matches("listening on ").parse().unwrap();
    (child, addr)
}

async fn run_bare(n: usize) -> Report {
    let (mut child, addr) = start_bare_hub();
    let pid = child.id();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let before = rss_kib(pid);
    let url = format!("ws://{addr}/");
    let request = move || url.clone().into_client_request().unwrap();
    let (logs, held) = open_clients(
        n,
        request.clone(),
        |ws| async move { Some(ws) },
        |t| t.strip_prefix("event ").and_then(|k| k.parse().ok()),
    )
    .await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let after = rss_kib(pid);
    let (mut publisher, _) =
        tokio_tungstenite::connect_async_with_config(request(), Some(ws_config()), true)
            .await
            .unwrap();
    tokio::time::sleep(Duration::from_secs(1)).await;
    let mut published = HashMap::new();
    for k in 0..EVENTS as i64 {
        published.insert(k, Instant::now());
        publisher
            .send(Message::text(format!("event {k}")))
            .await
            .unwrap();
        tokio::time::sleep(SPACING).await;
    }
    let (latencies, lost) = collect(&logs, &published, EVENTS).await;
    let _ = child.kill();
    let _ = child.wait();
    Report {
        held,
        latencies,
        lost,
        per_connection: Some((after - before) / held.max(1) as f64),
    }
}

fn print(label: &str, n: usize, r: &Report) {
    let memory = r
        .per_connection
        .map(|kib| format!(", server memory per idle connection {kib:.1} KiB"))
        .unwrap_or_default();
    // (The bare hub's figure is its process's growth too.)
    println!(
        "  {label:<12} {n:>6} clients: held {}, latency p50 {:.1} ms p95 {:.1} ms p99 {:.1} ms, events lost {}{memory}",
        r.held,
        pct(&r.latencies, 0.50),
        pct(&r.latencies, 0.95),
        pct(&r.latencies, 0.99),
        r.lost,
    );
}

fn main() {
    if std::env::var("LIVE_LOAD_BARE_HUB").is_ok() {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async {
            let addr = bare_hub().await;
            println!("listening on {addr}");
            std::future::pending::<()>().await;
        });
        return;
    }
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut sizes: Vec<usize> = args.iter().filter_map(|a| a.parse().ok()).collect();
    if sizes.is_empty() && !args.iter().any(|a| a == "--soak") {
        sizes = if args.iter().any(|a| a == "--quick") {
            vec![1000]
        } else {
            vec![1000, 5000, 10_000]
        };
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    println!(
        "live events: {EVENTS} events, {} ms apart, to every client in one thread room",
        SPACING.as_millis()
    );
    if args.iter().any(|a| a == "--soak") {
        let size = sizes.first().copied().unwrap_or(2000);
        // Both ways in one run: the system allocator's default, then as deployed (.ci/start,
        // the Containerfile) with two arenas.
        rt.block_on(run_soak(10, size, None));
        rt.block_on(run_soak(10, size, Some("2")));
        return;
    }
    rt.block_on(async {
        for n in sizes {
            let entrust = run_entrust(n).await;
            print("entrust", n, &entrust);
            let bare = run_bare(n).await;
            print("bare hub", n, &bare);
            println!(
                "  ratio entrust/bare: p95 {:.2}x, p99 {:.2}x",
                pct(&entrust.latencies, 0.95) / pct(&bare.latencies, 0.95),
                pct(&entrust.latencies, 0.99) / pct(&bare.latencies, 0.99)
            );
        }
    });
}
