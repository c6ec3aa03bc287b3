//! Revoked access tokens and grants (the families of user tokens).

use super::{Db, StoreResult};

/// Whether the token's id, or the grant it came from, has been revoked.
pub async fn is_revoked(db: &Db, jti: &str, grant_id: Option<&str>) -> StoreResult<bool> {
    let (count,): (i64,) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM revoked_tokens WHERE jti = $1) + \
         (SELECT COUNT(*) FROM grants WHERE id = $2 AND revoked_at IS NOT NULL)",
    )
    .bind(jti)
    .bind(grant_id.unwrap_or(""))
    .fetch_one(db.pool())
    .await?;
    Ok(count > 0)
}

/// Remembers a revoked access token until it would have expired anyway.
pub async fn revoke_jti(db: &Db, jti: &str, expires_at: i64) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO revoked_tokens (jti, expires_at) VALUES ($1, $2) ON CONFLICT (jti) DO NOTHING",
    )
    .bind(jti)
    .bind(expires_at)
    .execute(db.pool())
    .await?;
    Ok(())
}

pub async fn delete_expired_revocations(db: &Db, now: i64) -> StoreResult<u64> {
    let done = sqlx::query("DELETE FROM revoked_tokens WHERE expires_at < $1")
        .bind(now)
        .execute(db.pool())
        .await?;
    Ok(done.rows_affected())
}
