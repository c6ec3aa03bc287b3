//! Counters that tell every replica to drop an in-memory cache: each
//! replica polls them and clears the cache whose counter moved.

use super::{Db, StoreResult};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counter {
    /// Verified client secrets.
    Credentials = 1,
    /// Verified access tokens.
    Tokens = 2,
}

/// (credentials, tokens) generations.
pub async fn read(db: &Db) -> StoreResult<(i64, i64)> {
    Ok(sqlx::query_as(
        "SELECT (SELECT generation FROM cache_generations WHERE id = 1), \
         (SELECT generation FROM cache_generations WHERE id = 2)",
    )
    .fetch_one(db.pool())
    .await?)
}

pub async fn bump(db: &Db, counter: Counter) -> StoreResult<()> {
    sqlx::query("UPDATE cache_generations SET generation = generation + 1 WHERE id = $1")
        .bind(counter as i32)
        .execute(db.pool())
        .await?;
    Ok(())
}
