//! The scope catalog: what clients may request, with the descriptions end
//! users see.

use app::model::ScopeInfo;
use app::services::{CurrentSession, ScopeDefinition, ServiceResult};

use crate::audit;
use crate::clients::Clients;
use crate::store::commit;
use crate::store::now;
use crate::store::scopes::{self as scope_store, ScopeRow};

fn info(row: ScopeRow) -> ScopeInfo {
    ScopeInfo {
        name: row.name,
        description: row.description,
        resource: row.resource,
        requires_approval: row.requires_approval != 0,
        enabled: row.enabled != 0,
    }
}

impl Clients {
    /// The catalog; disabled scopes only when `include_disabled`.
    pub(in crate::clients) async fn catalog(
        &self,
        include_disabled: bool,
    ) -> ServiceResult<Vec<ScopeInfo>> {
        let rows = scope_store::list(self.db.pool()).await?;
        Ok(rows
            .into_iter()
            .filter(|r| include_disabled || r.enabled != 0)
            .map(info)
            .collect())
    }

    /// Adds or edits a scope. A disabled scope or a new resource changes
    /// what tokens may carry, so the provider's caches are dropped too.
    pub(super) async fn save_catalog_entry(
        &self,
        admin: &CurrentSession,
        scope: ScopeDefinition,
    ) -> ServiceResult<ScopeInfo> {
        let mut tx = self.db.begin().await?;
        let before = scope_store::find(&mut *tx, scope.name.as_ref())
            .await?
            .map(info);
        let row = ScopeRow {
            name: scope.name.as_ref().to_owned(),
            description: scope.description,
            resource: scope.resource,
            requires_approval: i64::from(scope.requires_approval),
            enabled: i64::from(scope.enabled),
        };
        scope_store::save(&mut *tx, &row, now()).await?;
        let after = info(row);
        let action = if before.is_some() {
            "scope.updated"
        } else {
            "scope.created"
        };
        audit::other(&mut tx, admin, action, before.as_ref(), Some(&after)).await?;
        self.verified.client_changed(&mut tx).await?;
        commit(tx).await?;
        self.verified.forget_clients();
        Ok(after)
    }
}
