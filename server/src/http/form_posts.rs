//! A form sent without JavaScript (a page sent without the bundle, or a
//! click before the bundle ran) posts to a server function, and Leptos
//! answers with a redirect back to the page it came from (`Referer`): as
//! it was after a success (an error shown there before taken out), with
//! `__path` and `__err` added after an error. This layer
//! makes the way back say what happened:
//! - after a success, `?done=<function>` (the page shows its "Saved"
//!   note for it) and no `?confirm=` (the dialog the form sat in is
//!   finished);
//! - after an error, no stale `?done=` beside the error; the rest stays,
//!   so a dialog opens again with its message.
//!
//! A server function that chose where to go (`leptos_axum::redirect`) is
//! left alone.

use axum::extract::Request;
use axum::http::{HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::Response;
use url::Url;

/// The query parameter naming the function a plain form post ran.
pub const DONE: &str = "done";

pub async fn back_to_the_page(req: Request, next: Next) -> Response {
    let Some((function, referer)) = plain_form_post(&req) else {
        return next.run(req).await;
    };
    let mut response = next.run(req).await;
    if !response.status().is_redirection() {
        return response;
    }
    let location = response
        .headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok());
    if let Some(back) = location.and_then(|l| way_back(&function, &referer, l))
        && let Ok(value) = HeaderValue::from_str(&back)
    {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
}

/// The function's name and the page it was sent from, for a plain HTML
/// form post to a server function.
fn plain_form_post(req: &Request) -> Option<(String, String)> {
    if req.method() != Method::POST {
        return None;
    }
    let function = req.uri().path().strip_prefix("/api/ui/")?;
    let header = |name| req.headers().get(name).and_then(|v| v.to_str().ok());
    if !header(header::ACCEPT)?.contains("text/html") {
        return None;
    }
    Some((function.to_owned(), header(header::REFERER)?.to_owned()))
}

/// Where a plain form post of `function`, sent from `referer`, goes back
/// to instead of `location` (path and query, on this site), or `None` when
/// `location` is not Leptos' way back to `referer`.
fn way_back(function: &str, referer: &str, location: &str) -> Option<String> {
    let from = Url::parse(referer).ok()?;
    let to = from.join(location).ok()?;
    if to.origin() != from.origin() || to.path() != from.path() {
        return None;
    }
    let (sent_from, back_to) = (pairs(&from), pairs(&to));
    // Leptos comes back to the page as it was (an error shown there before
    // taken out), with this error's `__path` and `__err` after a failure.
    if page_of(&sent_from) != page_of(&back_to) {
        return None;
    }
    let failed = back_to.iter().any(|(k, _)| k == "__err");
    let mut back: Vec<(String, String)> = page_of(&back_to)
        .into_iter()
        .filter(|(k, _)| k != DONE && (failed || k != "confirm"))
        .collect();
    if failed {
        // This error only (the last pair of each), not one from before.
        for name in ["__path", "__err"] {
            back.extend(back_to.iter().rfind(|(k, _)| k == name).cloned());
        }
    } else {
        back.push((DONE.to_owned(), function.to_owned()));
    }
    let query = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(back)
        .finish();
    Some(match query.as_str() {
        "" => to.path().to_owned(),
        _ => format!("{}?{query}", to.path()),
    })
}

fn pairs(url: &Url) -> Vec<(String, String)> {
    url.query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// The page's own query: without an error's `__path` and `__err`.
fn page_of(pairs: &[(String, String)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .filter(|(k, _)| k != "__path" && k != "__err")
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::way_back;

    const PAGE: &str = "http://portico.test/admin/accounts?q=ann&confirm=disable.a1";

    #[test]
    fn a_success_comes_back_saying_what_was_done_without_its_dialog() {
        assert_eq!(
            way_back("set_account_disabled", PAGE, PAGE).as_deref(),
            Some("/admin/accounts?q=ann&done=set_account_disabled")
        );
        // Leptos writes the address again (`?` and all).
        let plain = "http://portico.test/account";
        assert_eq!(
            way_back("update_profile", plain, "http://portico.test/account?").as_deref(),
            Some("/account?done=update_profile")
        );
        // A second success replaces the first one's note, and an error
        // shown before (no JavaScript to take it out of the address).
        let fixed = "http://portico.test/account?__path=%2Fapi%2Fui%2Fupdate_profile&__err=abc";
        assert_eq!(
            way_back("update_profile", fixed, plain).as_deref(),
            Some("/account?done=update_profile")
        );
        let again = "http://portico.test/account?done=update_profile";
        assert_eq!(
            way_back("set_notification_pref", again, again).as_deref(),
            Some("/account?done=set_notification_pref")
        );
    }

    #[test]
    fn an_error_keeps_its_dialog_and_loses_an_earlier_note() {
        let referer = "http://portico.test/account?done=update_profile&confirm=remove-app.c1";
        let location = format!("{referer}&__path=%2Fapi%2Fui%2Frevoke_app&__err=abc");
        let back = "/account?confirm=remove-app.c1&__path=%2Fapi%2Fui%2Frevoke_app&__err=abc";
        assert_eq!(
            way_back("revoke_app", referer, &location).as_deref(),
            Some(back)
        );
        // An error shown before (no JavaScript took it out) gives way.
        let shown = format!("{referer}&__path=x&__err=old");
        let location = format!("{shown}&__path=%2Fapi%2Fui%2Frevoke_app&__err=abc");
        assert_eq!(
            way_back("revoke_app", &shown, &location).as_deref(),
            Some(back)
        );
    }

    #[test]
    fn a_redirect_the_function_chose_is_left_alone() {
        let referer = "http://portico.test/forgot-password";
        assert_eq!(
            way_back("forgot_password", referer, "/forgot-password?sent=1"),
            None
        );
        assert_eq!(
            way_back("sign_in", "http://portico.test/login", "/clients"),
            None
        );
        assert_eq!(
            way_back("sign_in", PAGE, "https://elsewhere.test/admin/accounts"),
            None
        );
        assert_eq!(way_back("x", "not a url", "/"), None);
    }
}
