//! The provider's signing keys, for admins.

use async_trait::async_trait;

use super::{CurrentSession, ServiceResult};
use crate::model::SigningKeyInfo;

#[async_trait]
pub trait KeyService: Send + Sync {
    /// Every key in the JWKS, newest first (admins only).
    async fn signing_keys(&self, admin: &CurrentSession) -> ServiceResult<Vec<SigningKeyInfo>>;
    /// New current ES256 and RS256 keys; the old ones stay published until
    /// every token they signed has expired (admins only).
    async fn rotate_keys(&self, admin: &CurrentSession) -> ServiceResult<()>;
}
