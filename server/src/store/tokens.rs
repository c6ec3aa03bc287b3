//! Revoked access tokens and grants (the families of user tokens).

use super::{Exec, StoreResult};

/// Whether a token still stands: neither its id nor the grant it came
/// from revoked, and its client still there and active.
pub async fn is_live(
    ex: impl Exec<'_>,
    jti: &str,
    grant_id: Option<&str>,
    client_id: &str,
) -> StoreResult<bool> {
    let (revoked, active): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM revoked_tokens WHERE jti = $1) + \
         (SELECT COUNT(*) FROM grants WHERE id = $2 AND revoked_at IS NOT NULL), \
         (SELECT COUNT(*) FROM clients WHERE id = $3 AND status = 'active' AND deleted_at IS NULL)",
    )
    .bind(jti)
    .bind(grant_id.unwrap_or(""))
    .bind(client_id)
    .fetch_one(ex)
    .await?;
    Ok(revoked == 0 && active == 1)
}

/// Remembers a revoked access token until it would have expired anyway.
pub async fn revoke_jti(ex: impl Exec<'_>, jti: &str, expires_at: i64) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO revoked_tokens (jti, expires_at) VALUES ($1, $2) ON CONFLICT (jti) DO NOTHING",
    )
    .bind(jti)
    .bind(expires_at)
    .execute(ex)
    .await?;
    Ok(())
}

pub async fn delete_expired_revocations(ex: impl Exec<'_>, now: i64) -> StoreResult<u64> {
    let done = sqlx::query("DELETE FROM revoked_tokens WHERE expires_at < $1")
        .bind(now)
        .execute(ex)
        .await?;
    Ok(done.rows_affected())
}
