//! Reading a page link's cursor (`?after=`) for a service.

use app::error::AppError;
use app::services::ServiceResult;

use crate::store::{NameKey, PageKey};

/// The key a page link's `?after=` carries; a link that was altered is a
/// clear 400, not an empty page.
pub fn after_key(after: Option<&str>) -> ServiceResult<Option<PageKey>> {
    after_as(after, PageKey::parse)
}

/// The key of a page link of a list sorted by name.
pub fn after_name(after: Option<&str>) -> ServiceResult<Option<NameKey>> {
    after_as(after, NameKey::parse)
}

/// A page link's `?after=` read by `parse`: a clear 400 when it does not
/// read (altered, or from a list in another order).
pub fn after_as<K>(
    after: Option<&str>,
    parse: impl Fn(&str) -> Option<K>,
) -> ServiceResult<Option<K>> {
    after
        .map(|text| {
            parse(text).ok_or_else(|| {
                AppError::invalid(
                    "after",
                    "This page link is not valid. Start again from the first page.",
                )
                .into()
            })
        })
        .transpose()
}
