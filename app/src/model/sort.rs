//! The orders a list can be read in (`?sort=` in its address). Each order
//! is walked by its own key and index, so every order stays a keyset page.

use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// An order a list offers: its word in the address and its label.
pub trait ListOrder: Copy + Default + PartialEq + 'static {
    /// Every order, the default first.
    const ALL: &'static [Self];

    /// The `?sort=` word.
    fn param(self) -> &'static str;

    /// What the sort link says.
    fn label(self) -> &'static str;

    /// The order a `?sort=` names (none or empty: the default); any other
    /// word is a 400 that names the choices.
    fn parse(param: Option<&str>) -> Result<Self, AppError> {
        let Some(word) = param.filter(|w| !w.is_empty()) else {
            return Ok(Self::default());
        };
        Self::ALL
            .iter()
            .copied()
            .find(|order| order.param() == word)
            .ok_or_else(|| {
                let words: Vec<_> = Self::ALL.iter().map(|o| o.param()).collect();
                AppError::invalid("sort", format!("Sort by one of: {}.", words.join(", ")))
            })
    }

    /// The `?sort=` a link carries: none for the default order, so the
    /// plain address is the default list.
    fn in_link(self) -> Option<&'static str> {
        (self != Self::default()).then(|| self.param())
    }
}

/// How the developer's client list is ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ClientOrder {
    /// The newest client first.
    #[default]
    Newest,
    /// By name, A to Z (case-insensitive), then by id.
    Name,
}

impl ListOrder for ClientOrder {
    const ALL: &'static [Self] = &[Self::Newest, Self::Name];

    fn param(self) -> &'static str {
        match self {
            Self::Newest => "newest",
            Self::Name => "name",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Self::Newest => "Newest first",
            Self::Name => "Name A–Z",
        }
    }
}

/// How the admins' account list is ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum AccountOrder {
    /// By email, A to Z.
    #[default]
    Email,
    /// The newest account first (who just signed up).
    Newest,
}

impl ListOrder for AccountOrder {
    const ALL: &'static [Self] = &[Self::Email, Self::Newest];

    fn param(self) -> &'static str {
        match self {
            Self::Email => "email",
            Self::Newest => "newest",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Self::Email => "Email A–Z",
            Self::Newest => "Newest first",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_read_back_from_their_words() {
        for order in ClientOrder::ALL {
            assert_eq!(ClientOrder::parse(Some(order.param())).unwrap(), *order);
        }
        for order in AccountOrder::ALL {
            assert_eq!(AccountOrder::parse(Some(order.param())).unwrap(), *order);
        }
        assert_eq!(ClientOrder::parse(None).unwrap(), ClientOrder::Newest);
        assert_eq!(AccountOrder::parse(Some("")).unwrap(), AccountOrder::Email);
        assert_eq!(ClientOrder::Newest.in_link(), None);
        assert_eq!(ClientOrder::Name.in_link(), Some("name"));
    }

    #[test]
    fn an_unknown_order_names_the_choices() {
        let err = ClientOrder::parse(Some("size")).unwrap_err();
        assert!(err.to_string().contains("newest, name"), "{err}");
    }
}
