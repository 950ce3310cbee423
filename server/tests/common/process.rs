//! A real `entrust` process on a loopback port, and plain HTTP/1.1 requests to it: for the
//! tests and benchmarks that need separate server processes (several instances on one
//! PostgreSQL database, or a server whose memory is measured on its own).
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};

use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A running server; killed (and its site folder removed) when dropped.
pub struct Server {
    pub child: Child,
    pub addr: SocketAddr,
    /// Everything it printed from its "listening on" line on (its log, with the filter it
    /// was given).
    pub output: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
    site: std::path::PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.site);
    }
}

/// Starts `entrust serve` (with `--demo` when asked) on `database_url`, on a free port,
/// and waits until it listens.
pub fn start(bin: &str, database_url: &str, demo: bool) -> Server {
    start_with(bin, database_url, demo, &[])
}

/// As [`start`], with these extra environment variables (settings).
pub fn start_with(bin: &str, database_url: &str, demo: bool, env: &[(&str, &str)]) -> Server {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let addr: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    let site = std::env::temp_dir().join(format!("entrust_site_{}_{port}", std::process::id()));
    std::fs::create_dir_all(site.join("pkg")).unwrap();
    let mut cmd = Command::new(bin);
    cmd.arg("serve");
    if demo {
        cmd.arg("--demo");
    }
    let mut child = cmd
        .env("DATABASE_URL", database_url)
        .env("ENTRUST_ADDR", addr.to_string())
        .env("ENTRUST_SITE_ORIGIN", format!("http://{addr}"))
        .env("LEPTOS_SITE_ROOT", &site)
        // Each process its own search index (one index takes one process).
        .env("ENTRUST_SEARCH_DIR", site.join("search"))
        .env("ENTRUST_LOG", "warn")
        .envs(env.iter().copied())
        .stdout(Stdio::piped())
        .spawn()
        .expect("start the entrust binary");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let listening = loop {
        match lines.next() {
            Some(Ok(line)) if line.contains("listening on") => break line,
            Some(Ok(_)) => {}
            _ => panic!("entrust exited before listening"),
        }
    };
    let output = std::sync::Arc::new(std::sync::Mutex::new(vec![listening]));
    let kept = output.clone();
    std::thread::spawn(move || {
        for line in lines.map_while(Result::ok) {
            kept.lock().unwrap().push(line);
        }
    });
    Server {
        child,
        addr,
        output,
        site,
    }
}

/// One request as a browser page of the site would send it; returns the status and the
/// response head (status line and headers).
pub async fn http(
    addr: SocketAddr,
    method: &str,
    path: &str,
    cookie: &str,
    body: &str,
) -> (u16, String) {
    let origin = format!("http://{addr}");
    let a = request(addr, "127.0.0.1", method, path, cookie, &origin, body).await;
    (a.status, a.head)
}

/// A header's value from a response head (names match case-insensitively).
pub fn header<'a>(head: &'a str, name: &str) -> &'a str {
    head.lines()
        .find(|l| {
            l.len() > name.len() + 1
                && l[..name.len()].eq_ignore_ascii_case(name)
                && l[name.len()..].starts_with(": ")
        })
        .map_or("", |l| &l[name.len() + 2..])
}

/// Signs a demo person in; returns the session cookie pair.
pub async fn sign_in(addr: SocketAddr, username: &str) -> String {
    let body = format!(
        "username={username}&password={}",
        app::backend::demo::DEMO_PASSWORD
    );
    let (status, head) = http(addr, "POST", "/auth/signin", "", &body).await;
    assert_eq!(status, 303, "sign-in as {username}: {head}");
    header(&head, "set-cookie")
        .split(';')
        .next()
        .unwrap()
        .to_string()
}

pub fn enc(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// Starts a thread in the space at path `space` as `cookie`; returns its path and id.
pub async fn start_thread(
    addr: SocketAddr,
    space: &str,
    cookie: &str,
    title: &str,
) -> (String, i64) {
    let form = format!("title={}&body={}&intent=post", enc(title), enc(title));
    let (status, head) = http(addr, "POST", &format!("{space}/threads"), cookie, &form).await;
    assert_eq!(status, 303, "{head}");
    let path = header(&head, "location")
        .split('#')
        .next()
        .unwrap()
        .to_string();
    let id = path
        .rsplit('/')
        .next()
        .and_then(|t| t.parse().ok())
        .unwrap_or_else(|| panic!("no thread in {head}"));
    (path, id)
}

/// Replies at the top of the thread at path `thread` as `cookie`; returns the post's id.
pub async fn reply(addr: SocketAddr, thread: &str, cookie: &str, body: &str) -> i64 {
    let form = format!("body={}&intent=post&parent=", enc(body));
    let (status, head) = http(addr, "POST", &format!("{thread}/reply"), cookie, &form).await;
    assert_eq!(status, 303, "{head}");
    header(&head, "location")
        .rsplit("#p")
        .next()
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no post in {head}"))
}

/// A whole answer: status, head (status line and headers) and body.
pub struct Answer {
    pub status: u16,
    pub head: String,
    pub body: String,
}

impl Answer {
    pub fn header(&self, name: &str) -> &str {
        header(&self.head, name)
    }
}

/// One request from the client address `from` (any 127.x.y.z: loopback answers them all),
/// with the given `Origin` (none when empty); HTTP/1.0, so the body arrives whole, not
/// chunked.
pub async fn request(
    addr: SocketAddr,
    from: &str,
    method: &str,
    path: &str,
    cookie: &str,
    origin: &str,
    body: &str,
) -> Answer {
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind(format!("{from}:0").parse().unwrap()).unwrap();
    let mut s = socket.connect(addr).await.unwrap();
    let origin = if origin.is_empty() {
        String::new()
    } else {
        format!("Origin: {origin}\r\n")
    };
    let cookie = if cookie.is_empty() {
        String::new()
    } else {
        format!("Cookie: {cookie}\r\n")
    };
    let req = format!(
        "{method} {path} HTTP/1.0\r\nHost: {addr}\r\n{origin}{cookie}\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).await.unwrap();
    let mut out = Vec::new();
    s.read_to_end(&mut out).await.unwrap();
    let text = String::from_utf8_lossy(&out).to_string();
    let status = text.get(9..12).and_then(|s| s.parse().ok()).unwrap_or(0);
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    Answer {
        status,
        head: head.to_string(),
        body: body.to_string(),
    }
}
