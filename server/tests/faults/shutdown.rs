//! Stopping: SIGTERM stops accepting at once and drains open requests for
//! `PORTICO_DRAIN_SECONDS` at most — a client that never finishes sending
//! its request does not keep the process alive.

use std::io::Write as _;
use std::net::{TcpListener, TcpStream};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::eventually;

/// The Portico process; killed (and reaped) if the test ends early.
struct Running(std::process::Child);

impl Drop for Running {
    fn drop(&mut self) {
        if matches!(self.0.try_wait(), Ok(None)) {
            let _ = self.0.kill();
        }
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

#[tokio::test]
async fn sigterm_drains_for_a_bounded_time_even_with_a_half_sent_request() {
    let data = tempfile::tempdir().unwrap();
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let mut child = Running(
        Command::new(env!("CARGO_BIN_EXE_portico"))
            .arg("serve")
            .env("PORTICO_BIND", format!("127.0.0.1:{port}"))
            .env("PORTICO_PUBLIC_URL", &base)
            .env("PORTICO_DATA_DIR", data.path())
            .env("PORTICO_DRAIN_SECONDS", "2")
            .env("PORTICO_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start portico"),
    );
    server::outbox::install_crypto_provider();
    let client = reqwest::Client::new();
    let up = eventually(30, async || {
        client
            .get(format!("{base}/healthz"))
            .send()
            .await
            .is_ok_and(|r| r.status().is_success())
    })
    .await;
    assert!(up, "portico started");

    // A client that sends half its headers and then nothing.
    let mut slow = TcpStream::connect(("127.0.0.1", port)).unwrap();
    slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        .unwrap();
    std::thread::sleep(Duration::from_millis(200));

    let stopped_at = Instant::now();
    let killed = Command::new("kill")
        .args(["-TERM", &child.0.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    std::thread::sleep(Duration::from_millis(500));
    assert!(
        TcpStream::connect(("127.0.0.1", port)).is_err(),
        "no new connections once stopping"
    );
    let mut exited = None;
    while stopped_at.elapsed() < Duration::from_secs(8) {
        if let Some(status) = child.0.try_wait().unwrap() {
            exited = Some(status);
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let Some(status) = exited else {
        panic!("still running 8 s after SIGTERM with a 2 s drain");
    };
    assert!(status.success(), "{status}");
    assert!(
        stopped_at.elapsed() >= Duration::from_secs(2),
        "it waited for the request in flight first"
    );
    drop(slow);
}
