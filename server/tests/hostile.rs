//! The hostile-user suite: a real `entrust serve --demo` process, probed over plain HTTP
//! and WebSockets the way someone with a demo account (or none) would probe the running
//! platform. Each test is one of the holes found that way (issue 15), tried again; each
//! failed on the code before its fix.
//!
//! Requests come from chosen loopback addresses (127.0.0.x), so "another client" is really
//! another address to the server.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
#[path = "common/process.rs"]
mod process;

use std::net::SocketAddr;
use std::time::Duration;

use app::backend::Db;
use futures_util::{SinkExt, StreamExt};
use process::{enc, request, Answer};
use serde_json::{json, Value};
use sqlx::Row;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Message;

/// A demo platform in its own process, and a handle on its database to look ids up.
struct Platform {
    server: process::Server,
    db: Db,
    _dir: TempDir,
}

struct TempDir(std::path::PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

async fn platform(env: &[(&str, &str)]) -> Platform {
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let dir = std::env::temp_dir().join(format!("entrust_hostile_{}_{n}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let url = format!("sqlite://{}/entrust.db", dir.display());
    let server = process::start_with(env!("CARGO_BIN_EXE_entrust"), &url, true, env);
    let db = Db::connect(&url, 2).await.unwrap();
    Platform {
        server,
        db,
        _dir: TempDir(dir),
    }
}

impl Platform {
    fn addr(&self) -> SocketAddr {
        self.server.addr
    }

    fn origin(&self) -> String {
        format!("http://{}", self.server.addr)
    }

    async fn get(&self, path: &str, cookie: &str) -> Answer {
        request(self.addr(), "127.0.0.1", "GET", path, cookie, "", "").await
    }

    /// A form post from a page of the site.
    async fn post(&self, path: &str, cookie: &str, body: &str) -> Answer {
        self.post_from("127.0.0.1", path, cookie, body).await
    }

    /// A form post from a page of the site, by the client at address `from`.
    async fn post_from(&self, from: &str, path: &str, cookie: &str, body: &str) -> Answer {
        let origin = self.origin();
        request(self.addr(), from, "POST", path, cookie, &origin, body).await
    }

    async fn sign_in(&self, username: &str) -> String {
        self.sign_in_from("127.0.0.1", username).await
    }

    async fn sign_in_from(&self, from: &str, username: &str) -> String {
        let body = format!(
            "username={username}&password={}",
            app::backend::demo::DEMO_PASSWORD
        );
        let a = self.post_from(from, "/auth/signin", "", &body).await;
        assert_eq!(a.status, 303, "sign-in as {username}: {}", a.head);
        let cookie = a
            .header("set-cookie")
            .split(';')
            .next()
            .unwrap()
            .to_string();
        assert!(
            cookie.starts_with("entrust_session=") && cookie.len() > 20,
            "{}",
            a.head
        );
        cookie
    }

    async fn id(&self, sql: &str) -> i64 {
        sqlx::query(sql)
            .fetch_one(&self.db.pool)
            .await
            .unwrap()
            .try_get(0)
            .unwrap()
    }

    async fn count(&self, sql: &str) -> i64 {
        self.id(sql).await
    }
}

type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

async fn socket(p: &Platform, cookie: &str) -> Result<Ws, tokio_tungstenite::tungstenite::Error> {
    let mut req = format!("ws://{}/live/v1", p.addr())
        .into_client_request()
        .unwrap();
    req.headers_mut()
        .insert("origin", p.origin().parse().unwrap());
    req.headers_mut().insert("cookie", cookie.parse().unwrap());
    let (mut ws, _) = tokio_tungstenite::connect_async(req).await?;
    let welcome = next(&mut ws).await;
    assert_eq!(welcome["type"], "welcome", "{welcome}");
    Ok(ws)
}

/// The next JSON message, or `{"type":"closed","code":…}` when the server closes; fails
/// when nothing but pings comes for 10 s.
async fn next(ws: &mut Ws) -> Value {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let msg = tokio::time::timeout_at(deadline, ws.next())
            .await
            .expect("a message within 10 s");
        match msg {
            Some(Ok(Message::Text(t))) => return serde_json::from_str(&t).unwrap(),
            Some(Ok(Message::Ping(_) | Message::Pong(_))) => continue,
            Some(Ok(Message::Close(frame))) => {
                return json!({ "type": "closed", "code": frame.map(|f| u16::from(f.code)) })
            }
            other => return json!({ "type": "closed", "other": format!("{other:?}") }),
        }
    }
}

/// Reads until a message matches (other messages are skipped).
async fn until(ws: &mut Ws, what: &str, pred: impl Fn(&Value) -> bool) -> Value {
    let mut seen = Vec::new();
    for _ in 0..50 {
        let v = next(ws).await;
        if pred(&v) {
            return v;
        }
        if v["type"] == "closed" {
            panic!("socket closed before {what}: {v}; saw {seen:?}");
        }
        seen.push(v);
    }
    panic!("no {what}; saw {seen:?}");
}

async fn join(ws: &mut Ws, room: &str) -> Value {
    ws.send(Message::text(
        json!({ "type": "join", "room": room }).to_string(),
    ))
    .await
    .unwrap();
    until(ws, "an answer to the join", |v| {
        v["type"] == "joined" || v["type"] == "error"
    })
    .await
}

/// 1. A person's country grants access to that country's requests, so it is not theirs to
/// set: a Trinidad and Tobago member who names Colombia on their profile gets nothing of
/// Colombia's; asking for it changes nothing until Colombia's focal point approves.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nobody_makes_themselves_a_member_of_another_country() {
    let p = platform(&[]).await;
    let marlon = p.sign_in("marlon.baptiste").await;
    let co = p
        .id("SELECT id FROM ta_requests WHERE country_code = 'CO' ORDER BY id LIMIT 1")
        .await;
    let request = format!("/requests/{co}");
    let profile = p
        .post(
            "/account/profile",
            &marlon,
            "name=Marlon+Baptiste&country=CO",
        )
        .await;
    assert_eq!(profile.status, 303);
    for path in [request.as_str(), "/spaces/ta-requests-co"] {
        assert_eq!(p.get(path, &marlon).await.status, 404, "{path}");
    }
    let reply = p
        .post(
            &format!("{request}/reply"),
            &marlon,
            "body=Hola&parent=&intent=post",
        )
        .await;
    assert_eq!(reply.status, 404, "{}", reply.head);
    assert_eq!(
        p.count("SELECT COUNT(*) FROM posts WHERE body_md = 'Hola'")
            .await,
        0,
        "nothing written"
    );

    // Asking is recorded, and grants nothing yet.
    let ask = p
        .post(
            "/account/affiliation",
            &marlon,
            "country=CO&note=Seconded+to+MinSalud",
        )
        .await;
    assert!(
        ask.header("location").contains("done=affiliation_asked"),
        "{}",
        ask.head
    );
    assert_eq!(p.get(&request, &marlon).await.status, 404);
    // Another country's focal point may not decide it (nor see it).
    let ana = p.sign_in("ana.quispe").await; // focal point of Peru
    let asked = p
        .id("SELECT id FROM affiliation_requests WHERE status = 'pending'")
        .await;
    let decide = format!("/affiliations/{asked}/decide");
    assert_eq!(p.post(&decide, &ana, "decision=approve").await.status, 404);
    assert!(!p.get("/affiliations", &ana).await.body.contains("Marlon"));
    // Colombia's focal point does.
    let carlos = p.sign_in("carlos.mejia").await;
    assert!(p
        .get("/affiliations", &carlos)
        .await
        .body
        .contains("Marlon Baptiste"));
    let ok = p.post(&decide, &carlos, "decision=approve&reason=").await;
    assert!(
        ok.header("location").contains("done=approved"),
        "{}",
        ok.head
    );
    assert_eq!(p.get(&request, &marlon).await.status, 200);
    assert!(
        p.count("SELECT COUNT(*) FROM audit_log WHERE event = 'affiliation_decided'")
            .await
            >= 1
    );
}

/// 2. A hidden post's text never comes back: not through "Quote", the live fragment, its
/// history, search, or its author's edit form.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hidden_post_stays_hidden_everywhere() {
    let p = platform(&[]).await;
    let ana = p.sign_in("ana.quispe").await; // owns the public Peruvian space
    let marlon = p.sign_in("marlon.baptiste").await;
    let joana = p.sign_in("joana.silva").await;
    let space = "/spaces/peru-treatment-quality";
    let (thread, _) = process::start_thread(p.addr(), space, &ana, "Moderation probe").await;
    // Marlon is made a member to take part, then writes something a moderator hides.
    let add = p
        .post(
            &format!("{space}/members/add"),
            &ana,
            "who=marlon.baptiste&role=member",
        )
        .await;
    assert_eq!(add.status, 303, "{}", add.head);
    let secret = "Zyxwvut secret phrase";
    let post = process::reply(p.addr(), &thread, &marlon, secret).await;
    let edit = p
        .post(
            &format!("{thread}/posts/{post}/edit"),
            &marlon,
            &format!("body={}&intent=post", enc(&format!("{secret} (edited)"))),
        )
        .await;
    assert_eq!(edit.status, 303, "{}", edit.head);
    let hide = p
        .post(
            &format!("{thread}/posts/{post}/moderate"),
            &ana,
            "action=hide",
        )
        .await;
    assert_eq!(hide.status, 303, "{}", hide.head);
    tokio::time::sleep(Duration::from_millis(1500)).await; // the search worker catches up

    for (who, cookie) in [
        ("anonymous", ""),
        ("joana", joana.as_str()),
        ("marlon", marlon.as_str()),
    ] {
        for path in [
            format!("{thread}/reply?to={post}&quote=1"),
            format!("{thread}/reply?to={post}&quote=true"),
            format!("{thread}/posts/{post}/fragment"),
            format!("{thread}/posts/{post}/history"),
            format!("{thread}/posts/{post}/edit"),
            thread.clone(),
            "/search?q=Zyxwvut".to_string(),
        ] {
            let a = p.get(&path, cookie).await;
            // The search page repeats the query (the first word); the rest must not show.
            assert!(
                !a.body.contains("secret phrase"),
                "{who} read the hidden text at {path} ({})",
                a.status
            );
        }
    }
    // Its author may not rewrite it, nor answer under it.
    let rewrite = p
        .post(
            &format!("{thread}/posts/{post}/edit"),
            &marlon,
            "body=Changed&intent=post",
        )
        .await;
    assert!(
        rewrite.header("location").contains("error=hidden"),
        "{}",
        rewrite.head
    );
    // Moderators still read it.
    let quoted = p
        .get(&format!("{thread}/reply?to={post}&quote=1"), &ana)
        .await;
    assert!(quoted.body.contains("secret phrase"));
}

/// 3. A live socket holds the rights of now, not of when it opened: removed from a space,
/// it is taken out of the space's room and cannot join it again; signed out, it closes;
/// and one person cannot open sockets without end.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn live_sockets_lose_rights_when_people_do() {
    let p = platform(&[("ENTRUST_LIVE_MAX_SOCKETS_PER_PERSON", "4")]).await;
    let carlos = p.sign_in("carlos.mejia").await; // owns the private Colombian space
    let marlon = p.sign_in("marlon.baptiste").await;
    let space = p
        .id("SELECT id FROM spaces WHERE slug = 'colombia-plan-operativo'")
        .await;
    let room = format!("space:{space}");
    let add = p
        .post(
            "/spaces/colombia-plan-operativo/members/add",
            &carlos,
            "who=marlon.baptiste&role=member",
        )
        .await;
    assert_eq!(add.status, 303, "{}", add.head);
    let mut ws = socket(&p, &marlon).await.unwrap();
    assert_eq!(join(&mut ws, &room).await["type"], "joined");

    let remove = p
        .post(
            "/spaces/colombia-plan-operativo/members/remove",
            &carlos,
            "username=marlon.baptiste",
        )
        .await;
    assert_eq!(remove.status, 303, "{}", remove.head);
    let left = until(&mut ws, "being taken out of the room", |v| {
        v["type"] == "left"
    })
    .await;
    assert_eq!(left["room"], room.as_str());
    assert_eq!(join(&mut ws, &room).await["code"], "not_allowed");

    // Signed out elsewhere (the same session): the socket closes, and says why.
    let out = p.post("/auth/signout", &marlon, "").await;
    assert_eq!(out.status, 303);
    let closed = until(&mut ws, "the socket closing", |v| v["type"] == "closed").await;
    assert_eq!(closed["code"], 4001, "{closed}");
    assert!(
        socket(&p, &marlon).await.is_err(),
        "a dead session opens no socket"
    );

    // At most four sockets for one person here; the fifth is refused.
    let mut open = Vec::new();
    for _ in 0..4 {
        open.push(socket(&p, &carlos).await.unwrap());
    }
    let fifth = socket(&p, &carlos).await;
    match fifth {
        Err(tokio_tungstenite::tungstenite::Error::Http(res)) => assert_eq!(res.status(), 429),
        other => panic!("a fifth socket: {:?}", other.map(|_| "opened")),
    }
    drop(open);
}

/// 4. Notifications do not outlive access: the title of a private thread someone was
/// mentioned in while a member is not listed once they are out.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn notifications_follow_the_access_rule() {
    let p = platform(&[]).await;
    let carlos = p.sign_in("carlos.mejia").await;
    let marlon = p.sign_in("marlon.baptiste").await;
    let space = "/spaces/colombia-plan-operativo";
    p.post(
        &format!("{space}/members/add"),
        &carlos,
        "who=marlon.baptiste&role=member",
    )
    .await;
    let title = "Presupuesto confidencial 2027";
    let (thread, _) = process::start_thread(p.addr(), space, &carlos, title).await;
    process::reply(p.addr(), &thread, &carlos, "@marlon.baptiste ¿lo revisas?").await;
    assert!(p.get("/notifications", &marlon).await.body.contains(title));
    let before = badge(&p.get("/spaces", &marlon).await.body);
    assert!(before >= 1, "the mention is counted");
    p.post(
        &format!("{space}/members/remove"),
        &carlos,
        "username=marlon.baptiste",
    )
    .await;
    let list = p.get("/notifications", &marlon).await;
    assert_eq!(list.status, 200);
    assert!(!list.body.contains(title), "a thread he may no longer see");
    assert_eq!(
        badge(&p.get("/spaces", &marlon).await.body),
        before - 1,
        "nor counted in the header's badge"
    );
}

/// The header's unread-notifications count (0 when it shows none).
fn badge(page: &str) -> i64 {
    let Some(at) = page.find("class=\"count\"") else {
        return 0;
    };
    let rest = &page[at..];
    let start = rest.find('>').unwrap() + 1;
    let end = rest[start..].find('<').unwrap() + start;
    rest[start..end].trim().parse().unwrap()
}

/// 5. Wrong passwords from one client never lock the account's owner out.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stranger_cannot_lock_the_administrator_out() {
    let p = platform(&[]).await;
    for _ in 0..8 {
        let a = p
            .post_from(
                "127.0.0.66",
                "/auth/signin",
                "",
                "username=elena.vargas&password=not-her-password",
            )
            .await;
        assert_eq!(a.status, 303);
        assert!(a.header("set-cookie").is_empty());
    }
    // The guesser now waits, even with the right password…
    let right = format!(
        "username=elena.vargas&password={}",
        app::backend::demo::DEMO_PASSWORD
    );
    let guess = p.post_from("127.0.0.66", "/auth/signin", "", &right).await;
    assert!(guess.header("location").starts_with("/signin?error=1"));
    // …and the administrator, from her own client, signs in.
    p.sign_in_from("127.0.0.2", "elena.vargas").await;
    assert!(
        p.count("SELECT COUNT(*) FROM audit_log WHERE event = 'sign_in_failed'")
            .await
            >= 5,
        "the failures are on record"
    );
    assert!(
        p.count("SELECT COUNT(*) FROM audit_log WHERE event = 'sign_in_throttled'")
            .await
            >= 1,
        "and so are the refused attempts"
    );
}

/// 6. Anonymous requests cannot flood the audit log: hundreds of bogus session cookies and
/// refused cross-site posts make a handful of rows.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn anonymous_requests_cannot_flood_the_audit_log() {
    let p = platform(&[]).await;
    let before = p.count("SELECT COUNT(*) FROM audit_log").await;
    for i in 0..150 {
        let cookie = format!("entrust_session={}", "A".repeat(43));
        let a = request(p.addr(), "127.0.0.77", "GET", "/", &cookie, "", "").await;
        assert_eq!(a.status, 200);
        let forged = request(
            p.addr(),
            "127.0.0.77",
            "POST",
            "/auth/signin",
            "",
            "https://evil.example",
            &format!("username=x&password=y&junk=\u{1b}[31m{i}"),
        )
        .await;
        assert_eq!(forged.status, 403);
    }
    let after = p.count("SELECT COUNT(*) FROM audit_log").await;
    assert!(
        after - before <= 4,
        "{} rows for 300 anonymous requests",
        after - before
    );
    let details: Vec<String> = sqlx::query("SELECT detail FROM audit_log")
        .fetch_all(&p.db.pool)
        .await
        .unwrap()
        .iter()
        .map(|r| r.try_get("detail").unwrap())
        .collect();
    assert!(details.iter().all(|d| !d.chars().any(char::is_control)));
}

/// 7. Starting a space tells nothing about the private spaces one cannot see: the address
/// is made, so a private space's name is no oracle.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn private_space_addresses_cannot_be_probed() {
    let p = platform(&[]).await;
    let ana = p.sign_in("ana.quispe").await; // may start spaces for Peru
    let mut answers = Vec::new();
    for name in ["colombia-plan-operativo", "zz-nothing-like-it"] {
        let a = p
            .post(
                "/spaces",
                &ana,
                &format!("name={name}&country=PE&visibility=private&description="),
            )
            .await;
        assert_eq!(a.status, 303, "{}", a.head);
        let to = a.header("location").to_string();
        assert!(to.starts_with(&format!("/spaces/{name}-")), "{to}");
        answers.push((a.status, to.len() - name.len()));
    }
    assert_eq!(
        answers[0], answers[1],
        "the same answer for a taken and a free name"
    );
    assert_eq!(
        p.get("/spaces/colombia-plan-operativo", &ana).await.status,
        404
    );
}

/// 8. A request's links are pages of the site or web addresses: `/\host`, which browsers
/// follow off-site, is refused.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn request_links_cannot_lead_off_site() {
    let p = platform(&[]).await;
    let carlos = p.sign_in("carlos.mejia").await;
    let before = p.count("SELECT COUNT(*) FROM ta_requests").await;
    for link in [
        "/\\evil.example",
        "/\\/evil.example",
        "//evil.example",
        "javascript:alert(1)",
    ] {
        let body = format!(
            "country=CO&topic=funding&title=Links&description=Text&urgency=normal&desired_date=&links={}",
            enc(link)
        );
        let a = p.post("/requests", &carlos, &body).await;
        assert!(
            a.header("location").contains("error=link"),
            "{link}: {}",
            a.head
        );
    }
    assert_eq!(p.count("SELECT COUNT(*) FROM ta_requests").await, before);
}

/// 9. A diff of long, wholly rewritten revisions is work done off the async runtime and
/// within bounds: while several are computed, the rest of the site keeps answering.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn heavy_diffs_do_not_stall_the_site() {
    let p = platform(&[]).await;
    let ana = p.sign_in("ana.quispe").await;
    let space = "/spaces/peru-treatment-quality";
    let text = |n: usize| -> String { (0..2500).map(|i| format!("v{n} w{i} x\n")).collect() };
    let a = p
        .post(
            &format!("{space}/drafts"),
            &ana,
            &format!("title=Rewrite&summary=&body={}&intent=save", enc(&text(1))),
        )
        .await;
    let draft = a.header("location").to_string();
    assert!(draft.starts_with(&format!("{space}/drafts/")), "{}", a.head);
    for n in 2..=5 {
        let a = p
            .post(
                &format!("{draft}/edit"),
                &ana,
                &format!("body={}&summary=&intent=save&base={}", enc(&text(n)), n - 1),
            )
            .await;
        assert!(a.header("location").contains("done=saved"), "{}", a.head);
    }
    // Four different diffs at once, by anyone (the space is public), then the home page.
    let addr = p.addr();
    let diffs: Vec<_> = (2..=5)
        .map(|to| {
            let path = format!("{draft}/diff?from=1&to={to}");
            tokio::spawn(async move {
                let a = request(addr, "127.0.0.5", "GET", &path, "", "", "").await;
                (a.status, std::time::Instant::now())
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(60)).await;
    let home = request(addr, "127.0.0.6", "GET", "/healthz", "", "", "").await;
    let home_done = std::time::Instant::now();
    assert_eq!(home.status, 200);
    let mut finished = Vec::new();
    for d in diffs {
        let (status, at) = d.await.unwrap();
        assert!(status == 200 || status == 503, "a diff answered {status}");
        finished.push(at);
    }
    // Each of these diffs takes longer than the wait above (its word marks alone run to
    // their deadline), and they take turns: the site answered before any was done. On the
    // runtime, they would have held both of its threads until they finished.
    assert!(
        finished.iter().all(|at| *at > home_done),
        "the site answered while the diffs were still being computed"
    );
    // The same diff again comes from the cache, and says it is coarse.
    let again = p.get(&format!("{draft}/diff?from=1&to=2"), "").await;
    assert_eq!(again.status, 200);
    assert!(
        again.body.contains("too long or too different"),
        "the coarse notice"
    );
}

/// 10. No GET changes state: an image in a post pointing at the language switch switches
/// nobody's language.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_get_changes_nothing() {
    let p = platform(&[]).await;
    let a = p.get("/lang?to=fr&next=/", "").await;
    assert!(a.header("set-cookie").is_empty(), "{}", a.head);
    assert_ne!(a.status, 303);
    let switch = p.post("/lang", "", "to=fr&next=/").await;
    assert_eq!(switch.status, 303);
    assert!(switch.header("set-cookie").starts_with("lang=fr"));
}
