//! Fixed-window failure counters (sign-in, sign-up, client authentication).
//!
//! Kept in memory per replica: a limit that is per replica is still a limit,
//! and keeping it out of the database keeps a brute-force attempt from
//! turning into database write load.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub struct Limiter {
    max: u32,
    window: Duration,
    entries: Mutex<HashMap<String, (u32, Instant)>>,
}

/// Entries beyond this are pruned of expired windows before a new one is added.
const PRUNE_ABOVE: usize = 10_000;

impl Limiter {
    pub fn new(max: u32, window: Duration) -> Self {
        Self {
            max,
            window,
            entries: Mutex::new(HashMap::new()),
        }
    }

    /// `Err(seconds to wait)` when `key` has used up its attempts.
    pub fn check(&self, key: &str) -> Result<(), u64> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        match entries.get(key) {
            Some((count, start)) if *count >= self.max && start.elapsed() < self.window => {
                Err((self.window - start.elapsed()).as_secs().max(1))
            }
            _ => Ok(()),
        }
    }

    pub fn record(&self, key: &str) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.len() > PRUNE_ABOVE {
            let window = self.window;
            entries.retain(|_, (_, start)| start.elapsed() < window);
        }
        let entry = entries.entry(key.to_owned()).or_insert((0, Instant::now()));
        if entry.1.elapsed() >= self.window {
            *entry = (0, Instant::now());
        }
        entry.0 += 1;
    }

    pub fn reset(&self, key: &str) {
        self.entries
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_after_max_failures_and_reset_clears() {
        let limiter = Limiter::new(3, Duration::from_secs(60));
        for _ in 0..3 {
            assert!(limiter.check("a").is_ok());
            limiter.record("a");
        }
        let wait = limiter.check("a").unwrap_err();
        assert!(wait > 0 && wait <= 60);
        assert!(limiter.check("b").is_ok(), "other keys are not affected");
        limiter.reset("a");
        assert!(limiter.check("a").is_ok());
    }

    #[test]
    fn window_expires() {
        let limiter = Limiter::new(1, Duration::from_millis(20));
        limiter.record("a");
        assert!(limiter.check("a").is_err());
        std::thread::sleep(Duration::from_millis(30));
        assert!(limiter.check("a").is_ok());
    }
}
