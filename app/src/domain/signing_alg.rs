use serde::{Deserialize, Serialize};

/// The two JWS algorithms Portico signs tokens with: `RS256` (what every
/// OpenID Connect library accepts, the ID token default) and `ES256`
/// (smaller and much faster to sign; the access token default).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SigningAlg {
    #[serde(rename = "RS256")]
    Rs256,
    #[serde(rename = "ES256")]
    Es256,
}

impl SigningAlg {
    pub const ALL: [Self; 2] = [Self::Rs256, Self::Es256];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Es256 => "ES256",
            Self::Rs256 => "RS256",
        }
    }

    pub fn parse(input: &str) -> Result<Self, String> {
        Self::ALL
            .into_iter()
            .find(|a| a.as_str() == input)
            .ok_or_else(|| format!("{input:?} is not a signing algorithm; choose RS256 or ES256."))
    }
}

super::text_type!(SigningAlg);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_refuses_others() {
        for alg in SigningAlg::ALL {
            assert_eq!(SigningAlg::parse(alg.as_str()), Ok(alg));
            assert_eq!(
                serde_json::to_string(&alg).unwrap(),
                format!("\"{}\"", alg.as_str())
            );
        }
        for bad in ["none", "HS256", "es256", ""] {
            assert!(SigningAlg::parse(bad).is_err(), "{bad}");
        }
    }
}
