use super::RedirectUri;

/// Where an organisation's webhook deliveries are posted: `https`, or
/// `http` on a loopback address (for a receiver on the same machine);
/// absolute, without user info or a fragment. The same rules as a
/// confidential client's redirect URI, in a webhook's words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WebhookUrl(RedirectUri);

impl WebhookUrl {
    pub fn parse(input: &str) -> Result<Self, String> {
        RedirectUri::parse_as(
            input,
            "A webhook URL",
            "https://hooks.example.com/portico",
            "Use an https:// URL (or http:// on 127.0.0.1, [::1] or localhost).",
        )
        .map(Self)
    }

    pub fn as_str(&self) -> &str {
        self.0.as_ref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_or_loopback_http_only() {
        assert!(WebhookUrl::parse("https://hooks.example.com/portico").is_ok());
        assert!(WebhookUrl::parse("http://127.0.0.1:9000/hook").is_ok());
        assert!(WebhookUrl::parse("http://localhost/hook").is_ok());
        let plain = WebhookUrl::parse("http://hooks.example.com/portico").unwrap_err();
        assert!(plain.contains("use https"), "{plain}");
        let custom = WebhookUrl::parse("com.example.app:/hook").unwrap_err();
        assert!(custom.contains("https://"), "{custom}");
        let fragment = WebhookUrl::parse("https://h.example.com/a#b").unwrap_err();
        assert!(fragment.contains("A webhook URL"), "{fragment}");
        assert!(WebhookUrl::parse("https://user:pw@h.example.com/").is_err());
        assert!(WebhookUrl::parse("hooks.example.com").is_err());
    }
}
