//! `SystemService`: what members of an organisation do with its client
//! systems and their API keys (reading needs any role, changing needs
//! `developer`), and end users answering the drafts those systems made.

use app::domain::{ClientId, Role, SecretExpiry};
use app::error::AppError;
use app::model::{
    AnsweredDraft, CredentialInfo, DraftAnswer, DraftToConfirm, ListPage, NewCredential, PAGE_READ,
    SystemClient, SystemSummary, split_page,
};
use app::services::{CurrentSession, ServiceResult, SystemService, SystemSettings, doing};
use async_trait::async_trait;

use super::{Columns, SystemRecord, Systems, check_catalog, summary};
use crate::audit;
use crate::authz;
use crate::credentials::API_KEY;
use crate::paging::after_key;
use crate::store::credentials as credential_store;
use crate::store::systems as system_store;
use crate::store::{PageKey, clients as client_store, commit, now};

#[async_trait]
impl SystemService for Systems {
    async fn list_systems(
        &self,
        session: &CurrentSession,
        after: Option<&str>,
    ) -> ServiceResult<ListPage<SystemSummary>> {
        let org = &authz::active_org(session, Role::Viewer)?.org_id;
        let after = after_key(after)?;
        doing("listing client systems", async {
            let rows =
                system_store::page_in_org(self.db.pool(), org, now(), after.as_ref(), PAGE_READ)
                    .await?;
            let (rows, next_after) = split_page(rows, |r| {
                PageKey::new(r.system.created_at, r.system.id.clone()).text()
            });
            Ok(ListPage {
                rows: rows.into_iter().map(summary).collect(),
                next_after,
            })
        })
        .await
    }

    async fn create_system(
        &self,
        session: &CurrentSession,
        settings: SystemSettings,
    ) -> ServiceResult<SystemSummary> {
        let org = &authz::active_org(session, Role::Developer)?.org_id;
        doing("creating a client system", async {
            let id = uuid::Uuid::new_v4().to_string();
            let mut tx = self.db.begin().await?;
            check_catalog(&mut tx, &settings).await?;
            let columns = Columns::of(&settings);
            system_store::insert(
                &mut *tx,
                &id,
                org,
                &session.viewer.account_id,
                &columns.write(&settings),
                settings.auth_method,
                now(),
            )
            .await?;
            let record = SystemRecord::with(&id, &settings, settings.auth_method);
            audit::system(&mut tx, session, "system.created", &id, None, Some(&record)).await?;
            commit(tx).await?;
            self.member_summary(session, &id).await
        })
        .await
    }

    async fn update_system(
        &self,
        session: &CurrentSession,
        id: &str,
        settings: SystemSettings,
    ) -> ServiceResult<SystemSummary> {
        doing("updating a client system", async {
            let system = self.member_system(session, id, Role::Developer).await?;
            let mut tx = self.db.begin().await?;
            check_catalog(&mut tx, &settings).await?;
            let columns = Columns::of(&settings);
            system_store::update(&mut *tx, &system.id, &columns.write(&settings), now()).await?;
            let before = SystemRecord::of(&system);
            let after = SystemRecord::with(&system.id, &settings, system.auth_method);
            audit::system(
                &mut tx,
                session,
                "system.updated",
                &system.id,
                Some(&before),
                Some(&after),
            )
            .await?;
            commit(tx).await?;
            self.member_summary(session, id).await
        })
        .await
    }

    async fn delete_system(
        &self,
        session: &CurrentSession,
        id: &str,
        confirm_name: &str,
    ) -> ServiceResult<()> {
        doing("deleting a client system", async {
            let system = self.member_system(session, id, Role::Developer).await?;
            if confirm_name != system.name {
                return Err(AppError::invalid(
                    "confirm_name",
                    format!("Type {} to confirm.", system.name),
                )
                .into());
            }
            let mut tx = self.db.begin().await?;
            let now = now();
            system_store::soft_delete(&mut *tx, &system.id, now).await?;
            credential_store::revoke_all(&mut *tx, API_KEY.kind, &system.id, now).await?;
            let before = SystemRecord::of(&system);
            audit::system(
                &mut tx,
                session,
                "system.deleted",
                &system.id,
                Some(&before),
                None,
            )
            .await?;
            commit(tx).await?;
            Ok(())
        })
        .await
    }

    async fn system(&self, session: &CurrentSession, id: &str) -> ServiceResult<SystemSummary> {
        doing("loading a client system", self.member_summary(session, id)).await
    }

    async fn system_clients(
        &self,
        session: &CurrentSession,
        id: &str,
        after: Option<&str>,
    ) -> ServiceResult<ListPage<SystemClient>> {
        let after = after_key(after)?;
        doing("listing a system's clients", async {
            let system = self.member_system(session, id, Role::Viewer).await?;
            let rows =
                client_store::page_by_system(self.db.pool(), &system.id, after.as_ref(), PAGE_READ)
                    .await?;
            let (rows, next_after) =
                split_page(rows, |r| PageKey::new(r.created_at, r.id.clone()).text());
            let rows = rows
                .into_iter()
                .map(|row| SystemClient {
                    status: row.status,
                    scopes: row.scope_counts(),
                    confirmed_by: row.confirmed_by_email,
                    draft_expires_at: row.draft_expires_at,
                    client_id: row.id,
                    display_name: row.display_name,
                    created_at: row.created_at,
                })
                .collect();
            Ok(ListPage { rows, next_after })
        })
        .await
    }

    async fn api_keys(
        &self,
        session: &CurrentSession,
        id: &str,
        after: Option<&str>,
    ) -> ServiceResult<ListPage<CredentialInfo>> {
        doing("listing a system's API keys", async {
            let system = self.member_system(session, id, Role::Viewer).await?;
            API_KEY.page(&self.db, &system.id, after).await
        })
        .await
    }

    async fn create_api_key(
        &self,
        session: &CurrentSession,
        id: &str,
        description: String,
        expiry: SecretExpiry,
    ) -> ServiceResult<NewCredential> {
        doing("creating an API key", async {
            let system = self.member_system(session, id, Role::Developer).await?;
            let minted = API_KEY.mint(&self.hasher).await?;
            let mut tx = self.db.begin().await?;
            let key = API_KEY
                .store(
                    &mut tx,
                    session.into(),
                    &system.id,
                    minted,
                    description,
                    expiry,
                )
                .await?;
            commit(tx).await?;
            Ok(key)
        })
        .await
    }

    async fn revoke_api_key(
        &self,
        session: &CurrentSession,
        id: &str,
        key_id: &str,
    ) -> ServiceResult<()> {
        doing("revoking an API key", async {
            let system = self.member_system(session, id, Role::Developer).await?;
            let mut tx = self.db.begin().await?;
            API_KEY
                .revoke(&mut tx, session.into(), &system.id, key_id)
                .await?;
            commit(tx).await?;
            Ok(())
        })
        .await
    }

    async fn draft_to_confirm(
        &self,
        _session: &CurrentSession,
        client_id: &ClientId,
    ) -> ServiceResult<DraftToConfirm> {
        self.clients.draft_to_confirm(client_id).await
    }

    async fn answer_draft(
        &self,
        session: &CurrentSession,
        client_id: &ClientId,
        answer: DraftAnswer,
    ) -> ServiceResult<DraftAnswer> {
        self.clients.answer_draft(session, client_id, answer).await
    }

    async fn answered_drafts(
        &self,
        session: &CurrentSession,
        after: Option<&str>,
    ) -> ServiceResult<ListPage<AnsweredDraft>> {
        self.clients.answered_drafts(session, after).await
    }

    async fn withdraw_confirmation(
        &self,
        session: &CurrentSession,
        client_id: &ClientId,
    ) -> ServiceResult<()> {
        self.clients.withdraw_confirmation(session, client_id).await
    }
}
