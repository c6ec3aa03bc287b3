use serde::{Deserialize, Serialize};

/// An organisation's name, as members, admins and end users (on the
/// confirm page) see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct OrgName(String);

impl OrgName {
    pub const MAX_CHARS: usize = 100;

    pub fn parse(input: &str) -> Result<Self, String> {
        super::display_name::one_line_name(
            input,
            Self::MAX_CHARS,
            "the organisation's name",
            "An organisation's name",
        )
        .map(Self)
    }
}

impl AsRef<str> for OrgName {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for OrgName {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<OrgName> for String {
    fn from(value: OrgName) -> Self {
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
            OrgName::parse("  Acme Health ").unwrap().as_ref(),
            "Acme Health"
        );
        assert!(OrgName::parse(" ").is_err());
        assert!(OrgName::parse("a\nb").is_err());
        assert!(OrgName::parse(&"n".repeat(101)).is_err());
        assert!(OrgName::parse(&"n".repeat(100)).is_ok());
    }

    proptest! {
        #[test]
        fn parsed_names_are_trimmed_and_nonempty(s in "\\PC{0,120}") {
            if let Ok(name) = OrgName::parse(&s) {
                prop_assert!(!name.as_ref().is_empty());
                prop_assert_eq!(name.as_ref().trim(), name.as_ref());
            }
        }
    }
}
