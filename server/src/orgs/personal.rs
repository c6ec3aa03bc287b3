//! Personal organisations: every developer has one, made when they first
//! become a developer, with a fresh prefix and them as its owner.

use app::domain::{ClientPrefix, Role};
use app::model::{OrgMembership, Viewer};
use serde::Serialize;

use crate::audit::{self, Actor};
use crate::crypto::tokens::random_bytes;
use crate::store::accounts::AccountRow;
use crate::store::orgs::{self as org_store, MembershipRow, OrgRow};
use crate::store::{Conn, Exec, StoreResult};

/// A fresh client-id prefix: 256 random bits.
pub fn new_prefix() -> String {
    ClientPrefix::from_random_bytes(random_bytes())
        .as_ref()
        .to_owned()
}

/// What the audit log keeps of an organisation.
#[derive(Serialize)]
pub struct OrgRecord<'a> {
    pub org_id: &'a str,
    pub name: &'a str,
    pub description: &'a str,
    pub org_number: Option<&'a str>,
    pub client_prefix: &'a str,
}

impl<'a> OrgRecord<'a> {
    pub fn of(org: &'a OrgRow) -> Self {
        Self {
            org_id: &org.id,
            name: &org.name,
            description: &org.description,
            org_number: org.org_number.as_deref(),
            client_prefix: &org.client_prefix,
        }
    }
}

/// Creates an organisation with `owner` as its owner, audited, on the
/// caller's transaction.
pub async fn create(
    conn: &mut Conn,
    actor: Actor<'_>,
    org: &OrgRow,
    owner: &str,
) -> StoreResult<()> {
    org_store::insert(&mut *conn, org).await?;
    org_store::add_member(&mut *conn, &org.id, owner, Role::Owner, org.created_at).await?;
    audit::org(
        &mut *conn,
        actor,
        "org.created",
        &org.id,
        None,
        Some(&OrgRecord::of(org)),
    )
    .await
}

/// Makes sure `account` has its personal organisation (named after it),
/// on the caller's transaction.
pub async fn ensure(conn: &mut Conn, account: &AccountRow, now: i64) -> StoreResult<()> {
    if org_store::personal(&mut *conn, &account.id)
        .await?
        .is_some()
    {
        return Ok(());
    }
    let org = OrgRow {
        id: uuid::Uuid::new_v4().to_string(),
        name: account.display_name.clone(),
        description: String::new(),
        org_number: None,
        client_prefix: new_prefix(),
        personal_of: Some(account.id.clone()),
        created_at: now,
    };
    let actor = Actor::Account {
        id: &account.id,
        email: &account.email,
    };
    create(conn, actor, &org, &account.id).await
}

pub fn membership(row: MembershipRow, account_id: &str) -> OrgMembership {
    let MembershipRow { org, role } = row;
    OrgMembership {
        personal: org.personal_of.as_deref() == Some(account_id),
        org_id: org.id,
        name: org.name,
        role,
        client_prefix: org.client_prefix,
        org_number: org.org_number,
    }
}

/// The viewer an account is: its organisations (only developers act in
/// any) and the one its pages act for: `active` while the account is a
/// member there, else its personal one (listed first).
pub async fn viewer(
    ex: impl Exec<'_>,
    account: &AccountRow,
    active: Option<&str>,
) -> StoreResult<Viewer> {
    let orgs: Vec<OrgMembership> = if account.developer() {
        org_store::memberships(ex, &account.id)
            .await?
            .into_iter()
            .map(|row| membership(row, &account.id))
            .collect()
    } else {
        Vec::new()
    };
    let active_org_id = active
        .and_then(|id| orgs.iter().find(|m| m.org_id == id))
        .or(orgs.first())
        .map(|m| m.org_id.clone());
    Ok(Viewer {
        account_id: account.id.clone(),
        email: account.email.clone(),
        display_name: account.display_name.clone(),
        is_developer: account.developer(),
        is_admin: account.admin(),
        created_at: account.created_at,
        email_verified: account.verified(),
        verification_required: false,
        orgs,
        active_org_id,
        waiting_approvals: 0,
        may_become_developer: false,
        two_step_due: None,
        has_password: !account.password_hash.is_empty(),
    })
}
