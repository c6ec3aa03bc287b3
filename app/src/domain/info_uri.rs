use super::RedirectUri;

/// A page or picture a client shows end users (RFC 7591 `logo_uri`,
/// `client_uri`, `policy_uri`, `tos_uri`): an absolute `https` URL without
/// user info or a fragment. End users open them from the consent and
/// confirmation pages on their own devices, so `http`, even on a loopback
/// address, is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InfoUri(String);

impl InfoUri {
    /// Empty text is "none"; `what` names the field in messages ("A logo
    /// URL").
    pub fn parse_optional(input: &str, what: &str) -> Result<Option<Self>, String> {
        let input = input.trim();
        if input.is_empty() {
            return Ok(None);
        }
        if input
            .get(..7)
            .is_some_and(|s| s.eq_ignore_ascii_case("http://"))
        {
            return Err(format!(
                "{what} must use https://: end users open it from their own devices."
            ));
        }
        // Only https is left: the check above took http, and custom
        // schemes are a confidential client's error.
        let uri = RedirectUri::parse_as(
            input,
            what,
            "https://example.com/privacy",
            "Use an https:// URL.",
        )?;
        let url: &str = uri.as_ref();
        Ok(Some(Self(url.to_owned())))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn parse(input: &str) -> Result<Option<String>, String> {
        InfoUri::parse_optional(input, "A logo URL").map(|u| u.map(InfoUri::into_string))
    }

    #[test]
    fn https_only_and_empty_is_none() {
        assert_eq!(parse("  "), Ok(None));
        assert_eq!(
            parse(" https://Clinic.example/logo.png "),
            Ok(Some("https://clinic.example/logo.png".into()))
        );
        let loopback = parse("http://127.0.0.1/logo.png").unwrap_err();
        assert!(loopback.contains("must use https://"), "{loopback}");
        let plain = parse("HTTP://clinic.example/logo.png").unwrap_err();
        assert!(plain.contains("must use https://"), "{plain}");
        let custom = parse("com.example.app:/logo").unwrap_err();
        assert!(custom.contains("Use an https:// URL."), "{custom}");
        let fragment = parse("https://clinic.example/#top").unwrap_err();
        assert!(fragment.starts_with("A logo URL must not"), "{fragment}");
        assert!(parse("https://user:pw@clinic.example/").is_err());
        assert!(parse("javascript:alert(1)").is_err());
        assert!(parse("clinic.example/privacy").is_err());
    }

    proptest! {
        /// Whatever is accepted is an https URL without a double quote,
        /// angle bracket or space.
        #[test]
        fn accepted_urls_are_plain_https(input in "(https?://)?\\PC{0,40}") {
            if let Ok(Some(url)) = parse(&input) {
                prop_assert!(url.starts_with("https://"));
                prop_assert!(!url.contains(['"', '<', '>', ' ']));
            }
        }
    }
}
