//! What admins see of organisations: search by name, number or prefix,
//! and one organisation with its members and clients.

use app::model::{OrgForAdmin, OrgSummary};
use app::services::{CurrentSession, ServiceResult};

use super::members::member;
use super::{Orgs, summary};
use crate::authz::require_admin;
use crate::clients::detail;
use crate::store::clients as client_store;
use crate::store::now;
use crate::store::orgs as org_store;

/// How many organisations one search shows.
const SEARCH_LIMIT: i64 = 100;

impl Orgs {
    pub(super) async fn search(
        &self,
        admin: &CurrentSession,
        query: &str,
    ) -> ServiceResult<Vec<OrgSummary>> {
        require_admin(admin)?;
        Ok(org_store::search(self.db.pool(), query, SEARCH_LIMIT)
            .await?
            .into_iter()
            .map(summary)
            .collect())
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
        let rows = client_store::list_in_org(self.db.pool(), org_id).await?;
        let secrets = client_store::secret_summaries(self.db.pool(), org_id, now()).await?;
        let clients = rows
            .into_iter()
            .map(|row| detail::summary(row, &secrets))
            .collect();
        Ok(OrgForAdmin {
            org,
            members,
            clients,
        })
    }
}
