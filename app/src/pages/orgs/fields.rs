//! The organisation fields, shared by "new organisation" and settings.
//! Names follow `OrgForm` (`form[...]`).

use leptos::prelude::*;

use crate::components::{Field, FormErrors};
use crate::domain::{OrgName, OrgNumber};
use crate::model::OrgSummary;

#[component]
pub(super) fn OrgFields(current: Option<OrgSummary>, error: FormErrors) -> impl IntoView {
    let name = current.as_ref().map(|o| o.name.clone()).unwrap_or_default();
    let description = current
        .as_ref()
        .map(|o| o.description.clone())
        .unwrap_or_default();
    let number = current
        .as_ref()
        .and_then(|o| o.org_number.clone())
        .unwrap_or_default();
    view! {
        <Field name="form[name]" label="Name" value=name required=true autocomplete="organization"
            error=error.field("name") validate=|s: &str| OrgName::parse(s).map(|_| ()) />
        <Field name="form[description]" label="Description (optional)" value=description
            error=error.field("description") />
        <Field name="form[org_number]" label="Organisation number (optional)" value=number
            hint="The 9-digit number in the national register, e.g. 974 760 673. Shown to people who confirm your drafts and consent to your clients, and put in your clients' tokens."
            error=error.field("org_number")
            validate=|s: &str| if s.trim().is_empty() { Ok(()) } else { OrgNumber::parse(s).map(|_| ()) } />
    }
}
