use serde::{Deserialize, Serialize};

/// The part of a client id the developer chooses: 1–64 characters from
/// `0-9a-z`. Unique within the developer's clients and never reused.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Suffix(String);

impl Suffix {
    pub const MAX_LEN: usize = 64;

    pub fn parse(input: &str) -> Result<Self, String> {
        if input.is_empty() {
            return Err("Choose a suffix, for example myapp or billing2.".into());
        }
        if input.chars().count() > Self::MAX_LEN {
            return Err(format!(
                "A suffix has at most {} characters.",
                Self::MAX_LEN
            ));
        }
        if let Some(bad) = input.chars().find(|c| !matches!(c, '0'..='9' | 'a'..='z')) {
            let hint = if bad.is_ascii_uppercase() {
                " (use lower case)"
            } else {
                ""
            };
            return Err(format!(
                "A suffix may contain only a–z and 0–9; {bad:?} is not allowed{hint}."
            ));
        }
        Ok(Self(input.to_owned()))
    }
}

impl AsRef<str> for Suffix {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Suffix {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Suffix {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Suffix> for String {
    fn from(value: Suffix) -> Self {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn explains_each_rejection() {
        assert!(Suffix::parse("").unwrap_err().contains("Choose"));
        assert!(Suffix::parse("MyApp").unwrap_err().contains("lower case"));
        assert!(Suffix::parse("my-app").unwrap_err().contains("'-'"));
        assert!(
            Suffix::parse("my.app").is_err(),
            "a dot would make the client id ambiguous"
        );
        assert!(Suffix::parse(&"a".repeat(65)).unwrap_err().contains("64"));
        assert!(Suffix::parse(&"a".repeat(64)).is_ok());
        assert!(Suffix::parse("billing2").is_ok());
    }

    proptest! {
        #[test]
        fn accepts_exactly_the_alphabet(s in "[0-9a-z]{1,64}") {
            let suffix = Suffix::parse(&s).unwrap();
            prop_assert_eq!(suffix.as_ref(), s.as_str());
        }

        #[test]
        fn anything_accepted_is_in_the_alphabet(s in "\\PC{0,70}") {
            if let Ok(suffix) = Suffix::parse(&s) {
                prop_assert!(suffix.as_ref().bytes().all(|b| b.is_ascii_digit() || b.is_ascii_lowercase()));
                prop_assert!((1..=64).contains(&suffix.as_ref().len()));
            }
        }
    }
}
