//! `ClientAdminService`: what admins decide about every client. Every
//! method checks the admin role first.

mod approvals;
mod catalog;

use app::domain::{ClientId, ScopeName};
use app::error::AppError;
use app::model::{
    AdminClient, AuditPage, ClientDetail, ListPage, PAGE_READ, PendingClient, PendingScope,
    QUEUE_PAGE_SIZE, ScopeInfo, split_page, split_page_of,
};
use app::services::{
    AuditFilter, ClientAdminService, CurrentSession, ScopeDefinition, ServiceResult, doing,
};
use async_trait::async_trait;

use super::{Clients, detail};
use crate::audit;
use crate::authz::require_admin;
use crate::paging::after_key;
use crate::store::PageKey;
use crate::store::clients as client_store;

#[async_trait]
impl ClientAdminService for Clients {
    async fn full_catalog(&self, admin: &CurrentSession) -> ServiceResult<Vec<ScopeInfo>> {
        require_admin(admin)?;
        doing("reading the whole scope catalog", self.catalog(true)).await
    }

    async fn save_scope(
        &self,
        admin: &CurrentSession,
        scope: ScopeDefinition,
    ) -> ServiceResult<ScopeInfo> {
        require_admin(admin)?;
        doing(
            "saving a catalog scope",
            self.save_catalog_entry(admin, scope),
        )
        .await
    }

    async fn audit(
        &self,
        admin: &CurrentSession,
        filter: AuditFilter,
        before_id: Option<i64>,
    ) -> ServiceResult<AuditPage> {
        require_admin(admin)?;
        doing("reading the audit log", async {
            let client = audit::ClientSearch::of(&self.db, &filter).await?;
            let store_filter = audit::filter_of(&filter, client.as_ref(), before_id);
            let rows = audit::entries(&self.db, store_filter, PAGE_READ).await?;
            let (entries, next_before) = split_page(rows, |e| e.id);
            Ok(AuditPage {
                next_before,
                entries,
            })
        })
        .await
    }

    async fn pending_clients(
        &self,
        admin: &CurrentSession,
        after: Option<&str>,
    ) -> ServiceResult<ListPage<PendingClient>> {
        require_admin(admin)?;
        let after = after_key(after)?;
        doing("listing clients that wait for approval", async {
            let mut out: Vec<PendingClient> = Vec::new();
            let rows = client_store::pending_page(
                self.db.pool(),
                after.as_ref(),
                QUEUE_PAGE_SIZE as i64 + 1,
            )
            .await?;
            for row in rows {
                let scope = PendingScope {
                    scope: row.scope,
                    description: row.scope_description.unwrap_or_default(),
                    resource: row.scope_resource.unwrap_or_default(),
                };
                match out.last_mut() {
                    Some(last) if last.client_id == row.client_id => {
                        last.pending_scopes.push(scope)
                    }
                    _ => out.push(PendingClient {
                        client_id: row.client_id,
                        display_name: row.display_name,
                        org_name: row.org_name,
                        org_number: row.org_number,
                        pending_scopes: vec![scope],
                        redirect_uris: row.redirect_uris.into_vec(),
                        created_by: row.created_by_email,
                        system_name: row.system_name,
                        confirmed_by: row.confirmed_by_email,
                        created_at: row.created_at,
                    }),
                }
            }
            let (rows, next) = split_page_of(QUEUE_PAGE_SIZE, out, |c| {
                PageKey::new(c.created_at, c.client_id.clone()).text()
            });
            Ok(ListPage {
                rows,
                next_after: next,
            })
        })
        .await
    }

    async fn decide_scope(
        &self,
        admin: &CurrentSession,
        id: &ClientId,
        scope: &ScopeName,
        grant: bool,
        reason: String,
    ) -> ServiceResult<()> {
        require_admin(admin)?;
        doing(
            "deciding on a scope",
            self.decide(admin, id, scope, grant, reason),
        )
        .await
    }

    async fn decide_client(
        &self,
        admin: &CurrentSession,
        id: &ClientId,
        approve: bool,
        reason: String,
    ) -> ServiceResult<()> {
        require_admin(admin)?;
        doing(
            "deciding on a client",
            self.decide_whole(admin, id, approve, reason),
        )
        .await
    }

    async fn all_clients(
        &self,
        admin: &CurrentSession,
        search: &str,
        after: Option<&str>,
    ) -> ServiceResult<ListPage<AdminClient>> {
        require_admin(admin)?;
        doing("listing every client", async {
            let rows = client_store::page_all(self.db.pool(), search, after, PAGE_READ).await?;
            let (rows, next_after) = split_page(rows, |row| row.id.clone());
            let rows = rows
                .into_iter()
                .map(|row| AdminClient {
                    status: row.status,
                    scopes: row.scope_counts(),
                    client_id: row.id,
                    display_name: row.display_name,
                    org_name: row.org_name,
                    org_number: row.org_number,
                    status_reason: row.status_reason,
                })
                .collect();
            Ok(ListPage { rows, next_after })
        })
        .await
    }

    async fn client(&self, admin: &CurrentSession, id: &ClientId) -> ServiceResult<ClientDetail> {
        require_admin(admin)?;
        doing("reading a client for an admin", async {
            let mut conn = self.db.acquire().await?;
            Ok(detail::load(&mut conn, &id.to_string()).await?)
        })
        .await?
        .ok_or_else(|| AppError::NotFound.into())
    }

    async fn set_suspended(
        &self,
        admin: &CurrentSession,
        id: &ClientId,
        suspended: bool,
        reason: String,
    ) -> ServiceResult<()> {
        require_admin(admin)?;
        doing(
            "suspending or reinstating a client",
            self.suspend(admin, id, suspended, reason),
        )
        .await
    }
}
