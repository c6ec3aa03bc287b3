//! Access tokens this replica has checked (signature, issuer, expiry, not
//! revoked), so introspection and resource calls skip the signature check
//! and the database on the next presentation of the same token.
//!
//! Keyed by an HMAC of the token under a per-process random key, so the map
//! holds no usable token. An entry is trusted until the token expires, for
//! at most a few minutes, and only until the next revocation anywhere.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use aws_lc_rs::hmac;

use super::lock;
use crate::crypto::tokens::random_bytes;
use crate::oidc::tokens::AccessClaims;

const TTL: Duration = Duration::from_secs(300);
const MAX_ENTRIES: usize = 20_000;

type Key = [u8; 32];

struct Entry {
    claims: AccessClaims,
    cached_at: Instant,
}

pub struct TokenCache {
    hmac_key: hmac::Key,
    entries: Mutex<HashMap<Key, Entry>>,
}

impl Default for TokenCache {
    fn default() -> Self {
        Self {
            hmac_key: hmac::Key::new(hmac::HMAC_SHA256, &random_bytes()),
            entries: Mutex::new(HashMap::new()),
        }
    }
}

impl TokenCache {
    fn key(&self, token: &str) -> Key {
        let mut out = [0u8; 32];
        out.copy_from_slice(hmac::sign(&self.hmac_key, token.as_bytes()).as_ref());
        out
    }

    /// The claims of a token checked earlier that has not expired since.
    pub fn get(&self, token: &str, now: i64) -> Option<AccessClaims> {
        let key = self.key(token);
        let mut entries = lock(&self.entries);
        let entry = entries.get(&key)?;
        if entry.claims.exp <= now || entry.cached_at.elapsed() > TTL {
            entries.remove(&key);
            return None;
        }
        Some(entry.claims.clone())
    }

    pub fn insert(&self, token: &str, claims: &AccessClaims) {
        let key = self.key(token);
        let mut entries = lock(&self.entries);
        if entries.len() >= MAX_ENTRIES {
            entries.retain(|_, e| e.cached_at.elapsed() <= TTL);
            if entries.len() >= MAX_ENTRIES {
                entries.clear();
            }
        }
        entries.insert(
            key,
            Entry {
                claims: claims.clone(),
                cached_at: Instant::now(),
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

    fn claims(exp: i64) -> AccessClaims {
        AccessClaims {
            iss: "i".into(),
            sub: "s".into(),
            aud: vec![],
            client_id: "c".into(),
            scope: app::domain::Scopes::default(),
            iat: 0,
            exp,
            jti: "j".into(),
            auth_time: None,
            gid: None,
            org_id: None,
            org_number: None,
        }
    }

    #[test]
    fn finds_only_the_same_token_until_it_expires_or_is_cleared() {
        let cache = TokenCache::default();
        cache.insert("a.b.c", &claims(100));
        assert_eq!(cache.get("a.b.c", 99).map(|c| c.jti), Some("j".into()));
        assert!(cache.get("a.b.d", 99).is_none());
        assert!(cache.get("a.b.c", 100).is_none());
        cache.insert("a.b.c", &claims(100));
        cache.clear();
        assert!(cache.get("a.b.c", 0).is_none());
    }
}
