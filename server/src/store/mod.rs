//! Persistence on SQLite or PostgreSQL through one `sqlx::AnyPool`.
//!
//! Queries are written once in the SQL both databases understand (`$1`
//! placeholders, BIGINT Unix seconds for times, TEXT ids) so every store
//! test runs unchanged against both.
//!
//! Rows come back typed: protocol values (statuses, auth methods,
//! algorithms, grant types, scopes) are decoded into their domain types by
//! `#[sqlx(try_from = "String")]`, so a value the code does not know is a
//! decode error, never a string compared somewhere later.
//!
//! Functions that run one statement take any executor: the pool
//! (`db.pool()`) or an open transaction (`&mut *tx`). Functions that run
//! several take a connection (`&mut tx`), so a service decides what
//! commits together.

pub mod accounts;
pub mod assertions;
pub mod audit;
pub mod client_auth;
pub mod clients;
pub mod consents;
pub mod credentials;
pub mod generations;
pub mod grants;
pub mod keys;
mod list;
pub mod scopes;
pub mod sessions;
pub mod setup_links;
pub mod systems;
pub mod tokens;

use std::time::Duration;

use anyhow::Context;
use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::{Any, AnyPool, Executor};

pub use list::{List, json_list};
pub use sqlx::AnyConnection as Conn;

/// A write in progress: what runs on it commits together or not at all.
pub type Tx = sqlx::Transaction<'static, Any>;

/// Commits a write; only then may it be answered as done.
pub async fn commit(tx: Tx) -> StoreResult<()> {
    Ok(tx.commit().await?)
}

/// Anything one statement can run on: `db.pool()` or `&mut *tx`.
pub trait Exec<'c>: Executor<'c, Database = Any> {}
impl<'c, E: Executor<'c, Database = Any>> Exec<'c> for E {}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Clone, Debug)]
pub struct Db {
    pool: AnyPool,
    backend: Backend,
}

/// A storage failure. Unique violations are told apart so callers can turn
/// them into field errors ("email already registered").
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("unique constraint violated: {0}")]
    Unique(String),
    #[error(transparent)]
    Db(sqlx::Error),
    /// A value could not be written as JSON (an audit snapshot).
    #[error("encoding a column: {0}")]
    Encode(#[from] serde_json::Error),
}

impl From<sqlx::Error> for StoreError {
    fn from(err: sqlx::Error) -> Self {
        match &err {
            sqlx::Error::Database(db) if db.is_unique_violation() => {
                Self::Unique(db.message().to_owned())
            }
            _ => Self::Db(err),
        }
    }
}

impl From<StoreError> for app::services::ServiceError {
    fn from(err: StoreError) -> Self {
        Self::Internal(Box::new(err))
    }
}

pub type StoreResult<T> = Result<T, StoreError>;

impl Db {
    pub async fn connect(url: &str, max_connections: u32) -> anyhow::Result<Self> {
        install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else {
            Backend::Postgres
        };
        let url = match backend {
            Backend::Sqlite => sqlite_url(url)?,
            Backend::Postgres => url.to_owned(),
        };
        let pool = AnyPoolOptions::new()
            .max_connections(max_connections)
            .acquire_timeout(Duration::from_secs(5))
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        // WAL lets readers run beside the one writer; NORMAL is
                        // durable across application crashes in WAL mode.
                        conn.execute(
                            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                             PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON;",
                        )
                        .await?;
                    }
                    Ok(())
                })
            })
            .connect(&url)
            .await
            .context("connecting to the database")?;
        Ok(Self { pool, backend })
    }

    pub async fn migrate(&self) -> anyhow::Result<()> {
        let migrator = match self.backend {
            Backend::Sqlite => sqlx::migrate!("../migrations/sqlite"),
            Backend::Postgres => sqlx::migrate!("../migrations/postgres"),
        };
        migrator
            .run(&self.pool)
            .await
            .context("applying migrations")?;
        Ok(())
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Starts a write. On SQLite it takes the write lock at once (`BEGIN
    /// IMMEDIATE`): a deferred transaction that reads first and writes
    /// later fails with "database is locked" when another writer got in
    /// between, instead of waiting its turn.
    pub async fn begin(&self) -> StoreResult<Tx> {
        Ok(match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.pool.begin().await?,
        })
    }

    /// One connection for several reads in a row.
    pub async fn acquire(&self) -> StoreResult<sqlx::pool::PoolConnection<Any>> {
        Ok(self.pool.acquire().await?)
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub async fn ping(&self) -> StoreResult<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Makes sure the SQLite file (and its folder) can be created.
fn sqlite_url(url: &str) -> anyhow::Result<String> {
    let path = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:");
    let path = path.split('?').next().unwrap_or_default();
    let folder = std::path::Path::new(path)
        .parent()
        .filter(|p| !p.as_os_str().is_empty() && path != ":memory:");
    if let Some(parent) = folder {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("creating data folder {}", parent.display()))?;
    }
    Ok(if url.contains("mode=") {
        url.to_owned()
    } else if url.contains('?') {
        format!("{url}&mode=rwc")
    } else {
        format!("{url}?mode=rwc")
    })
}

pub use crate::time::now;
