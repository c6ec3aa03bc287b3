//! The key ring: the ES256 and RS256 signing keys and every key still
//! published in the JWKS, loaded from the database (where private keys are
//! sealed) and generated on first start.
//!
//! A rotation publishes the new keys first and lets them sign only
//! `PREPUBLISH_SECS` later; it also moves the keys' cache generation, which
//! every replica polls each second and answers by reloading. So by the time
//! any replica signs with a new key, every replica's JWKS shows it, and a
//! relying party never meets a `kid` it cannot fetch.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

mod admin;
pub mod jwt;
pub mod signing_key;

use anyhow::Context;
use app::domain::SigningAlg;
use openidconnect::core::{CoreJsonWebKey, CoreJsonWebKeySet};

use super::tokens::TOKEN_TTL_SECS;
use crate::audit::{self, Actor};
use crate::crypto::sealing::Sealer;
use crate::crypto::tokens::random_token;
use crate::store::generations::{self, Counter};
use crate::store::keys::{self as key_store, KeyRow};
use crate::store::{Db, Lock, StoreResult, commit, now};
use signing_key::SigningKey;

/// How long a retired key stays published: longer than any token it signed
/// can live, plus leeway for clock skew and caches.
const PUBLISH_AFTER_RETIRE_SECS: i64 = TOKEN_TTL_SECS + 600;

/// How long a new key is published before it signs: longer than it takes
/// every replica to notice a rotation (a poll each second).
pub const PREPUBLISH_SECS: i64 = 5;

/// Keys are re-read at least this often even without a rotation.
const RELOAD_EVERY: Duration = Duration::from_secs(60);

/// A key and when it signs.
struct Signer {
    key: Arc<SigningKey>,
    activates_at: i64,
    retired_at: Option<i64>,
}

impl Signer {
    fn signs_at(&self, now: i64) -> bool {
        self.activates_at <= now && self.retired_at.is_none_or(|at| at > now)
    }
}

struct KeySet {
    /// Newest first.
    signers: Vec<Signer>,
    by_kid: HashMap<String, Arc<SigningKey>>,
    /// Serialized once per load; served as is.
    jwks_json: Arc<str>,
    loaded_at: Instant,
}

pub struct KeyRing {
    db: Db,
    sealer: Arc<Sealer>,
    set: RwLock<Arc<KeySet>>,
}

/// Whether a key (as stored) signs new tokens at `now`.
pub fn signs_at(row: &KeyRow, now: i64) -> bool {
    row.activates_at <= now && row.retired_at.is_none_or(|at| at > now)
}

impl KeyRing {
    /// Loads the keys, generating the first ones if there are none. Several
    /// replicas starting at once on an empty database create them once:
    /// the first takes a lock, the others then find its keys.
    pub async fn load(db: Db, sealer: Arc<Sealer>) -> anyhow::Result<Arc<Self>> {
        let set = match read_set(&db, &sealer).await? {
            Some(set) => set,
            None => {
                let mut tx = db.begin_locked(Lock::SigningKeys).await?;
                let existing = key_store::published(&mut *tx, 0).await?;
                if existing.is_empty() {
                    key_store::add(&mut tx, &generate_rows(&sealer, now())?).await?;
                }
                commit(tx).await?;
                read_set(&db, &sealer)
                    .await?
                    .context("signing keys missing right after creating them")?
            }
        };
        Ok(Arc::new(Self {
            db,
            sealer,
            set: RwLock::new(Arc::new(set)),
        }))
    }

    /// `portico keys rotate` and the button on `/admin/keys`: new keys,
    /// published at once and signing `PREPUBLISH_SECS` later, when the old
    /// ones retire; those stay published until the tokens they signed have
    /// expired. Audited as `keys.rotated` in the same transaction.
    pub async fn rotate(&self, actor: Actor<'_>) -> anyhow::Result<Vec<String>> {
        let activates_at = now() + PREPUBLISH_SECS;
        let fresh = generate_rows(&self.sealer, activates_at)?;
        let mut tx = self.db.begin().await?;
        let before: Vec<String> = key_store::published(&mut *tx, now() - PUBLISH_AFTER_RETIRE_SECS)
            .await?
            .into_iter()
            .map(|k| k.kid)
            .collect();
        key_store::replace_current(&mut tx, &fresh, activates_at).await?;
        generations::bump(&mut *tx, Counter::Keys).await?;
        let added: Vec<String> = fresh
            .into_iter()
            .map(|k| format!("{} {}", k.alg, k.kid))
            .collect();
        audit::other(&mut tx, actor, "keys.rotated", Some(&before), Some(&added)).await?;
        commit(tx).await?;
        self.reload().await;
        Ok(added)
    }

    /// Every published key, newest first, with when a retired one leaves
    /// the JWKS.
    pub async fn published(&self) -> StoreResult<Vec<(KeyRow, Option<i64>)>> {
        let rows = key_store::published(self.db.pool(), now() - PUBLISH_AFTER_RETIRE_SECS).await?;
        Ok(rows
            .into_iter()
            .map(|row| {
                let until = row.retired_at.map(|at| at + PUBLISH_AFTER_RETIRE_SECS);
                (row, until)
            })
            .collect())
    }

    fn snapshot(&self) -> Arc<KeySet> {
        self.set.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// The key of `alg` that signs now: the newest active one.
    pub fn current(&self, alg: SigningAlg) -> Arc<SigningKey> {
        let set = self.snapshot();
        let now = now();
        let of_alg = || set.signers.iter().filter(|s| s.key.alg() == alg);
        of_alg()
            .find(|s| s.signs_at(now))
            // Past every key's retirement (a rotation that never finished
            // loading): the newest key already active, then any key.
            .or_else(|| of_alg().find(|s| s.activates_at <= now))
            .or_else(|| of_alg().next())
            .map(|s| s.key.clone())
            .unwrap_or_else(|| unreachable!("read_set keeps a key of each algorithm"))
    }

    /// The published key with this id, reloading once if another replica
    /// may have rotated.
    pub async fn find(&self, kid: &str) -> Option<Arc<SigningKey>> {
        let set = self.snapshot();
        if let Some(key) = set.by_kid.get(kid) {
            return Some(key.clone());
        }
        if set.loaded_at.elapsed() < Duration::from_secs(5) {
            return None;
        }
        self.reload().await;
        self.snapshot().by_kid.get(kid).cloned()
    }

    pub fn jwks_json(&self) -> Arc<str> {
        self.snapshot().jwks_json.clone()
    }

    /// Re-reads the keys; on failure the loaded ones stay in use.
    pub async fn reload(&self) {
        match read_set(&self.db, &self.sealer).await {
            Ok(Some(set)) => *self.set.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(set),
            Ok(None) => tracing::warn!(
                "signing keys disappeared from the database; keeping the loaded ones"
            ),
            Err(err) => tracing::warn!(error = %err, "reloading signing keys failed"),
        }
    }

    /// Re-reads the keys now and then, besides the reloads a rotation
    /// triggers (see `Verified::spawn_sync`).
    pub fn spawn_reloader(self: &Arc<Self>) {
        let ring = Arc::downgrade(self);
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(RELOAD_EVERY);
            tick.tick().await;
            loop {
                tick.tick().await;
                let Some(ring) = ring.upgrade() else { break };
                ring.reload().await;
            }
        });
    }
}

/// New ES256 and RS256 keys that sign from `activates_at`.
fn generate_rows(sealer: &Sealer, activates_at: i64) -> anyhow::Result<Vec<KeyRow>> {
    let created_at = now();
    [SigningAlg::Es256, SigningAlg::Rs256]
        .into_iter()
        .map(|alg| {
            let kid = random_token()[..22].to_owned();
            let (_, pkcs8) = SigningKey::generate(alg, kid.clone())?;
            Ok(KeyRow {
                sealed_private_key: sealer.seal(&pkcs8, &kid)?,
                kid,
                alg,
                created_at,
                activates_at,
                retired_at: None,
            })
        })
        .collect()
}

/// `None` when there is no key of each algorithm yet.
async fn read_set(db: &Db, sealer: &Sealer) -> anyhow::Result<Option<KeySet>> {
    let rows = key_store::published(db.pool(), now() - PUBLISH_AFTER_RETIRE_SECS).await?;
    let mut by_kid = HashMap::new();
    let mut signers = Vec::with_capacity(rows.len());
    let mut public: Vec<CoreJsonWebKey> = Vec::new();
    for row in rows {
        let pkcs8 = sealer.open(&row.sealed_private_key, &row.kid).with_context(|| {
            format!(
                "opening signing key {}: is PORTICO_KEY_ENCRYPTION_KEY the one the keys were sealed with?",
                row.kid
            )
        })?;
        let key = Arc::new(SigningKey::from_pkcs8(row.alg, row.kid.clone(), &pkcs8)?);
        public.push(key.public_jwk().clone());
        signers.push(Signer {
            key: key.clone(),
            activates_at: row.activates_at,
            retired_at: row.retired_at,
        });
        by_kid.insert(row.kid, key);
    }
    let has = |alg| signers.iter().any(|s: &Signer| s.key.alg() == alg);
    if !has(SigningAlg::Es256) || !has(SigningAlg::Rs256) {
        return Ok(None);
    }
    let jwks_json =
        serde_json::to_string(&CoreJsonWebKeySet::new(public)).context("serializing the JWKS")?;
    Ok(Some(KeySet {
        signers,
        by_kid,
        jwks_json: jwks_json.into(),
        loaded_at: Instant::now(),
    }))
}
