//! Fixed-window failure limits (sign-in, sign-up, client authentication),
//! counted in the database: every replica shares them and a restart does
//! not reset them, so N replicas do not mean N times the guesses.
//!
//! Each counter is keyed by a SHA-256 of its name and what it counts (an
//! email, an address, a client id and address), so the table holds no
//! addresses in the clear.

use std::time::Duration;

use crate::crypto::tokens::hash_token;
use crate::store::{Db, StoreResult, failures, now};

pub struct Limiter {
    db: Db,
    /// Tells counters of different limits apart.
    name: &'static str,
    max: u32,
    window: Duration,
}

/// The longest window any limiter uses; older counters are deleted.
pub const LONGEST_WINDOW: Duration = Duration::from_secs(3600);

impl Limiter {
    pub fn new(db: Db, name: &'static str, max: u32, window: Duration) -> Self {
        Self {
            db,
            name,
            max,
            window,
        }
    }

    fn key(&self, key: &str) -> String {
        hash_token(&format!("{}\0{key}", self.name))
    }

    fn window_secs(&self) -> i64 {
        i64::try_from(self.window.as_secs()).unwrap_or(i64::MAX)
    }

    /// `Ok(Err(seconds to wait))` when `key` has used up its attempts.
    pub async fn check(&self, key: &str) -> StoreResult<Result<(), u64>> {
        let now = now();
        let window = self.window_secs();
        Ok(
            match failures::find(self.db.pool(), &self.key(key)).await? {
                Some(w) if w.count >= i64::from(self.max) && w.window_start > now - window => {
                    Err(u64::try_from(w.window_start + window - now)
                        .unwrap_or(1)
                        .max(1))
                }
                _ => Ok(()),
            },
        )
    }

    pub async fn record(&self, key: &str) -> StoreResult<()> {
        failures::record(self.db.pool(), &self.key(key), self.window_secs(), now()).await
    }

    pub async fn reset(&self, key: &str) -> StoreResult<()> {
        failures::clear(self.db.pool(), &self.key(key)).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn db() -> (tempfile::TempDir, Db) {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}/t.db", dir.path().display());
        let db = Db::connect(&url, 1).await.unwrap();
        db.migrate().await.unwrap();
        (dir, db)
    }

    #[tokio::test]
    async fn blocks_after_max_failures_and_reset_clears() {
        let (_dir, db) = db().await;
        let limiter = Limiter::new(db.clone(), "test", 3, Duration::from_secs(60));
        for _ in 0..3 {
            assert!(limiter.check("a").await.unwrap().is_ok());
            limiter.record("a").await.unwrap();
        }
        let wait = limiter.check("a").await.unwrap().unwrap_err();
        assert!(wait > 0 && wait <= 60);
        assert!(
            limiter.check("b").await.unwrap().is_ok(),
            "other keys are not affected"
        );
        let other = Limiter::new(db, "other", 3, Duration::from_secs(60));
        assert!(
            other.check("a").await.unwrap().is_ok(),
            "other limits are not affected"
        );
        limiter.reset("a").await.unwrap();
        assert!(limiter.check("a").await.unwrap().is_ok());
    }

    #[tokio::test]
    async fn a_new_window_starts_once_the_last_has_passed() {
        let (_dir, db) = db().await;
        let limiter = Limiter::new(db.clone(), "test", 1, Duration::from_secs(60));
        let key = limiter.key("a");
        // A window that began two minutes ago is over.
        failures::record(db.pool(), &key, 60, now() - 120)
            .await
            .unwrap();
        assert!(limiter.check("a").await.unwrap().is_ok());
        limiter.record("a").await.unwrap();
        let window = failures::find(db.pool(), &key).await.unwrap().unwrap();
        assert_eq!(window.count, 1, "counting starts again");
        assert!(limiter.check("a").await.unwrap().is_err());
    }
}
