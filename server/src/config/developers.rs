use anyhow::bail;

/// How an account becomes a developer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeveloperPolicy {
    /// Sign-up makes an end user, who becomes a developer by accepting the
    /// developer terms (`self-service`, the default).
    SelfService,
    /// Sign-up makes a developer (`automatic`).
    Automatic,
    /// Only an admin gives the role (`by-admin`).
    ByAdmin,
}

impl DeveloperPolicy {
    pub(super) fn parse(value: &str) -> anyhow::Result<Self> {
        match value {
            "self-service" => Ok(Self::SelfService),
            "automatic" => Ok(Self::Automatic),
            "by-admin" => Ok(Self::ByAdmin),
            other => bail!(
                "PORTICO_DEVELOPERS must be self-service, automatic or by-admin, got {other:?}"
            ),
        }
    }

    /// `PORTICO_SIGNUP_DEVELOPER`'s on and off.
    pub(super) fn from_bool(on: bool) -> Self {
        if on { Self::Automatic } else { Self::ByAdmin }
    }
}
