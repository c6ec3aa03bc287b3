//! The key ring: the current ES256 and RS256 signing keys and every key
//! still published in the JWKS, loaded from the database (where private
//! keys are sealed) and generated on first start.

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
use crate::store::commit;
use crate::store::keys::{self as key_store, KeyRow};
use crate::store::{Db, StoreResult, now};
use signing_key::SigningKey;

/// How long a retired key stays published: longer than any token it signed
/// can live, plus leeway for clock skew and caches.
const PUBLISH_AFTER_RETIRE_SECS: i64 = TOKEN_TTL_SECS + 600;

/// Other replicas' rotations are picked up at least this often.
const RELOAD_EVERY: Duration = Duration::from_secs(60);

struct KeySet {
    current_es256: Arc<SigningKey>,
    current_rs256: Arc<SigningKey>,
    by_kid: HashMap<String, Arc<SigningKey>>,
    /// Serialized once per load; served as is.
    jwks_json: Arc<str>,
    loaded_at: Instant,
}

pub struct KeyRing {
    db: Db,
    sealer: Sealer,
    set: RwLock<Arc<KeySet>>,
}

impl KeyRing {
    /// Loads the keys, generating the first ones if there are none.
    pub async fn load(db: Db, sealer: Sealer) -> anyhow::Result<Arc<Self>> {
        let set = read_set(&db, &sealer).await?;
        let set = match set {
            Some(set) => set,
            None => {
                let fresh = generate_rows(&sealer)?;
                let mut tx = db.begin().await?;
                key_store::add(&mut tx, &fresh).await?;
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

    /// `portico keys rotate` and the button on `/admin/keys`: new current
    /// keys; the old ones stay published until the tokens they signed have
    /// expired. Audited as `keys.rotated` in the same transaction.
    pub async fn rotate(&self, actor: Actor<'_>) -> anyhow::Result<Vec<String>> {
        let fresh = generate_rows(&self.sealer)?;
        let mut tx = self.db.begin().await?;
        let before: Vec<String> = key_store::published(&mut *tx, now() - PUBLISH_AFTER_RETIRE_SECS)
            .await?
            .into_iter()
            .map(|k| k.kid)
            .collect();
        key_store::replace_current(&mut tx, &fresh, now()).await?;
        let added: Vec<String> = fresh
            .into_iter()
            .map(|k| format!("{} {}", k.alg, k.kid))
            .collect();
        audit::other(&mut *tx, actor, "keys.rotated", Some(&before), Some(&added)).await?;
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

    pub fn current(&self, alg: SigningAlg) -> Arc<SigningKey> {
        let set = self.snapshot();
        match alg {
            SigningAlg::Es256 => set.current_es256.clone(),
            SigningAlg::Rs256 => set.current_rs256.clone(),
        }
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

    /// Picks up rotations made by `portico keys rotate` or other replicas.
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

fn generate_rows(sealer: &Sealer) -> anyhow::Result<Vec<KeyRow>> {
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
                retired_at: None,
            })
        })
        .collect()
}

/// `None` when there is no current key of each algorithm yet.
async fn read_set(db: &Db, sealer: &Sealer) -> anyhow::Result<Option<KeySet>> {
    let rows = key_store::published(db.pool(), now() - PUBLISH_AFTER_RETIRE_SECS).await?;
    let mut by_kid = HashMap::new();
    let (mut current_es256, mut current_rs256) = (None, None);
    let mut public: Vec<CoreJsonWebKey> = Vec::new();
    for row in rows {
        let alg = row.alg;
        let pkcs8 = sealer.open(&row.sealed_private_key, &row.kid).with_context(|| {
            format!(
                "opening signing key {}: is PORTICO_KEY_ENCRYPTION_KEY the one the keys were sealed with?",
                row.kid
            )
        })?;
        let key = Arc::new(SigningKey::from_pkcs8(alg, row.kid.clone(), &pkcs8)?);
        // Rows come newest first: the first live key of each algorithm signs.
        if row.retired_at.is_none() {
            let slot = match alg {
                SigningAlg::Es256 => &mut current_es256,
                SigningAlg::Rs256 => &mut current_rs256,
            };
            if slot.is_none() {
                *slot = Some(key.clone());
            }
        }
        public.push(key.public_jwk().clone());
        by_kid.insert(row.kid, key);
    }
    let (Some(current_es256), Some(current_rs256)) = (current_es256, current_rs256) else {
        return Ok(None);
    };
    let jwks_json =
        serde_json::to_string(&CoreJsonWebKeySet::new(public)).context("serializing the JWKS")?;
    Ok(Some(KeySet {
        current_es256,
        current_rs256,
        by_kid,
        jwks_json: jwks_json.into(),
        loaded_at: Instant::now(),
    }))
}
