//! Client assertions already used (RFC 7523 §3: `jti` is single-use), kept
//! until they expire.

use super::{Conn, StoreResult};

/// Records the assertion; false when this client already used that `jti`.
pub async fn use_once(
    conn: &mut Conn,
    client_id: &str,
    jti: &str,
    expires_at: i64,
    now: i64,
) -> StoreResult<bool> {
    sqlx::query("DELETE FROM client_assertions WHERE expires_at < $1")
        .bind(now)
        .execute(&mut *conn)
        .await?;
    let inserted = sqlx::query(
        "INSERT INTO client_assertions (client_id, jti, expires_at) VALUES ($1, $2, $3) \
         ON CONFLICT (client_id, jti) DO NOTHING",
    )
    .bind(client_id)
    .bind(jti)
    .bind(expires_at)
    .execute(&mut *conn)
    .await?;
    Ok(inserted.rows_affected() == 1)
}
