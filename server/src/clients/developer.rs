//! `ClientService`: what members of an organisation do with its clients.
//! Reading needs any role there, changing needs `developer`.

use std::net::IpAddr;

use app::domain::{ClientId, ClientPrefix, Role, SecretExpiry, Suffix};
use app::error::AppError;
use app::model::{
    AuditPage, ClientDetail, ClientOrder, ClientSummary, CredentialInfo, ExpiringCredential,
    ListPage, NewCredential, PAGE_READ, ScopeInfo, TestRun, split_page,
};
use app::services::{
    ClientService, ClientSettings, Context as _, CurrentSession, PastedSecret, ServiceError,
    ServiceResult, doing,
};
use async_trait::async_trait;

use super::change::Access;
use super::settings::{self, Inserted, NewClient, suffix_taken};
use super::{Clients, detail, test_run};
use crate::audit;
use crate::authz;
use crate::credentials::CLIENT_SECRET;
use crate::paging::{after_key, after_name};
use crate::store::clients::{self as client_store, ClientRow, InOrgFrom, Origin};
use crate::store::commit;
use crate::store::now;
use crate::store::{NameKey, PageKey};

impl Clients {
    /// The client if the caller's role in its organisation allows
    /// `needed`; someone outside it gets "not found", whether it exists or
    /// not, so ids of other organisations' clients are not confirmed.
    async fn member_client(
        &self,
        session: &CurrentSession,
        id: &ClientId,
        needed: Role,
    ) -> ServiceResult<ClientRow> {
        let row = client_store::find_live(self.db.pool(), &id.to_string())
            .await?
            .ok_or(AppError::NotFound)?;
        authz::member(session, &row.org_id, needed)?;
        Ok(row)
    }
}

#[async_trait]
impl ClientService for Clients {
    async fn scope_catalog(&self) -> ServiceResult<Vec<ScopeInfo>> {
        self.catalog(false)
            .await
            .context("reading the scope catalog")
    }

    async fn list_clients(
        &self,
        session: &CurrentSession,
        search: &str,
        order: ClientOrder,
        after: Option<&str>,
    ) -> ServiceResult<ListPage<ClientSummary>> {
        let org = &authz::active_org(session, Role::Viewer)?.org_id;
        // The cursor is read in the order's own key (a 400 when it is not).
        let (newest, by_name);
        let from = match order {
            ClientOrder::Newest => {
                newest = after_key(after)?;
                InOrgFrom::Newest(newest.as_ref())
            }
            ClientOrder::Name => {
                by_name = after_name(after)?;
                InOrgFrom::Name(by_name.as_ref())
            }
        };
        doing("listing an organisation's clients", async {
            let rows =
                client_store::page_in_org(self.db.pool(), org, search, from, now(), PAGE_READ)
                    .await?;
            let (rows, next) = split_page(rows, |c| match order {
                ClientOrder::Newest => PageKey::new(c.row.created_at, c.row.id.clone()).text(),
                ClientOrder::Name => NameKey::new(c.name_key.clone(), c.row.id.clone()).text(),
            });
            Ok(ListPage {
                rows: rows.into_iter().map(detail::listed).collect(),
                next_after: next,
            })
        })
        .await
    }

    async fn expiring_credentials(
        &self,
        session: &CurrentSession,
    ) -> ServiceResult<Vec<ExpiringCredential>> {
        const DAY: i64 = 24 * 3600;
        let org = &authz::active_org(session, Role::Viewer)?.org_id;
        let now = now();
        let rows = crate::store::notices::expiring(
            self.db.pool(),
            now - 7 * DAY,
            now + 30 * DAY,
            Some(org),
        )
        .await?;
        Ok(rows
            .into_iter()
            .map(|c| ExpiringCredential {
                kind: c.what,
                id: c.id,
                description: c.description,
                owner_id: c.owner_id,
                owner_name: c.owner_name,
                days_left: (c.expires_at - now).div_euclid(DAY),
                expired: c.expires_at <= now,
                expires_at: c.expires_at,
                last_used_at: c.last_used_at,
            })
            .collect())
    }

    async fn create_client(
        &self,
        session: &CurrentSession,
        suffix: Suffix,
        settings: ClientSettings,
    ) -> ServiceResult<ClientDetail> {
        let org = authz::active_org(session, Role::Developer)?;
        let prefix = ClientPrefix::parse(&org.client_prefix)
            .map_err(|e| ServiceError::internal("reading an organisation's prefix", e))?;
        let id = ClientId::new(prefix, suffix);
        doing("creating a client", async {
            let mut tx = self.db.begin().await?;
            let client = NewClient {
                id: &id,
                org_id: &org.org_id,
                created_by: Some(&session.viewer.account_id),
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
            let row = self.member_client(session, id, Role::Viewer).await?;
            let mut conn = self.db.acquire().await?;
            Ok(detail::of_row(&mut conn, row).await?)
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
                .begin_change(&id.to_string(), Access::Member(session, Role::Developer))
                .await?;
            self.rewrite(session.into(), change, settings).await
        })
        .await
    }

    async fn delete_client(&self, session: &CurrentSession, id: &ClientId) -> ServiceResult<()> {
        doing("deleting a client", async {
            let change = self
                .begin_change(&id.to_string(), Access::Member(session, Role::Developer))
                .await?;
            self.remove(session.into(), change).await
        })
        .await
    }

    async fn secrets(
        &self,
        session: &CurrentSession,
        id: &ClientId,
        after: Option<&str>,
    ) -> ServiceResult<ListPage<CredentialInfo>> {
        doing("listing a client's secrets", async {
            let row = self.member_client(session, id, Role::Viewer).await?;
            CLIENT_SECRET.page(&self.db, &row.id, after).await
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
            let row = self.member_client(session, id, Role::Developer).await?;
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
            let row = self.member_client(session, id, Role::Developer).await?;
            self.revoke_secret_of(session.into(), &row, secret_id).await
        })
        .await
    }

    async fn history(
        &self,
        session: &CurrentSession,
        id: &ClientId,
        before: Option<i64>,
    ) -> ServiceResult<AuditPage> {
        doing("reading a client's history", async {
            let row = self.member_client(session, id, Role::Viewer).await?;
            let filter = audit::Filter {
                client_id: Some(&row.id),
                before_id: before,
                ..Default::default()
            };
            let rows = audit::entries(&self.db, filter, PAGE_READ).await?;
            let (entries, next_before) = split_page(rows, |e| e.id);
            Ok(AuditPage {
                entries,
                next_before,
            })
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
            .member_client(session, id, Role::Developer)
            .await
            .context("loading a client to test")?;
        Ok(test_run::run(&self.provider, &row, secret, from).await)
    }
}
