//! Client rows as pages see them, read on one connection so a change can
//! take its before and after snapshots inside its own transaction.

use app::model::{ClientDetail, ClientLinks, ClientSummary, ScopeGrant};

use crate::store::clients::{
    self as client_store, ClientRow, ClientScopeRow, ListedClient, ScopeRequest,
};
use crate::store::credentials::{self, Kind};
use crate::store::{Conn, StoreResult, now};

pub fn detail(row: ClientRow, scopes: Vec<ClientScopeRow>, secrets: LiveSecrets) -> ClientDetail {
    ClientDetail {
        active_secrets: u32::try_from(secrets.0).unwrap_or(u32::MAX),
        next_secret_expiry: secrets.1,
        kind: row.kind,
        grant_types: row.grant_types.into_vec(),
        redirect_uris: row.redirect_uris.into_vec(),
        post_logout_redirect_uris: row.post_logout_redirect_uris.into_vec(),
        links: ClientLinks::from_json(&row.links),
        status: row.status,
        scopes: scopes
            .into_iter()
            .map(|s| ScopeGrant {
                scope: s.scope.to_string(),
                description: s.description,
                status: s.status,
                reason: s.reason,
            })
            .collect(),
        client_id: row.id,
        suffix: row.suffix,
        display_name: row.display_name,
        description: row.description,
        token_endpoint_auth_method: row.token_endpoint_auth_method,
        id_token_signed_response_alg: row.id_token_signed_response_alg,
        jwks: row.jwks,
        status_reason: row.status_reason,
        org_id: row.org_id,
        org_name: row.org_name,
        org_number: row.org_number,
        created_by: row.created_by_email,
        system_name: row.system_name,
        confirmed_by: row.confirmed_by_email,
        created_at: row.created_at,
        updated_at: row.updated_at,
    }
}

/// A client as a list shows it, with its live secrets counted.
pub fn listed(client: ListedClient) -> ClientSummary {
    let row = client.row;
    ClientSummary {
        kind: row.kind,
        status: row.status,
        scopes: row.scope_counts(),
        grant_types: row.grant_types.into_vec(),
        active_secrets: u32::try_from(client.active_secrets).unwrap_or(u32::MAX),
        next_secret_expiry: client.next_secret_expiry,
        display_name: row.display_name,
        client_id: row.id,
    }
}

/// How many secrets a client has live, and when the first one expires.
type LiveSecrets = (i64, Option<i64>);

async fn live_secrets(conn: &mut Conn, client_id: &str) -> StoreResult<LiveSecrets> {
    credentials::live_summary(conn, Kind::ClientSecret, client_id, now()).await
}

/// The client of `row` with its scopes and live secrets.
pub async fn of_row(conn: &mut Conn, row: ClientRow) -> StoreResult<ClientDetail> {
    let scopes = client_store::scopes(&mut *conn, &row.id).await?;
    let secrets = live_secrets(conn, &row.id).await?;
    Ok(detail(row, scopes, secrets))
}

/// A live client with its scopes.
pub async fn load(conn: &mut Conn, id: &str) -> StoreResult<Option<ClientDetail>> {
    match client_store::find_live(&mut *conn, id).await? {
        Some(row) => Ok(Some(of_row(conn, row).await?)),
        None => Ok(None),
    }
}

/// A live client with its scopes, and each scope's request as stored (what
/// a rewrite keeps).
pub async fn load_with_requests(
    conn: &mut Conn,
    id: &str,
) -> StoreResult<Option<(ClientDetail, Vec<ScopeRequest>)>> {
    let Some(row) = client_store::find_live(&mut *conn, id).await? else {
        return Ok(None);
    };
    let scopes = client_store::scopes(&mut *conn, &row.id).await?;
    let secrets = live_secrets(conn, &row.id).await?;
    let requests = scopes.iter().map(ClientScopeRow::request).collect();
    Ok(Some((detail(row, scopes, secrets), requests)))
}
