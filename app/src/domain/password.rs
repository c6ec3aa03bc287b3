/// A password as typed by a person, checked against the length rules.
///
/// Rules follow NIST SP 800-63B and OWASP ASVS: a minimum length, a maximum
/// that keeps hashing bounded, no composition rules. The value is never
/// serialised and its `Debug` is redacted, so it cannot end up in a log line.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl Password {
    pub const MIN_CHARS: usize = 12;
    pub const MAX_CHARS: usize = 128;

    pub fn parse(input: &str) -> Result<Self, String> {
        let chars = input.chars().count();
        if chars < Self::MIN_CHARS {
            return Err(format!(
                "Use at least {} characters; a few words make a strong password.",
                Self::MIN_CHARS
            ));
        }
        if chars > Self::MAX_CHARS {
            return Err(format!("Use at most {} characters.", Self::MAX_CHARS));
        }
        if input.trim().is_empty() {
            return Err("A password cannot be only spaces.".into());
        }
        Ok(Self(input.to_owned()))
    }

    /// The plain value, for hashing only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(<hidden>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn length_rules() {
        assert!(Password::parse("short").is_err());
        assert!(Password::parse(&"x".repeat(129)).is_err());
        assert!(Password::parse("            ").is_err());
        assert!(Password::parse("correct horse battery").is_ok());
    }

    #[test]
    fn counts_characters_not_bytes() {
        // 12 characters, 24 bytes: accepted.
        assert!(Password::parse("ææææææææææææ").is_ok());
    }

    #[test]
    fn debug_does_not_leak() {
        let p = Password::parse("correct horse battery").unwrap();
        assert!(!format!("{p:?}").contains("horse"));
    }

    proptest! {
        #[test]
        fn accepts_every_long_enough_visible_string(s in "[!-~]{12,128}") {
            prop_assert!(Password::parse(&s).is_ok());
        }
    }
}
