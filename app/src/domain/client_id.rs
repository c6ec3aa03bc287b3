use serde::{Deserialize, Serialize};

use super::{ClientPrefix, Suffix};

/// `<prefix>.<suffix>`: the developer's fixed 64-hex prefix and their
/// chosen suffix. The one dot is unambiguous because neither part has one.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ClientId {
    prefix: ClientPrefix,
    suffix: Suffix,
}

impl ClientId {
    pub fn new(prefix: ClientPrefix, suffix: Suffix) -> Self {
        Self { prefix, suffix }
    }

    pub fn parse(input: &str) -> Result<Self, String> {
        let Some((prefix, suffix)) = input.split_once('.') else {
            return Err("A client id looks like <64 hex characters>.<suffix>.".into());
        };
        let prefix = ClientPrefix::parse(prefix)?;
        let suffix = Suffix::parse(suffix)?;
        Ok(Self { prefix, suffix })
    }

    pub fn prefix(&self) -> &ClientPrefix {
        &self.prefix
    }

    pub fn suffix(&self) -> &Suffix {
        &self.suffix
    }
}

impl std::fmt::Display for ClientId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.prefix, self.suffix)
    }
}

impl TryFrom<String> for ClientId {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<ClientId> for String {
    fn from(value: ClientId) -> Self {
        value.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const PREFIX: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    #[test]
    fn splits_into_prefix_and_suffix() {
        let id = ClientId::parse(&format!("{PREFIX}.billing")).unwrap();
        assert_eq!(id.prefix().as_ref(), PREFIX);
        assert_eq!(id.suffix().as_ref(), "billing");
        assert_eq!(id.to_string(), format!("{PREFIX}.billing"));
    }

    #[test]
    fn rejects_malformed_ids() {
        assert!(ClientId::parse("billing").is_err());
        assert!(ClientId::parse(&format!("{PREFIX}.")).is_err());
        assert!(ClientId::parse(&format!("{PREFIX}.a.b")).is_err());
        assert!(ClientId::parse("abc.billing").is_err());
    }

    proptest! {
        #[test]
        fn display_parses_back(bytes in proptest::array::uniform32(any::<u8>()), suffix in "[0-9a-z]{1,64}") {
            let id = ClientId::new(ClientPrefix::from_random_bytes(bytes), Suffix::parse(&suffix).unwrap());
            prop_assert_eq!(ClientId::parse(&id.to_string()).unwrap(), id);
        }
    }
}
