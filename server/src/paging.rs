//! Reading a page link's cursor (`?after=`) for a service.

use app::error::AppError;
use app::services::ServiceResult;

use crate::store::PageKey;

/// The key a page link's `?after=` carries; a link that was altered is a
/// clear 400, not an empty page.
pub fn after_key(after: Option<&str>) -> ServiceResult<Option<PageKey>> {
    after
        .map(|text| {
            PageKey::parse(text).ok_or_else(|| {
                AppError::invalid(
                    "after",
                    "This page link is not valid. Start again from the first page.",
                )
                .into()
            })
        })
        .transpose()
}
