//! The `entrust` command line: `serve`, `migrate`, `import-content`, `reindex`,
//! `create-admin`, `export` and `import` (backup and restore), `compress-site` (after the
//! build), and `ready` (the container health check).

use std::process::ExitCode;

use std::sync::Arc;

use app::backend::content_import::{self, ImportReport};
use app::backend::search::Engine;
use app::backend::{
    auth::password, demo, demo_directory, demo_funding, demo_indicators, demo_missions,
    demo_network, demo_plans, demo_quality, now, store::users, AppState, Db,
};
use clap::{Parser, Subcommand};
use leptos::config::LeptosOptions;

use crate::config::{redact_url, Config};

#[derive(Parser, Debug)]
#[command(name = "entrust", version, about = "ENTRUST Network server")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Migrate the database and serve the platform.
    Serve {
        #[command(flatten)]
        config: Config,
        /// Load demo spaces and people (never done unless asked for).
        #[arg(long, env = "ENTRUST_DEMO")]
        demo: bool,
    },
    /// Bring the database schema up to date, then exit.
    Migrate {
        #[command(flatten)]
        config: Config,
    },
    /// Import the library's documents from the content folder (also done at start-up),
    /// then exit. Bad files are reported with their path and line and skipped.
    ImportContent {
        #[command(flatten)]
        config: Config,
    },
    /// Rebuild the search index from the database, then exit.
    Reindex {
        #[command(flatten)]
        config: Config,
    },
    /// Write the whole platform (every table's rows and the content folder's documents) to
    /// one archive with a manifest and checksums. Safe while the platform serves: it reads
    /// one consistent snapshot.
    Export {
        #[command(flatten)]
        config: Config,
        /// The archive to write (a .tar.gz); replaced only once it is complete.
        #[arg(long, short)]
        output: std::path::PathBuf,
    },
    /// Restore an archive written by `export` into a new, empty database of either
    /// dialect, then rebuild the search index. All of it or nothing.
    Import {
        #[command(flatten)]
        config: Config,
        /// The archive to read.
        archive: std::path::PathBuf,
    },
    /// Compress the built site's files once, at the highest levels (`name.br`, `name.gz`
    /// beside each), for `/pkg` to serve as they are; run after `cargo leptos build`.
    CompressSite {
        /// The site folder `cargo leptos build` wrote.
        #[arg(long, env = "LEPTOS_SITE_ROOT", default_value = "target/site")]
        site_root: std::path::PathBuf,
    },
    /// Exit 0 when the server at ENTRUST_ADDR answers `GET /readyz` with 200 within
    /// three seconds, 1 otherwise: the container health check (the image has no curl).
    Ready {
        /// The address the server listens on; 0.0.0.0 and [::] are asked on loopback.
        #[arg(long, env = "ENTRUST_ADDR", default_value = "127.0.0.1:3000")]
        addr: std::net::SocketAddr,
    },
    /// Create a platform administrator with a local password (read from
    /// ENTRUST_ADMIN_PASSWORD, or from the first line of standard input).
    CreateAdmin {
        #[command(flatten)]
        config: Config,
        /// Username (3–32 of a–z, 0–9, '_', '.', '-').
        #[arg(long)]
        username: String,
        /// Display name.
        #[arg(long)]
        name: String,
        #[arg(long)]
        email: Option<String>,
    },
}

/// Parses the command line and runs it; failures become a message and a non-zero exit.
pub async fn main() -> ExitCode {
    // Settings may also come from a `.env` file in the working directory (see .env.sample);
    // variables already set in the environment win.
    if let Err(e) = dotenvy::dotenv() {
        if !e.not_found() {
            eprintln!("entrust: .env: {e}");
            return ExitCode::FAILURE;
        }
    }
    let cli = Cli::parse();
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("entrust: {e}");
            tracing::error!("{e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> Result<(), String> {
    match cli.command {
        Command::Serve { config, demo } => {
            let db = open(&config).await?;
            let (engine, fresh) = crate::search::open_engine(&config).await?;
            let state = platform(&config, db.clone(), engine.clone())?;
            if demo {
                load_demo(&state).await?;
            }
            import_content(&config, &db).await?;
            crate::search::start_worker(db, engine, fresh);
            serve(config, state).await
        }
        Command::Export { config, output } => {
            let db = open(&config).await?;
            let started = std::time::Instant::now();
            let summary =
                crate::backup::export(&db, std::path::Path::new(&config.content_dir), &output)
                    .await?;
            println!(
                "exported {summary} to {} in {:.1} s",
                output.display(),
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        Command::Import { config, archive } => {
            let db = open(&config).await?;
            let started = std::time::Instant::now();
            let (summary, note) =
                crate::backup::import(&db, &archive, std::path::Path::new(&config.content_dir))
                    .await?;
            println!(
                "imported {summary} from {} in {:.1} s; {note}",
                archive.display(),
                started.elapsed().as_secs_f64()
            );
            let (engine, _) = crate::search::open_engine(&config).await?;
            crate::search::reindex(&db, &engine).await.map(|_| ())
        }
        Command::ImportContent { config } => {
            let db = open(&config).await?;
            let report = import_content(&config, &db).await?;
            println!("{report}");
            if report.errors.is_empty() {
                Ok(())
            } else {
                Err(format!(
                    "{} file(s) could not be imported",
                    report.errors.len()
                ))
            }
        }
        Command::Reindex { config } => {
            let db = open(&config).await?;
            let (engine, _) = crate::search::open_engine(&config).await?;
            crate::search::reindex(&db, &engine).await.map(|_| ())
        }
        Command::Ready { addr } => ready(addr).await,
        Command::CompressSite { site_root } => {
            let files = crate::precompress::site(&site_root)?;
            if files.is_empty() {
                return Err(format!(
                    "{}: nothing to compress (built yet?)",
                    site_root.display()
                ));
            }
            let kb = |b: u64| b as f64 / 1024.0;
            for f in &files {
                let name = f.path.strip_prefix(&site_root).unwrap_or(&f.path);
                println!(
                    "{:>9.1} KB  br {:>8.1} KB  gz {:>8.1} KB  {}",
                    kb(f.raw),
                    kb(f.br),
                    kb(f.gz),
                    name.display()
                );
            }
            Ok(())
        }
        Command::Migrate { config } => {
            open(&config).await?;
            tracing::info!("database is up to date");
            Ok(())
        }
        Command::CreateAdmin {
            config,
            username,
            name,
            email,
        } => {
            let password = match std::env::var("ENTRUST_ADMIN_PASSWORD") {
                Ok(p) => p,
                Err(_) => {
                    let mut line = String::new();
                    std::io::stdin()
                        .read_line(&mut line)
                        .map_err(|e| format!("reading the password: {e}"))?;
                    line.trim_end_matches(['\r', '\n']).to_string()
                }
            };
            let hash = password::hash(&password).map_err(|e| e.to_string())?;
            let db = open(&config).await?;
            let new = users::NewUser {
                username: &username,
                display_name: &name,
                email: email.as_deref(),
                country_code: None,
                organisation: "",
                role: users::PlatformRole::Admin,
                password_hash: Some(&hash),
            };
            let id = users::create(&db.pool, &new, now())
                .await
                .map_err(|e| e.to_string())?;
            println!("created administrator {username} (id {id})");
            Ok(())
        }
    }
}

/// Loads every area's demo data into the platform `state` (`serve --demo`; the tests and
/// benchmarks that need the demo's whole story use it too). Loading twice adds nothing.
pub async fn load_demo(state: &AppState) -> Result<(), String> {
    let db = &state.db;
    let (spaces, users) = demo::load(db, now())
        .await
        .map_err(|e| format!("loading demo data failed: {e}"))?;
    let requests = demo::load_requests(state, now())
        .await
        .map_err(|e| format!("loading demo requests failed: {e}"))?;
    let plans = demo_plans::load_plans(state, now())
        .await
        .map_err(|e| format!("loading demo plans failed: {e}"))?;
    let values = demo_indicators::load_indicators(state, now())
        .await
        .map_err(|e| format!("loading demo indicators failed: {e}"))?;
    let services = demo_directory::load_directory(state, now())
        .await
        .map_err(|e| format!("loading the demo directory failed: {e}"))?;
    let assessments = demo_quality::load_quality(state, now())
        .await
        .map_err(|e| format!("loading the demo assessments failed: {e}"))?;
    let mechanisms = demo_funding::load_funding(state, now())
        .await
        .map_err(|e| format!("loading the demo funding catalogue failed: {e}"))?;
    let groups = demo_network::load_network(state, now())
        .await
        .map_err(|e| format!("loading the demo network failed: {e}"))?;
    let missions = demo_missions::load_missions(state, now())
        .await
        .map_err(|e| format!("loading the demo missions failed: {e}"))?;
    tracing::info!(
        spaces,
        users,
        requests,
        plans,
        values,
        services,
        assessments,
        mechanisms,
        groups,
        missions,
        "demo data loaded"
    );
    Ok(())
}

/// Asks the server at `addr` whether it is ready (see [`Command::Ready`]).
async fn ready(mut addr: std::net::SocketAddr) -> Result<(), String> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    if addr.ip().is_unspecified() {
        let loopback: std::net::IpAddr = if addr.is_ipv4() {
            std::net::Ipv4Addr::LOCALHOST.into()
        } else {
            std::net::Ipv6Addr::LOCALHOST.into()
        };
        addr.set_ip(loopback);
    }
    let ask = async {
        let mut s = tokio::net::TcpStream::connect(addr).await?;
        s.write_all(b"GET /readyz HTTP/1.0\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            .await?;
        let mut head = Vec::new();
        s.read_to_end(&mut head).await?;
        Ok::<_, std::io::Error>(String::from_utf8_lossy(&head).into_owned())
    };
    let answer = tokio::time::timeout(std::time::Duration::from_secs(3), ask)
        .await
        .map_err(|_| format!("{addr}: no answer within 3 s"))?
        .map_err(|e| format!("{addr}: {e}"))?;
    let status = answer.split_whitespace().nth(1).unwrap_or("");
    if status == "200" {
        println!("ready");
        Ok(())
    } else {
        let body = answer.split("\r\n\r\n").nth(1).unwrap_or("").trim();
        Err(format!("{addr}: not ready ({status}) {body}"))
    }
}

/// Validates the configuration, starts logging, connects and migrates.
async fn open(config: &Config) -> Result<Db, String> {
    config
        .validate()
        .map_err(|e| format!("configuration error: {e}"))?;
    init_tracing(&config.log, config.log_format == "json");
    let shown = redact_url(&config.database_url);
    let db = Db::connect(&config.database_url, config.db_max_connections)
        .await
        .map_err(|e| format!("database {shown}: {e}"))?;
    db.migrate()
        .await
        .map_err(|e| format!("database {shown}: {e}"))?;
    app::backend::store::spaces::backfill_descriptions(&db.pool)
        .await
        .map_err(|e| format!("database {shown}: {e}"))?;
    tracing::info!(database = %shown, "database ready");
    Ok(db)
}

fn init_tracing(filter: &str, json: bool) {
    let filter = tracing_subscriber::EnvFilter::try_new(filter)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    // A second initialisation (tests) is harmless and ignored.
    let _ = if json {
        // One object per line with the request span (its id, method, route) in each.
        tracing_subscriber::fmt()
            .json()
            .with_current_span(true)
            .with_span_list(false)
            .with_env_filter(filter)
            .try_init()
    } else {
        tracing_subscriber::fmt().with_env_filter(filter).try_init()
    };
}

/// The Leptos options this process runs with, built from our own configuration.
pub fn leptos_options(config: &Config) -> LeptosOptions {
    // cargo-leptos writes hash.txt beside the binary when it names files by content hash;
    // then the files can be cached for a year.
    let hashed = std::env::current_exe()
        .ok()
        .and_then(|p| p.parent().map(|d| d.join("hash.txt").is_file()))
        .unwrap_or(false);
    LeptosOptions::builder()
        .output_name("entrust")
        .site_root(config.site_root.as_str())
        .site_pkg_dir("pkg")
        .site_addr(config.addr)
        .hash_files(hashed)
        .build()
}

/// Imports `content/` when the folder exists; each bad file is logged with its path and
/// line and the others are imported all the same.
async fn import_content(config: &Config, db: &Db) -> Result<ImportReport, String> {
    let dir = std::path::Path::new(&config.content_dir);
    if !dir.is_dir() {
        tracing::warn!(dir = %dir.display(), "no content folder: the library starts empty");
        return Ok(ImportReport::default());
    }
    let report = content_import::import_dir(db, dir, now())
        .await
        .map_err(|e| format!("importing {}: {e}", dir.display()))?;
    for e in &report.errors {
        eprintln!("entrust: {e}");
        tracing::error!("content not imported: {e}");
    }
    tracing::info!(dir = %dir.display(), "library content: {report}");
    Ok(report)
}

/// The platform this process serves, from its configuration.
fn platform(config: &Config, db: Db, search: Arc<Engine>) -> Result<AppState, String> {
    Ok(AppState {
        db,
        leptos: leptos_options(config),
        sessions: config.session_policy(),
        allow_signup: config.allow_signup,
        oidc: app::backend::auth::oidc::Providers::new(
            config.oidc_configs(|k| std::env::var(k).ok())?,
            &config.site_origin,
        )?,
        site_origin: config.site_origin.clone(),
        max_post_bytes: usize::try_from(config.max_post_bytes).unwrap_or(usize::MAX),
        search,
        audit_gate: Default::default(),
        caches: Default::default(),
    })
}

async fn serve(config: Config, state: AppState) -> Result<(), String> {
    // Summaries of gated audit entries are written when their minute is over.
    let gate = (state.audit_gate.clone(), state.db.clone());
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(60));
        loop {
            tick.tick().await;
            gate.0.flush(&gate.1, now()).await;
        }
    });
    // Plans' check-ins that fall due or become overdue are told to their focal points.
    let db = state.db.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(300));
        loop {
            tick.tick().await;
            match app::backend::plans::remind(&db, now()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(notifications = n, "check-in reminders sent"),
                Err(e) => tracing::warn!("check-in reminders failed: {e}"),
            }
        }
    });
    match config.mailer()? {
        Some(mailer) => crate::mailer::start(state.clone(), mailer),
        None => tracing::info!("no ENTRUST_SMTP_URL: no email is sent"),
    }
    let hub = crate::live::start(state.clone(), config.live());
    let app = crate::router::app(state, &config, hub);
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", config.addr))?;
    let local = listener.local_addr().map_err(|e| e.to_string())?;
    if config.log_format == "json" {
        // Standard output is the log collector's: nothing there but JSON lines.
        tracing::info!(address = %local, "ENTRUST Network is listening on http://{local}");
    } else {
        tracing::info!("serving on http://{local}");
        println!("ENTRUST Network is listening on http://{local}");
    }
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
    .map_err(|e| format!("server error: {e}"))?;
    tracing::info!("shut down cleanly");
    Ok(())
}

/// Resolves on Ctrl-C or SIGTERM; in-flight requests then finish before the process exits.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutdown requested");
}
