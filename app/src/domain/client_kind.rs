use serde::{Deserialize, Serialize};

/// Whether a client can keep a secret (a server) or not (a browser or
/// native app, which authenticates with PKCE only).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClientKind {
    Confidential,
    Public,
}

impl ClientKind {
    pub fn parse(input: &str) -> Result<Self, String> {
        match input {
            "confidential" => Ok(Self::Confidential),
            "public" => Ok(Self::Public),
            _ => Err("Choose confidential (a server that keeps a secret) or public (a browser or mobile app).".into()),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Confidential => "confidential",
            Self::Public => "public",
        }
    }
}

super::text_type!(ClientKind);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        for kind in [ClientKind::Confidential, ClientKind::Public] {
            assert_eq!(ClientKind::parse(kind.as_str()), Ok(kind));
        }
        assert!(ClientKind::parse("secret").is_err());
    }
}
