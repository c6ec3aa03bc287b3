//! Configuration: `PORTICO_*` environment variables over an optional TOML
//! file (`PORTICO_CONFIG`). Unknown file keys are rejected, so a typo does
//! not silently fall back to a default.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, bail};
use app::domain::SigningAlg;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use url::Url;

use crate::mail::MailSettings;

mod cidr;
mod developers;
pub use cidr::Cidr;
pub use developers::DeveloperPolicy;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Text,
    Json,
}

/// The optional TOML file; every key may also come from the environment.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    bind: Option<String>,
    public_url: Option<String>,
    database_url: Option<SecretString>,
    data_dir: Option<PathBuf>,
    log: Option<String>,
    log_format: Option<String>,
    developers: Option<String>,
    /// The older on/off form of `developers` (on: automatic, off: by admin).
    signup_makes_developer: Option<bool>,
    session_ttl_hours: Option<u64>,
    db_max_connections: Option<u32>,
    max_secret_months: Option<u32>,
    draft_ttl_minutes: Option<u64>,
    max_open_drafts: Option<u32>,
    key_encryption_key: Option<SecretString>,
    access_token_alg: Option<String>,
    trusted_proxies: Option<String>,
    drain_seconds: Option<u64>,
    /// `[[identity_providers]]`: upstream OpenID providers (read-only on
    /// the admin page).
    #[serde(default)]
    identity_providers: Vec<crate::federation::FileProvider>,
}

#[derive(Debug, Clone)]
pub struct Config {
    pub bind: SocketAddr,
    /// The external URL; the issuer. `https` turns on `Secure` cookies.
    pub public_url: Url,
    pub database_url: SecretString,
    pub data_dir: PathBuf,
    pub log: String,
    pub log_format: LogFormat,
    /// How an account becomes a developer (`PORTICO_DEVELOPERS`).
    pub developers: DeveloperPolicy,
    /// Whether an unverified email address keeps an account from becoming
    /// a developer or joining an organisation (`PORTICO_REQUIRE_VERIFIED_EMAIL`;
    /// on when SMTP is configured, off without, so a first start works).
    pub require_verified_email: bool,
    /// Sign-ups per client address per hour (`PORTICO_SIGNUPS_PER_HOUR`,
    /// 20 by default; each costs an argon2 hash).
    pub signups_per_hour: u32,
    pub session_ttl: Duration,
    pub db_max_connections: u32,
    /// The longest lifetime a new client secret may have.
    pub max_secret_months: u32,
    /// How long a client draft waits for an end user's confirmation.
    pub draft_ttl: Duration,
    /// How many unconfirmed drafts one client system may have at a time.
    pub max_open_drafts: u32,
    /// Seals signing keys in the database. Without it a random key is kept
    /// in the data directory (fine for one node; replicas must share one).
    pub key_encryption_key: Option<SecretString>,
    /// `ES256` (default: fast) or `RS256` for access tokens.
    pub access_token_alg: SigningAlg,
    /// Load balancers whose `Forwarded` / `X-Forwarded-For` is believed.
    pub trusted_proxies: Vec<Cidr>,
    /// How long a stopping server waits for requests in flight.
    pub drain: Duration,
    /// Upstream OpenID providers from the config file.
    pub identity_providers: Vec<crate::federation::FileProvider>,
    /// SMTP (`PORTICO_SMTP_URL`, `_USER`, `_PASSWORD`) or `.eml` files in
    /// `<data dir>/mail/`, and the sender (`PORTICO_MAIL_FROM`).
    pub mail: MailSettings,
    /// How often each replica's outbox worker looks for due messages
    /// (`PORTICO_OUTBOX_POLL_MS`); a message queued here is sent at once.
    pub outbox_poll: Duration,
    /// Whether this replica sends queued messages (`PORTICO_OUTBOX_WORKER`,
    /// on by default; any replica can send any message).
    pub outbox_worker: bool,
    /// How often credentials are checked for expiry notices
    /// (`PORTICO_NOTICE_SCAN_MINUTES`, 60 by default).
    pub notice_scan: Duration,
    /// How often the approval queue is checked for admins' digests
    /// (`PORTICO_APPROVAL_CHECK_SECONDS`, 60 by default).
    pub approval_check: Duration,
    /// The least time between two approval digests to one admin
    /// (`PORTICO_APPROVAL_DIGEST_GAP_SECONDS`, 900 by default).
    pub approval_gap: Duration,
}

impl Config {
    /// Reads the process environment and the file it points to.
    pub fn load() -> anyhow::Result<Self> {
        let env: HashMap<String, String> = std::env::vars()
            .filter(|(k, _)| k.starts_with("PORTICO_"))
            .collect();
        let file = match env.get("PORTICO_CONFIG") {
            Some(path) => std::fs::read_to_string(path)
                .with_context(|| format!("reading config file {path}"))?,
            None => String::new(),
        };
        Self::from_sources(&env, &file)
    }

    pub fn from_sources(env: &HashMap<String, String>, file: &str) -> anyhow::Result<Self> {
        let file: FileConfig =
            toml::from_str(file).map_err(|e| anyhow::anyhow!("config file: {}", e.message()))?;
        let pick = |key: &str, from_file: Option<String>| env.get(key).cloned().or(from_file);

        let bind_text = pick("PORTICO_BIND", file.bind).unwrap_or_else(|| "127.0.0.1:3000".into());
        let bind: SocketAddr = bind_text.parse().with_context(|| {
            format!("PORTICO_BIND: {bind_text:?} is not an address like 127.0.0.1:3000")
        })?;

        let public_text =
            pick("PORTICO_PUBLIC_URL", file.public_url).unwrap_or_else(|| format!("http://{bind}"));
        let public_url = Url::parse(&public_text).with_context(|| {
            format!("PORTICO_PUBLIC_URL: {public_text:?} is not an absolute URL")
        })?;
        if !matches!(public_url.scheme(), "http" | "https") || public_url.host().is_none() {
            bail!("PORTICO_PUBLIC_URL must be an http or https URL, got {public_text:?}");
        }
        if public_url.query().is_some() || public_url.fragment().is_some() {
            bail!("PORTICO_PUBLIC_URL must not have a query or fragment");
        }

        let data_dir = env
            .get("PORTICO_DATA_DIR")
            .map(PathBuf::from)
            .or(file.data_dir)
            .unwrap_or_else(|| PathBuf::from("./data"));
        let database_url = match env.get("PORTICO_DATABASE_URL") {
            Some(url) => SecretString::from(url.clone()),
            None => file.database_url.unwrap_or_else(|| {
                SecretString::from(format!("sqlite://{}/portico.db", data_dir.display()))
            }),
        };
        let scheme_ok = ["sqlite:", "postgres:", "postgresql:"]
            .iter()
            .any(|s| database_url.expose_secret().starts_with(s));
        if !scheme_ok {
            bail!("PORTICO_DATABASE_URL must start with sqlite:// or postgres://");
        }

        let log = pick("PORTICO_LOG", file.log).unwrap_or_else(|| "info".into());
        let log_format = match pick("PORTICO_LOG_FORMAT", file.log_format).as_deref() {
            None | Some("text") => LogFormat::Text,
            Some("json") => LogFormat::Json,
            Some(other) => bail!("PORTICO_LOG_FORMAT must be text or json, got {other:?}"),
        };
        let developers = match (
            env.get("PORTICO_DEVELOPERS"),
            env.get("PORTICO_SIGNUP_DEVELOPER"),
        ) {
            (Some(v), _) => DeveloperPolicy::parse(v)?,
            (None, Some(v)) => {
                DeveloperPolicy::from_bool(parse_bool("PORTICO_SIGNUP_DEVELOPER", v)?)
            }
            (None, None) => match (&file.developers, file.signup_makes_developer) {
                (Some(v), _) => DeveloperPolicy::parse(v)?,
                (None, Some(on)) => DeveloperPolicy::from_bool(on),
                (None, None) => DeveloperPolicy::SelfService,
            },
        };
        let session_ttl_hours = number_in(
            env,
            "PORTICO_SESSION_TTL_HOURS",
            file.session_ttl_hours,
            7 * 24,
            1..=87_600,
        )?;
        let db_max_connections = number_in(
            env,
            "PORTICO_DB_MAX_CONNECTIONS",
            file.db_max_connections,
            10,
            0..=10_000,
        )?;

        let max_secret_months = number_in(
            env,
            "PORTICO_MAX_SECRET_MONTHS",
            file.max_secret_months,
            24,
            1..=120,
        )?;

        // At most 90 days.
        let draft_ttl_minutes = number_in(
            env,
            "PORTICO_DRAFT_TTL_MINUTES",
            file.draft_ttl_minutes,
            7 * 24 * 60,
            1..=90 * 24 * 60,
        )?;

        let max_open_drafts = number_in(
            env,
            "PORTICO_MAX_OPEN_DRAFTS",
            file.max_open_drafts,
            200,
            1..=100_000,
        )?;

        let key_encryption_key = env
            .get("PORTICO_KEY_ENCRYPTION_KEY")
            .map(|v| SecretString::from(v.clone()))
            .or(file.key_encryption_key);

        let trusted_proxies = match pick("PORTICO_TRUSTED_PROXIES", file.trusted_proxies) {
            Some(list) => Cidr::parse_list(&list)
                .map_err(|e| anyhow::anyhow!("PORTICO_TRUSTED_PROXIES: {e}"))?,
            None => Vec::new(),
        };
        let drain_seconds = number_in(
            env,
            "PORTICO_DRAIN_SECONDS",
            file.drain_seconds,
            10,
            0..=600,
        )?;

        let access_token_alg = match pick("PORTICO_ACCESS_TOKEN_ALG", file.access_token_alg) {
            None => SigningAlg::Es256,
            Some(text) => SigningAlg::parse(&text).map_err(|_| {
                anyhow::anyhow!("PORTICO_ACCESS_TOKEN_ALG must be ES256 or RS256, got {text:?}")
            })?,
        };

        let mail = MailSettings::from_env(env, &public_url, &data_dir);
        let require_verified_email = match env.get("PORTICO_REQUIRE_VERIFIED_EMAIL") {
            Some(v) => parse_bool("PORTICO_REQUIRE_VERIFIED_EMAIL", v)?,
            None => mail.smtp.is_some(),
        };
        let signups_per_hour = number_in(env, "PORTICO_SIGNUPS_PER_HOUR", None, 20, 1..=100_000)?;
        let outbox_poll_ms = number_in(env, "PORTICO_OUTBOX_POLL_MS", None, 2000, 50..=600_000)?;
        let outbox_worker = match env.get("PORTICO_OUTBOX_WORKER") {
            Some(v) => parse_bool("PORTICO_OUTBOX_WORKER", v)?,
            None => true,
        };
        let notice_scan_minutes =
            number_in(env, "PORTICO_NOTICE_SCAN_MINUTES", None, 60, 1..=1440)?;
        let approval_check_seconds =
            number_in(env, "PORTICO_APPROVAL_CHECK_SECONDS", None, 60, 1..=3600)?;
        let approval_gap_seconds = number_in(
            env,
            "PORTICO_APPROVAL_DIGEST_GAP_SECONDS",
            None,
            900,
            1..=86_400,
        )?;

        Ok(Self {
            approval_gap: Duration::from_secs(approval_gap_seconds),
            approval_check: Duration::from_secs(approval_check_seconds),
            notice_scan: Duration::from_secs(notice_scan_minutes * 60),
            outbox_worker,
            mail,
            outbox_poll: Duration::from_millis(outbox_poll_ms),
            bind,
            public_url,
            database_url,
            data_dir,
            log,
            log_format,
            developers,
            require_verified_email,
            signups_per_hour,
            session_ttl: Duration::from_secs(session_ttl_hours * 3600),
            db_max_connections: db_max_connections.max(1),
            max_secret_months,
            draft_ttl: Duration::from_secs(draft_ttl_minutes * 60),
            max_open_drafts,
            key_encryption_key,
            access_token_alg,
            trusted_proxies,
            drain: Duration::from_secs(drain_seconds),
            identity_providers: file.identity_providers,
        })
    }

    /// The public URL without a trailing slash, for building links.
    pub fn public_base(&self) -> String {
        self.public_url.as_str().trim_end_matches('/').to_owned()
    }

    pub fn secure_cookies(&self) -> bool {
        self.public_url.scheme() == "https"
    }
}

/// `key` from the environment, else the config file's value, else
/// `default`: a whole number within `range`.
fn number_in<T>(
    env: &HashMap<String, String>,
    key: &str,
    from_file: Option<T>,
    default: T,
    range: std::ops::RangeInclusive<T>,
) -> anyhow::Result<T>
where
    T: std::str::FromStr + PartialOrd + std::fmt::Display + Copy,
{
    let value = match env.get(key) {
        Some(v) => v
            .parse()
            .map_err(|_| anyhow::anyhow!("{key}: {v:?} is not a number"))?,
        None => from_file.unwrap_or(default),
    };
    if !range.contains(&value) {
        bail!(
            "{key} must be between {} and {}",
            range.start(),
            range.end()
        );
    }
    Ok(value)
}

fn parse_bool(key: &str, value: &str) -> anyhow::Result<bool> {
    match value.to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" => Ok(false),
        _ => bail!("{key} must be true or false, got {value:?}"),
    }
}

#[cfg(test)]
mod tests;
