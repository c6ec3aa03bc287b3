use serde::{Deserialize, Serialize};

/// A scope name: an RFC 6749 §3.3 scope-token (printable ASCII except
/// space, `"` and `\`), at most 128 characters.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ScopeName(String);

impl ScopeName {
    pub const MAX_LEN: usize = 128;

    pub fn parse(input: &str) -> Result<Self, String> {
        if input.is_empty() {
            return Err("Enter a scope name, for example consents:read.".into());
        }
        if input.len() > Self::MAX_LEN {
            return Err(format!(
                "A scope name has at most {} characters.",
                Self::MAX_LEN
            ));
        }
        if let Some(bad) = input
            .chars()
            .find(|&c| !matches!(c, '\x21' | '\x23'..='\x5b' | '\x5d'..='\x7e'))
        {
            return Err(format!(
                "A scope name may contain printable ASCII characters except space, \" and \\; {bad:?} is not allowed."
            ));
        }
        Ok(Self(input.to_owned()))
    }
}

impl AsRef<str> for ScopeName {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for ScopeName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for ScopeName {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<ScopeName> for String {
    fn from(value: ScopeName) -> Self {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn follows_the_scope_token_grammar() {
        for ok in [
            "openid",
            "consents:read",
            "wallet:create",
            "https://api.example.com/read",
        ] {
            assert!(ScopeName::parse(ok).is_ok(), "{ok}");
        }
        for bad in ["", "two words", "quo\"te", "back\\slash", "tab\t", "é"] {
            assert!(ScopeName::parse(bad).is_err(), "{bad:?}");
        }
    }

    proptest! {
        #[test]
        fn accepted_names_never_contain_separators(s in "\\PC{0,20}") {
            if let Ok(scope) = ScopeName::parse(&s) {
                prop_assert!(!scope.as_ref().contains([' ', '"', '\\']));
            }
        }
    }
}
