/// The name a person gives a passkey ("Work laptop", "YubiKey 5"), to
/// tell their passkeys apart on `/account`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PasskeyName(String);

impl PasskeyName {
    pub const MAX_CHARS: usize = 60;

    pub fn parse(input: &str) -> Result<Self, String> {
        super::display_name::one_line_name(
            input,
            Self::MAX_CHARS,
            "a name for the passkey",
            "A passkey's name",
        )
        .map(Self)
    }
}

impl AsRef<str> for PasskeyName {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_and_limits() {
        assert_eq!(
            PasskeyName::parse(" Work laptop ").unwrap().as_ref(),
            "Work laptop"
        );
        assert_eq!(
            PasskeyName::parse("  ").unwrap_err(),
            "Enter a name for the passkey."
        );
        assert!(PasskeyName::parse(&"k".repeat(61)).is_err());
        assert!(PasskeyName::parse("a\u{7}b").is_err());
    }
}
