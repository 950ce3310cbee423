//! Email against a real SMTP server on loopback (Python's `aiosmtpd`, writing a maildir),
//! on SQLite and PostgreSQL: the messages people receive, their headers and language, the
//! one-click unsubscribe, the daily digest, that nothing reaches someone who may no longer
//! read it, and that an SMTP outage during a burst of notifications loses no email.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use app::backend::{email, now, store, AppState, Db};
use http::StatusCode;
use server::mailer::{round, Mailer, Round};

use common::{enc, post_as, sign_in, TestApp};

const PRIVATE: &str = "/spaces/colombia-plan-operativo";
const PUBLIC: &str = "/spaces/peru-treatment-quality";

/// An SMTP server on loopback that keeps what it receives in a maildir; stopped on drop.
struct Sink {
    child: Child,
    dir: PathBuf,
    port: u16,
}

impl Sink {
    /// Starts on `port` (0: any free one).
    async fn start(port: u16, dir: &Path) -> Sink {
        let port = if port == 0 { free_port() } else { port };
        let child = Command::new("python3")
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}")])
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(dir)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("python3 runs (the email tests need `pip install aiosmtpd`: .ci/setup --smtp)");
        let sink = Sink {
            child,
            dir: dir.to_path_buf(),
            port,
        };
        for _ in 0..200 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .is_ok()
            {
                return sink;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("aiosmtpd did not start on port {port} (is it installed? .ci/setup --smtp)");
    }

    /// The messages received so far, parsed.
    fn received(&self) -> Vec<Received> {
        let Ok(entries) = std::fs::read_dir(self.dir.join("new")) else {
            return Vec::new();
        };
        let mut out: Vec<Received> = entries
            .map(|e| Received::parse(&std::fs::read(e.unwrap().path()).unwrap()))
            .collect();
        out.sort_by(|a, b| a.to.cmp(&b.to).then(a.subject.cmp(&b.subject)));
        out
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// One received message: headers decoded (RFC 2047), body decoded (transfer encoding).
#[derive(Debug)]
struct Received {
    to: String,
    subject: String,
    headers: Vec<(String, String)>,
    body: String,
}

impl Received {
    fn parse(raw: &[u8]) -> Received {
        let m = mailparse::parse_mail(raw).unwrap();
        let headers: Vec<(String, String)> = m
            .headers
            .iter()
            .map(|h| (h.get_key(), h.get_value()))
            .collect();
        let get = |k: &str| {
            headers
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(k))
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        Received {
            to: get("To"),
            subject: get("Subject"),
            body: m.get_body().unwrap(),
            headers,
        }
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Everything a reader sees: subject and body.
    fn text(&self) -> String {
        format!("{}\n{}", self.subject, self.body)
    }
}

fn mailer(app: &TestApp, port: u16) -> Mailer {
    Mailer::new(
        &format!("smtp://127.0.0.1:{port}"),
        "ENTRUST Network <no-reply@entrust.test>",
        &app.state.site_origin,
        0,
    )
    .unwrap()
}

/// The demo platform, Ana (Peru's focal point) with an address.
async fn platform(db: &Db) -> TestApp {
    app::backend::demo::load(db, now()).await.unwrap();
    set_address(db, "ana.quispe", "ana.quispe@minsa.test").await;
    common::app(db).build()
}

async fn set_address(db: &Db, username: &str, address: &str) {
    sqlx::query("UPDATE users SET email = $1 WHERE username = $2")
        .bind(address)
        .bind(username)
        .execute(&db.pool)
        .await
        .unwrap();
}

async fn outbox(db: &Db, what: &str) -> i64 {
    common::count(
        db,
        &format!("SELECT COUNT(*) AS n FROM email_outbox WHERE {what}"),
    )
    .await
}

async fn send_round(state: &AppState, m: &Mailer, at: i64) -> Round {
    round(state, m, at).await.unwrap()
}

fn temp_dir(label: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!(
        "entrust_mail_{label}_{}_{}",
        std::process::id(),
        now()
    ));
    let _ = std::fs::remove_dir_all(&d);
    // A maildir: aiosmtpd makes these only when the folder itself is missing.
    for sub in ["tmp", "new", "cur"] {
        std::fs::create_dir_all(d.join(sub)).unwrap();
    }
    d
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn people_get_their_notifications_by_email_in_their_language_and_can_stop_them() {
    for t in common::all_databases().await {
        let app = platform(&t.db).await;
        let r = &app.router;
        let dir = temp_dir(t.label);
        let sink = Sink::start(0, &dir).await;
        let m = mailer(&app, sink.port);
        set_address(&t.db, "joana.silva", "joana.silva@saude.test").await;
        set_address(&t.db, "ta.lopez", "lucia.lopez@entrust.test").await;
        // Ana chooses Spanish; Joana never chose: her profile's first language is used.
        email::save(&app.cx_of("ana.quispe").await, true, false, "es")
            .await
            .unwrap();
        sqlx::query("UPDATE users SET languages = 'pt,en' WHERE username = 'joana.silva'")
            .execute(&t.db.pool)
            .await
            .unwrap();

        let carlos = sign_in(r, "carlos.mejia").await;
        let lucia = sign_in(r, "ta.lopez").await;
        let thread = common::start_thread(
            r,
            PUBLIC,
            &lucia,
            "Indicadores de calidad 2026",
            "@ana.quispe y @joana.silva: **propuesta** de indicadores <script>x</script>",
        )
        .await;
        // In the private space, mentioning Ana (no member) tells her nothing; Lucía is
        // told, but loses her seat there before the email goes.
        common::start_thread(
            r,
            PRIVATE,
            &carlos,
            "Presupuesto reservado",
            "@ana.quispe @ta.lopez cifras internas del plan",
        )
        .await;
        sqlx::query(
            "DELETE FROM space_members WHERE user_id = (SELECT id FROM users \
             WHERE username = 'ta.lopez') AND space_id = (SELECT id FROM spaces \
             WHERE slug = 'colombia-plan-operativo')",
        )
        .execute(&t.db.pool)
        .await
        .unwrap();

        let done = send_round(&app.state, &m, now() + 1).await;
        let outcomes: Vec<(String,)> = sqlx::query_as("SELECT outcome FROM email_outbox")
            .fetch_all(&t.db.pool)
            .await
            .unwrap();
        assert_eq!(done.sent, 2, "{}: {done:?} {outcomes:?}", t.label);
        let got = sink.received();
        assert_eq!(got.len(), 2, "{}: {got:#?}", t.label);
        for g in &got {
            assert!(
                !g.text().contains("Presupuesto") && !g.text().contains("cifras internas"),
                "{}: a private thread reached {}: {g:#?}",
                t.label,
                g.to
            );
            assert!(!g.body.contains("<script"), "{}: {}", t.label, g.body);
        }
        let ana = &got[0];
        assert!(ana.to.contains("ana.quispe@minsa.test"), "{ana:#?}");
        assert_eq!(ana.header("Content-Language"), Some("es"));
        assert!(
            ana.subject.contains("Lucía López")
                && ana.subject.contains("Indicadores de calidad 2026"),
            "{}",
            ana.subject
        );
        assert!(
            ana.body
                .contains("> @ana.quispe y @joana.silva: propuesta de indicadores"),
            "{}",
            ana.body
        );
        assert!(ana.body.contains("Léalo y responda"), "{}", ana.body);
        assert!(
            ana.body
                .contains(&format!("{}{thread}#p", app.state.site_origin)),
            "{}",
            ana.body
        );
        let joana = &got[1];
        assert!(joana.to.contains("joana.silva@saude.test"), "{joana:#?}");
        assert_eq!(joana.header("Content-Language"), Some("pt"));
        assert!(joana.body.contains("Leia e responda"), "{}", joana.body);
        assert_eq!(
            outbox(&t.db, "outcome = 'no longer readable'").await,
            1,
            "{}",
            t.label
        );
        assert_eq!(
            common::count(
                &t.db,
                "SELECT COUNT(*) AS n FROM notifications n JOIN users u ON u.id = n.user_id \
                 WHERE u.username = 'ana.quispe'"
            )
            .await,
            1,
            "{}: Ana was told only of what she may read",
            t.label
        );

        // Every email names how to stop them, in a header mail clients act on.
        assert_eq!(
            ana.header("List-Unsubscribe-Post"),
            Some("List-Unsubscribe=One-Click")
        );
        assert_eq!(ana.header("Auto-Submitted"), Some("auto-generated"));
        let link = ana.header("List-Unsubscribe").unwrap();
        let link = link.trim_matches(['<', '>']);
        let path = link.strip_prefix(app.state.site_origin.as_str()).unwrap();
        assert!(ana.body.contains(link), "the body has the link too");
        assert!(path.starts_with("/email/unsubscribe/"), "{path}");

        // The page the link opens asks first (scanners open links); a wrong token is 404.
        let page = common::get(r, path).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(
            page.body.contains("a…@minsa.test"),
            "the address, partly hidden"
        );
        assert!(!page.body.contains("ana.quispe@minsa.test"));
        let wrong = common::get(r, "/email/unsubscribe/not-a-token").await;
        assert_eq!(wrong.status, StatusCode::NOT_FOUND);
        let res = common::send(
            r,
            http::Request::post("/email/unsubscribe/not-a-token")
                .header(
                    http::header::CONTENT_TYPE,
                    "application/x-www-form-urlencoded",
                )
                .body(axum::body::Body::from("List-Unsubscribe=One-Click"))
                .unwrap(),
        )
        .await;
        assert_eq!(res.status, StatusCode::NOT_FOUND);

        // The mail client's one-click POST: from no page of ours, without a session.
        let res = common::send(
            r,
            http::Request::post(path)
                .header(http::header::HOST, common::HOST)
                .header(http::header::ORIGIN, "https://mail.example.com")
                .header(
                    http::header::CONTENT_TYPE,
                    "application/x-www-form-urlencoded",
                )
                .body(axum::body::Body::from("List-Unsubscribe=One-Click"))
                .unwrap(),
        )
        .await;
        assert_eq!(res.status, StatusCode::OK, "{}: {}", t.label, res.body);
        let settings = email::settings(&app.cx_of("ana.quispe").await)
            .await
            .unwrap();
        assert!(!settings.each_notification && !settings.daily_digest);

        // Unsubscribed, Ana hears on the site only; Joana read hers on the site first.
        let joana_cookie = sign_in(r, "joana.silva").await;
        common::reply(
            r,
            &thread,
            &lucia,
            None,
            "@ana.quispe @joana.silva otra idea",
        )
        .await;
        let page = common::get_as(r, &thread, Some(&joana_cookie)).await;
        assert_eq!(page.status, StatusCode::OK);
        let done = send_round(&app.state, &m, now() + 2).await;
        assert_eq!(done.sent, 0, "{}: {done:?}", t.label);
        assert_eq!(sink.received().len(), 2);
        assert_eq!(
            outbox(&t.db, "outcome = 'not wanted'").await,
            1,
            "{}",
            t.label
        );
        assert_eq!(
            outbox(&t.db, "outcome = 'read on the site'").await,
            1,
            "{}",
            t.label
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_smtp_outage_during_a_burst_loses_no_email() {
    for t in common::all_databases().await {
        let app = platform(&t.db).await;
        let r = &app.router;
        let port = free_port();
        let m = mailer(&app, port);

        // Twenty mentions while no SMTP server listens.
        let lucia = sign_in(r, "ta.lopez").await;
        let thread = common::start_thread(r, PUBLIC, &lucia, "Ráfaga", "Inicio").await;
        for i in 0..20 {
            common::reply(r, &thread, &lucia, None, &format!("@ana.quispe punto {i}")).await;
        }
        let start = now() + 1;
        let done = send_round(&app.state, &m, start).await;
        assert_eq!(done.sent, 0);
        assert_eq!(done.failed, 20, "{}: {done:?}", t.label);
        let outcomes: Vec<(String,)> = sqlx::query_as("SELECT outcome FROM email_outbox")
            .fetch_all(&t.db.pool)
            .await
            .unwrap();
        assert_eq!(
            outbox(&t.db, "sent_at IS NULL AND dropped_at IS NULL").await,
            20,
            "{outcomes:?}"
        );
        // Nothing is tried again before its backoff is over.
        let done = send_round(&app.state, &m, start + 5).await;
        assert_eq!(done, Round::default(), "{}", t.label);

        // The server comes back; after the backoff every email goes, each once.
        let dir = temp_dir(&format!("outage_{}", t.label));
        let sink = Sink::start(port, &dir).await;
        let done = send_round(&app.state, &m, start + 3600).await;
        assert_eq!(done.sent, 20, "{}: {done:?}", t.label);
        let got = sink.received();
        assert_eq!(got.len(), 20);
        for i in 0..20 {
            let quoted = format!("> @ana.quispe punto {i}");
            assert_eq!(
                got.iter()
                    .filter(|g| g.body.lines().any(|l| l.trim_end() == quoted))
                    .count(),
                1,
                "{}: point {i} exactly once",
                t.label
            );
        }
        assert_eq!(outbox(&t.db, "sent_at IS NOT NULL").await, 20);
        let done = send_round(&app.state, &m, start + 7200).await;
        assert_eq!(done, Round::default());
        assert_eq!(sink.received().len(), 20);
        drop(sink);
        let _ = std::fs::remove_dir_all(&dir);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_daily_digest_lists_what_is_unread_once_a_day_in_the_morning_where_one_is() {
    for t in common::all_databases().await {
        let app = platform(&t.db).await;
        let r = &app.router;
        let dir = temp_dir(&format!("digest_{}", t.label));
        let sink = Sink::start(0, &dir).await;
        let m = mailer(&app, sink.port);
        // Only the digest, in French; Lima is UTC−5.
        email::save(&app.cx_of("ana.quispe").await, false, true, "fr")
            .await
            .unwrap();
        let lucia = sign_in(r, "ta.lopez").await;
        let thread = common::start_thread(r, PUBLIC, &lucia, "Resumen diario", "Hola").await;
        common::reply(r, &thread, &lucia, None, "@ana.quispe primera").await;
        common::reply(r, &thread, &lucia, None, "@ana.quispe segunda").await;

        // 05:00 in Lima: too early. 08:00: the digest goes, once.
        let day = (now() / 86_400 + 1) * 86_400;
        let early = day + 10 * 3600;
        let morning = day + 13 * 3600;
        // (The two notifications' own emails are dropped: she wants the digest only.)
        assert_eq!(send_round(&app.state, &m, early).await.sent, 0);
        assert_eq!(
            outbox(&t.db, "digest_day IS NOT NULL").await,
            0,
            "{}",
            t.label
        );
        let done = send_round(&app.state, &m, morning).await;
        assert_eq!(done.sent, 1, "{}: {done:?}", t.label);
        assert_eq!(
            send_round(&app.state, &m, morning + 600).await,
            Round::default()
        );
        let got = sink.received();
        assert_eq!(got.len(), 1, "{got:#?}");
        let d = &got[0];
        assert_eq!(d.header("Content-Language"), Some("fr"));
        assert!(
            d.subject.contains("Réseau ENTRUST") && d.subject.contains('2'),
            "{}",
            d.subject
        );
        assert!(d.body.contains("Resumen diario"), "{}", d.body);
        assert!(d.body.contains("/notifications"), "{}", d.body);
        assert!(d.header("List-Unsubscribe").is_some());
        assert_eq!(
            outbox(
                &t.db,
                "notification_id IS NOT NULL AND outcome = 'not wanted'"
            )
            .await,
            2
        );

        // The next morning, with nothing new, no email.
        let done = send_round(&app.state, &m, morning + 86_400).await;
        assert_eq!(done.sent, 0, "{}", t.label);
        assert_eq!(outbox(&t.db, "outcome = 'nothing new'").await, 1);
        let _ = std::fs::remove_dir_all(&dir);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn email_settings_are_saved_from_the_form_and_bad_input_changes_nothing() {
    for t in common::all_databases().await {
        let app = platform(&t.db).await;
        let r = &app.router;
        let ana = sign_in(r, "ana.quispe").await;
        let page = common::get_as(r, "/account/email", Some(&ana)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("name=\"digest\""));

        let res = post_as(r, "/account/email", &ana, "digest=on&language=pt").await;
        assert_eq!(common::location(&res), "/account/email?done=saved");
        let s = email::settings(&app.cx_of("ana.quispe").await)
            .await
            .unwrap();
        assert!(!s.each_notification && s.daily_digest);
        assert_eq!(s.language, "pt");

        let res = post_as(
            r,
            "/account/email",
            &ana,
            &format!("each=on&language={}", enc("xx")),
        )
        .await;
        assert!(
            common::location(&res).contains("error="),
            "{}",
            common::location(&res)
        );
        let s = email::settings(&app.cx_of("ana.quispe").await)
            .await
            .unwrap();
        assert!(!s.each_notification && s.daily_digest, "unchanged");

        // Not signed in: no settings to read or change.
        let res = common::send(r, common::form_post("/account/email", None, "each=on")).await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED);
        // A form from another site is refused, as every form is.
        let res = common::send(
            r,
            http::Request::post("/account/email")
                .header(http::header::HOST, common::HOST)
                .header(http::header::ORIGIN, "https://evil.example")
                .header(http::header::COOKIE, &ana)
                .header(
                    http::header::CONTENT_TYPE,
                    "application/x-www-form-urlencoded",
                )
                .body(axum::body::Body::from("each=on"))
                .unwrap(),
        )
        .await;
        assert_eq!(res.status, StatusCode::FORBIDDEN);
        let s = email::settings(&app.cx_of("ana.quispe").await)
            .await
            .unwrap();
        assert!(!s.each_notification);
        // Her token was made with her settings; it opens her page, not anyone else's.
        let id = store::users::id_of(&t.db.pool, "ana.quispe")
            .await
            .unwrap()
            .unwrap();
        let token = store::email::recipient_by_id(&t.db.pool, id)
            .await
            .unwrap()
            .unwrap()
            .token
            .unwrap();
        assert!(token.len() >= 43, "256 random bits");
    }
}
