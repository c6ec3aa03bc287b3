//! The key ring: the current ES256 and RS256 signing keys and every key
//! still published in the JWKS, loaded from the database (where private
//! keys are sealed) and generated on first start.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use openidconnect::core::{CoreJsonWebKey, CoreJsonWebKeySet};

use super::signing_key::{Alg, SigningKey};
use super::tokens::TOKEN_TTL_SECS;
use crate::crypto::sealing::Sealer;
use crate::crypto::tokens::random_token;
use crate::store::keys::{self as key_store, KeyRow};
use crate::store::{Db, StoreResult, now};

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
                key_store::add(&db, &fresh).await?;
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

    /// `portico keys rotate`: new current keys; the old ones stay published
    /// until the tokens they signed have expired.
    pub async fn rotate(&self) -> anyhow::Result<Vec<String>> {
        let fresh = generate_rows(&self.sealer)?;
        key_store::replace_current(&self.db, &fresh, now()).await?;
        self.reload().await;
        Ok(fresh
            .into_iter()
            .map(|k| format!("{} {}", k.alg, k.kid))
            .collect())
    }

    /// Every published key, newest first, with when a retired one leaves
    /// the JWKS.
    pub async fn published(&self) -> StoreResult<Vec<(KeyRow, Option<i64>)>> {
        let rows = key_store::published(&self.db, now() - PUBLISH_AFTER_RETIRE_SECS).await?;
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

    pub fn current(&self, alg: Alg) -> Arc<SigningKey> {
        let set = self.snapshot();
        match alg {
            Alg::Es256 => set.current_es256.clone(),
            Alg::Rs256 => set.current_rs256.clone(),
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
    [Alg::Es256, Alg::Rs256]
        .into_iter()
        .map(|alg| {
            let kid = random_token()[..22].to_owned();
            let (_, pkcs8) = SigningKey::generate(alg, kid.clone())?;
            Ok(KeyRow {
                sealed_private_key: sealer.seal(&pkcs8, &kid)?,
                kid,
                alg: alg.as_str().to_owned(),
                created_at,
                retired_at: None,
            })
        })
        .collect()
}

/// `None` when there is no current key of each algorithm yet.
async fn read_set(db: &Db, sealer: &Sealer) -> anyhow::Result<Option<KeySet>> {
    let rows = key_store::published(db, now() - PUBLISH_AFTER_RETIRE_SECS).await?;
    let mut by_kid = HashMap::new();
    let (mut current_es256, mut current_rs256) = (None, None);
    let mut public: Vec<CoreJsonWebKey> = Vec::new();
    for row in rows {
        let Some(alg) = Alg::parse(&row.alg) else {
            bail!("signing key {} has unknown algorithm {}", row.kid, row.alg);
        };
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
                Alg::Es256 => &mut current_es256,
                Alg::Rs256 => &mut current_rs256,
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
