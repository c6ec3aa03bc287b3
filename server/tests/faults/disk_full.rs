//! SQLite on a full disk: writes fail as "unavailable" (never a success
//! for something not stored), readiness says so, and everything works
//! again by itself once space is free — no restart.

use std::path::{Path, PathBuf};
use std::process::Command;

use reqwest::StatusCode;

use crate::eventually;
use crate::helpers::{Backend, PASSWORD, new_client, spawn_app_with};

/// A small tmpfs, unmounted when dropped.
struct SmallDisk {
    dir: PathBuf,
    _parent: tempfile::TempDir,
}

impl SmallDisk {
    /// `None` where this process may not mount (not root).
    fn mount(size: &str) -> Option<Self> {
        let parent = tempfile::tempdir().ok()?;
        let dir = parent.path().join("disk");
        std::fs::create_dir(&dir).ok()?;
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(&dir)
            .status()
            .is_ok_and(|s| s.success());
        mounted.then_some(Self {
            dir,
            _parent: parent,
        })
    }

    /// Fills the disk, leaving `keep_kb` free.
    fn fill(&self, keep_kb: u64) {
        let free = free_kb(&self.dir);
        let size = free.saturating_sub(keep_kb) * 1024;
        let file = std::fs::File::create(self.filler()).unwrap();
        // Written, not just reserved, so tmpfs counts it.
        let mut left = size;
        let block = vec![0u8; 64 * 1024];
        let mut file = std::io::BufWriter::new(file);
        use std::io::Write as _;
        while left > 0 {
            let n = left.min(block.len() as u64) as usize;
            if file.write_all(&block[..n]).is_err() {
                break;
            }
            left -= n as u64;
        }
        let _ = file.flush();
    }

    fn free(&self) {
        let _ = std::fs::remove_file(self.filler());
    }

    fn filler(&self) -> PathBuf {
        self.dir.join("filler")
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.dir).status();
    }
}

fn free_kb(path: &Path) -> u64 {
    let out = Command::new("df")
        .args(["--output=avail", "-k"])
        .arg(path)
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .nth(1)
        .and_then(|l| l.trim().parse().ok())
        .unwrap_or(0)
}

#[tokio::test]
async fn sqlite_on_a_full_disk_fails_writes_honestly_and_recovers_by_itself() {
    let Some(disk) = SmallDisk::mount("4m") else {
        eprintln!("SKIPPED: mounting a tmpfs needs root; the full-disk test did not run");
        return;
    };
    let data = disk.dir.display().to_string();
    let url = format!("sqlite://{data}/portico.db");
    let settings = [
        ("PORTICO_DATA_DIR", data.as_str()),
        ("PORTICO_DATABASE_URL", url.as_str()),
        // Without SMTP, email is written as files in the data directory,
        // on this same small disk: the confirmation link queued at sign-up
        // would take or give back space while the test counts on it.
        ("PORTICO_OUTBOX_WORKER", "off"),
    ];
    let app = spawn_app_with(Backend::Sqlite, &settings).await.unwrap();
    app.sign_up("dev@example.com").await;

    disk.fill(16);
    let mut refused = 0;
    for i in 0..30 {
        let person = new_client();
        let res = app.sign_in_with(&person, "dev@example.com", PASSWORD).await;
        match res.status() {
            // A success must be real: the session it set works.
            StatusCode::OK => {
                let me = app.whoami(&person).await;
                assert_eq!(
                    me["email"], "dev@example.com",
                    "sign-in {i} answered 200 without a stored session"
                );
            }
            StatusCode::SERVICE_UNAVAILABLE => refused += 1,
            other => panic!("sign-in {i} on a full disk answered {other}"),
        }
        let res = app
            .call(
                &app.client,
                "create_client",
                &crate::helpers::ClientForm::service(&format!("c{i}")).pairs(),
            )
            .await;
        assert!(
            matches!(
                res.status(),
                StatusCode::OK | StatusCode::SERVICE_UNAVAILABLE
            ),
            "creating a client on a full disk answered {}",
            res.status()
        );
    }
    assert!(refused > 0, "the disk was full, yet every write succeeded");
    let ready = app.client.get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(
        ready.status(),
        StatusCode::SERVICE_UNAVAILABLE,
        "readiness tells"
    );

    disk.free();
    let recovered = eventually(10, async || {
        let person = new_client();
        app.sign_in_with(&person, "dev@example.com", PASSWORD)
            .await
            .status()
            == StatusCode::OK
            && app.whoami(&person).await["email"] == "dev@example.com"
    })
    .await;
    assert!(
        recovered,
        "writes work again once space is free, without a restart"
    );
    let ready = app.client.get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), StatusCode::OK);
    app.state.db.close().await;
}
