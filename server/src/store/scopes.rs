//! The scope catalog kept by admins.

use super::{Exec, StoreResult};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ScopeRow {
    pub name: String,
    pub description: String,
    pub resource: String,
    pub requires_approval: i64,
    pub enabled: i64,
}

pub async fn list(ex: impl Exec<'_>) -> StoreResult<Vec<ScopeRow>> {
    Ok(sqlx::query_as(
        "SELECT name, description, resource, requires_approval, enabled FROM scopes ORDER BY name",
    )
    .fetch_all(ex)
    .await?)
}

pub async fn find(ex: impl Exec<'_>, name: &str) -> StoreResult<Option<ScopeRow>> {
    Ok(sqlx::query_as("SELECT name, description, resource, requires_approval, enabled FROM scopes WHERE name = $1")
        .bind(name)
        .fetch_optional(ex)
        .await?)
}

/// Inserts or updates by name.
pub async fn save(ex: impl Exec<'_>, row: &ScopeRow, now: i64) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO scopes (name, description, resource, requires_approval, enabled, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $6) \
         ON CONFLICT (name) DO UPDATE SET description = $2, resource = $3, requires_approval = $4, enabled = $5, updated_at = $6",
    )
    .bind(&row.name)
    .bind(&row.description)
    .bind(&row.resource)
    .bind(row.requires_approval)
    .bind(row.enabled)
    .bind(now)
    .execute(ex)
    .await?;
    Ok(())
}
