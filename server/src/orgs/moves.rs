//! Moving a client or a client system to another organisation the person
//! owns too. The client id stays (its prefix is the old organisation's:
//! ids never change); tokens name the new organisation from the next one
//! issued. A client a system made moves only with its system, so a
//! system's clients always belong to the system's organisation.

use app::domain::{ClientId, Role};
use app::error::AppError;
use app::model::OrgMembership;
use app::services::{CurrentSession, ServiceResult};
use serde::Serialize;

use super::Orgs;
use crate::audit;
use crate::authz;
use crate::store::clients as client_store;
use crate::store::systems as system_store;
use crate::store::{commit, now};

/// What the audit log keeps of a move, in both organisations' histories.
#[derive(Serialize)]
struct MoveRecord<'a> {
    what: &'a str,
    name: &'a str,
    from_org_id: &'a str,
    from_org: &'a str,
    to_org_id: &'a str,
    to_org: &'a str,
    /// For a system: how many clients it made moved with it.
    #[serde(skip_serializing_if = "Option::is_none")]
    clients_moved: Option<u64>,
}

/// Both ends of a move, where the caller must be an owner.
fn ends<'s>(
    session: &'s CurrentSession,
    from: &str,
    to: &str,
) -> ServiceResult<(&'s OrgMembership, &'s OrgMembership)> {
    let from = authz::member(session, from, Role::Owner)?;
    let to = match session.viewer.membership(to) {
        Some(m) if m.role.can_manage() => m,
        _ => {
            return Err(AppError::invalid(
                "to_org",
                "Choose an organisation where you are an owner.",
            )
            .into());
        }
    };
    if from.org_id == to.org_id {
        return Err(AppError::invalid("to_org", format!("It is in {} already.", to.name)).into());
    }
    Ok((from, to))
}

fn confirmed(confirm: &str, expected: &str) -> ServiceResult<()> {
    if confirm.trim() == expected {
        Ok(())
    } else {
        Err(AppError::invalid("confirm", format!("Type {expected} to confirm.")).into())
    }
}

impl Orgs {
    pub(super) async fn move_client_to(
        &self,
        session: &CurrentSession,
        client_id: &ClientId,
        to_org: &str,
        confirm: &str,
    ) -> ServiceResult<()> {
        let id = client_id.to_string();
        let row = client_store::find_live(self.db.pool(), &id)
            .await?
            .ok_or(AppError::NotFound)?;
        let (from, to) = ends(session, &row.org_id, to_org)?;
        if let Some(system) = &row.system_name {
            return Err(AppError::invalid(
                "form",
                format!(
                    "The client system {system} made this client: move the system, and its clients move with it."
                ),
            )
            .into());
        }
        confirmed(confirm, client_id.suffix().as_ref())?;
        let record = MoveRecord {
            what: "client",
            name: &row.display_name,
            from_org_id: &from.org_id,
            from_org: &from.name,
            to_org_id: &to.org_id,
            to_org: &to.name,
            clients_moved: None,
        };
        let mut tx = self.db.begin().await?;
        client_store::set_org(&mut *tx, &id, &to.org_id, now()).await?;
        audit::client_in(
            &mut tx,
            session,
            "client.moved_out",
            &id,
            &from.org_id,
            None,
            Some(&record),
        )
        .await?;
        audit::client_in(
            &mut tx,
            session,
            "client.moved_in",
            &id,
            &to.org_id,
            None,
            Some(&record),
        )
        .await?;
        self.verified.client_changed(&mut tx).await?;
        commit(tx).await?;
        self.verified.forget_clients();
        tracing::info!(client_id = %id, from = %from.org_id, to = %to.org_id, "client moved");
        Ok(())
    }

    pub(super) async fn move_system_to(
        &self,
        session: &CurrentSession,
        system_id: &str,
        to_org: &str,
        confirm: &str,
    ) -> ServiceResult<()> {
        let system = system_store::find(self.db.pool(), system_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let (from, to) = ends(session, &system.org_id, to_org)?;
        confirmed(confirm, &system.name)?;
        let mut tx = self.db.begin().await?;
        let now = now();
        system_store::set_org(&mut *tx, &system.id, &to.org_id, now).await?;
        let moved = client_store::set_org_of_system(&mut *tx, &system.id, &to.org_id, now).await?;
        let record = MoveRecord {
            what: "client system",
            name: &system.name,
            from_org_id: &from.org_id,
            from_org: &from.name,
            to_org_id: &to.org_id,
            to_org: &to.name,
            clients_moved: Some(moved),
        };
        audit::org(
            &mut tx,
            session,
            "system.moved_out",
            &from.org_id,
            None,
            Some(&record),
        )
        .await?;
        audit::org(
            &mut tx,
            session,
            "system.moved_in",
            &to.org_id,
            None,
            Some(&record),
        )
        .await?;
        self.verified.client_changed(&mut tx).await?;
        commit(tx).await?;
        self.verified.forget_clients();
        tracing::info!(system_id = %system.id, from = %from.org_id, to = %to.org_id, clients = moved, "client system moved");
        Ok(())
    }
}
