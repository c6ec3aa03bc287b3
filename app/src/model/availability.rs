//! What a client can do now, in one word and in a sentence: the same
//! `active` / `limited` / `blocked` the status API answers, for pages.

use serde::{Deserialize, Serialize};

use super::{ClientStatus, ScopeAccess};

/// How many of a client's requested scopes are not granted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScopeCounts {
    pub pending: u32,
    pub rejected: u32,
}

impl ScopeCounts {
    pub fn of(statuses: impl IntoIterator<Item = ScopeAccess>) -> Self {
        statuses
            .into_iter()
            .fold(Self::default(), |mut counts, status| {
                match status {
                    ScopeAccess::Pending => counts.pending += 1,
                    ScopeAccess::Rejected => counts.rejected += 1,
                    ScopeAccess::Granted => {}
                }
                counts
            })
    }

    pub fn all_granted(self) -> bool {
        self.pending == 0 && self.rejected == 0
    }

    /// "1 scope rejected, 2 awaiting approval"; `None` when all are granted.
    pub fn words(self) -> Option<String> {
        let noun = |n: u32| if n == 1 { "scope" } else { "scopes" };
        match (self.rejected, self.pending) {
            (0, 0) => None,
            (r, 0) => Some(format!("{r} {} rejected", noun(r))),
            (0, p) => Some(format!("{p} {} awaiting approval", noun(p))),
            (r, p) => Some(format!("{r} {} rejected, {p} awaiting approval", noun(r))),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Availability {
    /// Gets tokens for every scope it asked for.
    Active,
    /// Gets tokens, but only for the scopes granted so far.
    Limited,
    /// Gets no tokens.
    Blocked,
}

impl Availability {
    pub fn of(status: ClientStatus, scopes: ScopeCounts) -> Self {
        match status {
            ClientStatus::Active if scopes.all_granted() => Self::Active,
            ClientStatus::Active => Self::Limited,
            _ => Self::Blocked,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Limited => "limited",
            Self::Blocked => "blocked",
        }
    }
}

/// A client's status and scopes, read as one availability.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Standing {
    pub status: ClientStatus,
    pub scopes: ScopeCounts,
}

impl Standing {
    pub fn availability(self) -> Availability {
        Availability::of(self.status, self.scopes)
    }

    /// Why it is not simply active, in a few words for a badge.
    pub fn reason(self) -> Option<String> {
        match self.status {
            ClientStatus::Active => self.scopes.words(),
            ClientStatus::Draft => Some("awaiting confirmation".into()),
            ClientStatus::Pending => Some("awaiting approval".into()),
            ClientStatus::Rejected => Some("rejected or declined".into()),
            ClientStatus::Suspended => Some("suspended by an admin".into()),
        }
    }

    /// What it can do now, as a sentence.
    pub fn sentence(self) -> String {
        match (self.status, self.scopes.words()) {
            (ClientStatus::Active, None) => "Can get tokens for every scope it asked for.".into(),
            (ClientStatus::Active, Some(words)) => {
                format!("Gets tokens only for its granted scopes: {words}.")
            }
            (ClientStatus::Draft, _) => {
                "Cannot get tokens yet: it waits for its owner or an end user to confirm it.".into()
            }
            (ClientStatus::Pending, _) => {
                "Cannot get tokens yet: it waits for an admin to approve the scopes that need approval."
                    .into()
            }
            (ClientStatus::Rejected, _) => {
                "Cannot get tokens: an admin rejected it, or the person asked to confirm it declined.".into()
            }
            (ClientStatus::Suspended, _) => "Cannot get tokens: an admin suspended it.".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn standing(status: ClientStatus, pending: u32, rejected: u32) -> Standing {
        Standing {
            status,
            scopes: ScopeCounts { pending, rejected },
        }
    }

    #[test]
    fn availability_follows_the_status_api() {
        assert_eq!(
            standing(ClientStatus::Active, 0, 0).availability(),
            Availability::Active
        );
        assert_eq!(
            standing(ClientStatus::Active, 0, 1).availability(),
            Availability::Limited
        );
        assert_eq!(
            standing(ClientStatus::Active, 2, 0).availability(),
            Availability::Limited
        );
        for status in [
            ClientStatus::Draft,
            ClientStatus::Pending,
            ClientStatus::Rejected,
            ClientStatus::Suspended,
        ] {
            assert_eq!(standing(status, 0, 0).availability(), Availability::Blocked);
        }
    }

    #[test]
    fn reasons_name_what_is_missing() {
        assert_eq!(standing(ClientStatus::Active, 0, 0).reason(), None);
        assert_eq!(
            standing(ClientStatus::Active, 0, 1).reason().as_deref(),
            Some("1 scope rejected")
        );
        assert_eq!(
            standing(ClientStatus::Active, 2, 1).reason().as_deref(),
            Some("1 scope rejected, 2 awaiting approval")
        );
        assert_eq!(
            standing(ClientStatus::Suspended, 0, 0).reason().as_deref(),
            Some("suspended by an admin")
        );
        assert_eq!(
            standing(ClientStatus::Active, 0, 2).sentence(),
            "Gets tokens only for its granted scopes: 2 scopes rejected."
        );
    }

    #[test]
    fn counts_statuses() {
        let counts = ScopeCounts::of([
            ScopeAccess::Granted,
            ScopeAccess::Pending,
            ScopeAccess::Rejected,
            ScopeAccess::Pending,
        ]);
        assert_eq!(
            counts,
            ScopeCounts {
                pending: 2,
                rejected: 1
            }
        );
    }
}
