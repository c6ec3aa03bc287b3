//! Wiring: configuration → database → services → router, and the CLI
//! commands that run without the web server.

use std::io::{IsTerminal as _, Read as _};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, bail};
use app::model::ApiReference;
use app::services::CookiePolicy;
use axum::Router;
use leptos::prelude::LeptosOptions;
use secrecy::ExposeSecret;
use tokio::net::TcpListener;

use crate::accounts::{Accounts, Secrets, SetupLink, SignupPolicy};
use crate::clients::{Clients, DraftLimits};
use crate::config::Config;
use crate::crypto::passwords::Hasher;
use crate::crypto::sealing::Sealer;
use crate::http::{AppState, Draining, Metrics, router};
use crate::notices::Notices;
use crate::oidc::{KeyRing, Provider, Verified};
use crate::orgs::Orgs;
use crate::outbox::{Outbox, WorkerSettings};
use crate::store::{Db, failures, now, sessions, two_step};
use crate::systems::Systems;
use crate::telemetry;

/// Everything a running Portico needs, built from the configuration.
pub struct Portico {
    pub router: Router,
    pub state: AppState,
}

pub async fn build(config: &Config) -> anyhow::Result<Portico> {
    let db = Db::connect(
        config.database_url.expose_secret(),
        config.db_max_connections,
    )
    .await?;
    db.migrate().await?;
    let hasher = Hasher::new().context("preparing the password hasher")?;
    let public_url: Arc<str> = config.public_base().into();
    let sealer = Arc::new(Sealer::load(
        config.key_encryption_key.as_ref(),
        &config.data_dir,
    )?);
    let outbox = Outbox::from_config(config, db.clone(), sealer.clone())?;
    if config.outbox_worker {
        outbox.spawn_worker(WorkerSettings {
            poll: config.outbox_poll,
            ..WorkerSettings::default()
        });
    }
    let verified = Verified::new();
    let accounts = Accounts::new(
        db.clone(),
        Secrets {
            hasher: hasher.clone(),
            sealer: sealer.clone(),
        },
        SignupPolicy {
            developers: config.developers,
            require_verified: config.require_verified_email,
            per_address_hour: config.signups_per_hour,
        },
        config.session_ttl,
        outbox.clone(),
        public_url.clone(),
        verified.clone(),
    );
    let federation = crate::federation::Federation::new(
        db.clone(),
        sealer.clone(),
        public_url.clone(),
        accounts.clone(),
    )?;
    federation
        .apply_config(&config.identity_providers)
        .await
        .context("the config file's identity providers")?;
    let passkeys = crate::passkeys::Passkeys::new(db.clone(), &config.public_url, accounts.clone());
    let keys = KeyRing::load(db.clone(), sealer.clone()).await?;
    keys.spawn_reloader();
    verified.spawn_sync(db.clone(), keys.clone());
    let provider = Provider::new(
        db.clone(),
        keys,
        public_url.clone(),
        verified.clone(),
        hasher.clone(),
        config.access_token_alg,
    );
    let drafts = DraftLimits {
        ttl: config.draft_ttl,
        max_open: config.max_open_drafts,
    };
    let clients = Clients::new(
        db.clone(),
        hasher.clone(),
        config.max_secret_months,
        drafts,
        verified.clone(),
        provider.clone(),
        outbox.clone(),
    );
    let systems = Systems::new(db.clone(), hasher, clients.clone());
    let notices = Notices::new(
        db.clone(),
        outbox.clone(),
        public_url.clone(),
        config.approval_gap,
    );
    if config.outbox_worker {
        notices.spawn(config.notice_scan, config.approval_check);
    }
    let orgs = Orgs::new(db.clone(), public_url.clone(), verified, outbox.clone());
    let webhooks = crate::webhooks::Webhooks::new(db.clone(), outbox.clone());
    let document = serde_json::to_value(crate::api_v1::openapi::document(&public_url))
        .context("building the OpenAPI document")?;
    let api_reference = Arc::new(ApiReference::from_openapi(&document));
    let cookies = CookiePolicy {
        secure: config.secure_cookies(),
        max_age_secs: i64::try_from(config.session_ttl.as_secs()).unwrap_or(i64::MAX),
    };
    let state = AppState {
        leptos_options: leptos_options(config),
        db,
        accounts,
        federation,
        passkeys,
        clients,
        systems,
        orgs,
        webhooks,
        cookies,
        metrics: Arc::new(Metrics::new()),
        origin: config.public_url.origin().ascii_serialization().into(),
        public_url,
        provider,
        api_reference,
        trusted_proxies: config.trusted_proxies.clone().into(),
        draining: Draining::default(),
        notices,
        sealer,
    };
    Ok(Portico {
        router: router(state.clone()),
        state,
    })
}

/// `portico serve`.
pub async fn serve(config: Config) -> anyhow::Result<()> {
    telemetry::init(&config)?;
    let portico = build(&config).await?;
    match portico.state.accounts.issue_setup_link_if_needed().await? {
        SetupLink::Issued(token) => {
            // Printed, not logged: the link is a credential and must not end
            // up in log pipelines. It works once and expires.
            eprintln!(
                "\nNo admin account exists yet. Open this one-time link within {} minutes to create one:\n\n    {}/setup/{token}\n\nOr run: portico admin create --email you@example.com\n",
                crate::accounts::SETUP_LINK_TTL.as_secs() / 60,
                config.public_base()
            );
        }
        SetupLink::AlreadyIssued => eprintln!(
            "\nNo admin account exists yet; another Portico instance printed the one-time setup link. Or run: portico admin create --email you@example.com\n"
        ),
        SetupLink::NotNeeded => {}
    }
    spawn_session_cleanup(portico.state.db.clone());
    spawn_draft_expiry(portico.state.clients.clone());
    let listener = TcpListener::bind(config.bind)
        .await
        .with_context(|| format!("binding {}", config.bind))?;
    tracing::info!(address = %config.bind, public_url = %config.public_url, "Portico is serving");
    let stop = Arc::new(tokio::sync::Notify::new());
    let server = axum::serve(
        listener,
        portico
            .router
            .into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown({
        let stop = stop.clone();
        async move { stop.notified().await }
    });
    let mut server = tokio::spawn(server.into_future());
    tokio::select! {
        // The server ended on its own (it only does on an error).
        ended = &mut server => return ended.context("serving HTTP")?.context("serving HTTP"),
        () = shutdown_signal() => {}
    }
    // Stop accepting at once and tell load balancers (readiness 503), let
    // requests in flight finish, but not for longer than the deadline: a
    // client that never finishes its request must not keep us running.
    portico.state.draining.start();
    stop.notify_one();
    match tokio::time::timeout(config.drain, &mut server).await {
        Ok(ended) => ended.context("serving HTTP")?.context("serving HTTP")?,
        Err(_) => {
            tracing::warn!(
                seconds = config.drain.as_secs(),
                "requests still open after the drain deadline; closing them"
            );
            server.abort();
        }
    }
    let _ = tokio::time::timeout(Duration::from_secs(2), portico.state.db.close()).await;
    tracing::info!("stopped");
    Ok(())
}

/// `portico migrate`.
pub async fn migrate(config: Config) -> anyhow::Result<()> {
    telemetry::init(&config)?;
    let db = Db::connect(config.database_url.expose_secret(), 1).await?;
    db.migrate().await?;
    db.close().await;
    println!("Migrations applied.");
    Ok(())
}

/// `portico keys rotate`.
pub async fn rotate_keys(config: Config) -> anyhow::Result<()> {
    let db = Db::connect(config.database_url.expose_secret(), 2).await?;
    db.migrate().await?;
    let sealer = Arc::new(Sealer::load(
        config.key_encryption_key.as_ref(),
        &config.data_dir,
    )?);
    // Loading first checks that the configured key opens the existing keys
    // (and creates the first ones on a fresh database).
    let added = KeyRing::load(db.clone(), sealer)
        .await?
        .rotate(crate::audit::Actor::Portico)
        .await?;
    db.close().await;
    println!("New signing keys: {}.", added.join(", "));
    println!(
        "Older keys stay published until the tokens they signed have expired; running servers switch within a minute."
    );
    Ok(())
}

/// `portico admin create`.
pub async fn create_admin(
    config: Config,
    email: &str,
    name: Option<&str>,
    password_stdin: bool,
) -> anyhow::Result<()> {
    let db = Db::connect(config.database_url.expose_secret(), 2).await?;
    db.migrate().await?;
    let sealer = Arc::new(Sealer::load(
        config.key_encryption_key.as_ref(),
        &config.data_dir,
    )?);
    let accounts = Accounts::new(
        db.clone(),
        Secrets {
            hasher: Hasher::new()?,
            sealer: sealer.clone(),
        },
        SignupPolicy {
            developers: config.developers,
            require_verified: config.require_verified_email,
            per_address_hour: config.signups_per_hour,
        },
        config.session_ttl,
        Outbox::from_config(&config, db.clone(), sealer.clone())?,
        config.public_base().into(),
        // A command: nothing caches tokens.
        Verified::new(),
    );
    let outcome = accounts
        .create_or_promote_admin(email, name, || read_password(password_stdin))
        .await?;
    db.close().await;
    match outcome {
        crate::accounts::AdminOutcome::Created => println!("Admin {email} created."),
        crate::accounts::AdminOutcome::Promoted => {
            println!("{email} already had an account; it is now an admin (password unchanged).")
        }
    }
    Ok(())
}

fn read_password(from_stdin: bool) -> anyhow::Result<String> {
    if from_stdin {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .context("reading the password from standard input")?;
        return Ok(text.trim_end_matches(['\r', '\n']).to_owned());
    }
    if !std::io::stdin().is_terminal() {
        bail!("no terminal to ask for the password on; pass --password-stdin and pipe it in");
    }
    let first = rpassword::prompt_password("Password for the new admin: ")?;
    let second = rpassword::prompt_password("Repeat it: ")?;
    if first != second {
        bail!("the two passwords are not the same");
    }
    Ok(first)
}

/// Where cargo-leptos put the compiled site: `LEPTOS_SITE_ROOT`, else
/// `target/site` under the working directory, else `site` beside the
/// binary's target folder (so `target/release/portico` finds `target/site`).
fn leptos_options(config: &Config) -> LeptosOptions {
    let site_root = std::env::var("LEPTOS_SITE_ROOT")
        .ok()
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let local = PathBuf::from("target/site");
            let beside_binary = std::env::current_exe()
                .ok()
                .and_then(|exe| exe.parent()?.parent().map(|target| target.join("site")));
            match beside_binary {
                Some(path) if !local.exists() && path.exists() => path,
                _ => local,
            }
        });
    LeptosOptions::builder()
        .output_name("portico")
        .site_root(site_root.to_string_lossy().into_owned())
        .site_pkg_dir("pkg")
        .hash_files(crate::http::assets::hashed())
        .site_addr(config.bind)
        .build()
}

/// Removes expired sessions and old failure counters every hour.
fn spawn_session_cleanup(db: Db) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(3600));
        loop {
            tick.tick().await;
            match sessions::delete_expired(db.pool(), now()).await {
                Ok(n) if n > 0 => tracing::info!(removed = n, "expired sessions removed"),
                Ok(_) => {}
                Err(err) => tracing::warn!(error = %err, "session cleanup failed"),
            }
            if let Err(err) = two_step::delete_expired_challenges(db.pool(), now()).await {
                tracing::warn!(error = %err, "sign-in challenge cleanup failed");
            }
            if let Ok(mut conn) = db.acquire().await
                && let Err(err) = crate::store::upstream::delete_expired(&mut conn, now()).await
            {
                tracing::warn!(error = %err, "upstream sign-in cleanup failed");
            }
            // Failure counters whose window has long passed count nothing.
            let window = i64::try_from(crate::rate_limit::LONGEST_WINDOW.as_secs()).unwrap_or(3600);
            if let Err(err) = failures::delete_older(db.pool(), now() - window).await {
                tracing::warn!(error = %err, "failure counter cleanup failed");
            }
        }
    });
}

/// Deletes client drafts nobody confirmed in time, once a minute. (Status
/// calls and confirmation links check the expiry themselves, so the sweep
/// only tidies up.)
fn spawn_draft_expiry(clients: Arc<Clients>) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(60));
        loop {
            tick.tick().await;
            match clients.expire_drafts().await {
                Ok(n) if n > 0 => tracing::info!(removed = n, "expired client drafts removed"),
                Ok(_) => {}
                Err(err) => tracing::warn!(error = ?err, "client draft expiry failed"),
            }
        }
    });
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! { () = ctrl_c => {}, () = terminate => {} }
    tracing::info!("stopping: no new connections; draining the open ones");
}
