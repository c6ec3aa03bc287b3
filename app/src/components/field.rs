use leptos::prelude::*;

/// A domain `parse`, reduced to its verdict, for live validation.
pub type Validator = fn(&str) -> Result<(), String>;

/// A labelled input with its error message, wired for screen readers.
///
/// `error` is the server's verdict; `validate` (the same domain `parse`
/// the server uses) gives live feedback once the person has left the field.
#[component]
pub fn Field(
    #[prop(into)] name: String,
    #[prop(into)] label: String,
    #[prop(into, default = "text".into())] kind: String,
    #[prop(into, optional)] autocomplete: Option<String>,
    #[prop(into, optional)] value: Option<String>,
    #[prop(into, optional)] hint: Option<String>,
    /// Bounds of a date or number input.
    #[prop(into, optional)]
    min: Option<String>,
    #[prop(into, optional)] max: Option<String>,
    #[prop(optional)] required: bool,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(optional)] validate: Option<Validator>,
    /// The live check the server runs for `validate` on a page sent
    /// without the WebAssembly, where it is not the field's name
    /// (`api::field_checks::check_field`).
    #[prop(optional)]
    check_as: Option<&'static str>,
    /// The input's id where two forms on one page have a field of the same
    /// name (default `field-<name>`).
    #[prop(into, optional)]
    id: Option<String>,
    /// For a form that reads the value itself rather than posting it.
    #[prop(optional)]
    node_ref: NodeRef<leptos::html::Input>,
) -> impl IntoView {
    let id = id.unwrap_or_else(|| format!("field-{name}"));
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let live_error = RwSignal::new(None::<String>);
    let touched = RwSignal::new(false);
    let check = move |text: String| {
        if let Some(validate) = validate {
            live_error.set(validate(&text).err());
        }
    };
    let shown_error = move || live_error.get().or_else(|| error.get());
    let described_by = {
        let (error_id, hint_id, has_hint) = (error_id.clone(), hint_id.clone(), hint.is_some());
        move || {
            let mut ids = Vec::new();
            if has_hint {
                ids.push(hint_id.clone());
            }
            if shown_error().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="space-y-1">
            <label for=id.clone() class="block text-sm font-medium text-gray-900 [overflow-wrap:anywhere] dark:text-gray-100">{label}</label>
            <input
                node_ref=node_ref
                id=id
                name=name
                type=kind
                value=value
                min=min
                max=max
                autocomplete=autocomplete
                required=required
                // Pages sent without the WebAssembly ask the server instead
                // (see `light_page.js`).
                data-check=validate.is_some().then_some(check_as.unwrap_or_default())
                aria-invalid=move || shown_error().is_some().to_string()
                aria-describedby=described_by
                on:blur=move |ev| { touched.set(true); check(event_target_value(&ev)); }
                on:input=move |ev| if touched.get_untracked() { check(event_target_value(&ev)); }
                class="block w-full rounded-md border border-gray-400 bg-white px-3 py-2 text-gray-900 shadow-sm focus:border-indigo-600 focus:outline-none focus:ring-2 focus:ring-indigo-600 aria-[invalid=true]:border-red-600 dark:border-gray-600 dark:bg-gray-900 dark:text-gray-100"
            />
            {hint.map(|h| view! { <p id=hint_id class="text-sm text-gray-600 dark:text-gray-300">{h}</p> })}
            <p id=error_id class="text-sm text-red-700 dark:text-red-300" aria-live="polite">{shown_error}</p>
        </div>
    }
}
