use serde::{Deserialize, Serialize};

use super::ClientKind;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GrantType {
    AuthorizationCode,
    ClientCredentials,
    RefreshToken,
    Implicit,
    Hybrid,
}

impl GrantType {
    pub const ALL: [Self; 5] = [
        Self::AuthorizationCode,
        Self::ClientCredentials,
        Self::RefreshToken,
        Self::Implicit,
        Self::Hybrid,
    ];

    pub fn parse(input: &str) -> Result<Self, String> {
        Self::ALL
            .into_iter()
            .find(|g| g.as_str() == input)
            .ok_or_else(|| format!("{input:?} is not a grant type Portico offers."))
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::AuthorizationCode => "authorization_code",
            Self::ClientCredentials => "client_credentials",
            Self::RefreshToken => "refresh_token",
            Self::Implicit => "implicit",
            Self::Hybrid => "hybrid",
        }
    }

    /// Legacy flows kept for existing clients; the OAuth security BCP
    /// (RFC 9700) advises against them.
    pub fn not_recommended(self) -> bool {
        matches!(self, Self::Implicit | Self::Hybrid)
    }

    /// Flows that send the browser back to a redirect URI.
    pub fn uses_redirect(self) -> bool {
        matches!(
            self,
            Self::AuthorizationCode | Self::Implicit | Self::Hybrid
        )
    }
}

super::text_type!(GrantType);

/// A client's grant types, checked as a combination.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GrantTypes(Vec<GrantType>);

impl GrantTypes {
    /// Checks the DESIGN.md rules: at least one; public clients cannot use
    /// `client_credentials`; `implicit` not with `authorization_code`;
    /// `refresh_token` needs a user-facing grant; redirect-based grants need
    /// at least one redirect URI.
    pub fn parse(
        grants: &[GrantType],
        kind: ClientKind,
        redirect_uri_count: usize,
    ) -> Result<Self, String> {
        let mut grants = grants.to_vec();
        grants.sort();
        grants.dedup();
        let has = |g| grants.contains(&g);
        if grants.is_empty() {
            return Err("Choose at least one grant type.".into());
        }
        if kind == ClientKind::Public && has(GrantType::ClientCredentials) {
            return Err("Public clients cannot use client_credentials: they cannot keep the secret it needs.".into());
        }
        if has(GrantType::Implicit) && has(GrantType::AuthorizationCode) {
            return Err("implicit cannot be combined with authorization_code; use authorization_code with PKCE alone.".into());
        }
        if has(GrantType::RefreshToken)
            && !(has(GrantType::AuthorizationCode) || has(GrantType::Hybrid))
        {
            return Err(
                "refresh_token needs a grant where a user signs in (authorization_code or hybrid)."
                    .into(),
            );
        }
        if grants.iter().any(|g| g.uses_redirect()) && redirect_uri_count == 0 {
            return Err(
                "Add at least one redirect URI: the chosen grant types send the user back to one."
                    .into(),
            );
        }
        Ok(Self(grants))
    }

    pub fn contains(&self, grant: GrantType) -> bool {
        self.0.contains(&grant)
    }

    pub fn as_slice(&self) -> &[GrantType] {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ClientKind::{Confidential, Public};
    use GrantType::*;
    use proptest::prelude::*;

    #[test]
    fn parses_names() {
        for g in GrantType::ALL {
            assert_eq!(GrantType::parse(g.as_str()), Ok(g));
        }
        assert!(GrantType::parse("password").is_err());
        assert!(
            Implicit.not_recommended()
                && Hybrid.not_recommended()
                && !AuthorizationCode.not_recommended()
        );
    }

    #[test]
    fn combination_rules() {
        assert!(
            GrantTypes::parse(&[], Confidential, 1)
                .unwrap_err()
                .contains("at least one")
        );
        assert!(
            GrantTypes::parse(&[ClientCredentials], Public, 0)
                .unwrap_err()
                .contains("Public")
        );
        assert!(
            GrantTypes::parse(&[Implicit, AuthorizationCode], Public, 1)
                .unwrap_err()
                .contains("implicit")
        );
        assert!(
            GrantTypes::parse(&[RefreshToken, ClientCredentials], Confidential, 0)
                .unwrap_err()
                .contains("refresh_token")
        );
        assert!(
            GrantTypes::parse(&[AuthorizationCode], Confidential, 0)
                .unwrap_err()
                .contains("redirect URI")
        );
        assert!(GrantTypes::parse(&[ClientCredentials], Confidential, 0).is_ok());
        assert!(GrantTypes::parse(&[AuthorizationCode, RefreshToken], Public, 1).is_ok());
        let both = GrantTypes::parse(
            &[ClientCredentials, AuthorizationCode, ClientCredentials],
            Confidential,
            1,
        )
        .unwrap();
        assert_eq!(both.as_slice(), [AuthorizationCode, ClientCredentials]);
    }

    fn any_grants() -> impl Strategy<Value = Vec<GrantType>> {
        proptest::collection::vec(proptest::sample::select(GrantType::ALL.to_vec()), 0..6)
    }

    proptest! {
        #[test]
        fn accepted_sets_obey_every_rule(grants in any_grants(), public in any::<bool>(), uris in 0usize..3) {
            let kind = if public { Public } else { Confidential };
            if let Ok(set) = GrantTypes::parse(&grants, kind, uris) {
                prop_assert!(!set.as_slice().is_empty());
                prop_assert!(!(public && set.contains(ClientCredentials)));
                prop_assert!(!(set.contains(Implicit) && set.contains(AuthorizationCode)));
                prop_assert!(!set.contains(RefreshToken) || set.contains(AuthorizationCode) || set.contains(Hybrid));
                prop_assert!(uris > 0 || !set.as_slice().iter().any(|g| g.uses_redirect()));
            }
        }
    }
}
