//! argon2id password hashing, off the async runtime and bounded.
//!
//! Each hash takes ~19 MiB and tens of milliseconds of CPU, so hashing runs
//! in `spawn_blocking` behind a semaphore sized to the core count: a burst
//! of sign-ins queues instead of exhausting memory.

use std::sync::Arc;

use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher as _, PasswordVerifier as _};
use argon2::{Algorithm, Argon2, Params, Version};
use tokio::sync::Semaphore;

/// OWASP's first recommended argon2id setting: m = 19 MiB, t = 2, p = 1.
fn argon2() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

#[derive(Debug, thiserror::Error)]
pub enum HashError {
    #[error("password hashing failed: {0}")]
    Hash(String),
    #[error("hashing task failed: {0}")]
    Join(#[from] tokio::task::JoinError),
    #[error("hashing semaphore closed")]
    Closed,
}

impl From<HashError> for app::services::ServiceError {
    fn from(err: HashError) -> Self {
        Self::Internal(Box::new(err))
    }
}

#[derive(Clone)]
pub struct Hasher {
    permits: Arc<Semaphore>,
    /// Hash of a random password, verified against when an email is unknown
    /// so that the answer takes as long as for a wrong password.
    dummy: Arc<str>,
}

impl Hasher {
    pub fn new() -> Result<Self, HashError> {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        let dummy = hash_blocking(&super::tokens::random_token())?;
        Ok(Self {
            permits: Arc::new(Semaphore::new(cores)),
            dummy: dummy.into(),
        })
    }

    pub async fn hash(&self, password: &str) -> Result<String, HashError> {
        let password = password.to_owned();
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|_| HashError::Closed)?;
        tokio::task::spawn_blocking(move || hash_blocking(&password)).await?
    }

    /// Checks `password` against `hash`, or against the dummy hash when there
    /// is no account, and reports a match only for a real hash.
    pub async fn verify(&self, password: &str, hash: Option<&str>) -> Result<bool, HashError> {
        let real = hash.is_some();
        let hash = hash.map_or_else(|| self.dummy.to_string(), str::to_owned);
        let password = password.to_owned();
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|_| HashError::Closed)?;
        let ok = tokio::task::spawn_blocking(move || {
            PasswordHash::new(&hash).is_ok_and(|parsed| {
                argon2()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
        })
        .await?;
        Ok(ok && real)
    }
}

fn hash_blocking(password: &str) -> Result<String, HashError> {
    let hash: PasswordHash = argon2()
        .hash_password(password.as_bytes())
        .map_err(|e| HashError::Hash(e.to_string()))?;
    Ok(hash.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_verify_and_are_argon2id() {
        let hasher = Hasher::new().unwrap();
        let hash = hasher.hash("correct horse battery").await.unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(!hash.contains("correct horse"));
        assert!(
            hasher
                .verify("correct horse battery", Some(&hash))
                .await
                .unwrap()
        );
        assert!(
            !hasher
                .verify("wrong horse battery", Some(&hash))
                .await
                .unwrap()
        );
    }

    #[tokio::test]
    async fn unknown_account_never_matches() {
        let hasher = Hasher::new().unwrap();
        assert!(!hasher.verify("anything at all", None).await.unwrap());
    }

    #[tokio::test]
    async fn same_password_gets_different_salts() {
        let hasher = Hasher::new().unwrap();
        let a = hasher.hash("correct horse battery").await.unwrap();
        let b = hasher.hash("correct horse battery").await.unwrap();
        assert_ne!(a, b);
    }
}
