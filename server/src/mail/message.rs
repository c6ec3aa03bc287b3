use lettre::message::{Mailbox, MultiPart};
use serde::{Deserialize, Serialize};

/// One email: plain text and HTML of the same words. Every message says
/// why the person receives it and how to stop (`footer`).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    /// Paragraphs of plain text; a paragraph that is a URL becomes a link.
    pub paragraphs: Vec<String>,
    /// Why they get it, and how to stop.
    pub footer: String,
}

impl Mail {
    pub fn text(&self) -> String {
        let mut out = self.paragraphs.join("\n\n");
        out.push_str("\n\n-- \n");
        out.push_str(&self.footer);
        out.push('\n');
        out
    }

    pub fn html(&self) -> String {
        let mut out = String::from(
            "<!doctype html><html><body style=\"font-family: sans-serif; line-height: 1.5; color: #111827\">",
        );
        for p in &self.paragraphs {
            let escaped = escape(p);
            if p.starts_with("https://") || p.starts_with("http://") {
                out.push_str(&format!("<p><a href=\"{escaped}\">{escaped}</a></p>"));
            } else {
                out.push_str(&format!("<p>{escaped}</p>"));
            }
        }
        out.push_str(&format!(
            "<hr><p style=\"font-size: 0.875em; color: #4b5563\">{}</p></body></html>",
            escape(&self.footer)
        ));
        out
    }

    /// The RFC 5322 message, from `from`.
    pub fn build(&self, from: &Mailbox) -> Result<lettre::Message, String> {
        let to: Mailbox = self
            .to
            .parse()
            .map_err(|e| format!("bad recipient address: {e}"))?;
        lettre::Message::builder()
            .from(from.clone())
            .to(to)
            .subject(&self.subject)
            .multipart(MultiPart::alternative_plain_html(self.text(), self.html()))
            .map_err(|e| format!("building the message: {e}"))
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escapes_and_links_urls() {
        let mail = Mail {
            to: "a@example.com".into(),
            subject: "Hi".into(),
            paragraphs: vec![
                "<b>Acme</b> & co".into(),
                "https://p.example/x?a=1&b=2".into(),
            ],
            footer: "You get this because …".into(),
        };
        let html = mail.html();
        assert!(html.contains("&lt;b&gt;Acme&lt;/b&gt; &amp; co"));
        assert!(html.contains("<a href=\"https://p.example/x?a=1&amp;b=2\">"));
        assert!(mail.text().ends_with("-- \nYou get this because …\n"));
        let from: Mailbox = "Portico <portico@example.com>".parse().unwrap();
        let built = String::from_utf8(mail.build(&from).unwrap().formatted()).unwrap();
        assert!(built.contains("Subject: Hi"));
        assert!(built.contains("multipart/alternative"));
    }
}
