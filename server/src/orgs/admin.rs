//! What admins see of organisations: search by name, number or prefix,
//! and one organisation with its members and clients.

use app::model::{ListPage, OrgForAdmin, OrgSummary, PAGE_READ, PAGE_SIZE, split_page};
use app::services::{CurrentSession, ServiceResult};

use super::members::member;
use super::{Orgs, summary};
use crate::authz::require_admin;
use crate::clients::detail;
use crate::store::clients as client_store;
use crate::store::now;
use crate::store::orgs as org_store;

impl Orgs {
    pub(super) async fn search(
        &self,
        admin: &CurrentSession,
        query: &str,
        after: Option<&str>,
    ) -> ServiceResult<ListPage<OrgSummary>> {
        require_admin(admin)?;
        let rows = org_store::search(self.db.pool(), query, after, PAGE_READ).await?;
        let (rows, next_after) = split_page(rows, |r| r.org.id.clone());
        Ok(ListPage {
            rows: rows.into_iter().map(summary).collect(),
            next_after,
        })
    }

    pub(super) async fn for_admin(
        &self,
        admin: &CurrentSession,
        org_id: &str,
    ) -> ServiceResult<OrgForAdmin> {
        require_admin(admin)?;
        let org = self.summary(org_id).await?;
        let members = org_store::members(self.db.pool(), org_id)
            .await?
            .into_iter()
            .map(member)
            .collect();
        // The newest page; the approvals page searches all of them.
        let rows = client_store::page_in_org(
            self.db.pool(),
            org_id,
            "",
            client_store::InOrgFrom::Newest(None),
            now(),
            PAGE_SIZE as i64,
        )
        .await?;
        let clients = rows.into_iter().map(detail::listed).collect();
        Ok(OrgForAdmin {
            org,
            members,
            clients,
        })
    }
}
