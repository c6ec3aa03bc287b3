//! `ClientService`: what a developer does with the clients they own.

use std::net::IpAddr;

use app::domain::{ClientId, SecretExpiry, Suffix};
use app::model::{
    AuditEntry, ClientDetail, ClientSummary, CredentialInfo, NewCredential, ScopeInfo, TestRun,
};
use app::services::{
    ClientService, ClientSettings, Context as _, CurrentSession, PastedSecret, ServiceResult, doing,
};
use async_trait::async_trait;

use super::settings::{self, Inserted, NewClient, suffix_taken};
use super::{Clients, detail, test_run};
use crate::audit;
use crate::authz::developer_prefix;
use crate::credentials::CLIENT_SECRET;
use crate::store::clients::{self as client_store, ClientRow, Origin};
use crate::store::commit;
use crate::store::now;

impl Clients {
    /// The client if the caller owns it; otherwise "not found", whether it
    /// exists or not, so ids of other developers' clients are not confirmed.
    async fn owned(&self, session: &CurrentSession, id: &ClientId) -> ServiceResult<ClientRow> {
        client_store::find_owned(self.db.pool(), &id.to_string(), &session.viewer.account_id)
            .await?
            .ok_or_else(|| app::error::AppError::NotFound.into())
    }
}

#[async_trait]
impl ClientService for Clients {
    async fn scope_catalog(&self) -> ServiceResult<Vec<ScopeInfo>> {
        self.catalog(false)
            .await
            .context("reading the scope catalog")
    }

    async fn list_clients(&self, session: &CurrentSession) -> ServiceResult<Vec<ClientSummary>> {
        developer_prefix(session)?;
        let owner = &session.viewer.account_id;
        doing("listing a developer's clients", async {
            let rows = client_store::list_owned(self.db.pool(), owner).await?;
            let secrets = client_store::secret_summaries(self.db.pool(), owner, now()).await?;
            Ok(rows
                .into_iter()
                .map(|row| detail::summary(row, &secrets))
                .collect())
        })
        .await
    }

    async fn create_client(
        &self,
        session: &CurrentSession,
        suffix: Suffix,
        settings: ClientSettings,
    ) -> ServiceResult<ClientDetail> {
        let id = ClientId::new(developer_prefix(session)?, suffix);
        doing("creating a client", async {
            let mut tx = self.db.begin().await?;
            let client = NewClient {
                id: &id,
                owner_id: &session.viewer.account_id,
                settings: &settings,
                origin: Origin::Portal,
            };
            match settings::insert(&mut tx, client, session.into(), "client.created").await? {
                Inserted::Created(created) => {
                    commit(tx).await?;
                    Ok(*created)
                }
                Inserted::SuffixUsed => Err(suffix_taken(&id).into()),
            }
        })
        .await
    }

    async fn client(&self, session: &CurrentSession, id: &ClientId) -> ServiceResult<ClientDetail> {
        doing("loading a client", async {
            let mut conn = self.db.acquire().await?;
            detail::load(&mut conn, &id.to_string(), Some(&session.viewer.account_id))
                .await?
                .ok_or_else(|| app::error::AppError::NotFound.into())
        })
        .await
    }

    async fn update_client(
        &self,
        session: &CurrentSession,
        id: &ClientId,
        settings: ClientSettings,
    ) -> ServiceResult<ClientDetail> {
        doing("updating a client", async {
            let change = self
                .begin_change(&id.to_string(), Some(&session.viewer.account_id))
                .await?;
            self.rewrite(session.into(), change, settings).await
        })
        .await
    }

    async fn delete_client(&self, session: &CurrentSession, id: &ClientId) -> ServiceResult<()> {
        doing("deleting a client", async {
            let change = self
                .begin_change(&id.to_string(), Some(&session.viewer.account_id))
                .await?;
            self.remove(session.into(), change).await
        })
        .await
    }

    async fn secrets(
        &self,
        session: &CurrentSession,
        id: &ClientId,
    ) -> ServiceResult<Vec<CredentialInfo>> {
        doing("listing a client's secrets", async {
            let row = self.owned(session, id).await?;
            Ok(CLIENT_SECRET.list(&self.db, &row.id).await?)
        })
        .await
    }

    async fn create_secret(
        &self,
        session: &CurrentSession,
        id: &ClientId,
        description: String,
        expiry: SecretExpiry,
    ) -> ServiceResult<NewCredential> {
        doing("creating a client secret", async {
            let row = self.owned(session, id).await?;
            self.add_secret(session.into(), &row, description, expiry)
                .await
        })
        .await
    }

    async fn revoke_secret(
        &self,
        session: &CurrentSession,
        id: &ClientId,
        secret_id: &str,
    ) -> ServiceResult<()> {
        doing("revoking a client secret", async {
            let row = self.owned(session, id).await?;
            self.revoke_secret_of(session.into(), &row, secret_id).await
        })
        .await
    }

    async fn history(
        &self,
        session: &CurrentSession,
        id: &ClientId,
    ) -> ServiceResult<Vec<AuditEntry>> {
        doing("reading a client's history", async {
            let row = self.owned(session, id).await?;
            Ok(audit::entries(&self.db, Some(&row.id), None).await?)
        })
        .await
    }

    fn max_secret_months(&self) -> u32 {
        self.max_secret_months
    }

    async fn run_test(
        &self,
        session: &CurrentSession,
        id: &ClientId,
        secret: PastedSecret,
        from: IpAddr,
    ) -> ServiceResult<TestRun> {
        let row = self
            .owned(session, id)
            .await
            .context("loading a client to test")?;
        Ok(test_run::run(&self.provider, &row, secret, from).await)
    }
}
