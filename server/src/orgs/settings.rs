//! Creating an organisation, its settings, deleting it, its history, and
//! which organisation a person's pages act for.

use app::domain::Role;
use app::error::AppError;
use app::model::{AuditPage, OrgSummary, PAGE_READ, split_page};
use app::services::{CurrentSession, OrgSettings, ServiceResult};

use super::Orgs;
use super::personal::{self, OrgRecord, new_prefix};
use crate::audit;
use crate::authz;
use crate::store::orgs::{self as org_store, OrgRow, OrgWrite};
use crate::store::{commit, invitations as invitation_store, now, sessions};

impl Orgs {
    pub(super) async fn create(
        &self,
        session: &CurrentSession,
        settings: OrgSettings,
    ) -> ServiceResult<OrgSummary> {
        if !session.viewer.is_developer {
            return Err(AppError::Forbidden.into());
        }
        let org = OrgRow {
            id: uuid::Uuid::new_v4().to_string(),
            name: settings.name.as_ref().to_owned(),
            description: settings.description.trim().to_owned(),
            org_number: settings.org_number.map(String::from),
            client_prefix: new_prefix(),
            personal_of: None,
            created_at: now(),
        };
        let mut tx = self.db.begin().await?;
        personal::create(&mut tx, session.into(), &org, &session.viewer.account_id).await?;
        sessions::set_org(&mut *tx, &session.session_key, &org.id).await?;
        commit(tx).await?;
        tracing::info!(org_id = %org.id, "organisation created");
        self.summary(&org.id).await
    }

    pub(super) async fn update(
        &self,
        session: &CurrentSession,
        org_id: &str,
        settings: OrgSettings,
    ) -> ServiceResult<OrgSummary> {
        authz::member(session, org_id, Role::Owner)?;
        let mut tx = self.db.begin().await?;
        let before = org_store::find(&mut *tx, org_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let description = settings.description.trim();
        let write = OrgWrite {
            name: settings.name.as_ref(),
            description,
            org_number: settings.org_number.as_ref().map(AsRef::as_ref),
        };
        org_store::update(&mut *tx, org_id, &write, now()).await?;
        let after = OrgRow {
            name: write.name.to_owned(),
            description: description.to_owned(),
            org_number: write.org_number.map(str::to_owned),
            ..before.clone()
        };
        audit::org(
            &mut tx,
            session,
            "org.updated",
            org_id,
            Some(&OrgRecord::of(&before)),
            Some(&OrgRecord::of(&after)),
        )
        .await?;
        // Tokens of its clients name the organisation and its number.
        let number_changed = before.org_number != after.org_number;
        if number_changed {
            self.verified.client_changed(&mut tx).await?;
        }
        commit(tx).await?;
        if number_changed {
            self.verified.forget_clients();
        }
        self.summary(org_id).await
    }

    pub(super) async fn delete(
        &self,
        session: &CurrentSession,
        org_id: &str,
        confirm_name: &str,
    ) -> ServiceResult<()> {
        authz::member(session, org_id, Role::Owner)?;
        let listing = org_store::listing(self.db.pool(), org_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let org = &listing.org;
        if org.personal_of.is_some() {
            return Err(
                AppError::invalid("form", "A personal organisation cannot be deleted.").into(),
            );
        }
        if listing.clients > 0 || listing.systems > 0 {
            return Err(AppError::invalid(
                "form",
                format!(
                    "{} still owns {} client(s) and {} client system(s). Delete or move them first.",
                    org.name, listing.clients, listing.systems
                ),
            )
            .into());
        }
        if confirm_name.trim() != org.name {
            return Err(AppError::invalid(
                "confirm_name",
                format!("Type {} to confirm.", org.name),
            )
            .into());
        }
        let mut tx = self.db.begin().await?;
        let now = now();
        org_store::soft_delete(&mut *tx, org_id, now).await?;
        org_store::remove_all_members(&mut *tx, org_id).await?;
        invitation_store::revoke_all(&mut *tx, org_id, now).await?;
        audit::org(
            &mut tx,
            session,
            "org.deleted",
            org_id,
            Some(&OrgRecord::of(org)),
            None,
        )
        .await?;
        commit(tx).await?;
        tracing::info!(%org_id, "organisation deleted");
        Ok(())
    }

    pub(super) async fn history_of(
        &self,
        session: &CurrentSession,
        org_id: &str,
        before: Option<i64>,
    ) -> ServiceResult<AuditPage> {
        authz::member(session, org_id, Role::Owner)?;
        let filter = audit::Filter {
            org_id: Some(org_id),
            before_id: before,
            ..Default::default()
        };
        let rows = audit::entries(&self.db, filter, PAGE_READ).await?;
        let (entries, next_before) = split_page(rows, |e| e.id);
        Ok(AuditPage {
            entries,
            next_before,
        })
    }

    pub(super) async fn switch(&self, session: &CurrentSession, org_id: &str) -> ServiceResult<()> {
        authz::member(session, org_id, Role::Viewer)?;
        sessions::set_org(self.db.pool(), &session.session_key, org_id).await?;
        Ok(())
    }
}
