//! What this replica has verified and trusts for a short while: client
//! secrets (so a token request does not pay argon2) and access tokens (so
//! introspection and resource calls do not check a signature and the
//! database every time).
//!
//! A change that makes an entry wrong bumps a counter in the database, in
//! the change's own transaction, and clears the cache here once it has
//! committed; every replica polls the counters each second and clears the
//! cache whose counter moved (and reloads its signing keys after a
//! rotation).
//!
//! A replica that cannot read the counters cannot know what changed
//! elsewhere, so it fails closed: after `TRUST_FOR` without a successful
//! poll it stops answering from its caches, and every request is checked
//! against the database again (which, if it is the database that is gone,
//! answers "temporarily unavailable").

mod secrets;
mod tokens;

use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use super::ProviderClient;
use super::keys::KeyRing;
use super::tokens::AccessClaims;
use crate::store::generations::{self, Counter};
use crate::store::{Conn, Db, StoreResult};
pub use secrets::Hit;
use secrets::SecretCache;
use tokens::TokenCache;

/// How often the counters are polled.
const POLL_EVERY: Duration = Duration::from_secs(1);
/// How long the caches are trusted after the last successful poll.
const TRUST_FOR: Duration = Duration::from_secs(3);

pub struct Verified {
    secrets: SecretCache,
    tokens: TokenCache,
    seen_secrets: AtomicI64,
    seen_tokens: AtomicI64,
    seen_keys: AtomicI64,
    started: Instant,
    /// Milliseconds after `started` of the last successful poll; 0: never.
    synced_ms: AtomicU64,
}

impl Verified {
    pub fn new() -> Arc<Self> {
        Arc::new(Self {
            secrets: SecretCache::default(),
            tokens: TokenCache::default(),
            seen_secrets: AtomicI64::new(i64::MIN),
            seen_tokens: AtomicI64::new(i64::MIN),
            seen_keys: AtomicI64::new(i64::MIN),
            started: Instant::now(),
            synced_ms: AtomicU64::new(0),
        })
    }

    /// Whether this replica knows its caches are current: it read the
    /// counters less than `TRUST_FOR` ago.
    pub fn trusted(&self) -> bool {
        let synced = self.synced_ms.load(Ordering::Acquire);
        synced != 0
            && self
                .started
                .elapsed()
                .saturating_sub(Duration::from_millis(synced))
                < TRUST_FOR
    }

    /// A verified secret of this client, while the caches are trusted.
    pub fn secret(&self, client_id: &str, secret: &str, now: i64) -> Option<Hit> {
        self.trusted()
            .then(|| self.secrets.get(client_id, secret, now))
            .flatten()
    }

    pub fn remember_secret(
        &self,
        client_id: &str,
        secret: &str,
        client: Arc<ProviderClient>,
        secret_id: String,
        expires_at: i64,
    ) {
        if self.trusted() {
            self.secrets
                .insert(client_id, secret, client, secret_id, expires_at);
        }
    }

    /// The claims of a token checked earlier, while the caches are trusted.
    pub fn token(&self, token: &str, now: i64) -> Option<AccessClaims> {
        self.trusted()
            .then(|| self.tokens.get(token, now))
            .flatten()
    }

    pub fn remember_token(&self, token: &str, claims: &AccessClaims) {
        if self.trusted() {
            self.tokens.insert(token, claims);
        }
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

    /// Clears what another replica's change made wrong; true when the
    /// signing keys changed.
    pub async fn sync(&self, db: &Db) -> StoreResult<bool> {
        let now = generations::read(db.pool()).await?;
        if self.seen_secrets.swap(now.credentials, Ordering::AcqRel) != now.credentials {
            self.secrets.clear();
        }
        if self.seen_tokens.swap(now.tokens, Ordering::AcqRel) != now.tokens {
            self.tokens.clear();
        }
        let keys_before = self.seen_keys.swap(now.keys, Ordering::AcqRel);
        let ms = u64::try_from(self.started.elapsed().as_millis())
            .unwrap_or(u64::MAX)
            .max(1);
        self.synced_ms.store(ms, Ordering::Release);
        Ok(keys_before != i64::MIN && keys_before != now.keys)
    }

    /// Polls the counters every second; reloads `keys` after a rotation
    /// anywhere. While the poll fails the caches are not used (and emptied).
    pub fn spawn_sync(self: &Arc<Self>, db: Db, keys: Arc<KeyRing>) {
        let verified = Arc::downgrade(self);
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(POLL_EVERY);
            let mut failing = false;
            loop {
                tick.tick().await;
                let Some(verified) = verified.upgrade() else {
                    break;
                };
                match verified.sync(&db).await {
                    Ok(keys_changed) => {
                        if failing {
                            tracing::info!("cache generations readable again; caches trusted");
                            failing = false;
                        }
                        if keys_changed {
                            keys.reload().await;
                        }
                    }
                    Err(err) => {
                        if !verified.trusted() {
                            verified.forget_clients();
                        }
                        if !failing {
                            tracing::warn!(error = %err, "checking the cache generations failed; caches are not used until it works again");
                            failing = true;
                        }
                    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caches_are_trusted_only_shortly_after_a_poll() {
        let verified = Verified::new();
        assert!(!verified.trusted(), "never polled");
        verified.synced_ms.store(1, Ordering::Release);
        // `started` is now; 1 ms after it is within TRUST_FOR.
        assert!(verified.trusted());
        let long_ago = Verified {
            started: Instant::now() - TRUST_FOR - Duration::from_secs(1),
            ..Arc::try_unwrap(Verified::new()).ok().unwrap()
        };
        long_ago.synced_ms.store(1, Ordering::Release);
        assert!(!long_ago.trusted(), "the last poll is too old");
        assert!(long_ago.token("t", 0).is_none());
    }
}
