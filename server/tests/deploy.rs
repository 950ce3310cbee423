//! The deployment files, read as the tools that use them would read them: the
//! `Containerfile` (two stages, nothing of the toolchain in the image, an unprivileged user,
//! settings by environment only, a health check) and `compose.yaml` (PostgreSQL,
//! Meilisearch, two instances and a proxy that passes WebSockets, each gated on the others'
//! health). No container engine runs on the test machines, so the image itself is not
//! built here; `entrust ready`, its health check, is run for real.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "common/process.rs"]
mod process;

use std::collections::BTreeSet;
use std::path::PathBuf;

use serde_yaml::Value;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn read(name: &str) -> String {
    std::fs::read_to_string(repo().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Every setting the server reads from its environment: the names in `.env.sample`
/// (commented or not), which the README's table follows.
fn settings() -> BTreeSet<String> {
    read(".env.sample")
        .lines()
        .map(|l| l.trim_start_matches('#').trim())
        .filter_map(|l| l.split_once('=').map(|(k, _)| k.to_string()))
        .filter(|k| !k.is_empty() && k.chars().all(|c| c.is_ascii_uppercase() || c == '_'))
        .collect()
}

/// The Containerfile's instructions, continuation lines joined, comments dropped, split
/// into stages.
fn stages() -> Vec<Vec<(String, String)>> {
    let text = read("Containerfile");
    let mut joined = Vec::new();
    let mut current = String::new();
    for line in text.lines() {
        let t = line.trim();
        if t.starts_with('#') || (t.is_empty() && current.is_empty()) {
            continue;
        }
        if let Some(part) = t.strip_suffix('\\') {
            current.push_str(part);
            current.push(' ');
        } else {
            current.push_str(t);
            joined.push(std::mem::take(&mut current));
        }
    }
    let mut stages: Vec<Vec<(String, String)>> = Vec::new();
    for line in joined.into_iter().filter(|l| !l.trim().is_empty()) {
        let (op, rest) = line.split_once(' ').unwrap_or((&line, ""));
        let op = op.to_ascii_uppercase();
        if op == "FROM" {
            stages.push(Vec::new());
        }
        stages
            .last_mut()
            .expect("the Containerfile starts with FROM")
            .push((op, rest.trim().to_string()));
    }
    stages
}

fn all<'a>(stage: &'a [(String, String)], op: &str) -> Vec<&'a str> {
    stage
        .iter()
        .filter(|(o, _)| o == op)
        .map(|(_, r)| r.as_str())
        .collect()
}

#[test]
fn the_image_holds_the_binary_and_the_site_and_runs_unprivileged() {
    let stages = stages();
    assert!(stages.len() >= 2, "a build stage and a run stage");
    let (build, run) = (&stages[0], stages.last().unwrap());
    let build_from = all(build, "FROM")[0];
    let build_name = build_from.split_whitespace().last().unwrap().to_string();
    assert!(
        build_from.to_ascii_lowercase().contains(" as "),
        "{build_from}"
    );

    // The build stage builds the way ./.ci/start does, so the image is what was tested.
    let build_runs = all(build, "RUN").join("\n");
    assert!(
        build_runs.contains("cargo leptos build --release"),
        "{build_runs}"
    );
    assert!(read(".ci/start").contains("cargo leptos build --release"));
    assert!(build_runs.contains(".ci/setup --release"), "{build_runs}");
    // …and the site's files are compressed once, as ./.ci/start does.
    assert!(build_runs.contains("entrust compress-site"), "{build_runs}");
    assert!(read(".ci/start").contains("entrust\" compress-site"));

    // The image: a slim base, no toolchain, the binary with its hash.txt, the site, the
    // library's documents.
    let base = all(run, "FROM")[0];
    assert!(base.contains("debian") && base.contains("slim"), "{base}");
    for (op, rest) in run {
        if op == "RUN" {
            for tool in ["cargo", "rustup", "npm", "gcc"] {
                assert!(!rest.contains(tool), "the image installs {tool}: {rest}");
            }
        }
    }
    let copies = all(run, "COPY");
    let from_build = format!("--from={build_name}");
    let copied = |what: &str| {
        copies
            .iter()
            .any(|c| c.starts_with(&from_build) && c.contains(what))
    };
    assert!(
        copied("/entrust") && copied("hash.txt") && copied("/site"),
        "{copies:?}"
    );
    assert!(
        copies.iter().any(|c| c.starts_with("content ")),
        "{copies:?}"
    );

    // Unprivileged, and the files it needs are where its settings say.
    let user = all(run, "USER");
    assert_eq!(user.len(), 1, "{user:?}");
    let uid = user[0].split(':').next().unwrap();
    assert!(!["root", "0", ""].contains(&uid), "{uid}");
    let env = all(run, "ENV").join(" ");
    let known = settings();
    let mut set = BTreeSet::new();
    for pair in env.split_whitespace() {
        let (k, v) = pair.split_once('=').unwrap_or_else(|| panic!("ENV {pair}"));
        assert!(
            // (MALLOC_ARENA_MAX is glibc's, read by the process's allocator.)
            ["PATH", "LEPTOS_SITE_ROOT", "MALLOC_ARENA_MAX"].contains(&k) || known.contains(k),
            "ENV {k} is no setting of the server"
        );
        set.insert(k.to_string());
        if k == "ENTRUST_ADDR" {
            assert!(v.starts_with("0.0.0.0:"), "reachable from outside: {v}");
        }
    }
    for needed in [
        "ENTRUST_ADDR",
        "LEPTOS_SITE_ROOT",
        "ENTRUST_CONTENT_DIR",
        "MALLOC_ARENA_MAX",
    ] {
        assert!(set.contains(needed), "{needed} not set in the image");
    }
    assert!(env.contains("LEPTOS_SITE_ROOT=/opt/entrust/site"));
    assert!(copies.iter().any(|c| c.ends_with("/opt/entrust/site")));

    let health = all(run, "HEALTHCHECK").join(" ");
    assert!(health.ends_with(r#"CMD ["entrust", "ready"]"#), "{health}");
    assert_eq!(all(run, "ENTRYPOINT"), [r#"["entrust"]"#]);
    assert_eq!(all(run, "CMD"), [r#"["serve"]"#]);

    // The build context leaves out builds, dependencies and local secrets.
    let ignored: Vec<String> = read(".dockerignore")
        .lines()
        .map(|l| l.trim().to_string())
        .collect();
    for must in ["target", "e2e/node_modules", ".env", "data"] {
        assert!(
            ignored.iter().any(|l| l == must),
            "{must} not in .dockerignore"
        );
    }
}

fn compose() -> Value {
    let mut v: Value = serde_yaml::from_str(&read("compose.yaml")).unwrap();
    // `<<: *entrust` merges, as Compose does.
    v.apply_merge().unwrap();
    v
}

fn s(v: &Value) -> &str {
    v.as_str().unwrap_or_else(|| panic!("not a string: {v:?}"))
}

#[test]
fn compose_runs_two_instances_behind_a_proxy_on_postgres_and_meilisearch() {
    let c = compose();
    let services = c["services"].as_mapping().unwrap();
    let name = |k: &Value| s(k).to_string();
    let instances: Vec<String> = services
        .iter()
        .filter(|(_, v)| v["build"]["dockerfile"].as_str() == Some("Containerfile"))
        .map(|(k, _)| name(k))
        .collect();
    assert_eq!(instances.len(), 2, "{instances:?}");
    for other in ["postgres", "meilisearch", "proxy"] {
        assert!(services.contains_key(other), "no {other}");
    }
    let healthy = |svc: &str| !services[svc]["healthcheck"]["test"].is_null();
    let known = settings();

    for i in &instances {
        let svc = &services[i.as_str()];
        let env = svc["environment"].as_mapping().unwrap();
        for (k, v) in env {
            assert!(known.contains(s(k)), "{i}: {} is no setting", s(k));
            // Secrets come from the operator's environment, never from this file.
            if ["MEILI_KEY", "ENTRUST_METRICS_TOKEN", "ENTRUST_SMTP_URL"].contains(&s(k)) {
                assert!(s(v).starts_with("${") && s(v).contains(":?"), "{i}: {v:?}");
            }
        }
        let db = s(&env[&Value::from("DATABASE_URL")]);
        assert!(
            db.starts_with("postgres://") && db.contains("${POSTGRES_PASSWORD:?"),
            "{db}"
        );
        assert!(db.contains("@postgres:5432/"), "{db}");
        assert_eq!(
            s(&env[&Value::from("MEILI_URL")]),
            "http://meilisearch:7700"
        );
        // Behind the proxy, the client's address comes from its X-Forwarded-For.
        let trusted = s(&env[&Value::from("ENTRUST_TRUSTED_PROXIES")]);
        let nets: Vec<String> = trusted.split(',').map(str::to_string).collect();
        server::proxy::TrustedProxies::parse(&nets).unwrap();
        let test: Vec<&str> = svc["healthcheck"]["test"]
            .as_sequence()
            .unwrap()
            .iter()
            .map(s)
            .collect();
        assert_eq!(test, ["CMD", "entrust", "ready"], "{i}");
        let deps = svc["depends_on"].as_mapping().unwrap();
        assert!(!deps.is_empty());
        for (dep, how) in deps {
            assert_eq!(s(&how["condition"]), "service_healthy", "{i} → {dep:?}");
            assert!(healthy(s(dep)), "{} has no health check", s(dep));
        }
    }
    // Each instance waits, directly or through the other, for both stores.
    let waits_for = |svc: &str, dep: &str| {
        let mut seen = vec![svc.to_string()];
        let mut i = 0;
        while i < seen.len() {
            if let Some(d) = services[seen[i].as_str()]["depends_on"].as_mapping() {
                for (k, _) in d {
                    if !seen.contains(&name(k)) {
                        seen.push(name(k));
                    }
                }
            }
            i += 1;
        }
        seen.iter().any(|s| s == dep)
    };
    for i in &instances {
        assert!(
            waits_for(i, "postgres") && waits_for(i, "meilisearch"),
            "{i}"
        );
    }
    assert!(healthy("postgres") && healthy("meilisearch"));

    // The proxy: published, after both instances, spreading requests over both and
    // checking their /readyz. Caddy passes WebSocket upgrades through reverse_proxy.
    let proxy = &services["proxy"];
    assert!(s(&proxy["image"]).contains("caddy"));
    assert!(!proxy["ports"].as_sequence().unwrap().is_empty());
    for i in &instances {
        assert_eq!(
            s(&proxy["depends_on"][i.as_str()]["condition"]),
            "service_healthy"
        );
    }
    let source = s(&proxy["configs"][0]["source"]);
    let caddyfile = s(&c["configs"][source]["content"]);
    let upstream = caddyfile
        .lines()
        .find(|l| l.trim_start().starts_with("reverse_proxy"))
        .expect("a reverse_proxy");
    for i in &instances {
        assert!(upstream.contains(&format!("{i}:3000")), "{upstream}");
    }
    assert!(caddyfile.contains("health_uri /readyz"));
    assert!(
        caddyfile.contains("respond /metrics 404"),
        "/metrics stays inside"
    );

    // Every named volume is declared; nothing here holds a password.
    let declared = c["volumes"].as_mapping().unwrap();
    for (svc, v) in services {
        for vol in v["volumes"].as_sequence().into_iter().flatten() {
            let source = s(vol).split(':').next().unwrap();
            if !source.starts_with('.') && !source.starts_with('/') {
                assert!(declared.contains_key(source), "{svc:?}: {source}");
            }
        }
    }
    let text = read("compose.yaml");
    assert!(
        !text.to_lowercase().contains("password: \""),
        "a literal password"
    );
}

#[test]
fn entrust_ready_answers_for_a_running_server_only() {
    let dir = std::env::temp_dir().join(format!("entrust_ready_{}", std::process::id()));
    let url = format!("sqlite://{}/e.db?mode=rwc", dir.display());
    let bin = env!("CARGO_BIN_EXE_entrust");
    let server = process::start(bin, &url, false);
    let ready = |addr: String| {
        std::process::Command::new(bin)
            .arg("ready")
            .env("ENTRUST_ADDR", addr)
            .output()
            .unwrap()
    };
    let o = ready(server.addr.to_string());
    assert!(o.status.success(), "{o:?}");
    assert_eq!(String::from_utf8_lossy(&o.stdout).trim(), "ready");
    // As the image sets it: listening on every address, asked on loopback.
    let o = ready(format!("0.0.0.0:{}", server.addr.port()));
    assert!(o.status.success(), "{o:?}");
    let port = server.addr.port();
    drop(server);
    let o = ready(format!("127.0.0.1:{port}"));
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains(&format!("127.0.0.1:{port}")), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    let _ = std::fs::remove_dir_all(dir);
}
