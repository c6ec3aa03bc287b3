use serde::{Deserialize, Serialize};

use super::ScopeName;

/// A list of scopes as OAuth sends it (`scope=openid profile`): each an
/// RFC 6749 §3.3 scope-token, in the order given, without repeats.
///
/// Every `scope` parameter, granted set and stored consent goes through
/// this one type, so nothing compares scopes by splitting strings.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Scopes(Vec<ScopeName>);

impl Scopes {
    /// Parses a space-separated list; repeats collapse, empty parts (double
    /// spaces) are skipped, and any part that is not a scope-token fails.
    pub fn parse(space_separated: &str) -> Result<Self, String> {
        space_separated
            .split(' ')
            .filter(|s| !s.is_empty())
            .map(ScopeName::parse)
            .collect::<Result<Vec<_>, _>>()
            .map(Self::from_names)
    }

    /// The names in the order given, without repeats.
    pub fn from_names(names: impl IntoIterator<Item = ScopeName>) -> Self {
        let mut out: Vec<ScopeName> = Vec::new();
        for name in names {
            if !out.contains(&name) {
                out.push(name);
            }
        }
        Self(out)
    }

    pub fn contains(&self, scope: &str) -> bool {
        self.0.iter().any(|s| s.as_ref() == scope)
    }

    /// Whether every scope of `other` is in this list.
    pub fn covers(&self, other: &Scopes) -> bool {
        other.iter().all(|s| self.contains(s.as_ref()))
    }

    /// This list followed by the scopes of `other` it does not have yet.
    pub fn union(&self, other: &Scopes) -> Self {
        Self::from_names(self.0.iter().chain(other.iter()).cloned())
    }

    /// The scopes of this list that `keep` accepts, in order.
    pub fn filter(&self, keep: impl Fn(&ScopeName) -> bool) -> Self {
        Self(self.0.iter().filter(|s| keep(s)).cloned().collect())
    }

    pub fn iter(&self) -> impl Iterator<Item = &ScopeName> {
        self.0.iter()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The names as plain strings (for JSON arrays).
    pub fn to_strings(&self) -> Vec<String> {
        self.0.iter().map(ToString::to_string).collect()
    }
}

impl std::fmt::Display for Scopes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, scope) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            f.write_str(scope.as_ref())?;
        }
        Ok(())
    }
}

impl TryFrom<String> for Scopes {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Scopes> for String {
    fn from(value: Scopes) -> Self {
        value.to_string()
    }
}

impl FromIterator<ScopeName> for Scopes {
    fn from_iter<T: IntoIterator<Item = ScopeName>>(iter: T) -> Self {
        Self::from_names(iter)
    }
}

impl<'a> IntoIterator for &'a Scopes {
    type Item = &'a ScopeName;
    type IntoIter = std::slice::Iter<'a, ScopeName>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn splits_on_spaces_keeps_order_and_drops_repeats() {
        let scopes = Scopes::parse(" openid  profile openid ").unwrap();
        assert_eq!(scopes.to_strings(), ["openid", "profile"]);
        assert_eq!(scopes.to_string(), "openid profile");
        assert!(Scopes::parse("").unwrap().is_empty());
        assert!(Scopes::parse("openid bad\"one").is_err());
    }

    #[test]
    fn covers_and_union() {
        let granted = Scopes::parse("openid profile email").unwrap();
        assert!(granted.covers(&Scopes::parse("email openid").unwrap()));
        assert!(!granted.covers(&Scopes::parse("openid offline_access").unwrap()));
        let wider = granted.union(&Scopes::parse("offline_access openid").unwrap());
        assert_eq!(wider.to_string(), "openid profile email offline_access");
        assert_eq!(
            granted.filter(|s| s.as_ref() != "profile").to_string(),
            "openid email"
        );
    }

    proptest! {
        #[test]
        fn printing_and_parsing_round_trip(words in proptest::collection::vec("[a-z:]{1,8}", 0..6)) {
            let scopes = Scopes::parse(&words.join(" ")).unwrap();
            prop_assert_eq!(Scopes::parse(&scopes.to_string()).unwrap(), scopes.clone());
            let mut seen = Vec::new();
            for s in &scopes {
                prop_assert!(!seen.contains(s));
                seen.push(s.clone());
            }
        }
    }
}
