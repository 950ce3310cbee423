//! One validated configuration, from command-line flags and environment variables.
//!
//! Every setting has a flag and an environment variable (documented in `.env.sample` and
//! the README); invalid values stop the process at start-up with a message naming the
//! setting.

use std::net::SocketAddr;

use app::backend::auth::oidc::ProviderConfig;
use clap::Args;

#[derive(Args, Clone, Debug)]
pub struct Config {
    /// Address and port to listen on.
    #[arg(long, env = "ENTRUST_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,

    /// Database: `sqlite://path/to/file.db` (embedded, the default) or `postgres://…`.
    #[arg(long, env = "DATABASE_URL", default_value = "sqlite://data/entrust.db")]
    pub database_url: String,

    /// Largest number of pooled database connections.
    #[arg(long, env = "ENTRUST_DB_MAX_CONNECTIONS", default_value_t = 10,
          value_parser = clap::value_parser!(u32).range(1..=500))]
    pub db_max_connections: u32,

    /// The public origin people use to reach the site (scheme, host, port), e.g.
    /// `https://entrust.example.org`. Used for cookies and same-origin checks.
    #[arg(long, env = "ENTRUST_SITE_ORIGIN", default_value = "http://127.0.0.1:3000",
          value_parser = parse_origin)]
    pub site_origin: String,

    /// Folder holding the compiled site (`pkg/` with the CSS, JS and WebAssembly).
    #[arg(long, env = "LEPTOS_SITE_ROOT", default_value = "target/site")]
    pub site_root: String,

    /// Largest accepted request body, in bytes.
    #[arg(long, env = "ENTRUST_MAX_BODY_BYTES", default_value_t = 1_048_576,
          value_parser = clap::value_parser!(u64).range(1024..=104_857_600))]
    pub max_body_bytes: u64,

    /// Largest post, draft or description accepted, in bytes of markdown.
    #[arg(long, env = "ENTRUST_MAX_POST_BYTES", default_value_t = 65_536,
          value_parser = clap::value_parser!(u64).range(1024..=1_048_576))]
    pub max_post_bytes: u64,

    /// Minutes of inactivity after which a session ends.
    #[arg(long, env = "ENTRUST_SESSION_IDLE_MINUTES", default_value_t = 30,
          value_parser = clap::value_parser!(u32).range(1..=1440))]
    pub session_idle_minutes: u32,

    /// Hours after sign-in after which a session ends, however active.
    #[arg(long, env = "ENTRUST_SESSION_ABSOLUTE_HOURS", default_value_t = 12,
          value_parser = clap::value_parser!(u32).range(1..=720))]
    pub session_absolute_hours: u32,

    /// Failed sign-ins allowed per account from one client address in 15 minutes before
    /// that address waits a delay that doubles with each further failure (the account is
    /// never locked for everyone).
    #[arg(long, env = "ENTRUST_SIGNIN_FAILURES_PER_ACCOUNT", default_value_t = 5,
          value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub signin_failures_per_account: u32,

    /// Failed sign-ins allowed per client address in 15 minutes.
    #[arg(long, env = "ENTRUST_SIGNIN_FAILURES_PER_ADDRESS", default_value_t = 20,
          value_parser = clap::value_parser!(u32).range(1..=10000))]
    pub signin_failures_per_address: u32,

    /// Let people create their own accounts at /signup (otherwise admins create them).
    #[arg(long, env = "ENTRUST_ALLOW_SIGNUP")]
    pub allow_signup: bool,

    /// Identity providers to offer, by short id, comma-separated (e.g. `keycloak,entra`).
    /// Each is configured by `ENTRUST_OIDC_{ID}_ISSUER`, `…_CLIENT_ID`, `…_CLIENT_SECRET`,
    /// `…_NAME` and `…_SCOPES` (ID upper-cased, `-` as `_`).
    #[arg(long, env = "ENTRUST_OIDC_PROVIDERS", value_delimiter = ',')]
    pub oidc_providers: Vec<String>,

    /// Seconds a live socket may stay silent (no answer to pings) before it is closed and
    /// its person leaves the rooms it was in.
    #[arg(long, env = "ENTRUST_LIVE_HEARTBEAT_TIMEOUT_SECS", default_value_t = 30,
          value_parser = clap::value_parser!(u64).range(3..=600))]
    pub live_heartbeat_timeout_secs: u64,

    /// Largest frame a live socket's client may send, in bytes.
    #[arg(long, env = "ENTRUST_LIVE_MAX_FRAME_BYTES", default_value_t = 16_384,
          value_parser = clap::value_parser!(u64).range(256..=1_048_576))]
    pub live_max_frame_bytes: u64,

    /// Frames queued for one live socket before it counts as behind (it then catches up
    /// from the event table instead of holding the others up).
    #[arg(long, env = "ENTRUST_LIVE_QUEUE", default_value_t = 256,
          value_parser = clap::value_parser!(u64).range(2..=65_536))]
    pub live_queue: u64,

    /// Live sockets one person may hold open at once (tabs and devices); more are refused
    /// with 429, so one account cannot tie up the server's sockets.
    #[arg(long, env = "ENTRUST_LIVE_MAX_SOCKETS_PER_PERSON", default_value_t = 16,
          value_parser = clap::value_parser!(u64).range(1..=100_000))]
    pub live_max_sockets_per_person: u64,

    /// Folder of the library's own documents, imported at start-up (see content/README.md).
    #[arg(long, env = "ENTRUST_CONTENT_DIR", default_value = "content")]
    pub content_dir: String,

    /// Folder of the embedded search index (used when MEILI_URL is not set).
    #[arg(long, env = "ENTRUST_SEARCH_DIR", default_value = "data/search")]
    pub search_dir: String,

    /// A Meilisearch server to search with instead of the embedded index, e.g.
    /// `http://127.0.0.1:7700`.
    #[arg(long, env = "MEILI_URL")]
    pub meili_url: Option<String>,

    /// Meilisearch API key (never logged).
    #[arg(long, env = "MEILI_KEY", hide_env_values = true)]
    pub meili_key: Option<String>,

    /// Name of the Meilisearch index this platform uses.
    #[arg(long, env = "MEILI_INDEX", default_value = "entrust")]
    pub meili_index: String,

    /// Log filter in `tracing` syntax, e.g. `info` or `server=debug,sqlx=warn`; each request's
    /// line is logged at `info` with the target `entrust::access`.
    #[arg(long, env = "ENTRUST_LOG", default_value = "info,sqlx=warn")]
    pub log: String,

    /// `text` (for people) or `json` (one object per line, for log collectors).
    #[arg(long, env = "ENTRUST_LOG_FORMAT", default_value = "text",
          value_parser = ["text", "json"])]
    pub log_format: String,

    /// Reverse proxies (addresses or networks, comma-separated, e.g. `10.0.0.0/8`) whose
    /// `X-Forwarded-For` names the client; from anyone else the header is ignored.
    #[arg(long, env = "ENTRUST_TRUSTED_PROXIES", value_delimiter = ',')]
    pub trusted_proxies: Vec<String>,

    /// Serve `/metrics` (Prometheus) to requests bearing this token
    /// (`Authorization: Bearer …`); without it there is no `/metrics`. At least 24
    /// characters; never logged.
    #[arg(long, env = "ENTRUST_METRICS_TOKEN", hide_env_values = true)]
    pub metrics_token: Option<String>,

    /// The SMTP server notification emails go through, e.g. `smtp://127.0.0.1:25`,
    /// `smtp://user:pass@mail.example.org:587?tls=required` (STARTTLS) or
    /// `smtps://user:pass@mail.example.org:465`. Without it no email is sent (what would
    /// have been waits up to 3 days in the outbox). Never logged.
    #[arg(long, env = "ENTRUST_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,

    /// The sender of emails, e.g. `ENTRUST Network <no-reply@entrust.example.org>`.
    #[arg(
        long,
        env = "ENTRUST_MAIL_FROM",
        default_value = "ENTRUST Network <no-reply@localhost>"
    )]
    pub mail_from: String,

    /// Seconds a notification waits before its email goes (read on the site by then, it
    /// needs none).
    #[arg(long, env = "ENTRUST_EMAIL_DELAY_SECS", default_value_t = 120,
          value_parser = clap::value_parser!(u32).range(0..=86_400))]
    pub email_delay_secs: u32,
}

impl Config {
    /// The mailer, when an SMTP server is configured.
    pub fn mailer(&self) -> Result<Option<crate::mailer::Mailer>, String> {
        self.smtp_url
            .as_deref()
            .map(|url| {
                crate::mailer::Mailer::new(
                    url,
                    &self.mail_from,
                    &self.site_origin,
                    i64::from(self.email_delay_secs),
                )
            })
            .transpose()
    }

    pub fn session_policy(&self) -> app::backend::auth::SessionPolicy {
        app::backend::auth::SessionPolicy {
            idle_secs: i64::from(self.session_idle_minutes) * 60,
            absolute_secs: i64::from(self.session_absolute_hours) * 3600,
        }
    }

    pub fn live(&self) -> crate::live::LiveConfig {
        let timeout = std::time::Duration::from_secs(self.live_heartbeat_timeout_secs);
        crate::live::LiveConfig {
            heartbeat_timeout: timeout,
            // Three pings per timeout: one lost ping never ends a healthy socket.
            ping_every: timeout / 3,
            max_frame: usize::try_from(self.live_max_frame_bytes).unwrap_or(16_384),
            queue: usize::try_from(self.live_queue).unwrap_or(256),
            max_sockets_per_person: usize::try_from(self.live_max_sockets_per_person).unwrap_or(16),
            ..Default::default()
        }
    }

    /// Whether cookies must be marked `Secure` (the site is reached over TLS).
    pub fn is_https(&self) -> bool {
        self.site_origin.starts_with("https://")
    }

    /// Checks what clap cannot check alone.
    pub fn validate(&self) -> Result<(), String> {
        if app::backend::Dialect::of_url(&self.database_url).is_none() {
            return Err(format!(
                "DATABASE_URL: must start with sqlite:// or postgres:// (got {:?})",
                redact_url(&self.database_url)
            ));
        }
        if let Some(url) = &self.meili_url {
            if !(url.starts_with("http://") || url.starts_with("https://")) {
                return Err(format!(
                    "MEILI_URL: must start with http:// or https:// (got {url:?})"
                ));
            }
        }
        if !app::backend::search::is_token(&self.meili_index) {
            return Err("MEILI_INDEX: letters, digits, '-' and '_' only".into());
        }
        tracing_subscriber::EnvFilter::try_new(&self.log)
            .map_err(|e| format!("ENTRUST_LOG: {e}"))?;
        crate::proxy::TrustedProxies::parse(&self.trusted_proxies)
            .map_err(|e| format!("ENTRUST_TRUSTED_PROXIES: {e}"))?;
        if let Some(t) = &self.metrics_token {
            if t.chars().count() < 24 || t.chars().any(|c| !c.is_ascii_graphic()) {
                return Err(
                    "ENTRUST_METRICS_TOKEN: at least 24 printable characters, no spaces".into(),
                );
            }
        }
        self.oidc_configs(|k| std::env::var(k).ok())?;
        Ok(())
    }

    /// Each provider named in `ENTRUST_OIDC_PROVIDERS`, read from its own variables
    /// (`env` looks one up), checked.
    pub fn oidc_configs(
        &self,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Vec<ProviderConfig>, String> {
        let mut seen = std::collections::HashSet::new();
        self.oidc_providers
            .iter()
            .map(|id| id.trim())
            .filter(|id| !id.is_empty())
            .map(|id| {
                if !seen.insert(id.to_string()) {
                    return Err(format!("ENTRUST_OIDC_PROVIDERS: {id:?} is listed twice"));
                }
                let prefix = format!(
                    "ENTRUST_OIDC_{}_",
                    id.to_ascii_uppercase().replace('-', "_")
                );
                let var =
                    |name: &str| env(&format!("{prefix}{name}")).filter(|v| !v.trim().is_empty());
                let need =
                    |name: &str| var(name).ok_or_else(|| format!("{prefix}{name} is not set"));
                let config = ProviderConfig {
                    id: id.to_string(),
                    name: var("NAME").unwrap_or_else(|| id.to_string()),
                    issuer: need("ISSUER")?,
                    client_id: need("CLIENT_ID")?,
                    client_secret: var("CLIENT_SECRET"),
                    scopes: var("SCOPES")
                        .unwrap_or_else(|| "openid profile email".into())
                        .split([' ', ','])
                        .filter(|s| !s.is_empty())
                        .map(String::from)
                        .collect(),
                };
                config
                    .validate()
                    .map_err(|e| format!("ENTRUST_OIDC_PROVIDERS: {e}"))?;
                Ok(config)
            })
            .collect()
    }
}

/// An origin is `http(s)://host[:port]` with nothing after it.
fn parse_origin(s: &str) -> Result<String, String> {
    let rest = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"))
        .ok_or_else(|| "must start with http:// or https://".to_string())?;
    if rest.is_empty() || rest.contains('/') || rest.contains('?') || rest.contains('#') {
        return Err(
            "must be scheme://host[:port] with no path, e.g. https://entrust.example.org".into(),
        );
    }
    Ok(s.to_string())
}

/// Hides a password in a database URL before it is shown anywhere.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..s + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins() {
        assert!(parse_origin("https://entrust.example.org").is_ok());
        assert!(parse_origin("http://127.0.0.1:3000").is_ok());
        assert!(parse_origin("entrust.example.org").is_err());
        assert!(parse_origin("https://x.org/path").is_err());
        assert!(parse_origin("https://").is_err());
    }

    fn config_with(providers: &[&str]) -> Config {
        #[derive(clap::Parser)]
        struct Cli {
            #[command(flatten)]
            config: Config,
        }
        let mut args = vec!["entrust".to_string()];
        if !providers.is_empty() {
            args.push(format!("--oidc-providers={}", providers.join(",")));
        }
        <Cli as clap::Parser>::try_parse_from(args).unwrap().config
    }

    #[test]
    fn providers_are_read_from_their_variables() {
        let env = |k: &str| {
            match k {
                "ENTRUST_OIDC_MINISTRY_SSO_ISSUER" => Some("https://sso.example.org/realms/x"),
                "ENTRUST_OIDC_MINISTRY_SSO_CLIENT_ID" => Some("entrust"),
                "ENTRUST_OIDC_MINISTRY_SSO_CLIENT_SECRET" => Some("s3cret"),
                "ENTRUST_OIDC_MINISTRY_SSO_NAME" => Some("Ministry SSO"),
                _ => None,
            }
            .map(String::from)
        };
        let list = config_with(&["ministry-sso"]).oidc_configs(env).unwrap();
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].name, "Ministry SSO");
        assert_eq!(list[0].scopes, ["openid", "profile", "email"]);
        assert!(
            !format!("{:?}", list[0]).contains("s3cret"),
            "secret in Debug output"
        );
        // A missing setting names the variable.
        let err = config_with(&["other"]).oidc_configs(env).unwrap_err();
        assert!(err.contains("ENTRUST_OIDC_OTHER_ISSUER"), "{err}");
        // Plain http is refused except on loopback.
        let http = |k: &str| match k {
            "ENTRUST_OIDC_X_ISSUER" => Some("http://sso.example.org".to_string()),
            "ENTRUST_OIDC_X_CLIENT_ID" => Some("c".to_string()),
            _ => None,
        };
        assert!(config_with(&["x"]).oidc_configs(http).is_err());
        assert!(config_with(&["x", "x"]).oidc_configs(env).is_err());
        assert!(config_with(&[]).oidc_configs(env).unwrap().is_empty());
    }

    #[test]
    fn passwords_are_redacted() {
        assert_eq!(
            redact_url("postgres://u:secret@h/db"),
            "postgres://u:***@h/db"
        );
        assert_eq!(redact_url("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(redact_url("sqlite://data/x.db"), "sqlite://data/x.db");
    }
}
