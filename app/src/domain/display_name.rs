use serde::{Deserialize, Serialize};

/// The name shown for an account in the portal and to end users.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DisplayName(String);

impl DisplayName {
    pub const MAX_CHARS: usize = 80;

    pub fn parse(input: &str) -> Result<Self, String> {
        one_line_name(input, Self::MAX_CHARS, "a name", "A name").map(Self)
    }
}

/// A trimmed, non-empty name of at most `max` characters on one line;
/// `what` and `What` name it in the messages.
pub(super) fn one_line_name(
    input: &str,
    max: usize,
    what: &str,
    what_capital: &str,
) -> Result<String, String> {
    let value = input.trim();
    if value.is_empty() {
        return Err(format!("Enter {what}."));
    }
    if value.chars().count() > max {
        return Err(format!("{what_capital} has at most {max} characters."));
    }
    if value.chars().any(char::is_control) {
        return Err(format!("{what_capital} cannot contain control characters."));
    }
    Ok(value.to_owned())
}

impl AsRef<str> for DisplayName {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for DisplayName {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<DisplayName> for String {
    fn from(value: DisplayName) -> Self {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn trims_and_limits() {
        assert_eq!(
            DisplayName::parse("  Ada Lovelace ").unwrap().as_ref(),
            "Ada Lovelace"
        );
        assert!(DisplayName::parse("   ").is_err());
        assert!(DisplayName::parse("a\u{7}b").is_err());
        assert!(DisplayName::parse(&"n".repeat(81)).is_err());
    }

    proptest! {
        #[test]
        fn parsed_names_are_trimmed_and_nonempty(s in "\\PC{0,100}") {
            if let Ok(name) = DisplayName::parse(&s) {
                prop_assert!(!name.as_ref().is_empty());
                prop_assert_eq!(name.as_ref().trim(), name.as_ref());
            }
        }
    }
}
