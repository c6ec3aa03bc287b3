//! Upstream OpenID providers, the identities linked through them, and the
//! sign-ins and link offers in flight (all keyed by hashes of what the
//! browser holds).

use super::{Exec, StoreResult};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ProviderRow {
    pub id: String,
    pub display_name: String,
    pub issuer: String,
    pub client_id: String,
    pub sealed_client_secret: String,
    /// Space separated.
    pub scopes: String,
    /// Space separated, lowercase; empty: any domain.
    pub allowed_domains: String,
    /// `end_user` or `developer`.
    pub new_accounts: String,
    /// 0 or 1.
    pub enabled: i64,
    pub from_config: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

const PROVIDER_COLUMNS: &str = "id, display_name, issuer, client_id, sealed_client_secret, scopes, allowed_domains, new_accounts, enabled, from_config, created_at, updated_at";

pub async fn providers(ex: impl Exec<'_>) -> StoreResult<Vec<ProviderRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {PROVIDER_COLUMNS} FROM identity_providers ORDER BY display_name, id"
    )))
    .fetch_all(ex)
    .await?)
}

pub async fn provider(ex: impl Exec<'_>, id: &str) -> StoreResult<Option<ProviderRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {PROVIDER_COLUMNS} FROM identity_providers WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(ex)
    .await?)
}

/// Adds the provider, or replaces every field of the one with its id.
pub async fn save_provider(ex: impl Exec<'_>, row: &ProviderRow) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO identity_providers (id, display_name, issuer, client_id, sealed_client_secret, scopes, allowed_domains, new_accounts, enabled, from_config, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) \
         ON CONFLICT (id) DO UPDATE SET display_name = excluded.display_name, issuer = excluded.issuer, client_id = excluded.client_id, \
         sealed_client_secret = excluded.sealed_client_secret, scopes = excluded.scopes, allowed_domains = excluded.allowed_domains, \
         new_accounts = excluded.new_accounts, enabled = excluded.enabled, from_config = excluded.from_config, updated_at = excluded.updated_at",
    )
    .bind(&row.id)
    .bind(&row.display_name)
    .bind(&row.issuer)
    .bind(&row.client_id)
    .bind(&row.sealed_client_secret)
    .bind(&row.scopes)
    .bind(&row.allowed_domains)
    .bind(&row.new_accounts)
    .bind(row.enabled)
    .bind(row.from_config)
    .bind(row.created_at)
    .bind(row.updated_at)
    .execute(ex)
    .await?;
    Ok(())
}

/// Removes a provider with the identities linked through it.
pub async fn delete_provider(ex: impl Exec<'_>, id: &str) -> StoreResult<bool> {
    let done = sqlx::query("DELETE FROM identity_providers WHERE id = $1")
        .bind(id)
        .execute(ex)
        .await?;
    Ok(done.rows_affected() > 0)
}

/// How many identities are linked through each provider.
pub async fn linked_counts(ex: impl Exec<'_>) -> StoreResult<Vec<(String, i64)>> {
    Ok(
        sqlx::query_as(
            "SELECT provider_id, COUNT(*) FROM upstream_identities GROUP BY provider_id",
        )
        .fetch_all(ex)
        .await?,
    )
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct IdentityRow {
    pub issuer: String,
    pub subject: String,
    pub provider_id: String,
    pub account_id: String,
    pub email: String,
    pub linked_at: i64,
    pub last_used_at: Option<i64>,
}

const IDENTITY_COLUMNS: &str =
    "issuer, subject, provider_id, account_id, email, linked_at, last_used_at";

pub async fn identity(
    ex: impl Exec<'_>,
    issuer: &str,
    subject: &str,
) -> StoreResult<Option<IdentityRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {IDENTITY_COLUMNS} FROM upstream_identities WHERE issuer = $1 AND subject = $2"
    )))
    .bind(issuer)
    .bind(subject)
    .fetch_optional(ex)
    .await?)
}

/// An account's linked identities, oldest first (an account has a few).
pub async fn identities_of(ex: impl Exec<'_>, account_id: &str) -> StoreResult<Vec<IdentityRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {IDENTITY_COLUMNS} FROM upstream_identities WHERE account_id = $1 ORDER BY linked_at, issuer, subject"
    )))
    .bind(account_id)
    .fetch_all(ex)
    .await?)
}

pub async fn link(ex: impl Exec<'_>, row: &IdentityRow) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO upstream_identities (issuer, subject, provider_id, account_id, email, linked_at, last_used_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&row.issuer)
    .bind(&row.subject)
    .bind(&row.provider_id)
    .bind(&row.account_id)
    .bind(&row.email)
    .bind(row.linked_at)
    .bind(row.last_used_at)
    .execute(ex)
    .await?;
    Ok(())
}

pub async fn record_use(
    ex: impl Exec<'_>,
    issuer: &str,
    subject: &str,
    email: &str,
    now: i64,
) -> StoreResult<()> {
    sqlx::query(
        "UPDATE upstream_identities SET last_used_at = $1, email = $2 WHERE issuer = $3 AND subject = $4",
    )
    .bind(now)
    .bind(email)
    .bind(issuer)
    .bind(subject)
    .execute(ex)
    .await?;
    Ok(())
}

/// Unlinks one identity of the account; false when it has none such.
pub async fn unlink(
    ex: impl Exec<'_>,
    account_id: &str,
    issuer: &str,
    subject: &str,
) -> StoreResult<bool> {
    let done = sqlx::query(
        "DELETE FROM upstream_identities WHERE account_id = $1 AND issuer = $2 AND subject = $3",
    )
    .bind(account_id)
    .bind(issuer)
    .bind(subject)
    .execute(ex)
    .await?;
    Ok(done.rows_affected() > 0)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SignInRow {
    pub provider_id: String,
    pub nonce: String,
    pub sealed_verifier: String,
    pub next: String,
    pub link_account_id: Option<String>,
}

pub async fn insert_sign_in(
    ex: impl Exec<'_>,
    state_hash: &str,
    row: &SignInRow,
    now: i64,
    expires_at: i64,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO upstream_sign_ins (state_hash, provider_id, nonce, sealed_verifier, next, link_account_id, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(state_hash)
    .bind(&row.provider_id)
    .bind(&row.nonce)
    .bind(&row.sealed_verifier)
    .bind(&row.next)
    .bind(&row.link_account_id)
    .bind(now)
    .bind(expires_at)
    .execute(ex)
    .await?;
    Ok(())
}

/// Takes a live sign-in: it is deleted as it is read, so a `state` works
/// once (a second request with it finds nothing).
pub async fn take_sign_in(
    conn: &mut super::Conn,
    state_hash: &str,
    now: i64,
) -> StoreResult<Option<SignInRow>> {
    let row: Option<SignInRow> = sqlx::query_as(
        "SELECT provider_id, nonce, sealed_verifier, next, link_account_id FROM upstream_sign_ins WHERE state_hash = $1 AND expires_at > $2",
    )
    .bind(state_hash)
    .bind(now)
    .fetch_optional(&mut *conn)
    .await?;
    let deleted = sqlx::query("DELETE FROM upstream_sign_ins WHERE state_hash = $1")
        .bind(state_hash)
        .execute(&mut *conn)
        .await?;
    Ok(row.filter(|_| deleted.rows_affected() > 0))
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OfferRow {
    pub provider_id: String,
    pub issuer: String,
    pub subject: String,
    pub email: String,
    pub account_id: String,
    pub next: String,
}

pub async fn insert_offer(
    ex: impl Exec<'_>,
    token_hash: &str,
    row: &OfferRow,
    now: i64,
    expires_at: i64,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO upstream_link_offers (token_hash, provider_id, issuer, subject, email, account_id, next, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(token_hash)
    .bind(&row.provider_id)
    .bind(&row.issuer)
    .bind(&row.subject)
    .bind(&row.email)
    .bind(&row.account_id)
    .bind(&row.next)
    .bind(now)
    .bind(expires_at)
    .execute(ex)
    .await?;
    Ok(())
}

pub async fn find_offer(
    ex: impl Exec<'_>,
    token_hash: &str,
    now: i64,
) -> StoreResult<Option<OfferRow>> {
    Ok(sqlx::query_as(
        "SELECT provider_id, issuer, subject, email, account_id, next FROM upstream_link_offers WHERE token_hash = $1 AND expires_at > $2",
    )
    .bind(token_hash)
    .bind(now)
    .fetch_optional(ex)
    .await?)
}

pub async fn delete_offer(ex: impl Exec<'_>, token_hash: &str) -> StoreResult<bool> {
    let done = sqlx::query("DELETE FROM upstream_link_offers WHERE token_hash = $1")
        .bind(token_hash)
        .execute(ex)
        .await?;
    Ok(done.rows_affected() > 0)
}

/// Forgets sign-ins and offers nobody finished.
pub async fn delete_expired(conn: &mut super::Conn, now: i64) -> StoreResult<u64> {
    let a = sqlx::query("DELETE FROM upstream_sign_ins WHERE expires_at <= $1")
        .bind(now)
        .execute(&mut *conn)
        .await?;
    let b = sqlx::query("DELETE FROM upstream_link_offers WHERE expires_at <= $1")
        .bind(now)
        .execute(&mut *conn)
        .await?;
    Ok(a.rows_affected() + b.rows_affected())
}
