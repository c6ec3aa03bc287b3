//! Counters that tell every replica to drop an in-memory cache: each
//! replica polls them and clears the cache whose counter moved.

use super::{Exec, StoreResult};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counter {
    /// Verified client secrets.
    Credentials = 1,
    /// Verified access tokens.
    Tokens = 2,
    /// Signing keys (a rotation).
    Keys = 3,
}

/// Where each counter stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, sqlx::FromRow)]
pub struct Generations {
    pub credentials: i64,
    pub tokens: i64,
    pub keys: i64,
}

pub async fn read(ex: impl Exec<'_>) -> StoreResult<Generations> {
    Ok(sqlx::query_as(
        "SELECT (SELECT generation FROM cache_generations WHERE id = 1) AS credentials, \
         (SELECT generation FROM cache_generations WHERE id = 2) AS tokens, \
         (SELECT generation FROM cache_generations WHERE id = 3) AS keys",
    )
    .fetch_one(ex)
    .await?)
}

pub async fn bump(ex: impl Exec<'_>, counter: Counter) -> StoreResult<()> {
    sqlx::query("UPDATE cache_generations SET generation = generation + 1 WHERE id = $1")
        .bind(counter as i32)
        .execute(ex)
        .await?;
    Ok(())
}
