//! Organisations own clients, client systems, API keys and drafts; people
//! act in them as members with a role (`authz.rs` is the gate). This is
//! the `OrgService` the pages call: settings (`settings.rs`), members
//! (`members.rs`), invitations (`invitations.rs`), moves between
//! organisations (`moves.rs`) and the admins' view (`admin.rs`). Every
//! developer has a personal organisation (`personal.rs`).

mod admin;
mod invitations;
mod members;
mod moves;
pub mod personal;
mod service;
mod settings;

use std::sync::Arc;

use app::error::AppError;
use app::model::OrgSummary;
use app::services::ServiceResult;

use crate::oidc::Verified;
use crate::outbox::Outbox;
use crate::store::Db;
use crate::store::orgs::{self as org_store, OrgListing};

pub struct Orgs {
    db: Db,
    /// The public URL without a trailing slash, for invitation links.
    public_url: Arc<str>,
    /// Told when what tokens say about a client (its organisation) changes.
    verified: Arc<Verified>,
    /// Invitations are emailed through it.
    outbox: Outbox,
}

impl Orgs {
    pub fn new(db: Db, public_url: Arc<str>, verified: Arc<Verified>, outbox: Outbox) -> Arc<Self> {
        Arc::new(Self {
            db,
            public_url,
            verified,
            outbox,
        })
    }

    /// A live organisation with its figures; "not found" otherwise.
    async fn summary(&self, org_id: &str) -> ServiceResult<OrgSummary> {
        org_store::listing(self.db.pool(), org_id)
            .await?
            .map(summary)
            .ok_or_else(|| AppError::NotFound.into())
    }
}

fn count(n: i64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

pub fn summary(listing: OrgListing) -> OrgSummary {
    let OrgListing {
        org,
        personal_email,
        members,
        clients,
        systems,
    } = listing;
    OrgSummary {
        org_id: org.id,
        name: org.name,
        description: org.description,
        org_number: org.org_number,
        client_prefix: org.client_prefix,
        personal_of: personal_email,
        created_at: org.created_at,
        members: count(members),
        clients: count(clients),
        systems: count(systems),
    }
}
