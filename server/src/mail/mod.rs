//! Outbound email: SMTP when `PORTICO_SMTP_URL` is set, otherwise `.eml`
//! files under `<data dir>/mail/` (the embedded default). Messages are
//! queued in the outbox and sent by its worker, never from a request.

mod message;
mod transport;

pub use message::Mail;
pub use transport::{MailSettings, Mailer, SmtpSettings};
