//! Standard Webhooks signatures: `webhook-signature: v1,<base64 of
//! HMAC-SHA256(key, "<webhook-id>.<webhook-timestamp>.<body>")>`, where the
//! key is the base64 after `whsec_` in the secret.

use aws_lc_rs::hmac;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use crate::crypto::tokens::random_bytes;

const PREFIX: &str = "whsec_";

/// A fresh secret: 32 random bytes as `whsec_<base64>`.
pub fn new_secret() -> String {
    format!("{PREFIX}{}", STANDARD.encode(random_bytes()))
}

/// The `webhook-signature` header value, or `None` for a malformed secret.
pub fn sign(secret: &str, id: &str, timestamp: i64, body: &str) -> Option<String> {
    let key = STANDARD.decode(secret.strip_prefix(PREFIX)?).ok()?;
    let key = hmac::Key::new(hmac::HMAC_SHA256, &key);
    let tag = hmac::sign(&key, format!("{id}.{timestamp}.{body}").as_bytes());
    Some(format!("v1,{}", STANDARD.encode(tag.as_ref())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_an_independent_implementation() {
        // Computed with Python's hmac and base64 modules, following the
        // Standard Webhooks specification.
        let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        let signature = sign(
            secret,
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            1614265330,
            r#"{"test": 2432232314}"#,
        );
        assert_eq!(signature.as_deref(), Some(EXPECTED));
    }

    const EXPECTED: &str = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    #[test]
    fn a_new_secret_is_32_bytes_and_signs() {
        let secret = new_secret();
        assert!(secret.starts_with("whsec_"));
        let key = STANDARD.decode(&secret[6..]).unwrap();
        assert_eq!(key.len(), 32);
        assert!(sign(&secret, "msg_1", 1, "{}").unwrap().starts_with("v1,"));
        assert_eq!(sign("not-a-secret", "msg_1", 1, "{}"), None);
    }
}
