use serde::{Deserialize, Serialize};

/// An email address, trimmed and lower-cased so that one mailbox is one account.
///
/// The check is deliberately modest (RFC 5321 lengths, one `@`, a dotted
/// domain, no spaces): the only real proof of an address is mail delivered to it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

impl Email {
    pub const MAX_LEN: usize = 254;

    pub fn parse(input: &str) -> Result<Self, String> {
        let value = input.trim().to_lowercase();
        if value.is_empty() {
            return Err("Enter your email address.".into());
        }
        if value.len() > Self::MAX_LEN {
            return Err(format!(
                "An email address has at most {} characters.",
                Self::MAX_LEN
            ));
        }
        if value.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err("An email address cannot contain spaces.".into());
        }
        let Some((local, domain)) = value.split_once('@') else {
            return Err("An email address needs an @, as in name@example.com.".into());
        };
        if local.is_empty() || local.len() > 64 {
            return Err("The part before the @ must have 1 to 64 characters.".into());
        }
        let labels_ok = domain
            .split('.')
            .all(|l| !l.is_empty() && !l.starts_with('-') && !l.ends_with('-'));
        if domain.contains('@') || !domain.contains('.') || !labels_ok {
            return Err("The part after the @ must be a domain, as in example.com.".into());
        }
        Ok(Self(value))
    }
}

impl AsRef<str> for Email {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Email {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Email {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Email> for String {
    fn from(value: Email) -> Self {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn normalises_case_and_whitespace() {
        let email = Email::parse("  Ada@Example.COM ").unwrap();
        assert_eq!(email.as_ref(), "ada@example.com");
    }

    #[test]
    fn rejects_addresses_people_mistype() {
        for bad in [
            "",
            "ada",
            "ada@",
            "@example.com",
            "ada@example",
            "a da@example.com",
            "ada@@example.com",
            "ada@example..com",
            "ada@-example.com",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad:?} should be rejected");
        }
    }

    #[test]
    fn deserialising_cannot_skip_the_check() {
        assert!(serde_json::from_str::<Email>("\"not-an-email\"").is_err());
        let ok: Email = serde_json::from_str("\"Bob@Example.org\"").unwrap();
        assert_eq!(ok.as_ref(), "bob@example.org");
    }

    proptest! {
        #[test]
        fn parse_is_idempotent(local in "[a-z0-9._+-]{1,20}", domain in "[a-z0-9]{1,20}\\.[a-z]{2,6}") {
            let email = Email::parse(&format!("{local}@{domain}")).unwrap();
            prop_assert_eq!(Email::parse(email.as_ref()).unwrap(), email);
        }

        #[test]
        fn never_panics(input in ".{0,300}") {
            let _ = Email::parse(&input);
        }
    }
}
