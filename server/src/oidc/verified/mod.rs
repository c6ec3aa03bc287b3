//! What this replica has verified and trusts for a short while: client
//! secrets (so a token request does not pay argon2) and access tokens (so
//! introspection and resource calls do not check a signature and the
//! database every time).
//!
//! A change that makes an entry wrong bumps a counter in the database, in
//! the change's own transaction, and clears the cache here once it has
//! committed; every replica polls the counters each second and clears the
//! cache whose counter moved.

mod secrets;
mod tokens;

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use crate::store::generations::{self, Counter};
use crate::store::{Conn, Db, StoreResult};
pub use secrets::SecretCache;
pub use tokens::TokenCache;

pub struct Verified {
    pub secrets: SecretCache,
    pub tokens: TokenCache,
    seen_secrets: AtomicI64,
    seen_tokens: AtomicI64,
}

impl Verified {
    pub fn new() -> Arc<Self> {
        Arc::new(Self {
            secrets: SecretCache::default(),
            tokens: TokenCache::default(),
            seen_secrets: AtomicI64::new(i64::MIN),
            seen_tokens: AtomicI64::new(i64::MIN),
        })
    }

    /// Marks, in the transaction of the change, that a client or one of its
    /// secrets changed: cached secrets and tokens may be wrong now (a
    /// suspended client's tokens stop working). Call `forget_clients` once
    /// the change has committed.
    pub async fn client_changed(&self, tx: &mut Conn) -> StoreResult<()> {
        generations::bump(&mut *tx, Counter::Credentials).await?;
        generations::bump(&mut *tx, Counter::Tokens).await
    }

    /// Marks, in the transaction of the change, that an access token or a
    /// grant was revoked. Call `forget_tokens` once it has committed.
    pub async fn tokens_revoked(&self, tx: &mut Conn) -> StoreResult<()> {
        generations::bump(tx, Counter::Tokens).await
    }

    /// After a committed client change: this replica forgets at once
    /// (others follow the counters).
    pub fn forget_clients(&self) {
        self.secrets.clear();
        self.tokens.clear();
    }

    /// After a committed revocation.
    pub fn forget_tokens(&self) {
        self.tokens.clear();
    }

    /// Clears what another replica's change made wrong.
    pub async fn sync(&self, db: &Db) -> StoreResult<()> {
        let generations::Generations {
            credentials: secrets,
            tokens,
        } = generations::read(db.pool()).await?;
        if self.seen_secrets.swap(secrets, Ordering::AcqRel) != secrets {
            self.secrets.clear();
        }
        if self.seen_tokens.swap(tokens, Ordering::AcqRel) != tokens {
            self.tokens.clear();
        }
        Ok(())
    }

    pub fn spawn_sync(self: &Arc<Self>, db: Db) {
        let verified = Arc::downgrade(self);
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(1));
            loop {
                tick.tick().await;
                let Some(verified) = verified.upgrade() else {
                    break;
                };
                if let Err(err) = verified.sync(&db).await {
                    tracing::warn!(error = %err, "checking the cache generations failed");
                }
            }
        });
    }
}

/// A poisoned lock only means another request panicked mid-update of a
/// cache; the map is still a valid map.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}
