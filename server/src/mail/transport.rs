use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, bail};
use lettre::message::Mailbox;
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use secrecy::{ExposeSecret, SecretString};

use super::Mail;

/// How mail leaves Portico.
#[derive(Clone, Debug)]
pub struct MailSettings {
    pub smtp: Option<SmtpSettings>,
    /// `PORTICO_MAIL_FROM`, e.g. `Portico <portico@example.com>`.
    pub from: String,
    /// Where `.eml` files go without SMTP.
    pub dir: PathBuf,
}

#[derive(Clone, Debug)]
pub struct SmtpSettings {
    /// `smtp://host[:port]` (STARTTLS required, except on a loopback
    /// address) or `smtps://host[:port]` (TLS from the start); user and
    /// password may be in the URL.
    pub url: SecretString,
    pub user: Option<String>,
    pub password: Option<SecretString>,
}

impl MailSettings {
    /// `PORTICO_SMTP_URL` (with `_USER` and `_PASSWORD`) and
    /// `PORTICO_MAIL_FROM`; without SMTP, files in `<data dir>/mail`.
    pub fn from_env(
        env: &std::collections::HashMap<String, String>,
        public_url: &url::Url,
        data_dir: &std::path::Path,
    ) -> Self {
        let smtp = env
            .get("PORTICO_SMTP_URL")
            .filter(|v| !v.trim().is_empty())
            .map(|url| SmtpSettings {
                url: SecretString::from(url.trim().to_owned()),
                user: env.get("PORTICO_SMTP_USER").cloned(),
                password: env
                    .get("PORTICO_SMTP_PASSWORD")
                    .map(|p| SecretString::from(p.clone())),
            });
        let from = env.get("PORTICO_MAIL_FROM").cloned().unwrap_or_else(|| {
            let host = public_url.host_str().unwrap_or("localhost");
            let domain = if host.chars().any(|c| c.is_ascii_alphabetic()) {
                host
            } else {
                "localhost"
            };
            format!("Portico <portico@{domain}>")
        });
        Self {
            smtp,
            from,
            dir: data_dir.join("mail"),
        }
    }
}

/// Sends one message at a time; cheap to clone.
#[derive(Clone)]
pub struct Mailer {
    from: Mailbox,
    way: Way,
}

#[derive(Clone)]
enum Way {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Files(PathBuf),
}

impl Mailer {
    pub fn new(settings: &MailSettings) -> anyhow::Result<Self> {
        let from: Mailbox = settings.from.parse().with_context(|| {
            format!(
                "PORTICO_MAIL_FROM: {:?} is not an address like Portico <portico@example.com>",
                settings.from
            )
        })?;
        let way = match &settings.smtp {
            Some(smtp) => Way::Smtp(smtp_transport(smtp)?),
            None => Way::Files(settings.dir.clone()),
        };
        Ok(Self { from, way })
    }

    /// Where messages go, for the log at start (no credentials).
    pub fn describe(&self) -> String {
        match &self.way {
            Way::Smtp(_) => "SMTP".into(),
            Way::Files(dir) => format!("files in {}", dir.display()),
        }
    }

    /// Delivers `mail`; the error says why, without the message's content.
    pub async fn send(&self, id: &str, mail: &Mail) -> Result<(), String> {
        let message = mail.build(&self.from)?;
        match &self.way {
            Way::Smtp(transport) => transport
                .send(message)
                .await
                .map(drop)
                .map_err(|e| format!("SMTP: {e}")),
            Way::Files(dir) => {
                let dir = dir.clone();
                let name = format!("{}-{id}.eml", crate::store::now());
                let bytes = message.formatted();
                tokio::task::spawn_blocking(move || {
                    crate::private_fs::create_dir(&dir).map_err(|e| e.to_string())?;
                    let path = dir.join(name);
                    let text = String::from_utf8_lossy(&bytes);
                    crate::private_fs::write_new(&path, &text).map_err(|e| e.to_string())?;
                    tracing::info!(path = %path.display(), "email written to a file (no SMTP server is configured)");
                    Ok(())
                })
                .await
                .map_err(|e| format!("writing the email: {e}"))?
            }
        }
    }
}

fn smtp_transport(smtp: &SmtpSettings) -> anyhow::Result<AsyncSmtpTransport<Tokio1Executor>> {
    let url = url::Url::parse(smtp.url.expose_secret()).map_err(|_| {
        anyhow::anyhow!("PORTICO_SMTP_URL is not a URL like smtp://mail.example.com:587")
    })?;
    let Some(host) = url
        .host_str()
        .map(|h| h.trim_matches(['[', ']']).to_owned())
    else {
        bail!("PORTICO_SMTP_URL has no host");
    };
    let loopback = host == "localhost"
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    let builder = match url.scheme() {
        "smtps" => AsyncSmtpTransport::<Tokio1Executor>::relay(&host)
            .context("PORTICO_SMTP_URL: TLS setup")?
            .port(url.port().unwrap_or(465)),
        "smtp" if loopback => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&host)
            .port(url.port().unwrap_or(25)),
        "smtp" => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&host)
            .context("PORTICO_SMTP_URL: TLS setup")?
            .port(url.port().unwrap_or(587)),
        other => bail!("PORTICO_SMTP_URL must start with smtp:// or smtps://, not {other}://"),
    };
    let decode = |s: &str| {
        percent_encoding::percent_decode_str(s)
            .decode_utf8_lossy()
            .into_owned()
    };
    let user = smtp
        .user
        .clone()
        .or_else(|| (!url.username().is_empty()).then(|| decode(url.username())));
    let password = smtp
        .password
        .as_ref()
        .map(|p| p.expose_secret().to_owned())
        .or_else(|| url.password().map(decode));
    let builder = match (user, password) {
        (Some(user), Some(password)) => builder.credentials(Credentials::new(user, password)),
        (None, None) => builder,
        _ => bail!("SMTP needs both a user and a password, or neither"),
    };
    Ok(builder.timeout(Some(Duration::from_secs(15))).build())
}
