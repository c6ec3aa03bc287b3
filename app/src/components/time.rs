//! Times as people read them: UTC on the server's page, the viewer's own
//! time zone once the page runs in their browser, and how far away an
//! expiry is.

use leptos::prelude::*;

use crate::domain::Date;
use crate::model::SecretState;

const DAY: i64 = 86_400;

/// `2026-11-22 14:05 UTC` for a Unix timestamp.
pub fn format_time(secs: i64) -> String {
    let minutes = secs.rem_euclid(DAY) / 60;
    format!(
        "{} {:02}:{:02} UTC",
        Date::from_unix(secs),
        minutes / 60,
        minutes % 60
    )
}

/// `2026-11-22` for a Unix timestamp.
pub fn format_date(secs: i64) -> String {
    Date::from_unix(secs).to_string()
}

/// `2026-11-22T14:05:00Z`, for a `<time datetime>`.
fn iso(secs: i64) -> String {
    let s = secs.rem_euclid(DAY);
    format!(
        "{}T{:02}:{:02}:{:02}Z",
        Date::from_unix(secs),
        s / 3600,
        s % 3600 / 60,
        s % 60
    )
}

/// Seconds since the Unix epoch, by the clock of whoever renders the page.
pub fn now_secs() -> i64 {
    #[cfg(feature = "hydrate")]
    {
        (js_sys::Date::now() / 1000.0) as i64
    }
    #[cfg(not(feature = "hydrate"))]
    {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64)
    }
}

/// "expires in 8 days", "expired today", "expired 3 days ago".
pub fn expiry_words(now: i64, at: i64) -> String {
    let plural = |n: i64, unit: &str| format!("{n} {unit}{}", if n == 1 { "" } else { "s" });
    if at <= now {
        return match (now - at) / DAY {
            0 => "expired today".to_owned(),
            d => format!("expired {} ago", plural(d, "day")),
        };
    }
    let left = at - now;
    match left / DAY {
        0 if left < 3600 => "expires within the hour".to_owned(),
        0 => format!("expires in {}", plural(left / 3600, "hour")),
        d if d <= 60 => format!("expires in {}", plural(d, "day")),
        d => format!("expires in {}", plural(d / 30, "month")),
    }
}

/// The date or time as the viewer's browser would write it, in their time
/// zone (`None` outside a browser).
#[cfg(feature = "hydrate")]
fn local_text(secs: i64, date_only: bool) -> Option<String> {
    use wasm_bindgen::JsValue;
    let date = js_sys::Date::new(&JsValue::from_f64(secs as f64 * 1000.0));
    let options = js_sys::Object::new();
    js_sys::Reflect::set(&options, &"dateStyle".into(), &"medium".into()).ok()?;
    if !date_only {
        js_sys::Reflect::set(&options, &"timeStyle".into(), &"short".into()).ok()?;
    }
    date.to_locale_string("default", &options).as_string()
}

#[cfg(not(feature = "hydrate"))]
fn local_text(_secs: i64, _date_only: bool) -> Option<String> {
    None
}

/// A `<time>`: UTC as the server writes it, the viewer's local time once
/// the page runs in their browser; UTC stays in the title (on hover).
#[component]
pub fn LocalTime(
    secs: i64,
    /// Only the day, no time of day.
    #[prop(optional)]
    date_only: bool,
) -> impl IntoView {
    let utc = if date_only {
        format_date(secs)
    } else {
        format_time(secs)
    };
    let text = RwSignal::new(utc);
    Effect::new(move |_| {
        if let Some(local) = local_text(secs, date_only) {
            text.set(local);
        }
    });
    // `data-local`: the pages sent without the bundle rewrite it the same
    // way in their small script.
    let local = if date_only { "date" } else { "time" };
    view! { <time datetime=iso(secs) title=format_time(secs) data-local=local>{move || text.get()}</time> }
}

/// An expiry: its date, and how far away it is with a colour and an icon
/// when it is near or past ("⚠ expires in 8 days", "✕ expired").
#[component]
pub fn Expiry(
    at: i64,
    /// A revoked credential's expiry no longer matters.
    #[prop(optional)]
    revoked: bool,
) -> impl IntoView {
    let now = now_secs();
    let words = expiry_words(now, at);
    // Near and past as the secrets' own states count them.
    let (icon, class) = match SecretState::at(now, at, revoked.then_some(now)) {
        SecretState::ExpiringSoon => ("⚠ ", "font-medium text-amber-800 dark:text-amber-300"),
        SecretState::Expired => ("✕ ", "font-medium text-red-700 dark:text-red-300"),
        SecretState::Active | SecretState::Revoked => ("", "text-gray-700 dark:text-gray-300"),
    };
    view! {
        <span class="whitespace-nowrap">
            <LocalTime secs=at date_only=true />
            {(!revoked).then(|| view! {
                <span class=format!("ml-2 {class}")><span aria-hidden="true">{icon}</span>{words}</span>
            })}
        </span>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_utc() {
        assert_eq!(
            format_time(1_795_305_600 + 14 * 3600 + 5 * 60),
            "2026-11-22 14:05 UTC"
        );
        assert_eq!(format_date(0), "1970-01-01");
        assert_eq!(
            iso(1_795_305_600 + 14 * 3600 + 5 * 60 + 9),
            "2026-11-22T14:05:09Z"
        );
    }

    #[test]
    fn words_for_an_expiry() {
        let now = 1_795_305_600;
        assert_eq!(expiry_words(now, now + 8 * DAY + 60), "expires in 8 days");
        assert_eq!(expiry_words(now, now + DAY), "expires in 1 day");
        assert_eq!(expiry_words(now, now + 5 * 3600), "expires in 5 hours");
        assert_eq!(expiry_words(now, now + 180 * DAY), "expires in 6 months");
        assert_eq!(expiry_words(now, now + 45 * DAY), "expires in 45 days");
        assert_eq!(expiry_words(now, now - 3 * DAY), "expired 3 days ago");
        assert_eq!(expiry_words(now, now), "expired today");
    }
}
