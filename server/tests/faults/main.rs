//! Fault tests: Portico under the failures an operator meets — PostgreSQL
//! cut off from one replica, replicas started together, a stop with a
//! request half sent, a full disk under SQLite. Each asserts what must
//! hold, with bounded waits. Run by `./test.sh` with the other tests.

#[path = "../api/helpers/mod.rs"]
#[allow(dead_code)]
mod helpers;

mod disk_full;
mod proxy;
mod replicas;
mod shutdown;

/// Polls `check` every 100 ms until it is true or `secs` have passed.
pub async fn eventually(secs: u64, mut check: impl AsyncFnMut() -> bool) -> bool {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(secs);
    while std::time::Instant::now() < deadline {
        if check().await {
            return true;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    false
}
