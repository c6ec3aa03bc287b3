//! The scope catalog.

use app::model::ScopeInfo;
use app::services::{CurrentSession, ScopeDefinition, ServiceResult};

use super::Clients;
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
    pub(super) async fn catalog(&self, include_disabled: bool) -> ServiceResult<Vec<ScopeInfo>> {
        let rows = scope_store::list(&self.db).await?;
        Ok(rows
            .into_iter()
            .filter(|r| include_disabled || r.enabled != 0)
            .map(info)
            .collect())
    }

    pub(super) async fn save_catalog_entry(
        &self,
        admin: &CurrentSession,
        scope: ScopeDefinition,
    ) -> ServiceResult<ScopeInfo> {
        let before = scope_store::find(&self.db, scope.name.as_ref())
            .await?
            .map(info);
        let row = ScopeRow {
            name: scope.name.as_ref().to_owned(),
            description: scope.description,
            resource: scope.resource,
            requires_approval: i64::from(scope.requires_approval),
            enabled: i64::from(scope.enabled),
        };
        scope_store::save(&self.db, &row, now()).await?;
        let after = info(row);
        let action = if before.is_some() {
            "scope.updated"
        } else {
            "scope.created"
        };
        self.audit
            .other(admin, action, before.as_ref(), Some(&after))
            .await?;
        Ok(after)
    }
}
