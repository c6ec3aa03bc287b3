//! Sealing secrets at rest (signing keys) with AES-256-GCM under the
//! key-encryption key from config, so a copy of the database alone does
//! not give away the provider's private keys.

use std::path::Path;

use anyhow::{Context, bail};
use aws_lc_rs::aead::{AES_256_GCM, Aad, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};

use super::tokens::random_bytes;
use crate::private_fs;

/// File in the data directory that holds a generated key when no
/// `PORTICO_KEY_ENCRYPTION_KEY` is configured.
const KEY_FILE: &str = "key-encryption.key";

pub struct Sealer {
    key: LessSafeKey,
}

#[derive(Debug, thiserror::Error)]
#[error("sealed data could not be opened: wrong key-encryption key or damaged data")]
pub struct OpenError;

impl Sealer {
    /// From the configured passphrase or, without one, from a random key kept
    /// in the data directory (created on first start, readable by owner only).
    pub fn load(configured: Option<&SecretString>, data_dir: &Path) -> anyhow::Result<Self> {
        let material = match configured {
            Some(secret) => secret.expose_secret().to_owned(),
            None => read_or_create_key_file(data_dir)?,
        };
        if material.trim().len() < 16 {
            bail!("PORTICO_KEY_ENCRYPTION_KEY must be at least 16 characters");
        }
        // Any passphrase becomes a 256-bit key; a random base64 value (as in
        // the generated file) keeps all its entropy.
        let digest = Sha256::digest(material.trim().as_bytes());
        let key = UnboundKey::new(&AES_256_GCM, &digest)
            .map_err(|_| anyhow::anyhow!("AES-256-GCM key setup failed"))?;
        Ok(Self {
            key: LessSafeKey::new(key),
        })
    }

    /// base64(nonce || ciphertext || tag); `context` (e.g. the key id) is
    /// bound as associated data so a sealed value cannot be moved to another row.
    pub fn seal(&self, plain: &[u8], context: &str) -> anyhow::Result<String> {
        let nonce_bytes: [u8; NONCE_LEN] = random_bytes()[..NONCE_LEN]
            .try_into()
            .context("nonce length")?;
        let mut buffer = plain.to_vec();
        self.key
            .seal_in_place_append_tag(
                Nonce::assume_unique_for_key(nonce_bytes),
                Aad::from(context.as_bytes()),
                &mut buffer,
            )
            .map_err(|_| anyhow::anyhow!("sealing failed"))?;
        let mut out = nonce_bytes.to_vec();
        out.extend_from_slice(&buffer);
        Ok(STANDARD.encode(out))
    }

    pub fn open(&self, sealed: &str, context: &str) -> Result<Vec<u8>, OpenError> {
        let bytes = STANDARD.decode(sealed).map_err(|_| OpenError)?;
        if bytes.len() < NONCE_LEN {
            return Err(OpenError);
        }
        let (nonce, cipher) = bytes.split_at(NONCE_LEN);
        let nonce = Nonce::try_assume_unique_for_key(nonce).map_err(|_| OpenError)?;
        let mut buffer = cipher.to_vec();
        let plain = self
            .key
            .open_in_place(nonce, Aad::from(context.as_bytes()), &mut buffer)
            .map_err(|_| OpenError)?;
        Ok(plain.to_vec())
    }
}

fn read_or_create_key_file(data_dir: &Path) -> anyhow::Result<String> {
    let path = data_dir.join(KEY_FILE);
    if path.exists() {
        return std::fs::read_to_string(&path)
            .with_context(|| format!("reading {}", path.display()));
    }
    private_fs::create_dir(data_dir)?;
    let value = STANDARD.encode(random_bytes());
    private_fs::write_new(&path, &value)?;
    Ok(value)
}

/// A sealer under `passphrase`, for the tests of what seals.
#[cfg(test)]
pub fn sealer_for_tests(passphrase: &str) -> Sealer {
    Sealer::load(
        Some(&SecretString::from(passphrase)),
        Path::new("/nonexistent"),
    )
    .expect("a passphrase of 16 characters or more")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sealer(passphrase: &str) -> Sealer {
        sealer_for_tests(passphrase)
    }

    #[test]
    fn round_trips_and_hides_the_plain_text() {
        let s = sealer("a passphrase of some length");
        let sealed = s.seal(b"private key bytes", "kid-1").unwrap();
        assert!(!sealed.contains("private"));
        assert_eq!(s.open(&sealed, "kid-1").unwrap(), b"private key bytes");
    }

    #[test]
    fn wrong_key_or_context_does_not_open() {
        let sealed = sealer("a passphrase of some length")
            .seal(b"x", "kid-1")
            .unwrap();
        assert!(
            sealer("another passphrase entirely")
                .open(&sealed, "kid-1")
                .is_err()
        );
        assert!(
            sealer("a passphrase of some length")
                .open(&sealed, "kid-2")
                .is_err()
        );
        assert!(
            sealer("a passphrase of some length")
                .open("not base64!", "kid-1")
                .is_err()
        );
    }

    #[test]
    fn generated_key_file_is_reused() {
        let dir = tempfile::tempdir().unwrap();
        let a = Sealer::load(None, dir.path()).unwrap();
        let sealed = a.seal(b"x", "k").unwrap();
        let b = Sealer::load(None, dir.path()).unwrap();
        assert_eq!(b.open(&sealed, "k").unwrap(), b"x");
    }

    #[test]
    fn short_passphrases_are_refused() {
        assert!(Sealer::load(Some(&SecretString::from("short")), Path::new("/x")).is_err());
    }
}
