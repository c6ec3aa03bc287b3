//! `/admin/keys`: admins list the signing keys and rotate them.

use app::model::SigningKeyInfo;
use app::services::{CurrentSession, KeyService, ServiceError, ServiceResult, doing};
use async_trait::async_trait;

use super::signs_at;
use crate::authz::require_admin;
use crate::oidc::Provider;
use crate::store::now;

#[async_trait]
impl KeyService for Provider {
    async fn signing_keys(&self, admin: &CurrentSession) -> ServiceResult<Vec<SigningKeyInfo>> {
        require_admin(admin)?;
        doing("listing the signing keys", async {
            let now = now();
            let mut seen_current = Vec::new();
            Ok(self
                .keys
                .published()
                .await?
                .into_iter()
                .map(|(row, published_until)| {
                    // Newest first: the first active key of each algorithm signs.
                    let current = signs_at(&row, now) && !seen_current.contains(&row.alg);
                    if current {
                        seen_current.push(row.alg);
                    }
                    SigningKeyInfo {
                        kid: row.kid,
                        alg: row.alg.to_string(),
                        created_at: row.created_at,
                        activates_at: row.activates_at,
                        retired_at: row.retired_at,
                        published_until,
                        current,
                    }
                })
                .collect())
        })
        .await
    }

    async fn rotate_keys(&self, admin: &CurrentSession) -> ServiceResult<()> {
        require_admin(admin)?;
        self.keys
            .rotate(admin.into())
            .await
            .map(drop)
            .map_err(|e| ServiceError::internal("rotating the signing keys", e))
    }
}
