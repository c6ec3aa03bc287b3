//! What the provider reads to authenticate a client and decide what it may
//! do: the client's standing, its granted scopes, its live secrets.

use app::domain::{AuthMethod, ClientKind, GrantType, ScopeName, SigningAlg};
use app::model::ClientStatus;

use super::{Exec, List, StoreResult};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AuthClientRow {
    pub id: String,
    pub display_name: String,
    #[sqlx(try_from = "String")]
    pub kind: ClientKind,
    #[sqlx(try_from = "String")]
    pub status: ClientStatus,
    #[sqlx(try_from = "String")]
    pub grant_types: List<GrantType>,
    #[sqlx(try_from = "String")]
    pub redirect_uris: List<String>,
    #[sqlx(try_from = "String")]
    pub post_logout_redirect_uris: List<String>,
    #[sqlx(try_from = "String")]
    pub id_token_signed_response_alg: SigningAlg,
    #[sqlx(try_from = "String")]
    pub token_endpoint_auth_method: AuthMethod,
    pub jwks: Option<String>,
    /// The organisation that owns it, which its tokens name.
    pub org_id: String,
    pub org_name: String,
    pub org_number: Option<String>,
}

pub async fn client(ex: impl Exec<'_>, id: &str) -> StoreResult<Option<AuthClientRow>> {
    Ok(sqlx::query_as(
        "SELECT c.id, c.display_name, c.kind, c.status, c.grant_types, c.redirect_uris, c.post_logout_redirect_uris, \
         c.id_token_signed_response_alg, c.token_endpoint_auth_method, c.jwks, \
         c.org_id, o.name AS org_name, o.org_number \
         FROM clients c JOIN organisations o ON o.id = c.org_id WHERE c.id = $1 AND c.deleted_at IS NULL",
    )
    .bind(id)
    .fetch_optional(ex)
    .await?)
}

/// A scope granted to a client, with the resource (token audience) it
/// belongs to.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct GrantedScope {
    #[sqlx(try_from = "String")]
    pub scope: ScopeName,
    pub resource: String,
}

/// Each scope granted to the client and still enabled in the catalog.
pub async fn granted_scopes(ex: impl Exec<'_>, client_id: &str) -> StoreResult<Vec<GrantedScope>> {
    Ok(sqlx::query_as(
        "SELECT cs.scope, s.resource FROM client_scopes cs JOIN scopes s ON s.name = cs.scope \
         WHERE cs.client_id = $1 AND cs.status = 'granted' AND s.enabled = 1 ORDER BY cs.scope",
    )
    .bind(client_id)
    .fetch_all(ex)
    .await?)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LiveSecret {
    pub id: String,
    pub secret_hash: String,
    pub expires_at: i64,
}

/// Unrevoked, unexpired secrets of the client whose hint matches.
pub async fn live_secrets(
    ex: impl Exec<'_>,
    client_id: &str,
    hint: &str,
    now: i64,
) -> StoreResult<Vec<LiveSecret>> {
    Ok(sqlx::query_as(
        "SELECT id, secret_hash, expires_at FROM client_secrets \
         WHERE client_id = $1 AND hint = $2 AND revoked_at IS NULL AND expires_at > $3",
    )
    .bind(client_id)
    .bind(hint)
    .bind(now)
    .fetch_all(ex)
    .await?)
}
