//! `/admin/keys`: admins list the signing keys and rotate them.

use app::model::SigningKeyInfo;
use app::services::{CurrentSession, KeyService, ServiceResult};
use async_trait::async_trait;

use super::Provider;
use crate::clients::{Auditor, require_admin};

#[async_trait]
impl KeyService for Provider {
    async fn signing_keys(&self, admin: &CurrentSession) -> ServiceResult<Vec<SigningKeyInfo>> {
        require_admin(admin)?;
        let mut seen_current: Vec<String> = Vec::new();
        Ok(self
            .keys
            .published()
            .await?
            .into_iter()
            .map(|(row, published_until)| {
                // Newest first: the first live key of each algorithm signs.
                let current = row.retired_at.is_none() && !seen_current.contains(&row.alg);
                if current {
                    seen_current.push(row.alg.clone());
                }
                SigningKeyInfo {
                    kid: row.kid,
                    alg: row.alg,
                    created_at: row.created_at,
                    retired_at: row.retired_at,
                    published_until,
                    current,
                }
            })
            .collect())
    }

    async fn rotate_keys(&self, admin: &CurrentSession) -> ServiceResult<()> {
        require_admin(admin)?;
        let before: Vec<String> = self
            .keys
            .published()
            .await?
            .into_iter()
            .map(|(k, _)| k.kid)
            .collect();
        let added = self
            .keys
            .rotate()
            .await
            .map_err(|e| app::services::ServiceError::Internal(e.into()))?;
        Auditor::new(self.db.clone())
            .other(admin, "keys.rotated", Some(&before), Some(&added))
            .await
    }
}
