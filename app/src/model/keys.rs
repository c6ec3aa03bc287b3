use serde::{Deserialize, Serialize};

/// A signing key as admins see it: never its private half.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SigningKeyInfo {
    pub kid: String,
    /// `ES256` or `RS256`.
    pub alg: String,
    pub created_at: i64,
    /// It signs from then on (published before, so every replica and
    /// relying party can verify its tokens from the first one).
    pub activates_at: i64,
    /// It stops signing then.
    pub retired_at: Option<i64>,
    /// When a retired key leaves the JWKS (Unix seconds).
    pub published_until: Option<i64>,
    /// Signs new tokens now.
    pub current: bool,
}
