//! `spawn_app()` and typed helpers for the tests: this file starts
//! Portico; `portal.rs` calls its pages' server functions, `provider.rs`
//! its OAuth endpoints.

pub mod authenticator;
pub mod mail;
mod portal;
mod provider;
pub mod receiver;

pub use portal::ClientForm;
// Shared with the fault tests (`tests/faults`), which use more of it.
#[allow(unused_imports)]
pub use provider::{Registered, register_cc_client};

use std::collections::HashMap;
use std::net::SocketAddr;
use std::time::Duration;

use reqwest::{Client, Response, StatusCode};
use serde_json::Value;
use server::config::Config;
use server::http::AppState;
use tokio::net::TcpListener;

#[derive(Clone, Copy, Debug)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Runs a test body once per backend: `name` or `name with &[("PORTICO_X", "v")]`.
#[macro_export]
macro_rules! on_both_backends {
    (@settings) => { &[] };
    (@settings $settings:expr) => { $settings };
    ($($name:ident $(with $settings:expr)?),* $(,)?) => {$(
        mod $name {
            #[tokio::test]
            async fn sqlite() {
                let settings: &[(&str, &str)] = $crate::on_both_backends!(@settings $($settings)?);
                if let Some(app) = $crate::helpers::spawn_app_with($crate::helpers::Backend::Sqlite, settings).await {
                    $crate::helpers::within_limit(super::$name(app)).await;
                }
            }
            #[tokio::test]
            async fn postgres() {
                let settings: &[(&str, &str)] = $crate::on_both_backends!(@settings $($settings)?);
                if let Some(app) = $crate::helpers::spawn_app_with($crate::helpers::Backend::Postgres, settings).await {
                    $crate::helpers::within_limit(super::$name(app)).await;
                }
            }
        }
    )*};
}

pub struct TestApp {
    pub base: String,
    pub client: Client,
    pub state: AppState,
    /// The settings it was started with, for a second replica.
    settings: HashMap<String, String>,
    _data_dir: tempfile::TempDir,
    _pg: Option<PgDatabase>,
}

/// A second Portico on the same database (and key-encryption key), as a
/// replica behind a load balancer would be.
pub struct Replica {
    base: String,
    /// Keeps the replica's services (and so its cache sync) alive.
    _state: AppState,
}

impl Replica {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn call(&self, client: &Client, function: &str, form: &[(&str, &str)]) -> Response {
        call_at(&self.base, client, function, form).await
    }
}

/// A server function called the way the hydrated page calls it.
async fn call_at(base: &str, client: &Client, function: &str, form: &[(&str, &str)]) -> Response {
    client
        .post(format!("{base}/api/ui/{function}"))
        .form(form)
        .send()
        .await
        .expect("request")
}

/// How long one test may run: a hung request or task fails the test
/// with a message instead of holding the whole run until CI gives up.
const TEST_LIMIT: Duration = Duration::from_secs(300);

/// How long one request may wait for its answer.
const REQUEST_LIMIT: Duration = Duration::from_secs(90);

/// Runs a test body, failing it once it has run for `TEST_LIMIT`.
pub async fn within_limit<F: Future>(body: F) -> F::Output {
    match tokio::time::timeout(TEST_LIMIT, body).await {
        Ok(out) => out,
        Err(_) => panic!("the test ran for over {TEST_LIMIT:?}: something hangs"),
    }
}

pub const PASSWORD: &str = "correct horse battery staple";

/// Starts Portico with extra `PORTICO_*` settings on a fresh database.
/// Returns `None` only when PostgreSQL tests were explicitly skipped.
pub async fn spawn_app_with(backend: Backend, extra: &[(&str, &str)]) -> Option<TestApp> {
    Some(spawn_app_on(FreshDatabase::create(backend).await?, extra).await)
}

/// An empty database of its own (and a data folder), not yet migrated.
pub struct FreshDatabase {
    pub url: String,
    data_dir: tempfile::TempDir,
    pg: Option<PgDatabase>,
}

impl FreshDatabase {
    /// `None` only when PostgreSQL tests were explicitly skipped.
    pub async fn create(backend: Backend) -> Option<Self> {
        let data_dir = tempfile::tempdir().expect("temp dir");
        let (url, pg) = match backend {
            Backend::Sqlite => (
                format!("sqlite://{}/portico.db", data_dir.path().display()),
                None,
            ),
            Backend::Postgres => {
                let pg = PgDatabase::create().await?;
                (pg.url.clone(), Some(pg))
            }
        };
        Some(Self { url, data_dir, pg })
    }
}

/// A setting of the tests only: the host the app's public URL names
/// (`127.0.0.1` unless set; passkeys need a domain name, `localhost`).
pub const TEST_HOST: &str = "TEST_PUBLIC_HOST";

/// Starts Portico on `database` (which it migrates) with extra settings.
pub async fn spawn_app_on(database: FreshDatabase, extra: &[(&str, &str)]) -> TestApp {
    let host = extra
        .iter()
        .find(|(key, _)| *key == TEST_HOST)
        .map_or("127.0.0.1", |(_, host)| *host);
    let extra: Vec<(&str, &str)> = extra
        .iter()
        .copied()
        .filter(|(key, _)| *key != TEST_HOST)
        .collect();
    spawn_app_named(database, &extra, host).await
}

/// A second Portico, as an upstream OpenID provider: its own database,
/// and its public URL on `localhost` so a browser keeps its cookies apart
/// from the app's (on `127.0.0.1`).
pub async fn spawn_upstream() -> TestApp {
    let database = FreshDatabase::create(Backend::Sqlite)
        .await
        .expect("an SQLite database");
    spawn_app_named(database, &[], "localhost").await
}

/// Starts Portico on 127.0.0.1, its public URL naming `host`.
async fn spawn_app_named(database: FreshDatabase, extra: &[(&str, &str)], host: &str) -> TestApp {
    let FreshDatabase {
        url: database_url,
        data_dir,
        pg,
    } = database;
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr: SocketAddr = listener.local_addr().expect("addr");
    let base = format!("http://{host}:{}", addr.port());
    let mut env: HashMap<String, String> = HashMap::from([
        ("PORTICO_BIND".into(), addr.to_string()),
        ("PORTICO_PUBLIC_URL".into(), base.clone()),
        ("PORTICO_DATABASE_URL".into(), database_url),
        (
            "PORTICO_DATA_DIR".into(),
            data_dir.path().display().to_string(),
        ),
        ("PORTICO_DB_MAX_CONNECTIONS".into(), "5".into()),
        // Most tests act as developers right after signing up; the
        // self-service default has tests of its own.
        ("PORTICO_DEVELOPERS".into(), "automatic".into()),
    ]);
    for (k, v) in extra {
        env.insert((*k).into(), (*v).into());
    }
    let state = serve(listener, &env).await;
    TestApp {
        base,
        client: new_client(),
        state,
        settings: env,
        _data_dir: data_dir,
        _pg: pg,
    }
}

/// Builds Portico from `env` and serves it on `listener` in the background.
async fn serve(listener: TcpListener, env: &HashMap<String, String>) -> AppState {
    let config = Config::from_sources(env, "").expect("config");
    let portico = server::startup::build(&config).await.expect("build app");
    let router = portico
        .router
        .into_make_service_with_connect_info::<SocketAddr>();
    tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    portico.state
}

pub fn new_client() -> Client {
    server::outbox::install_crypto_provider();
    Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(REQUEST_LIMIT)
        .build()
        .expect("client")
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Another replica on this app's database, with its own caches.
    pub async fn replica(&self) -> Replica {
        self.replica_with(&[]).await
    }

    /// Another replica with some settings changed (e.g. a database URL
    /// through a proxy that a test can cut).
    pub async fn replica_with(&self, changes: &[(&str, &str)]) -> Replica {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr: SocketAddr = listener.local_addr().expect("addr");
        let base = format!("http://{addr}");
        let mut env = self.settings.clone();
        env.insert("PORTICO_BIND".into(), addr.to_string());
        env.insert("PORTICO_PUBLIC_URL".into(), self.base.clone());
        for (k, v) in changes {
            env.insert((*k).into(), (*v).into());
        }
        Replica {
            base,
            _state: serve(listener, &env).await,
        }
    }

    /// One of the settings the app was started with.
    pub fn setting(&self, key: &str) -> Option<&str> {
        self.settings.get(key).map(String::as_str)
    }

    /// Calls a server function the way the hydrated page does.
    pub async fn call(&self, client: &Client, function: &str, form: &[(&str, &str)]) -> Response {
        call_at(&self.base, client, function, form).await
    }

    pub async fn sign_up_with(&self, client: &Client, email: &str, password: &str) -> Response {
        self.call(
            client,
            "sign_up",
            &[
                ("email", email),
                ("display_name", "Ada Lovelace"),
                ("password", password),
                ("password_confirm", password),
            ],
        )
        .await
    }

    /// Signs up on the app's own client and returns the viewer JSON.
    pub async fn sign_up(&self, email: &str) -> Value {
        let res = self.sign_up_with(&self.client, email, PASSWORD).await;
        assert_eq!(
            res.status(),
            StatusCode::OK,
            "sign up failed: {}",
            res.text().await.unwrap_or_default()
        );
        res.json().await.expect("viewer json")
    }

    pub async fn sign_in_with(&self, client: &Client, email: &str, password: &str) -> Response {
        self.call(
            client,
            "sign_in",
            &[("email", email), ("password", password)],
        )
        .await
    }

    pub async fn whoami(&self, client: &Client) -> Value {
        self.call(client, "whoami", &[])
            .await
            .json()
            .await
            .expect("whoami json")
    }

    /// The client-id prefix of the organisation `client`'s pages act for.
    pub async fn active_prefix(&self, client: &Client) -> String {
        active_prefix(&self.whoami(client).await)
    }

    /// An admin signed in in their own browser, after adding a catalog
    /// scope that needs approval.
    pub async fn admin_with_approval_scope(&self, scope: &str) -> Client {
        self.make_admin("root@example.com").await;
        let admin = new_client();
        let res = self
            .sign_in_with(&admin, "root@example.com", PASSWORD)
            .await;
        assert_eq!(res.status(), StatusCode::OK, "the admin's sign-in failed");
        let res = self
            .call(
                &admin,
                "save_scope",
                &[
                    ("name", scope),
                    ("description", "Create wallets for you"),
                    ("resource", "wallet"),
                    ("requires_approval", "on"),
                    ("enabled", "on"),
                ],
            )
            .await;
        assert_eq!(res.status(), reqwest::StatusCode::OK);
        admin
    }

    /// Makes `email` an admin the way `portico admin create` does.
    pub async fn make_admin(&self, email: &str) {
        self.state
            .accounts
            .create_or_promote_admin(email, None, || Ok(PASSWORD.to_owned()))
            .await
            .expect("admin");
    }
}

/// The error body's message for one field.
pub fn field_message(body: &Value, field: &str) -> Option<String> {
    body["errors"]
        .as_array()?
        .iter()
        .find(|e| e["field"] == field)
        .and_then(|e| e["message"].as_str())
        .map(str::to_owned)
}

pub fn set_cookie(res: &Response) -> Option<String> {
    res.headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// A database created for one test on the local PostgreSQL and dropped
/// (with `FORCE`, since the test's server still holds connections) when
/// the test ends. Only databases this helper created are dropped.
pub struct PgDatabase {
    pub url: String,
    name: String,
}

fn pg_admin_url() -> String {
    std::env::var("PORTICO_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// PostgreSQL tests run unless someone explicitly opts out; then each one
/// says it was skipped (the test harness can only report "ok").
fn postgres_skipped() -> bool {
    std::env::var("PORTICO_TEST_SKIP_POSTGRES").is_ok_and(|v| v == "1")
}

impl PgDatabase {
    pub async fn create() -> Option<Self> {
        use sqlx::Connection as _;
        if postgres_skipped() {
            eprintln!(
                "SKIPPED (PORTICO_TEST_SKIP_POSTGRES=1): this test did not run on PostgreSQL"
            );
            return None;
        }
        let admin_url = pg_admin_url();
        let mut conn = match sqlx::PgConnection::connect(&admin_url).await {
            Ok(conn) => conn,
            Err(err) => panic!(
                "PostgreSQL at {admin_url} is unreachable ({err}). Start it (./test.sh does), set \
                 PORTICO_TEST_POSTGRES_URL to another server, or set PORTICO_TEST_SKIP_POSTGRES=1 \
                 to run only the SQLite half."
            ),
        };
        let name = format!("portico_test_{}", uuid::Uuid::new_v4().simple());
        sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&mut conn)
            .await
            .expect("create test database");
        let _ = conn.close().await;
        let base = admin_url
            .rsplit_once('/')
            .map_or(admin_url.as_str(), |(b, _)| b)
            .to_owned();
        Some(Self {
            url: format!("{base}/{name}"),
            name,
        })
    }
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        let name = self.name.clone();
        let _ = std::thread::spawn(move || {
            let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            else {
                return;
            };
            rt.block_on(async move {
                use sqlx::Connection as _;
                if let Ok(mut conn) = sqlx::PgConnection::connect(&pg_admin_url()).await {
                    let _ = sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
                        "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                    )))
                    .execute(&mut conn)
                    .await;
                    let _ = conn.close().await;
                }
            });
        })
        .join();
    }
}

/// The client-id prefix of the active organisation in a viewer's JSON.
pub fn active_prefix(viewer: &Value) -> String {
    let active = viewer["active_org_id"]
        .as_str()
        .expect("an active organisation");
    let org = viewer["orgs"]
        .as_array()
        .expect("orgs")
        .iter()
        .find(|o| o["org_id"] == active)
        .expect("the active organisation is one of the viewer's");
    org["client_prefix"].as_str().expect("prefix").to_owned()
}

/// A JWT's claims, unverified (the tests that verify signatures live with
/// the provider; these only read what a token says).
pub fn jwt_claims(token: &str) -> Value {
    use base64::Engine as _;
    let payload = token.split('.').nth(1).expect("a JWT");
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .expect("base64url claims");
    serde_json::from_slice(&bytes).expect("JSON claims")
}
