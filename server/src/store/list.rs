//! List columns: a JSON array in a TEXT column (the same on SQLite and
//! PostgreSQL), decoded into typed items when the row is read.

use serde::Serialize;
use serde::de::DeserializeOwned;

/// The items of a list column. A column that is not a JSON array of such
/// items fails the row's decoding (an internal error that is logged), so a
/// corrupt column never reads as an empty list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct List<T>(pub Vec<T>);

impl<T: DeserializeOwned> TryFrom<String> for List<T> {
    type Error = serde_json::Error;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        serde_json::from_str(&value).map(Self)
    }
}

impl<T> std::ops::Deref for List<T> {
    type Target = Vec<T>;
    fn deref(&self) -> &Vec<T> {
        &self.0
    }
}

impl<T> List<T> {
    pub fn into_vec(self) -> Vec<T> {
        self.0
    }
}

/// A list column's text, from the items.
pub fn json_list<T: Serialize>(items: impl IntoIterator<Item = T>) -> String {
    let items: Vec<T> = items.into_iter().collect();
    // A Vec of strings or plain enums always serializes.
    serde_json::to_string(&items).unwrap_or_else(|_| "[]".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::domain::GrantType;

    #[test]
    fn decodes_typed_items_and_refuses_corrupt_columns() {
        let grants = List::<GrantType>::try_from(r#"["client_credentials"]"#.to_owned()).unwrap();
        assert_eq!(grants.0, vec![GrantType::ClientCredentials]);
        assert!(List::<GrantType>::try_from(r#"["password"]"#.to_owned()).is_err());
        assert!(List::<String>::try_from("not json".to_owned()).is_err());
        assert_eq!(json_list([GrantType::RefreshToken]), r#"["refresh_token"]"#);
        assert_eq!(json_list(["a", "b"]), r#"["a","b"]"#);
    }
}
