use serde::{Deserialize, Serialize};

/// What a member may do in an organisation. Each role can do everything
/// the ones below it can.
///
/// - `owner`: members, invitations, settings, moves, the history, and
///   everything a developer does;
/// - `developer`: clients, secrets, client systems, API keys, drafts;
/// - `viewer`: reads everything, changes nothing (and so never sees a
///   secret value: those are shown only to whoever creates them).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Viewer,
    Developer,
    Owner,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Owner, Role::Developer, Role::Viewer];

    pub fn parse(input: &str) -> Result<Self, String> {
        match input {
            "owner" => Ok(Self::Owner),
            "developer" => Ok(Self::Developer),
            "viewer" => Ok(Self::Viewer),
            _ => Err("Choose owner, developer or viewer.".into()),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Owner => "owner",
            Self::Developer => "developer",
            Self::Viewer => "viewer",
        }
    }

    /// Whether this role includes everything `needed` allows.
    pub fn allows(self, needed: Role) -> bool {
        self >= needed
    }

    /// Changes clients, secrets, systems and API keys.
    pub fn can_write(self) -> bool {
        self.allows(Role::Developer)
    }

    /// Manages members, invitations and the organisation's settings.
    pub fn can_manage(self) -> bool {
        self.allows(Role::Owner)
    }

    /// One line for the members page.
    pub fn explain(self) -> &'static str {
        match self {
            Self::Owner => "Members, invitations, settings and everything developers do",
            Self::Developer => "Clients, secrets, client systems, API keys and drafts",
            Self::Viewer => "Reads everything, changes nothing",
        }
    }
}

super::text_type!(Role);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Ok(role));
        }
        assert!(Role::parse("admin").is_err());
        assert!(Role::parse("Owner").is_err());
    }

    #[test]
    fn each_role_includes_the_ones_below() {
        assert!(Role::Owner.can_manage() && Role::Owner.can_write());
        assert!(!Role::Developer.can_manage() && Role::Developer.can_write());
        assert!(!Role::Viewer.can_manage() && !Role::Viewer.can_write());
        for a in Role::ALL {
            for b in Role::ALL {
                assert_eq!(a.allows(b), a >= b);
            }
            assert!(a.allows(Role::Viewer));
        }
    }
}
