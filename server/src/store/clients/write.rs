//! Writing clients: insert, rewrite, standing, keys, delete.

use app::domain::{AuthMethod, ClientKind, SigningAlg};
use app::model::ClientStatus;

use super::scopes::{ScopeRequest, write_scopes};
use crate::store::{Conn, Exec, StoreResult};

/// The writable columns of a client, as stored.
pub struct ClientWrite<'a> {
    pub display_name: &'a str,
    pub description: &'a str,
    pub kind: ClientKind,
    /// JSON arrays (see `json_list`).
    pub grant_types: &'a str,
    pub redirect_uris: &'a str,
    pub post_logout_redirect_uris: &'a str,
    pub token_endpoint_auth_method: AuthMethod,
    pub status: ClientStatus,
    pub id_token_signed_response_alg: SigningAlg,
    pub jwks: Option<&'a str>,
    /// `ClientLinks` as JSON.
    pub links: &'a str,
}

type AnyQuery<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>;

/// Binds the writable columns as `$1`..`$11`, in `ClientWrite` order.
fn bind_write<'q>(query: AnyQuery<'q>, write: &ClientWrite<'_>) -> AnyQuery<'q> {
    query
        .bind(write.display_name.to_owned())
        .bind(write.description.to_owned())
        .bind(write.kind.as_str())
        .bind(write.grant_types.to_owned())
        .bind(write.redirect_uris.to_owned())
        .bind(write.post_logout_redirect_uris.to_owned())
        .bind(write.token_endpoint_auth_method.as_str())
        .bind(write.status.as_str())
        .bind(write.id_token_signed_response_alg.as_str())
        .bind(write.jwks.map(str::to_owned))
        .bind(write.links.to_owned())
}

/// Where a new client comes from: its owner in the portal (confirmed by
/// the owner at once), or a client system's draft waiting for an end user.
pub enum Origin<'a> {
    Portal,
    Draft { system_id: &'a str, expires_at: i64 },
}

/// Who a new client is: its full id and suffix, the organisation that
/// owns it, and who created it (a person in the portal; `None` for drafts).
pub struct NewClientKey<'a> {
    pub id: &'a str,
    pub org_id: &'a str,
    pub created_by: Option<&'a str>,
    pub suffix: &'a str,
}

/// Inserts the client and its requested scopes. A used suffix is
/// `StoreError::Unique`.
pub async fn insert(
    conn: &mut Conn,
    key: NewClientKey<'_>,
    write: &ClientWrite<'_>,
    scopes: &[ScopeRequest],
    origin: Origin<'_>,
    now: i64,
) -> StoreResult<()> {
    let NewClientKey {
        id,
        org_id,
        created_by,
        suffix,
    } = key;
    let (confirmed_by, confirmed_at, system_id, expires_at) = match origin {
        Origin::Portal => (created_by.map(str::to_owned), Some(now), None, None),
        Origin::Draft {
            system_id,
            expires_at,
        } => (None, None, Some(system_id.to_owned()), Some(expires_at)),
    };
    let insert = sqlx::query(
        "INSERT INTO clients (display_name, description, kind, grant_types, redirect_uris, \
         post_logout_redirect_uris, token_endpoint_auth_method, status, id_token_signed_response_alg, jwks, links, id, org_id, \
         created_by, suffix, confirmed_by, confirmed_at, system_id, draft_expires_at, created_at, updated_at, search_text, \
         name_key) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $20, $21, $22)",
    );
    bind_write(insert, write)
        .bind(id)
        .bind(org_id)
        .bind(created_by)
        .bind(suffix)
        .bind(confirmed_by)
        .bind(confirmed_at)
        .bind(system_id)
        .bind(expires_at)
        .bind(now)
        .bind(search_text(id, write.display_name))
        .bind(name_key(write.display_name))
        .execute(&mut *conn)
        .await?;
    write_scopes(conn, id, scopes).await
}

/// What searches of the client lists read (see migration 0018).
fn search_text(id: &str, display_name: &str) -> String {
    format!("{id} {display_name}").to_lowercase()
}

/// What a list sorted by name orders by (see migration 0019).
fn name_key(display_name: &str) -> String {
    display_name.to_lowercase()
}

/// Rewrites the settings and the scope list (with each scope's status).
pub async fn update(
    conn: &mut Conn,
    id: &str,
    write: &ClientWrite<'_>,
    scopes: &[ScopeRequest],
    now: i64,
) -> StoreResult<()> {
    let update = sqlx::query(
        "UPDATE clients SET display_name = $1, description = $2, kind = $3, grant_types = $4, redirect_uris = $5, \
         post_logout_redirect_uris = $6, token_endpoint_auth_method = $7, status = $8, \
         id_token_signed_response_alg = $9, jwks = $10, links = $11, updated_at = $12, search_text = $14, name_key = $15 \
         WHERE id = $13",
    );
    bind_write(update, write)
        .bind(now)
        .bind(id)
        .bind(search_text(id, write.display_name))
        .bind(name_key(write.display_name))
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM client_scopes WHERE client_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    write_scopes(conn, id, scopes).await
}

pub async fn set_status(
    ex: impl Exec<'_>,
    id: &str,
    status: ClientStatus,
    reason: Option<&str>,
    now: i64,
) -> StoreResult<()> {
    sqlx::query(
        "UPDATE clients SET status = $1, status_reason = $2, updated_at = $3 WHERE id = $4",
    )
    .bind(status.as_str())
    .bind(reason.map(str::to_owned))
    .bind(now)
    .bind(id)
    .execute(ex)
    .await?;
    Ok(())
}

pub async fn set_jwks(ex: impl Exec<'_>, id: &str, jwks: &str, now: i64) -> StoreResult<()> {
    sqlx::query("UPDATE clients SET jwks = $1, updated_at = $2 WHERE id = $3")
        .bind(jwks)
        .bind(now)
        .bind(id)
        .execute(ex)
        .await?;
    Ok(())
}

pub async fn soft_delete(ex: impl Exec<'_>, id: &str, now: i64) -> StoreResult<()> {
    sqlx::query("UPDATE clients SET deleted_at = $1, updated_at = $1 WHERE id = $2")
        .bind(now)
        .bind(id)
        .execute(ex)
        .await?;
    Ok(())
}
