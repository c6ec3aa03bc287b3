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
pub mod email_verifications;
pub mod failures;
pub mod generations;
pub mod grants;
pub mod invitations;
pub mod keys;
mod list;
pub mod notices;
pub mod orgs;
pub mod outbox;
mod page_key;
pub mod passkeys;
pub mod password_resets;
pub mod scopes;
pub mod sessions;
pub mod setup_links;
pub mod sign_in_policy;
pub mod systems;
pub mod tokens;
pub mod two_step;
pub mod upstream;
pub mod webhooks;

use std::time::Duration;

use anyhow::Context;
use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::{Any, AnyPool, Connection as _, Executor};

pub use list::{List, json_list};
pub use page_key::{NameKey, PageKey};
pub use sqlx::AnyConnection as Conn;

/// `$first, $first+1, …`: `count` placeholders for an `IN (…)` list.
pub fn placeholders(first: usize, count: usize) -> String {
    (first..first + count)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Once-only tasks that replicas must not do twice (see `Db::begin_locked`).
#[derive(Clone, Copy, Debug)]
pub enum Lock {
    SigningKeys,
    SetupLink,
    /// Role changes and removals, so two owners demoting each other at
    /// once cannot leave an organisation without an owner.
    Memberships,
}

impl Lock {
    /// The advisory lock's key: "PORT" and a number, unlikely to collide
    /// with another application's locks on a shared server.
    fn key(self) -> i64 {
        0x504f_5254_0000
            + match self {
                Self::SigningKeys => 1,
                Self::SetupLink => 2,
                Self::Memberships => 3,
            }
    }
}

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
    /// The folder of the SQLite file, whose free space readiness checks.
    sqlite_dir: Option<std::path::PathBuf>,
}

/// Below this much free space beside the SQLite file the server says it is
/// not ready: an update of an existing row may still fit in pages the file
/// already has, while a new session or client no longer does.
const MIN_FREE_BYTES: u64 = 1 << 20;

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

impl StoreError {
    /// The database cannot be reached or cannot write right now (down,
    /// pool exhausted, disk full, locked): nothing was done, and trying
    /// again later may work. Such errors are answered with 503, not 500.
    pub fn is_unavailable(&self) -> bool {
        let Self::Db(err) = self else {
            return false;
        };
        match err {
            sqlx::Error::PoolTimedOut
            | sqlx::Error::PoolClosed
            | sqlx::Error::Io(_)
            | sqlx::Error::Tls(_)
            | sqlx::Error::WorkerCrashed => true,
            sqlx::Error::Database(db) => db.code().is_some_and(|code| unavailable_code(&code)),
            _ => false,
        }
    }
}

/// SQLite result codes (primary, or extended whose low byte is one):
/// BUSY 5, LOCKED 6, NOMEM 7, READONLY 8, IOERR 10, FULL 13, CANTOPEN 14;
/// PostgreSQL SQLSTATEs: 08 (connection), 53 (resources), 57P (shutdown).
fn unavailable_code(code: &str) -> bool {
    if let Ok(n) = code.parse::<u32>() {
        return matches!(n & 0xff, 5 | 6 | 7 | 8 | 10 | 13 | 14);
    }
    code.starts_with("08") || code.starts_with("53") || code.starts_with("57P")
}

impl From<StoreError> for app::services::ServiceError {
    fn from(err: StoreError) -> Self {
        if err.is_unavailable() {
            Self::Unavailable(Box::new(err))
        } else {
            Self::Internal(Box::new(err))
        }
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
        let (url, sqlite_dir) = match backend {
            Backend::Sqlite => (sqlite_url(url)?, sqlite_dir(url)),
            Backend::Postgres => (url.to_owned(), None),
        };
        let pool = AnyPoolOptions::new()
            .max_connections(max_connections)
            .acquire_timeout(Duration::from_secs(5))
            // A connection whose transaction could not be rolled back (a
            // full disk fails the rollback too) must not go back to the
            // pool: every later `BEGIN` on it would fail, until a restart.
            // It is closed instead, and a fresh one opened when needed.
            .after_release(|conn, _meta| {
                Box::pin(async move { Ok(!sqlx::Connection::is_in_transaction(conn)) })
            })
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
        Ok(Self {
            pool,
            backend,
            sqlite_dir,
        })
    }

    pub async fn migrate(&self) -> anyhow::Result<()> {
        self.migrate_to(i64::MAX).await
    }

    /// Applies the migrations up to and including `version` (tests build
    /// databases of an earlier schema this way).
    pub async fn migrate_to(&self, version: i64) -> anyhow::Result<()> {
        match self.backend {
            Backend::Postgres => sqlx::migrate!("../migrations/postgres")
                .run_to(version, &self.pool)
                .await
                .context("applying migrations")?,
            Backend::Sqlite => self.migrate_sqlite(version).await?,
        }
        Ok(())
    }

    /// SQLite rebuilds a table to change its constraints (create, copy,
    /// drop, rename), which needs foreign keys off, and that pragma cannot
    /// change inside a transaction. So one connection, taken out of the
    /// pool, runs the migrations with them off, then checks that every
    /// reference still points at a row, and is closed.
    async fn migrate_sqlite(&self, version: i64) -> anyhow::Result<()> {
        let mut conn = self
            .pool
            .acquire()
            .await
            .context("connecting to migrate")?
            .detach();
        conn.execute("PRAGMA foreign_keys = OFF").await?;
        let migrated = sqlx::migrate!("../migrations/sqlite")
            .run_to(version, &mut conn)
            .await;
        let (broken,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM pragma_foreign_key_check")
            .fetch_one(&mut conn)
            .await
            .context("checking references after migrating")?;
        conn.close().await.ok();
        migrated.context("applying migrations")?;
        anyhow::ensure!(
            broken == 0,
            "after migrating, {broken} rows refer to rows that do not exist"
        );
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

    /// Starts a write that holds `lock` until it commits, so replicas do a
    /// once-only task (creating the first signing keys, printing the first
    /// setup link) once, or check-then-write without a race. PostgreSQL: an advisory transaction lock; SQLite:
    /// `BEGIN IMMEDIATE` already lets one writer in at a time.
    pub async fn begin_locked(&self, lock: Lock) -> StoreResult<Tx> {
        let mut tx = self.begin().await?;
        if self.backend == Backend::Postgres {
            sqlx::query("SELECT pg_advisory_xact_lock($1)")
                .bind(lock.key())
                .execute(&mut *tx)
                .await?;
        }
        Ok(tx)
    }

    /// One connection for several reads in a row.
    pub async fn acquire(&self) -> StoreResult<sqlx::pool::PoolConnection<Any>> {
        Ok(self.pool.acquire().await?)
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Whether the database answers and can write: one row is updated
    /// (a read-only database fails this), and for SQLite the disk beside
    /// the file has room for new rows.
    pub async fn ping(&self) -> StoreResult<()> {
        sqlx::query("UPDATE readiness SET checked_at = $1 WHERE id = 1")
            .bind(now())
            .execute(&self.pool)
            .await?;
        match self.sqlite_dir.as_deref().and_then(free_bytes) {
            Some(free) if free < MIN_FREE_BYTES => {
                Err(StoreError::Db(sqlx::Error::Io(std::io::Error::new(
                    std::io::ErrorKind::StorageFull,
                    format!("{} KiB free beside the database file", free / 1024),
                ))))
            }
            _ => Ok(()),
        }
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// The file of a SQLite URL (none for an in-memory database).
fn sqlite_file(url: &str) -> Option<&std::path::Path> {
    let path = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:");
    let path = path.split('?').next().unwrap_or_default();
    (!path.is_empty() && path != ":memory:").then(|| std::path::Path::new(path))
}

/// The folder of a SQLite database file.
fn sqlite_dir(url: &str) -> Option<std::path::PathBuf> {
    let parent = sqlite_file(url)?.parent()?;
    Some(if parent.as_os_str().is_empty() {
        std::path::PathBuf::from(".")
    } else {
        parent.to_owned()
    })
}

/// Bytes an unprivileged writer may still use on the file system holding
/// `dir` (`None` where that cannot be read).
#[cfg(unix)]
fn free_bytes(dir: &std::path::Path) -> Option<u64> {
    let stat = rustix::fs::statvfs(dir).ok()?;
    Some(stat.f_bavail.saturating_mul(stat.f_frsize))
}

#[cfg(not(unix))]
fn free_bytes(_dir: &std::path::Path) -> Option<u64> {
    None
}

/// Creates the SQLite file (and its folder) if missing, readable by
/// Portico's user only.
fn sqlite_url(url: &str) -> anyhow::Result<String> {
    if let Some(file) = sqlite_file(url) {
        if let Some(parent) = file.parent().filter(|p| !p.as_os_str().is_empty()) {
            crate::private_fs::create_dir(parent)?;
        }
        crate::private_fs::create_file(file)?;
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
