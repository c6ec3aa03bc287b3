//! Signing keys, private halves sealed (see `crypto::sealing`).

use app::domain::SigningAlg;

use super::{Conn, Exec, StoreResult};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct KeyRow {
    pub kid: String,
    #[sqlx(try_from = "String")]
    pub alg: SigningAlg,
    pub sealed_private_key: String,
    pub created_at: i64,
    /// It signs from then on (it is published from `created_at`).
    pub activates_at: i64,
    /// It stops signing then; it stays published a while longer.
    pub retired_at: Option<i64>,
}

/// Keys still in use or still published: not retired, or retired after
/// `retired_after`. Newest first.
pub async fn published(ex: impl Exec<'_>, retired_after: i64) -> StoreResult<Vec<KeyRow>> {
    Ok(sqlx::query_as(
        "SELECT kid, alg, sealed_private_key, created_at, activates_at, retired_at FROM signing_keys \
         WHERE retired_at IS NULL OR retired_at > $1 ORDER BY created_at DESC, kid",
    )
    .bind(retired_after)
    .fetch_all(ex)
    .await?)
}

/// Adds `new` and retires every key that has no retirement yet at the
/// moment the new ones start signing (run it in one transaction).
pub async fn replace_current(conn: &mut Conn, new: &[KeyRow], retire_at: i64) -> StoreResult<()> {
    sqlx::query("UPDATE signing_keys SET retired_at = $1 WHERE retired_at IS NULL")
        .bind(retire_at)
        .execute(&mut *conn)
        .await?;
    add(conn, new).await
}

/// Adds keys without retiring others (first start).
pub async fn add(conn: &mut Conn, new: &[KeyRow]) -> StoreResult<()> {
    for key in new {
        sqlx::query(
            "INSERT INTO signing_keys (kid, alg, sealed_private_key, created_at, activates_at, retired_at) \
             VALUES ($1, $2, $3, $4, $5, NULL)",
        )
        .bind(&key.kid)
        .bind(key.alg.as_str())
        .bind(&key.sealed_private_key)
        .bind(key.created_at)
        .bind(key.activates_at)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}
