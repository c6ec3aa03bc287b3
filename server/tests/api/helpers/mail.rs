//! A real SMTP server for the tests: Debian's aiosmtpd on a free port,
//! writing what it receives into a Maildir of its own.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// Runs `$name(app, mail)` on both databases, each with a fresh SMTP
/// server: `with_mail!(name, other with &[("PORTICO_X", "v")])`.
#[macro_export]
macro_rules! with_mail {
    ($($name:ident $(with $settings:expr)?),* $(,)?) => {$(
        mod $name {
            use $crate::helpers::{Backend, mail::MailServer, spawn_app_with};
            async fn run(backend: Backend) {
                let mail = MailServer::start().await;
                let url = mail.url();
                #[allow(unused_mut)]
                let mut settings = vec![("PORTICO_SMTP_URL", url.as_str()), ("PORTICO_OUTBOX_POLL_MS", "100")];
                $(settings.extend_from_slice($settings);)?
                if let Some(app) = spawn_app_with(backend, &settings).await {
                    $crate::helpers::within_limit(super::$name(app, mail)).await;
                }
            }
            #[tokio::test]
            async fn sqlite() { run(Backend::Sqlite).await }
            #[tokio::test]
            async fn postgres() { run(Backend::Postgres).await }
        }
    )*};
}

/// The subject of the address confirmation sent at sign-up.
pub const VERIFICATION_SUBJECT: &str = "Subject: Confirm your email address for Portico";

pub struct MailServer {
    pub port: u16,
    dir: tempfile::TempDir,
    child: Child,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

impl MailServer {
    pub async fn start() -> Self {
        Self::start_on(free_port()).await
    }

    /// On `port` (again, after `stop`), keeping nothing from before.
    pub async fn start_on(port: u16) -> Self {
        let dir = tempfile::tempdir().expect("maildir");
        let child = Command::new("/usr/bin/python3")
            .args(["-m", "aiosmtpd", "-n", "-l"])
            .arg(format!("127.0.0.1:{port}"))
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(dir.path().join("box"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("aiosmtpd (apt-get install python3-aiosmtpd; ./test.sh does)");
        let server = Self { port, dir, child };
        for _ in 0..100 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .is_ok()
            {
                return server;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("aiosmtpd did not listen on {port} within 10 s");
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    fn new_dir(&self) -> PathBuf {
        self.dir.path().join("box").join("new")
    }

    /// Every message received so far, decoded to text.
    pub fn all_messages(&self) -> Vec<String> {
        let Ok(entries) = std::fs::read_dir(self.new_dir()) else {
            return Vec::new();
        };
        entries
            .filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok())
            .map(|raw| decode(&raw))
            .collect()
    }

    /// Every message but the address confirmations each sign-up sends.
    pub fn messages(&self) -> Vec<String> {
        self.all_messages()
            .into_iter()
            .filter(|m| !m.contains(VERIFICATION_SUBJECT))
            .collect()
    }

    /// Waits (at most 15 s) for `count` messages (not address
    /// confirmations) to `to`.
    pub async fn wait_for(&self, to: &str, count: usize) -> Vec<String> {
        self.wait_for_where(to, count, |m| !m.contains(VERIFICATION_SUBJECT))
            .await
    }

    /// Waits (at most 15 s) for `count` address confirmations to `to`.
    pub async fn wait_for_confirmation(&self, to: &str, count: usize) -> Vec<String> {
        self.wait_for_where(to, count, |m| m.contains(VERIFICATION_SUBJECT))
            .await
    }

    async fn wait_for_where(
        &self,
        to: &str,
        count: usize,
        keep: impl Fn(&str) -> bool,
    ) -> Vec<String> {
        for _ in 0..150 {
            let found: Vec<String> = self
                .all_messages()
                .into_iter()
                .filter(|m| m.contains(&format!("To: {to}")) && keep(m))
                .collect();
            if found.len() >= count {
                return found;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!(
            "no {count} message(s) to {to} within 15 s; got {:?}",
            self.messages()
        );
    }
}

impl Drop for MailServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The message with each MIME part's body decoded (quoted-printable or
/// base64), so tests can read the words and follow the links.
fn decode(raw: &str) -> String {
    use base64::Engine as _;
    let raw = raw.replace("\r\n", "\n");
    let mut out = String::new();
    for part in raw.split("\n--") {
        let (head, body) = part.split_once("\n\n").unwrap_or((part, ""));
        out.push_str(head);
        out.push('\n');
        let lower = head.to_ascii_lowercase();
        if lower.contains("content-transfer-encoding: base64") {
            let joined: String = body.lines().take_while(|l| !l.is_empty()).collect();
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(joined.trim())
                .unwrap_or_default();
            out.push_str(&String::from_utf8_lossy(&bytes));
        } else if lower.contains("content-transfer-encoding: quoted-printable") {
            out.push_str(&decode_qp(body));
        } else {
            out.push_str(body);
        }
        out.push('\n');
    }
    out
}

fn decode_qp(body: &str) -> String {
    let joined = body.replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'=')
            .then(|| joined.get(i + 1..i + 3))
            .flatten()
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        if let Some(b) = escaped {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The first link in `message` that starts with `prefix`.
pub fn link(message: &str, prefix: &str) -> String {
    let start = message
        .find(prefix)
        .unwrap_or_else(|| panic!("no {prefix}… in {message}"));
    message[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || "-_/.:?=&%".contains(*c))
        .collect()
}
