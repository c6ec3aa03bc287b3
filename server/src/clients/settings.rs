//! A client's settings as stored: which scopes it requests and with what
//! access, the standing that follows, and the columns written. Creating,
//! rewriting and deleting clients, shared by the portal, the draft API
//! and RFC 7592.

use app::domain::{ClientId, PublicJwks};
use app::error::AppError;
use app::model::{ClientDetail, ClientStatus, ScopeAccess};
use app::services::{ClientSettings, ServiceResult};

use super::Clients;
use super::change::ClientChange;
use crate::audit::{self, Actor};
use crate::store::clients::{
    self as client_store, ClientWrite, NewClientKey, Origin, ScopeRequest,
};
use crate::store::scopes as scope_store;
use crate::store::{Conn, StoreError, json_list, now};

/// Each requested scope with its access: kept as it was if the client had
/// it, else granted, or pending when the catalog says it needs approval.
/// Unknown or disabled scopes are a field error.
pub async fn scope_requests(
    conn: &mut Conn,
    settings: &ClientSettings,
    previous: &[ScopeRequest],
) -> ServiceResult<Vec<ScopeRequest>> {
    let catalog = scope_store::list(conn).await?;
    let mut out = Vec::new();
    for scope in &settings.scopes {
        if let Some(kept) = previous.iter().find(|p| &p.scope == scope) {
            out.push(kept.clone());
            continue;
        }
        let Some(entry) = catalog
            .iter()
            .find(|c| c.name == scope.as_ref() && c.enabled != 0)
        else {
            return Err(AppError::invalid(
                "scopes",
                format!("{scope} is not a scope in the catalog."),
            )
            .into());
        };
        let access = if entry.requires_approval != 0 {
            ScopeAccess::Pending
        } else {
            ScopeAccess::Granted
        };
        out.push(ScopeRequest {
            scope: scope.clone(),
            access,
            reason: None,
        });
    }
    Ok(out)
}

/// A new client is pending while any scope waits for approval. A client
/// that is already active stays active when it asks for another scope that
/// needs approval: its tokens carry only granted scopes meanwhile (status
/// "limited"). An admin's suspension or rejection is kept, and so is a
/// draft's wait for its end user.
pub fn status_for(current: Option<ClientStatus>, scopes: &[ScopeRequest]) -> ClientStatus {
    match current {
        Some(
            s @ (ClientStatus::Suspended
            | ClientStatus::Rejected
            | ClientStatus::Active
            | ClientStatus::Draft),
        ) => s,
        _ if scopes.iter().any(|s| s.access == ScopeAccess::Pending) => ClientStatus::Pending,
        _ => ClientStatus::Active,
    }
}

/// The list columns of a client's settings, encoded once.
pub struct Columns {
    grant_types: String,
    redirect_uris: String,
    post_logout_redirect_uris: String,
    links: String,
}

impl Columns {
    pub fn of(settings: &ClientSettings) -> Self {
        Self {
            grant_types: json_list(settings.grant_types.as_slice()),
            redirect_uris: json_list(settings.redirect_uris.iter().map(AsRef::<str>::as_ref)),
            post_logout_redirect_uris: json_list(
                settings
                    .post_logout_redirect_uris
                    .iter()
                    .map(AsRef::<str>::as_ref),
            ),
            links: settings.links.to_json(),
        }
    }

    pub fn write<'a>(
        &'a self,
        settings: &'a ClientSettings,
        status: ClientStatus,
    ) -> ClientWrite<'a> {
        ClientWrite {
            display_name: settings.display_name.as_ref(),
            description: &settings.description,
            kind: settings.kind,
            grant_types: &self.grant_types,
            redirect_uris: &self.redirect_uris,
            post_logout_redirect_uris: &self.post_logout_redirect_uris,
            token_endpoint_auth_method: settings.token_endpoint_auth_method,
            status,
            id_token_signed_response_alg: settings.id_token_signed_response_alg,
            jwks: settings.jwks.as_ref().map(PublicJwks::as_str),
            links: &self.links,
        }
    }
}

/// A client about to be inserted.
pub struct NewClient<'a> {
    pub id: &'a ClientId,
    /// The organisation that owns it.
    pub org_id: &'a str,
    /// The person creating it in the portal; `None` for drafts.
    pub created_by: Option<&'a str>,
    pub settings: &'a ClientSettings,
    pub origin: Origin<'a>,
}

/// "You already used the suffix …": a suffix is never reused.
pub fn suffix_taken(id: &ClientId) -> AppError {
    AppError::conflict(
        "suffix",
        format!(
            "The suffix {} was used before; a suffix is never reused, even after deletion.",
            id.suffix()
        ),
    )
}

/// What inserting a client came to.
pub enum Inserted {
    Created(Box<ClientDetail>),
    /// The suffix was used before under this prefix (ever).
    SuffixUsed,
}

/// Inserts a client and its audit row (`action` by `actor`) on `tx`.
pub async fn insert(
    tx: &mut Conn,
    client: NewClient<'_>,
    actor: Actor<'_>,
    action: &str,
) -> ServiceResult<Inserted> {
    let scopes = scope_requests(&mut *tx, client.settings, &[]).await?;
    let status = match client.origin {
        Origin::Portal => status_for(None, &scopes),
        Origin::Draft { .. } => ClientStatus::Draft,
    };
    let columns = Columns::of(client.settings);
    let id = client.id.to_string();
    let key = NewClientKey {
        id: &id,
        org_id: client.org_id,
        created_by: client.created_by,
        suffix: client.id.suffix().as_ref(),
    };
    let write = columns.write(client.settings, status);
    match client_store::insert(&mut *tx, key, &write, &scopes, client.origin, now()).await {
        Ok(()) => {}
        Err(StoreError::Unique(_)) => return Ok(Inserted::SuffixUsed),
        Err(other) => return Err(other.into()),
    }
    let created = super::detail::load(&mut *tx, &id)
        .await?
        .ok_or(AppError::NotFound)?;
    audit::client(&mut *tx, actor, action, &id, None, Some(&created)).await?;
    Ok(Inserted::Created(Box::new(created)))
}

impl Clients {
    /// Replaces a client's settings, keeping each scope's decision and the
    /// client's standing (see `status_for`); audited as `client.updated`.
    pub(super) async fn rewrite(
        &self,
        actor: Actor<'_>,
        mut change: ClientChange,
        settings: ClientSettings,
    ) -> ServiceResult<ClientDetail> {
        let previous = std::mem::take(&mut change.requests);
        let scopes = scope_requests(change.conn(), &settings, &previous).await?;
        let status = status_for(Some(change.before.status), &scopes);
        let columns = Columns::of(&settings);
        let id = change.id().to_owned();
        client_store::update(
            change.conn(),
            &id,
            &columns.write(&settings, status),
            &scopes,
            now(),
        )
        .await?;
        self.finish_change(change, actor, "client.updated").await
    }

    /// Deletes a client for good (its suffix stays used); its tokens stop
    /// working at once. Audited as `client.deleted`.
    pub(super) async fn remove(
        &self,
        actor: Actor<'_>,
        mut change: ClientChange,
    ) -> ServiceResult<()> {
        let id = change.id().to_owned();
        client_store::soft_delete(change.conn(), &id, now()).await?;
        self.finish_removal(change, actor, "client.deleted").await
    }
}
