use serde::{Deserialize, Serialize};

/// A developer's fixed client-id prefix: 64 lowercase hex characters (256
/// random bits), assigned once when the account becomes a developer.
///
/// Developers never choose it; the server draws the bytes and calls
/// [`ClientPrefix::from_random_bytes`]. `parse` exists to check stored and
/// submitted values.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ClientPrefix(String);

impl ClientPrefix {
    pub const LEN: usize = 64;

    pub fn from_random_bytes(bytes: [u8; 32]) -> Self {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut out = String::with_capacity(Self::LEN);
        for b in bytes {
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 0x0f)] as char);
        }
        Self(out)
    }

    pub fn parse(input: &str) -> Result<Self, String> {
        if input.len() != Self::LEN {
            return Err(format!(
                "A client-id prefix has exactly {} characters.",
                Self::LEN
            ));
        }
        if !input
            .bytes()
            .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
        {
            return Err("A client-id prefix contains only 0-9 and a-f.".into());
        }
        Ok(Self(input.to_owned()))
    }
}

impl AsRef<str> for ClientPrefix {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for ClientPrefix {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for ClientPrefix {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<ClientPrefix> for String {
    fn from(value: ClientPrefix) -> Self {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn rejects_wrong_length_and_uppercase() {
        assert!(ClientPrefix::parse("abc").is_err());
        assert!(ClientPrefix::parse(&"A".repeat(64)).is_err());
        assert!(ClientPrefix::parse(&"g".repeat(64)).is_err());
        assert!(ClientPrefix::parse(&"0".repeat(64)).is_ok());
    }

    proptest! {
        #[test]
        fn every_random_prefix_parses(bytes in proptest::array::uniform32(any::<u8>())) {
            let prefix = ClientPrefix::from_random_bytes(bytes);
            prop_assert_eq!(ClientPrefix::parse(prefix.as_ref()).unwrap(), prefix);
        }

        #[test]
        fn distinct_bytes_give_distinct_prefixes(a in proptest::array::uniform32(any::<u8>()), b in proptest::array::uniform32(any::<u8>())) {
            prop_assume!(a != b);
            prop_assert_ne!(ClientPrefix::from_random_bytes(a), ClientPrefix::from_random_bytes(b));
        }
    }
}
