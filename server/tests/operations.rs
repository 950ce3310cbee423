//! What operators see and rely on: `/metrics` as a Prometheus scraper reads it (for the
//! token holder only, moving with the traffic), the request id on every answer, the JSON log
//! lines that carry it, and the client's own address behind a trusted reverse proxy.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
#[path = "common/process.rs"]
mod process;

use std::collections::HashMap;
use std::time::Duration;

use app::backend::{demo, now};
use axum::body::Body;
use futures_util::{SinkExt, StreamExt};
use http::Request;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Message;

use common::{get, get_as, send, serve, sign_in, HOST};

const TOKEN: &str = "scrape-me-with-this-token-0123456789";
const SPACE: &str = "/spaces/colombia-plan-operativo";

fn scrape_request(auth: Option<&str>) -> Request<Body> {
    let mut b = Request::get("/metrics").header(http::header::HOST, HOST);
    if let Some(a) = auth {
        b = b.header(http::header::AUTHORIZATION, a);
    }
    b.body(Body::empty()).unwrap()
}

/// Every sample of a scrape, by its whole name with labels.
async fn scrape(r: &axum::Router) -> HashMap<String, f64> {
    let reply = send(r, scrape_request(Some(&format!("Bearer {TOKEN}")))).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(
        reply.headers[http::header::CONTENT_TYPE],
        "text/plain; version=0.0.4; charset=utf-8"
    );
    let mut samples = HashMap::new();
    for line in reply.body.lines().filter(|l| !l.starts_with('#')) {
        let (name, value) = line.rsplit_once(' ').expect(line);
        let value: f64 = value
            .parse()
            .unwrap_or_else(|_| panic!("not a number: {line}"));
        assert!(
            samples.insert(name.to_string(), value).is_none(),
            "twice: {name}"
        );
    }
    samples
}

fn sample(s: &HashMap<String, f64>, name: &str) -> f64 {
    *s.get(name)
        .unwrap_or_else(|| panic!("no {name} among {:?}", s.keys().collect::<Vec<_>>()))
}

/// Each histogram's buckets only grow with their bound and end at its count.
fn histograms_are_whole(s: &HashMap<String, f64>) {
    let mut series: HashMap<String, Vec<(f64, f64)>> = HashMap::new();
    for (name, v) in s {
        let Some(rest) = name.strip_prefix("entrust_http_request_duration_seconds_bucket{") else {
            continue;
        };
        let (labels, le) = rest.rsplit_once(",le=\"").unwrap();
        let le = le.trim_end_matches("\"}");
        let bound = if le == "+Inf" {
            f64::INFINITY
        } else {
            le.parse().unwrap()
        };
        series
            .entry(labels.to_string())
            .or_default()
            .push((bound, *v));
    }
    assert!(!series.is_empty());
    for (labels, mut buckets) in series {
        buckets.sort_by(|a, b| a.0.total_cmp(&b.0));
        assert!(
            buckets.windows(2).all(|w| w[0].1 <= w[1].1),
            "{labels}: {buckets:?}"
        );
        let count = sample(
            s,
            &format!("entrust_http_request_duration_seconds_count{{{labels}}}"),
        );
        assert_eq!(buckets.last().unwrap().1, count, "{labels}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_are_for_the_token_holder_and_move_with_the_traffic() {
    for t in common::all_databases().await {
        demo::load(&t.db, now()).await.unwrap();

        // Without a token configured there is no such address. (No search worker here
        // either: it would empty the queue whose figures are checked below.)
        let plain = common::app(&t.db).without_search_worker().build().router;
        assert_eq!(get(&plain, "/metrics").await.status, 404);

        // The search worker is held back so the queue's figures have something to show.
        let platform = common::app(&t.db)
            .without_search_worker()
            .configure(|c| c.metrics_token = Some(TOKEN.into()))
            .build();
        let r = &platform.router;
        for auth in [
            None,
            Some("Bearer wrong-token-wrong-token-wrong-token"),
            Some(&format!("Bearer {TOKEN}x") as &str),
            Some(&format!("Basic {TOKEN}") as &str),
        ] {
            let reply = send(r, scrape_request(auth)).await;
            assert_eq!(reply.status, 401, "{auth:?}");
            assert!(!reply.body.contains("entrust_"), "{auth:?}: {}", reply.body);
        }
        // A signed-in administrator is no scraper either.
        let elena = sign_in(r, "elena.vargas").await;
        let reply = get_as(r, "/metrics", Some(&elena)).await;
        assert_eq!(reply.status, 401);

        let before = scrape(r).await;
        histograms_are_whole(&before);
        let health = "{method=\"GET\",route=\"/healthz\"}";
        let count = |s: &HashMap<String, f64>, name: &str| s.get(name).copied().unwrap_or(0.0);
        let healthz_before = count(
            &before,
            &format!("entrust_http_request_duration_seconds_count{health}"),
        );
        for _ in 0..3 {
            assert_eq!(get(r, "/healthz").await.status, 200);
        }
        let carlos = sign_in(r, "carlos.mejia").await;
        let thread = common::start_thread(r, SPACE, &carlos, "Métricas", "Hola").await;
        let thread_id = thread.rsplit('/').next().unwrap().to_string();
        assert_eq!(get_as(r, &thread, Some(&carlos)).await.status, 200);

        // A live socket in the thread's room, and a reply it hears.
        let addr = serve(r.clone()).await;
        let mut req = format!("ws://{addr}/live/v1")
            .into_client_request()
            .unwrap();
        req.headers_mut()
            .insert("origin", format!("http://{addr}").parse().unwrap());
        req.headers_mut().insert("cookie", carlos.parse().unwrap());
        let (mut ws, _) = tokio_tungstenite::connect_async(req).await.unwrap();
        let room = format!("thread:{thread_id}");
        let join = serde_json::json!({ "type": "join", "room": room }).to_string();
        ws.send(Message::text(join)).await.unwrap();
        let lucia = sign_in(r, "ta.lopez").await;
        common::reply(r, &thread, &lucia, None, "Aquí estoy.").await;
        loop {
            let msg = tokio::time::timeout(Duration::from_secs(5), ws.next())
                .await
                .expect("the reply, live")
                .unwrap()
                .unwrap();
            if matches!(&msg, Message::Text(t) if t.contains("post_created")) {
                break;
            }
        }

        let after = scrape(r).await;
        histograms_are_whole(&after);
        assert_eq!(
            count(
                &after,
                &format!("entrust_http_request_duration_seconds_count{health}")
            ) - healthz_before,
            3.0,
            "{}",
            t.label
        );
        assert_eq!(
            count(
                &after,
                "entrust_http_requests_total{method=\"GET\",route=\"/healthz\",status=\"200\"}"
            ) - count(
                &before,
                "entrust_http_requests_total{method=\"GET\",route=\"/healthz\",status=\"200\"}"
            ),
            3.0
        );
        assert!(
            count(
                &after,
                &format!("entrust_http_request_duration_seconds_sum{health}")
            ) > count(
                &before,
                &format!("entrust_http_request_duration_seconds_sum{health}")
            )
        );
        // The refused scrapes are counted as what they were.
        assert_eq!(
            sample(
                &after,
                "entrust_http_requests_total{method=\"GET\",route=\"/metrics\",status=\"401\"}"
            ),
            5.0
        );
        // Routes are labelled by pattern: the thread page is there, its id is not.
        let names: Vec<&String> = after.keys().collect();
        assert!(
            names
                .iter()
                .any(|n| n.contains("route=\"/spaces/{") && n.contains("threads")),
            "{names:?}"
        );
        assert!(
            !names.iter().any(|n| n.contains(&format!("/{thread_id}\""))),
            "an address, not a pattern, in {names:?}"
        );
        assert!(sample(&after, "entrust_live_sockets") >= 1.0);
        assert!(
            sample(&after, "entrust_live_rooms") >= 2.0,
            "own room and thread"
        );
        assert!(
            sample(&after, "entrust_live_events_total")
                > count(&before, "entrust_live_events_total")
        );
        assert!(sample(&after, "entrust_live_latest_event_id") > 0.0);
        assert_eq!(sample(&after, "entrust_db_pool_max_connections"), 5.0);
        assert!(sample(&after, "entrust_db_pool_connections{state=\"idle\"}") >= 0.0);
        assert!(sample(&after, "entrust_db_pool_connections{state=\"in_use\"}") >= 0.0);
        // The held-back worker left the new thread and reply waiting.
        assert!(sample(&after, "entrust_search_queue_depth") >= 2.0);
        assert!(sample(&after, "entrust_search_queue_lag_seconds") >= 0.0);
        for state in ["waiting", "sent", "dropped"] {
            let name = format!("entrust_email_outbox{{state=\"{state}\"}}");
            assert!(sample(&after, &name) >= 0.0);
        }
        ws.close(None).await.unwrap();
        eprintln!("{}: metrics ok", t.label);
    }
}

#[tokio::test]
async fn every_answer_carries_its_request_id() {
    let t = common::sqlite().await;
    let r = common::router(&t.db);
    let ask = |id: Option<&str>| {
        let mut b = Request::get("/healthz").header(http::header::HOST, HOST);
        if let Some(id) = id {
            b = b.header("x-request-id", id);
        }
        b.body(Body::empty()).unwrap()
    };
    // A proxy's good id is kept, so one request can be followed through both logs.
    let kept = send(&r, ask(Some("edge-7f3a.1_b"))).await;
    assert_eq!(kept.headers["x-request-id"], "edge-7f3a.1_b");
    // Anything else is replaced, never repeated into our logs.
    for bad in ["has space", "quote\"d", &"x".repeat(65)] {
        let got = send(&r, ask(Some(bad))).await;
        let id = got.headers["x-request-id"].to_str().unwrap();
        assert_ne!(id, bad);
        assert_eq!(id.len(), 16, "{id}");
        assert!(id.bytes().all(|b| b.is_ascii_hexdigit()), "{id}");
    }
    // Without one, each request gets its own; pages and refusals alike.
    let a = send(&r, ask(None)).await;
    let b = send(&r, ask(None)).await;
    assert_ne!(a.headers["x-request-id"], b.headers["x-request-id"]);
    let missing = get(&r, "/no/such/page").await;
    assert_eq!(missing.status, 404);
    assert!(missing.headers.contains_key("x-request-id"));
}

#[test]
fn a_short_metrics_token_stops_the_server_at_start() {
    let mut c = common::config("site");
    c.metrics_token = Some("too-short".into());
    let e = c.validate().unwrap_err();
    assert!(e.contains("ENTRUST_METRICS_TOKEN"), "{e}");
    c.metrics_token = Some("twenty four chars and a space".into());
    assert!(c.validate().is_err());
    c.metrics_token = Some(TOKEN.into());
    assert!(c.validate().is_ok());
}

/// A real process asked for JSON logs writes one object per line, and a request's line
/// carries its id, route and status — but not the address it asked for.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn json_logs_carry_the_request_id() {
    let dir = std::env::temp_dir().join(format!("entrust_json_logs_{}", std::process::id()));
    let url = format!("sqlite://{}/e.db?mode=rwc", dir.display());
    let server = process::start_with(
        env!("CARGO_BIN_EXE_entrust"),
        &url,
        false,
        &[
            ("ENTRUST_LOG_FORMAT", "json"),
            ("ENTRUST_LOG", "info,sqlx=warn"),
            ("ENTRUST_METRICS_TOKEN", TOKEN),
        ],
    );
    let asked = process::request(
        server.addr,
        "127.0.0.1",
        "GET",
        "/missions/calendar/this-secret-must-not-be-logged.ics",
        "",
        "",
        "",
    )
    .await;
    assert_eq!(asked.status, 404);
    let id = asked.header("x-request-id").to_string();
    assert_eq!(id.len(), 16);
    let mut found = None;
    for _ in 0..50 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        let lines = server.output.lock().unwrap().clone();
        found = lines
            .iter()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .find(|v| v["fields"]["message"] == "answered" && v["span"]["id"] == id.as_str());
        if found.is_some() {
            break;
        }
    }
    let lines = server.output.lock().unwrap().clone();
    let line = found.unwrap_or_else(|| panic!("no line for request {id} in {lines:#?}"));
    assert_eq!(line["fields"]["status"], 404);
    assert_eq!(line["span"]["method"], "GET");
    assert_eq!(line["level"], "INFO");
    assert_eq!(line["target"], "entrust::access");
    // Nothing but JSON on standard output, from "listening" on.
    for l in &lines {
        assert!(
            serde_json::from_str::<serde_json::Value>(l).is_ok(),
            "not JSON: {l}"
        );
        assert!(!l.contains("this-secret"), "an address in the log: {l}");
        assert!(!l.contains(TOKEN), "the metrics token in the log: {l}");
    }
    drop(server);
    let _ = std::fs::remove_dir_all(dir);
}

/// A failed sign-in sent through a proxy that says the client is `forwarded`; returns the
/// address the audit log recorded for it.
async fn failed_sign_in_via_proxy(
    r: axum::Router,
    db: &app::backend::Db,
    forwarded: &str,
) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = serve(r).await;
    let body = "username=carlos.mejia&password=wrong-password";
    let req = format!(
        "POST /auth/signin HTTP/1.0\r\nHost: {addr}\r\nOrigin: http://{addr}\r\n\
         X-Forwarded-For: {forwarded}\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Content-Length: {}\r\n\r\n{body}",
        body.len()
    );
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    s.write_all(req.as_bytes()).await.unwrap();
    let mut out = Vec::new();
    s.read_to_end(&mut out).await.unwrap();
    assert!(String::from_utf8_lossy(&out).starts_with("HTTP/1.0 303"));
    let row = sqlx::query("SELECT address FROM audit_log ORDER BY id DESC LIMIT 1")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    sqlx::Row::get(&row, "address")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn behind_a_trusted_proxy_the_client_is_who_it_forwarded() {
    let t = common::sqlite().await;
    demo::load(&t.db, now()).await.unwrap();
    // Nobody trusted (the default): the header is anyone's invention and is ignored.
    let plain = common::router(&t.db);
    let seen = failed_sign_in_via_proxy(plain, &t.db, "203.0.113.9").await;
    assert_eq!(seen, "127.0.0.1");
    // The proxy on loopback trusted: the client it names is recorded...
    let behind = common::app(&t.db)
        .configure(|c| c.trusted_proxies = vec!["127.0.0.0/8".into()])
        .build()
        .router;
    let seen = failed_sign_in_via_proxy(behind.clone(), &t.db, "203.0.113.9").await;
    assert_eq!(seen, "203.0.113.9");
    // ...but not what the client claimed before reaching it.
    let seen = failed_sign_in_via_proxy(behind, &t.db, "10.9.9.9, 198.51.100.4").await;
    assert_eq!(seen, "198.51.100.4");
    let mut c = common::config("site");
    c.trusted_proxies = vec!["10.0.0.0/99".into()];
    let e = c.validate().unwrap_err();
    assert!(e.contains("ENTRUST_TRUSTED_PROXIES"), "{e}");
}
