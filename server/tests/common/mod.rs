//! Test support: throwaway databases on SQLite and PostgreSQL, and an in-process router.
//!
//! PostgreSQL tests create their own database (`entrust_test_…`) on the server named by
//! `ENTRUST_TEST_PG_URL` (default `postgres://postgres@127.0.0.1:5432/postgres`) and drop
//! it afterwards; they never touch a database they did not create. They fail when the
//! server is unreachable, unless `ENTRUST_TEST_SKIP_PG=1`, which prints that they were skipped.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::sync::atomic::{AtomicUsize, Ordering};

use app::backend::{AppState, Db};
use axum::body::Body;
use http::{Request, Response};
use http_body_util::BodyExt;
use sqlx::Connection;
use tower::ServiceExt;

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A database that exists for one test and is removed when dropped.
pub struct TestDb {
    pub db: Db,
    pub label: &'static str,
    cleanup: Cleanup,
}

enum Cleanup {
    File(std::path::PathBuf),
    Postgres { admin_url: String, name: String },
}

impl Drop for TestDb {
    fn drop(&mut self) {
        match &self.cleanup {
            Cleanup::File(dir) => {
                let _ = std::fs::remove_dir_all(dir);
            }
            Cleanup::Postgres { admin_url, name } => {
                let (admin_url, name) = (admin_url.clone(), name.clone());
                // Drop runs outside any runtime we can await on: use a private one.
                let _ = std::thread::spawn(move || {
                    let rt = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()?;
                    rt.block_on(async {
                        let mut c = sqlx::PgConnection::connect(&admin_url).await?;
                        sqlx::query(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                            .execute(&mut c)
                            .await?;
                        Ok::<_, sqlx::Error>(())
                    })
                    .map_err(std::io::Error::other)
                })
                .join();
            }
        }
    }
}

fn unique(prefix: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    format!(
        "{prefix}_{}_{}_{nanos}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst)
    )
}

pub async fn sqlite() -> TestDb {
    let dir = std::env::temp_dir().join(unique("entrust_test"));
    let url = format!("sqlite://{}/entrust.db", dir.display());
    let db = Db::connect(&url, 5).await.expect("open sqlite");
    db.migrate().await.expect("migrate sqlite");
    TestDb {
        db,
        label: "sqlite",
        cleanup: Cleanup::File(dir),
    }
}

fn pg_admin_url() -> String {
    std::env::var("ENTRUST_TEST_PG_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_string())
}

/// A fresh PostgreSQL database, or `None` when skipping was explicitly asked for.
pub async fn postgres() -> Option<TestDb> {
    if std::env::var("ENTRUST_TEST_SKIP_PG").is_ok_and(|v| v == "1") {
        eprintln!("SKIPPED: PostgreSQL store tests (ENTRUST_TEST_SKIP_PG=1)");
        return None;
    }
    let admin_url = pg_admin_url();
    let name = unique("entrust_test");
    let mut admin = sqlx::PgConnection::connect(&admin_url).await.unwrap_or_else(|e| {
        panic!("PostgreSQL at ENTRUST_TEST_PG_URL is unreachable ({e}); start it or set ENTRUST_TEST_SKIP_PG=1")
    });
    sqlx::query(&format!("CREATE DATABASE \"{name}\""))
        .execute(&mut admin)
        .await
        .unwrap();
    let (base, _) = admin_url.rsplit_once('/').unwrap();
    let url = format!("{base}/{name}");
    let db = Db::connect(&url, 5).await.expect("open postgres");
    db.migrate().await.expect("migrate postgres");
    Some(TestDb {
        db,
        label: "postgres",
        cleanup: Cleanup::Postgres { admin_url, name },
    })
}

/// SQLite always; PostgreSQL too unless skipped.
pub async fn all_databases() -> Vec<TestDb> {
    let mut dbs = vec![sqlite().await];
    dbs.extend(postgres().await);
    dbs
}

pub fn config(site_root: &str) -> server::config::Config {
    server::config::Config {
        addr: "127.0.0.1:0".parse().unwrap(),
        database_url: "sqlite://unused.db".into(),
        db_max_connections: 5,
        site_origin: "http://127.0.0.1:3000".into(),
        site_root: site_root.into(),
        max_body_bytes: 131_072,
        max_post_bytes: 65_536,
        session_idle_minutes: 30,
        session_absolute_hours: 12,
        signin_failures_per_account: 5,
        signin_failures_per_address: 50,
        allow_signup: false,
        oidc_providers: Vec::new(),
        live_heartbeat_timeout_secs: 30,
        live_max_frame_bytes: 16_384,
        live_queue: 256,
        live_max_sockets_per_person: 16,
        content_dir: "content".into(),
        search_dir: "unused-search".into(),
        meili_url: None,
        meili_key: None,
        meili_index: "entrust".into(),
        log: "warn".into(),
        log_format: "text".into(),
        metrics_token: None,
        trusted_proxies: Vec::new(),
        smtp_url: None,
        mail_from: "ENTRUST Network <no-reply@127.0.0.1>".into(),
        email_delay_secs: 0,
    }
}

/// A platform for one test: its state (for calling the backend directly) and its
/// router (for HTTP), built one way by [`app`].
pub struct TestApp {
    pub state: AppState,
    pub router: axum::Router,
    pub hub: std::sync::Arc<server::live::Hub>,
    /// The static site folder (`pkg/entrust.css` in it).
    pub site: std::path::PathBuf,
}

impl TestApp {
    /// Who is asking (`viewer`), now, on this platform.
    pub fn cx(&self, viewer: app::backend::access::Viewer) -> app::backend::Cx {
        app::backend::Cx::new(&self.state, viewer, app::backend::now())
    }

    /// The signed-in person `username`, as a backend context.
    pub async fn cx_of(&self, username: &str) -> app::backend::Cx {
        let pool = &self.state.db.pool;
        let id = app::backend::store::users::id_of(pool, username)
            .await
            .unwrap()
            .unwrap();
        let user = app::backend::store::users::signed_in(pool, id)
            .await
            .unwrap()
            .unwrap();
        self.cx(app::backend::access::Viewer::User(user))
    }
}

/// A change to the test configuration.
type ConfigChange = Box<dyn FnOnce(&mut server::config::Config)>;

/// How a test platform is built: the defaults of a deployment (sign-up closed, no identity
/// provider, an in-memory index kept up to date by its worker), changed where a test says.
pub struct Builder {
    db: Db,
    allow_signup: bool,
    oidc: app::backend::auth::oidc::Providers,
    engine: Option<std::sync::Arc<app::backend::search::Engine>>,
    search_worker: bool,
    configure: Vec<ConfigChange>,
}

/// Starts building a platform over `db`.
pub fn app(db: &Db) -> Builder {
    Builder {
        db: db.clone(),
        allow_signup: false,
        oidc: Default::default(),
        engine: None,
        search_worker: true,
        configure: Vec::new(),
    }
}

impl Builder {
    /// Self-service sign-up open (or closed).
    pub fn signup(mut self, open: bool) -> Self {
        self.allow_signup = open;
        self
    }

    /// These identity providers.
    pub fn oidc(mut self, providers: app::backend::auth::oidc::Providers) -> Self {
        self.oidc = providers;
        self
    }

    /// Searching with `engine` (kept up to date by its own worker unless
    /// [`Builder::without_search_worker`]).
    pub fn engine(mut self, engine: std::sync::Arc<app::backend::search::Engine>) -> Self {
        self.engine = Some(engine);
        self
    }

    /// No worker updates the index: the test drives it by hand.
    pub fn without_search_worker(mut self) -> Self {
        self.search_worker = false;
        self
    }

    /// The test configuration, changed by `change` first.
    pub fn configure(mut self, change: impl FnOnce(&mut server::config::Config) + 'static) -> Self {
        self.configure.push(Box::new(change));
        self
    }

    pub fn build(self) -> TestApp {
        let site = std::env::temp_dir().join(unique("entrust_site"));
        std::fs::create_dir_all(site.join("pkg")).unwrap();
        std::fs::write(site.join("pkg/entrust.css"), "body{color:#000}".repeat(200)).unwrap();
        let mut config = config(site.to_str().unwrap());
        for change in self.configure {
            change(&mut config);
        }
        let engine = self.engine.unwrap_or_else(|| {
            let index = app::backend::search::TantivyIndex::in_memory().unwrap();
            std::sync::Arc::new(app::backend::search::Engine::Tantivy(index))
        });
        if self.search_worker {
            server::search::start_worker(self.db.clone(), engine.clone(), false);
        }
        let state = AppState {
            db: self.db.clone(),
            leptos: server::cli::leptos_options(&config),
            sessions: config.session_policy(),
            allow_signup: self.allow_signup,
            oidc: self.oidc,
            site_origin: config.site_origin.clone(),
            max_post_bytes: usize::try_from(config.max_post_bytes).unwrap_or(usize::MAX),
            search: engine,
            audit_gate: Default::default(),
            caches: Default::default(),
        };
        let hub = server::live::start(state.clone(), config.live());
        let router = server::router::app(state.clone(), &config, hub.clone());
        TestApp {
            state,
            router,
            hub,
            site,
        }
    }
}

/// Serves the router on a loopback port, with the client's address (as `axum::serve` in
/// the binary does); for tests that need real sockets.
pub async fn serve(r: axum::Router) -> std::net::SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(
            listener,
            r.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await
        .unwrap();
    });
    addr
}

/// The router over `db` with the defaults (see [`app`] for other platforms).
pub fn router(db: &Db) -> axum::Router {
    app(db).build().router
}

pub struct Reply {
    pub status: http::StatusCode,
    pub headers: http::HeaderMap,
    pub body: String,
}

/// Sends one request through the router; a request that takes over 30 s fails the test
/// (naming it) instead of stalling the suite.
pub async fn send(router: &axum::Router, req: Request<Body>) -> Reply {
    let what = format!("{} {}", req.method(), req.uri());
    let res: Response<Body> = tokio::time::timeout(
        std::time::Duration::from_secs(30),
        router.clone().oneshot(req),
    )
    .await
    .unwrap_or_else(|_| panic!("{what} took over 30 s"))
    .unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    Reply {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

/// The host the tests address, and the matching origin a browser on the site would send.
pub const HOST: &str = "entrust.test";
pub const ORIGIN: &str = "http://entrust.test";

/// A form POST as a browser on the site sends it (same-origin), with an optional cookie.
pub fn form_post(uri: &str, cookie: Option<&str>, body: impl Into<String>) -> Request<Body> {
    let mut b = Request::post(uri)
        .header(http::header::HOST, HOST)
        .header(http::header::ORIGIN, ORIGIN)
        .header(
            http::header::CONTENT_TYPE,
            "application/x-www-form-urlencoded",
        );
    if let Some(c) = cookie {
        b = b.header(http::header::COOKIE, c);
    }
    b.body(Body::from(body.into())).unwrap()
}

/// The `name=value` part of the response's `Set-Cookie`, ready to send back.
pub fn set_cookie_pair(reply: &Reply) -> String {
    let header = reply
        .headers
        .get(http::header::SET_COOKIE)
        .expect("a Set-Cookie header");
    header
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string()
}

pub async fn get(router: &axum::Router, uri: &str) -> Reply {
    send(router, Request::get(uri).body(Body::empty()).unwrap()).await
}

/// Signs a demo account in (demo password) and returns its session cookie `name=value`.
pub async fn sign_in(r: &axum::Router, username: &str) -> String {
    let body = format!(
        "username={username}&password={}",
        app::backend::demo::DEMO_PASSWORD
    );
    let res = send(r, form_post("/auth/signin", None, body)).await;
    assert_eq!(
        res.status,
        http::StatusCode::SEE_OTHER,
        "sign-in as {username}"
    );
    set_cookie_pair(&res)
}

/// A GET with a session cookie (or none).
pub async fn get_as(r: &axum::Router, uri: &str, cookie: Option<&str>) -> Reply {
    let mut b = Request::get(uri).header(http::header::HOST, HOST);
    if let Some(c) = cookie {
        b = b.header(http::header::COOKIE, c);
    }
    send(r, b.body(Body::empty()).unwrap()).await
}

/// Where a redirect points (empty when there is none).
pub fn location(reply: &Reply) -> String {
    reply
        .headers
        .get(http::header::LOCATION)
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default()
}

/// A same-origin form POST with a session cookie.
pub async fn post_as(r: &axum::Router, uri: &str, cookie: &str, body: &str) -> Reply {
    send(r, form_post(uri, Some(cookie), body.to_string())).await
}

/// Percent-encodes a form value.
pub fn enc(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

/// Starts a thread in `space` (its URL, e.g. `/spaces/x`) as `cookie`; returns the
/// thread's URL.
/// Replies in `thread` as `cookie` (to `parent`, or to the thread); returns the new
/// post's id.
pub async fn reply(
    r: &axum::Router,
    thread: &str,
    cookie: &str,
    parent: Option<i64>,
    body: &str,
) -> i64 {
    let parent = parent.map(|p| p.to_string()).unwrap_or_default();
    let res = post_as(
        r,
        &format!("{thread}/reply"),
        cookie,
        &format!("parent={parent}&body={}&intent=post", enc(body)),
    )
    .await;
    assert_eq!(res.status, http::StatusCode::SEE_OTHER, "{}", res.body);
    location(&res).rsplit("#p").next().unwrap().parse().unwrap()
}

pub async fn start_thread(
    r: &axum::Router,
    space: &str,
    cookie: &str,
    title: &str,
    body: &str,
) -> String {
    let form = format!("title={}&body={}&intent=post", enc(title), enc(body));
    let res = post_as(r, &format!("{space}/threads"), cookie, &form).await;
    assert_eq!(res.status, http::StatusCode::SEE_OTHER, "{}", res.body);
    let url = location(&res);
    assert!(url.starts_with(&format!("{space}/threads/")), "{url}");
    url
}

/// A same-origin multipart POST of one file (field `file`), as a browser's upload form
/// sends it.
pub fn upload(uri: &str, cookie: &str, file_name: &str, content: &[u8]) -> Request<Body> {
    upload_with(uri, cookie, file_name, content, &[])
}

/// [`upload`] with other form fields before the file (a button pressed, a checkbox).
pub fn upload_with(
    uri: &str,
    cookie: &str,
    file_name: &str,
    content: &[u8],
    fields: &[(&str, &str)],
) -> Request<Body> {
    let boundary = "----entrust-test-boundary";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    body.extend_from_slice(format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: text/csv\r\n\r\n"
    )
    .as_bytes());
    body.extend_from_slice(content);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    Request::post(uri)
        .header(http::header::HOST, HOST)
        .header(http::header::ORIGIN, ORIGIN)
        .header(
            http::header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .header(http::header::COOKIE, cookie)
        .body(Body::from(body))
        .unwrap()
}

/// A urlencoded form body of these fields, in order (a field may repeat).
pub fn form(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(k, v)| format!("{k}={}", enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The `n` column of a query's one row (a `COUNT(*) AS n`).
pub async fn count(db: &Db, sql: &str) -> i64 {
    use sqlx::Row;
    sqlx::query(sql)
        .fetch_one(&db.pool)
        .await
        .unwrap()
        .try_get("n")
        .unwrap()
}

/// Posts a form and checks it was done: a redirect that is no refusal; returns where to.
pub async fn done(r: &axum::Router, uri: &str, cookie: &str, body: &str) -> String {
    let reply = post_as(r, uri, cookie, body).await;
    let to = location(&reply);
    assert!(
        reply.status == http::StatusCode::SEE_OTHER && !to.contains("error="),
        "{uri}: {} {to} {}",
        reply.status,
        reply.body
    );
    to
}

/// Posts a form and checks it was refused with `code` (`?error=code` in the redirect).
pub async fn refused(r: &axum::Router, uri: &str, cookie: &str, body: &str, code: &str) {
    let reply = post_as(r, uri, cookie, body).await;
    let to = location(&reply);
    assert!(
        to.contains(&format!("error={code}")),
        "{uri}: wanted {code}, got {to} ({}: {})",
        reply.status,
        reply.body
    );
}
