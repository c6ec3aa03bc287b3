//! Verified client secrets, kept for a few minutes so a token request
//! does not pay an argon2 verification every time.
//!
//! Entries are keyed by an HMAC of (client id, secret) under a per-process
//! random key, so the map never holds a secret or a plain hash of one.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use aws_lc_rs::hmac;

use super::lock;
use crate::crypto::tokens::random_bytes;
use crate::oidc::client::ProviderClient;

/// How long a verified secret is trusted without checking the database.
const TTL: Duration = Duration::from_secs(300);
/// "Last used" is written at most this often per secret.
const TOUCH_EVERY: Duration = Duration::from_secs(60);
const MAX_ENTRIES: usize = 10_000;

type Key = [u8; 32];

struct Entry {
    client: Arc<ProviderClient>,
    secret_id: String,
    secret_expires_at: i64,
    cached_at: Instant,
    touched_at: Instant,
}

pub struct Hit {
    pub client: Arc<ProviderClient>,
    /// Set when "last used" should be recorded for this secret now.
    pub touch: Option<String>,
}

pub struct SecretCache {
    hmac_key: hmac::Key,
    entries: Mutex<HashMap<Key, Entry>>,
}

impl Default for SecretCache {
    fn default() -> Self {
        Self {
            hmac_key: hmac::Key::new(hmac::HMAC_SHA256, &random_bytes()),
            entries: Mutex::new(HashMap::new()),
        }
    }
}

impl SecretCache {
    fn key(&self, client_id: &str, secret: &str) -> Key {
        let mut ctx = hmac::Context::with_key(&self.hmac_key);
        ctx.update(client_id.as_bytes());
        ctx.update(&[0]);
        ctx.update(secret.as_bytes());
        let mut out = [0u8; 32];
        out.copy_from_slice(ctx.sign().as_ref());
        out
    }

    pub fn get(&self, client_id: &str, secret: &str, now: i64) -> Option<Hit> {
        let key = self.key(client_id, secret);
        let mut entries = lock(&self.entries);
        let entry = entries.get_mut(&key)?;
        if entry.cached_at.elapsed() > TTL || entry.secret_expires_at <= now {
            entries.remove(&key);
            return None;
        }
        let touch = (entry.touched_at.elapsed() > TOUCH_EVERY).then(|| {
            entry.touched_at = Instant::now();
            entry.secret_id.clone()
        });
        Some(Hit {
            client: entry.client.clone(),
            touch,
        })
    }

    pub fn insert(
        &self,
        client_id: &str,
        secret: &str,
        client: Arc<ProviderClient>,
        secret_id: String,
        secret_expires_at: i64,
    ) {
        let key = self.key(client_id, secret);
        let mut entries = lock(&self.entries);
        if entries.len() >= MAX_ENTRIES {
            entries.retain(|_, e| e.cached_at.elapsed() <= TTL);
            if entries.len() >= MAX_ENTRIES {
                entries.clear();
            }
        }
        let now = Instant::now();
        entries.insert(
            key,
            Entry {
                client,
                secret_id,
                secret_expires_at,
                cached_at: now,
                touched_at: now,
            },
        );
    }

    pub fn clear(&self) {
        lock(&self.entries).clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client() -> Arc<ProviderClient> {
        Arc::new(ProviderClient {
            id: "c".into(),
            name: "n".into(),
            kind: app::domain::ClientKind::Confidential,
            status: app::model::ClientStatus::Active,
            grant_types: vec![],
            redirect_uris: vec![],
            post_logout_redirect_uris: vec![],
            granted: vec![],
            id_token_alg: app::domain::SigningAlg::Rs256,
            auth_method: app::domain::AuthMethod::ClientSecretBasic,
            jwks: None,
            org: crate::oidc::client::ClientOrg {
                id: "o".into(),
                name: "Org".into(),
                number: None,
            },
        })
    }

    #[test]
    fn finds_only_the_same_client_and_secret() {
        let cache = SecretCache::default();
        cache.insert("c", "s3cret", client(), "sid".into(), i64::MAX);
        assert!(cache.get("c", "s3cret", 0).is_some());
        assert!(cache.get("c", "s3creT", 0).is_none());
        assert!(cache.get("d", "s3cret", 0).is_none());
        // Client id and secret are separated, so they cannot be shifted.
        assert!(cache.get("c3", "cret", 0).is_none());
    }

    #[test]
    fn expired_secrets_and_cleared_caches_miss() {
        let cache = SecretCache::default();
        cache.insert("c", "s", client(), "sid".into(), 100);
        assert!(cache.get("c", "s", 99).is_some());
        assert!(cache.get("c", "s", 100).is_none());
        cache.insert("c", "s", client(), "sid".into(), 100);
        cache.clear();
        assert!(cache.get("c", "s", 0).is_none());
    }
}
