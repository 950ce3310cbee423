//! What operators watch: every request's id, its one log line, and the figures at
//! `GET /metrics` in Prometheus's text format — requests and their latency by route, the
//! database pool, live sockets, rooms and events, and the search queue's depth and lag.
//!
//! `/metrics` exists only when `ENTRUST_METRICS_TOKEN` is set, and answers only to
//! `Authorization: Bearer <token>`: the figures name routes and load, which is nobody
//! else's business. Routes are labelled by their pattern (`/requests/{id}`), never by the
//! address asked for, so the labels stay few and no secret in an address (a calendar
//! feed's, an invitation's) reaches the figures or the logs.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use app::backend::AppState;
use axum::{
    body::Body,
    extract::{MatchedPath, Request, State},
    http::{header, HeaderValue, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
    Extension,
};
use tracing::Instrument;

use crate::live::Hub;

/// The header that carries a request's id, in and out.
pub const REQUEST_ID: &str = "x-request-id";

/// Upper bounds of the latency buckets, in seconds: fine where pages should be (5–100 ms),
/// coarse beyond.
const BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
];

/// The figures of one (method, route).
#[derive(Default)]
struct Route {
    statuses: BTreeMap<u16, u64>,
    /// Not cumulative: `buckets[i]` counts requests in `(BUCKETS[i-1], BUCKETS[i]]`; the
    /// last slot those above every bound.
    buckets: [u64; BUCKETS.len() + 1],
    sum: f64,
    count: u64,
}

/// The request figures of this process, since it started.
#[derive(Default)]
pub struct Metrics {
    routes: Mutex<HashMap<(String, String), Route>>,
}

impl Metrics {
    pub fn new() -> Arc<Metrics> {
        Arc::new(Metrics::default())
    }

    fn observe(&self, method: &str, route: &str, status: u16, took: Duration) {
        let secs = took.as_secs_f64();
        let slot = BUCKETS
            .iter()
            .position(|b| secs <= *b)
            .unwrap_or(BUCKETS.len());
        let mut routes = self.routes.lock().unwrap_or_else(|e| e.into_inner());
        let r = routes
            .entry((method.to_string(), route.to_string()))
            .or_default();
        *r.statuses.entry(status).or_default() += 1;
        r.buckets[slot] += 1;
        r.sum += secs;
        r.count += 1;
    }

    /// The request counters and histograms, in the text format.
    fn write_requests(&self, out: &mut String) {
        let routes = self.routes.lock().unwrap_or_else(|e| e.into_inner());
        let mut keys: Vec<&(String, String)> = routes.keys().collect();
        keys.sort();
        out.push_str(
            "# HELP entrust_http_requests_total Requests answered, by route and status.\n",
        );
        out.push_str("# TYPE entrust_http_requests_total counter\n");
        for key in &keys {
            let (method, route) = key;
            for (status, n) in &routes[*key].statuses {
                let _ = writeln!(
                    out,
                    "entrust_http_requests_total{{method=\"{method}\",route=\"{}\",status=\"{status}\"}} {n}",
                    label(route)
                );
            }
        }
        out.push_str("# HELP entrust_http_request_duration_seconds Time to answer, by route.\n");
        out.push_str("# TYPE entrust_http_request_duration_seconds histogram\n");
        for key in &keys {
            let (method, route) = key;
            let r = &routes[*key];
            let labels = format!("method=\"{method}\",route=\"{}\"", label(route));
            let mut below = 0;
            for (bound, n) in BUCKETS.iter().zip(r.buckets) {
                below += n;
                let _ = writeln!(
                    out,
                    "entrust_http_request_duration_seconds_bucket{{{labels},le=\"{bound}\"}} {below}"
                );
            }
            let _ = writeln!(
                out,
                "entrust_http_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {}",
                r.count
            );
            let _ = writeln!(
                out,
                "entrust_http_request_duration_seconds_sum{{{labels}}} {}",
                r.sum
            );
            let _ = writeln!(
                out,
                "entrust_http_request_duration_seconds_count{{{labels}}} {}",
                r.count
            );
        }
    }
}

/// A label value as the text format wants it (routes are ours, but escape all the same).
fn label(v: &str) -> String {
    v.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// An id a client or proxy sent that is safe to repeat in logs and headers: 1–64 of
/// letters, digits, `-`, `_` and `.`. Anything else is replaced by one of ours.
fn acceptable_id(v: &HeaderValue) -> Option<String> {
    let s = v.to_str().ok()?;
    let ok = (1..=64).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
    ok.then(|| s.to_string())
}

/// A fresh request id: 16 hex digits, unique enough to find one request in the logs.
fn new_id() -> String {
    use std::hash::{BuildHasher, Hasher};
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    // RandomState is seeded once per process from the OS; the counter makes each differ.
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u64(NEXT.fetch_add(1, Ordering::Relaxed));
    format!("{:016x}", h.finish())
}

/// The outermost layer: gives the request its id (kept when a proxy sent a good one), runs
/// it inside a span that carries the id into every log line it causes, counts it, logs
/// one line when it is answered, and sends the id back.
pub async fn track(metrics: Arc<Metrics>, req: Request, next: Next) -> Response {
    let started = Instant::now();
    let id = req
        .headers()
        .get(REQUEST_ID)
        .and_then(acceptable_id)
        .unwrap_or_else(new_id);
    let method = req.method().as_str().to_string();
    // Routing has happened (this runs inside the router), so the pattern is known; what
    // matched none (files, unknown addresses) shares one label.
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "(other)".to_string(), |m| m.as_str().to_string());
    let span = tracing::info_span!("request", id = %id, method = %method, route = %route);
    let mut res = next.run(req).instrument(span.clone()).await;
    let took = started.elapsed();
    let status = res.status().as_u16();
    metrics.observe(&method, &route, status, took);
    span.in_scope(|| {
        tracing::info!(
            target: "entrust::access",
            status,
            // Microsecond precision is plenty, and keeps the number short.
            ms = (took.as_secs_f64() * 1e6).round() / 1e3,
            "answered"
        );
    });
    if let Ok(v) = HeaderValue::from_str(&id) {
        res.headers_mut().insert(REQUEST_ID, v);
    }
    res
}

/// The token `/metrics` asks for.
#[derive(Clone)]
pub struct MetricsToken(pub Arc<str>);

/// `GET /metrics`, for the holder of the token.
pub async fn endpoint(
    State(state): State<AppState>,
    Extension(token): Extension<MetricsToken>,
    Extension(metrics): Extension<Arc<Metrics>>,
    Extension(hub): Extension<Arc<Hub>>,
    req: Request<Body>,
) -> Response {
    let given = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    if !same(given.as_bytes(), token.0.as_bytes()) {
        return (
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, "Bearer")],
            "the metrics token is missing or wrong\n",
        )
            .into_response();
    }
    let mut out = String::with_capacity(16 * 1024);
    metrics.write_requests(&mut out);
    write_platform(&state, &hub, &mut out).await;
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        out,
    )
        .into_response()
}

/// Equal bytes, compared in a time that does not tell how much of a guess was right.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn gauge(out: &mut String, name: &str, help: &str, kind: &str, value: impl std::fmt::Display) {
    let _ = writeln!(
        out,
        "# HELP {name} {help}\n# TYPE {name} {kind}\n{name} {value}"
    );
}

/// The figures read at scrape time: pool, live hub, search queue, email outbox.
async fn write_platform(state: &AppState, hub: &Hub, out: &mut String) {
    let pool = &state.db.pool;
    let size = pool.size();
    let idle = u32::try_from(pool.num_idle()).unwrap_or(u32::MAX);
    let _ = writeln!(
        out,
        "# HELP entrust_db_pool_connections Database connections held by the pool.\n\
         # TYPE entrust_db_pool_connections gauge\n\
         entrust_db_pool_connections{{state=\"in_use\"}} {}\n\
         entrust_db_pool_connections{{state=\"idle\"}} {idle}",
        size.saturating_sub(idle)
    );
    gauge(
        out,
        "entrust_db_pool_max_connections",
        "The pool's limit.",
        "gauge",
        pool.options().get_max_connections(),
    );
    let live = hub.figures();
    gauge(
        out,
        "entrust_live_sockets",
        "Open live sockets.",
        "gauge",
        live.sockets,
    );
    gauge(
        out,
        "entrust_live_rooms",
        "Rooms with a socket or a person in them (people's own rooms included).",
        "gauge",
        live.rooms,
    );
    gauge(
        out,
        "entrust_live_events_total",
        "Events handed out to the rooms since start (rate() gives events per second).",
        "counter",
        live.events,
    );
    gauge(
        out,
        "entrust_live_latest_event_id",
        "The newest event dispatched.",
        "gauge",
        hub.latest(),
    );
    // A database that does not answer leaves these out rather than failing the scrape.
    if let Ok(q) = app::backend::search::queue::backlog(pool).await {
        gauge(
            out,
            "entrust_search_queue_depth",
            "Index updates waiting for the search worker.",
            "gauge",
            q.len,
        );
        let lag = q.oldest.map_or(0, |t| (app::backend::now() - t).max(0));
        gauge(
            out,
            "entrust_search_queue_lag_seconds",
            "Age of the oldest waiting index update (0 when none waits).",
            "gauge",
            lag,
        );
    }
    if let Ok((waiting, sent, dropped)) = app::backend::store::email::counts(pool).await {
        let _ = writeln!(
            out,
            "# HELP entrust_email_outbox Emails in the outbox by state (sent and dropped ones \
             are kept 30 days).\n\
             # TYPE entrust_email_outbox gauge\n\
             entrust_email_outbox{{state=\"waiting\"}} {waiting}\n\
             entrust_email_outbox{{state=\"sent\"}} {sent}\n\
             entrust_email_outbox{{state=\"dropped\"}} {dropped}"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_from_outside_are_kept_only_when_harmless() {
        let ok = HeaderValue::from_static("abc-123_x.Y");
        assert_eq!(acceptable_id(&ok).as_deref(), Some("abc-123_x.Y"));
        for bad in ["", "a b", "a\"b", "é", &"x".repeat(65)] {
            let v = HeaderValue::from_str(bad).unwrap_or(HeaderValue::from_static("a b"));
            assert_eq!(acceptable_id(&v), None, "{bad:?}");
        }
        assert_ne!(new_id(), new_id());
        assert_eq!(new_id().len(), 16);
    }

    #[test]
    fn histograms_are_cumulative_and_end_at_the_count() {
        let m = Metrics::default();
        for ms in [0, 3, 3, 40, 7000] {
            m.observe("GET", "/x", 200, Duration::from_millis(ms));
        }
        m.observe("GET", "/x", 404, Duration::from_millis(1));
        let mut out = String::new();
        m.write_requests(&mut out);
        assert!(out
            .contains("entrust_http_requests_total{method=\"GET\",route=\"/x\",status=\"200\"} 5"));
        assert!(out
            .contains("entrust_http_requests_total{method=\"GET\",route=\"/x\",status=\"404\"} 1"));
        let bucket = |le: &str| -> u64 {
            let key = format!("_bucket{{method=\"GET\",route=\"/x\",le=\"{le}\"}} ");
            let line = out.lines().find(|l| l.contains(&key)).unwrap();
            line.rsplit(' ').next().unwrap().parse().unwrap()
        };
        assert_eq!(bucket("0.001"), 2);
        assert_eq!(bucket("0.005"), 4);
        assert_eq!(bucket("0.05"), 5);
        assert_eq!(bucket("5"), 5);
        assert_eq!(bucket("+Inf"), 6);
        assert!(out.contains(
            "entrust_http_request_duration_seconds_count{method=\"GET\",route=\"/x\"} 6"
        ));
    }

    #[test]
    fn tokens_compare_whole() {
        assert!(same(b"secret-token", b"secret-token"));
        assert!(!same(b"secret-token", b"secret-tokeN"));
        assert!(!same(b"secret", b"secret-token"));
        assert!(!same(b"", b"secret-token"));
    }
}
