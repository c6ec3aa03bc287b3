//! Where a page of a list starts (keyset pagination): below the last row
//! of the page before, by a time and an id that breaks ties. A page link
//! carries it as `?after=<time>.<id>`.

/// The (time, id) of the last row of a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageKey {
    pub at: i64,
    pub id: String,
}

impl PageKey {
    pub fn new(at: i64, id: impl Into<String>) -> Self {
        Self { at, id: id.into() }
    }

    /// The key as the `?after=` of a page link.
    pub fn text(&self) -> String {
        format!("{}.{}", self.at, self.id)
    }

    /// A key read back from a page link; `None` when it is not one.
    pub fn parse(text: &str) -> Option<Self> {
        let (at, id) = text.split_once('.')?;
        Some(Self::new(at.parse().ok()?, id))
    }

    /// The bounds a first page of a newest-first list starts below.
    pub fn newest(after: Option<&Self>) -> (i64, &str) {
        after.map_or((i64::MAX, ""), |k| (k.at, k.id.as_str()))
    }

    /// The bounds a first page of an oldest-first list starts above.
    pub fn oldest(after: Option<&Self>) -> (i64, &str) {
        after.map_or((i64::MIN, ""), |k| (k.at, k.id.as_str()))
    }
}

/// The (name, id) of the last row of a page of a list sorted by name; a
/// page link carries it as `?after=<id> <name>` (ids hold no spaces).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameKey {
    pub name: String,
    pub id: String,
}

impl NameKey {
    pub fn new(name: impl Into<String>, id: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            id: id.into(),
        }
    }

    pub fn text(&self) -> String {
        format!("{} {}", self.id, self.name)
    }

    pub fn parse(text: &str) -> Option<Self> {
        let (id, name) = text.split_once(' ')?;
        (!id.is_empty()).then(|| Self::new(name, id))
    }

    /// The bounds a first page of an A-to-Z list starts above.
    pub fn first(after: Option<&Self>) -> (&str, &str) {
        after.map_or(("", ""), |k| (k.name.as_str(), k.id.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::{NameKey, PageKey};

    #[test]
    fn name_keys_survive_a_page_link() {
        let key = NameKey::new("billing service ü", "acme.billing");
        assert_eq!(NameKey::parse(&key.text()), Some(key));
        assert_eq!(NameKey::parse("acme.billing"), None);
        assert_eq!(NameKey::parse(" name"), None);
    }

    #[test]
    fn keys_survive_a_page_link() {
        let key = PageKey::new(1_700_000_000, "acme.billing");
        assert_eq!(PageKey::parse(&key.text()), Some(key));
        assert_eq!(PageKey::parse("acme.billing"), None);
        assert_eq!(PageKey::parse(""), None);
        assert_eq!(PageKey::newest(None), (i64::MAX, ""));
    }
}
