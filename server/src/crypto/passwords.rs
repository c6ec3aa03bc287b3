//! argon2id password hashing, off the async runtime and bounded.
//!
//! Each hash takes ~19 MiB and tens of milliseconds of CPU, so hashing runs
//! in `spawn_blocking` behind a semaphore sized to the core count: a burst
//! of sign-ins queues instead of exhausting memory. The 19 MiB work areas
//! are kept and reused (one per permit): allocated and freed per hash, the
//! allocator keeps them around in every thread's arena, and a burst of
//! sign-ins grew the process by hundreds of megabytes.

use std::sync::{Arc, Mutex};

use argon2::password_hash::phc::{Output, ParamsString, PasswordHash, Salt};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use tokio::sync::Semaphore;

/// OWASP's first recommended argon2id setting: m = 19 MiB, t = 2, p = 1.
fn params() -> Params {
    Params::new(19 * 1024, 2, 1, None).unwrap_or_default()
}

const SALT_LEN: usize = 16;
const OUTPUT_LEN: usize = 32;

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

/// Work areas for argon2, reused across hashes.
type Pool = Arc<Mutex<Vec<Vec<Block>>>>;

#[derive(Clone)]
pub struct Hasher {
    permits: Arc<Semaphore>,
    memory: Pool,
    /// Verified against when an account does not exist, so that answering
    /// "no such account" takes as long as "wrong password".
    dummy: Arc<str>,
}

impl Hasher {
    pub fn new() -> Result<Self, HashError> {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        let memory: Pool = Arc::default();
        let dummy = with_memory(&memory, |blocks| {
            hash_into(blocks, &super::tokens::random_token())
        })?;
        Ok(Self {
            permits: Arc::new(Semaphore::new(cores)),
            memory,
            dummy: dummy.into(),
        })
    }

    pub async fn hash(&self, password: &str) -> Result<String, HashError> {
        let password = password.to_owned();
        self.run(move |blocks| hash_into(blocks, &password)).await?
    }

    pub async fn verify(&self, password: &str, hash: Option<&str>) -> Result<bool, HashError> {
        let real = hash.is_some();
        let hash = hash.map_or_else(|| self.dummy.to_string(), str::to_owned);
        let password = password.to_owned();
        let ok = self
            .run(move |blocks| verify_with(blocks, &password, &hash))
            .await?;
        Ok(ok && real)
    }

    /// Runs `work` on a blocking thread with a work area, once a permit is free.
    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Vec<Block>) -> T + Send + 'static,
    ) -> Result<T, HashError> {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|_| HashError::Closed)?;
        let memory = self.memory.clone();
        Ok(tokio::task::spawn_blocking(move || with_memory(&memory, work)).await?)
    }
}

/// Lends a work area from the pool (or a new one) and puts it back after.
fn with_memory<T>(memory: &Pool, work: impl FnOnce(&mut Vec<Block>) -> T) -> T {
    let taken = memory.lock().unwrap_or_else(|e| e.into_inner()).pop();
    let mut blocks = taken.unwrap_or_default();
    let out = work(&mut blocks);
    memory
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(blocks);
    out
}

/// Grows (never shrinks) a work area to what `params` need.
fn area<'a>(blocks: &'a mut Vec<Block>, params: &Params) -> &'a mut [Block] {
    let needed = params.block_count();
    if blocks.len() < needed {
        blocks.resize(needed, Block::default());
    }
    &mut blocks[..needed]
}

fn hash_into(blocks: &mut Vec<Block>, password: &str) -> Result<String, HashError> {
    let fail = |e: &dyn std::fmt::Display| HashError::Hash(e.to_string());
    let params = params();
    let salt: [u8; SALT_LEN] = super::tokens::random_bytes()[..SALT_LEN]
        .try_into()
        .map_err(|_| HashError::Hash("salt".into()))?;
    let mut out = [0u8; OUTPUT_LEN];
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone())
        .hash_password_into_with_memory(password.as_bytes(), &salt, &mut out, area(blocks, &params))
        .map_err(|e| fail(&e))?;
    let hash = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params).map_err(|e| fail(&e))?,
        salt: Some(Salt::new(&salt).map_err(|e| fail(&e))?),
        hash: Some(Output::new(&out).map_err(|e| fail(&e))?),
    };
    Ok(hash.to_string())
}

/// Whether `password` matches a stored PHC string, with the stored
/// string's own parameters (so older settings keep verifying).
fn verify_with(blocks: &mut Vec<Block>, password: &str, stored: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(stored) else {
        return false;
    };
    let (Ok(algorithm), Ok(params)) = (
        Algorithm::try_from(parsed.algorithm.as_str()),
        Params::try_from(&parsed),
    ) else {
        return false;
    };
    let version = parsed
        .version
        .and_then(|v| Version::try_from(v).ok())
        .unwrap_or_default();
    let (Some(salt), Some(expected)) = (&parsed.salt, &parsed.hash) else {
        return false;
    };
    let mut out = vec![0u8; expected.len()];
    let argon2 = Argon2::new(algorithm, version, params.clone());
    argon2
        .hash_password_into_with_memory(password.as_bytes(), salt.as_ref(), &mut out, area(blocks, &params))
        .is_ok()
        // Output compares in constant time.
        && Output::new(&out).is_ok_and(|actual| actual == *expected)
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

    #[tokio::test]
    async fn reads_and_writes_the_argon2_crates_own_format() {
        use argon2::{PasswordHasher as _, PasswordVerifier as _};
        let hasher = Hasher::new().unwrap();
        // A hash the crate made, with other parameters, verifies here...
        let theirs = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(8 * 1024, 1, 1, None).unwrap(),
        )
        .hash_password(b"correct horse battery")
        .unwrap()
        .to_string();
        assert!(
            hasher
                .verify("correct horse battery", Some(&theirs))
                .await
                .unwrap()
        );
        assert!(
            !hasher
                .verify("correct horse batterY", Some(&theirs))
                .await
                .unwrap()
        );
        // ...and a hash made here verifies with the crate.
        let ours = hasher.hash("correct horse battery").await.unwrap();
        let parsed = PasswordHash::new(&ours).unwrap();
        assert!(
            Argon2::default()
                .verify_password(b"correct horse battery", &parsed)
                .is_ok()
        );
        assert!(!hasher.verify("anything", Some("not a hash")).await.unwrap());
    }
}
