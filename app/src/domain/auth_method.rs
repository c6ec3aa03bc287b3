use serde::{Deserialize, Serialize};

/// How a client proves itself at the token endpoint
/// (`token_endpoint_auth_method`, RFC 7591 §2, OIDC Core §9).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuthMethod {
    /// The client secret in HTTP Basic.
    ClientSecretBasic,
    /// The client secret in the form body.
    ClientSecretPost,
    /// A JWT signed with the client's private key (RFC 7523).
    PrivateKeyJwt,
    /// Public clients: only the client id, and PKCE.
    None,
}

impl AuthMethod {
    pub const ALL: [Self; 4] = [
        Self::ClientSecretBasic,
        Self::ClientSecretPost,
        Self::PrivateKeyJwt,
        Self::None,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::ClientSecretBasic => "client_secret_basic",
            Self::ClientSecretPost => "client_secret_post",
            Self::PrivateKeyJwt => "private_key_jwt",
            Self::None => "none",
        }
    }

    pub fn parse(input: &str) -> Result<Self, String> {
        Self::ALL
            .into_iter()
            .find(|m| m.as_str() == input)
            .ok_or_else(|| {
                format!(
                    "{input:?} is not a token endpoint authentication method; choose client_secret_basic, client_secret_post or private_key_jwt."
                )
            })
    }

    /// Whether the client authenticates with a shared secret (and so has
    /// secrets to manage).
    pub fn uses_secret(self) -> bool {
        matches!(self, Self::ClientSecretBasic | Self::ClientSecretPost)
    }
}

super::text_type!(AuthMethod);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_text_and_json() {
        for method in AuthMethod::ALL {
            assert_eq!(AuthMethod::parse(method.as_str()), Ok(method));
            let json = serde_json::to_string(&method).unwrap();
            assert_eq!(json, format!("\"{}\"", method.as_str()));
        }
        assert!(AuthMethod::parse("client_secret_jwt").is_err());
        assert!(!AuthMethod::PrivateKeyJwt.uses_secret());
        assert!(AuthMethod::ClientSecretPost.uses_secret());
    }
}
