//! Random tokens (sessions, setup links) and their stored hashes.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore as _;
use sha2::{Digest, Sha256};

/// 32 random bytes from the OS generator.
pub fn random_bytes() -> [u8; 32] {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    bytes
}

/// A 256-bit token, URL-safe base64 (43 characters).
pub fn random_token() -> String {
    URL_SAFE_NO_PAD.encode(random_bytes())
}

/// What the database keeps instead of a token: SHA-256, hex. A fast hash is
/// right here (unlike passwords) because the token has 256 bits of entropy.
pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_unique_and_url_safe() {
        let a = random_token();
        let b = random_token();
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert!(
            a.bytes()
                .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
        );
    }

    #[test]
    fn hash_is_stable_and_not_the_token() {
        assert_eq!(hash_token("x"), hash_token("x"));
        assert_ne!(hash_token("x"), "x");
        assert_eq!(hash_token("x").len(), 64);
    }
}
