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
//!   so a dialog opens again with its message; a page with several forms
//!   of one function names the one sent in the address it posts to
//!   (`?__form=`, on its button's `formaction`), and the way back says it
//!   again, so the error shows under that form only;
//! - after "confirm it is you" (its button posts the form it sits in when
//!   no script runs), the dialog stays open, to be sent again.
//!
//! A server function that chose where to go (`leptos_axum::redirect`) is
//! left alone. A value shown once that a function answers with reaches the
//! page it comes back to in a sealed cookie (`kept_answers`).
//!
//! The error in the address is signed (`__sig`, sealed with the
//! key-encryption key every replica shares): a page drops an error it did
//! not send, so a link cannot make the sign-in page show a text of its
//! own making ("Your account is locked: call …").

use std::sync::Arc;

use app::api::two_step::ConfirmItIsYou;
use app::components::{DONE_PARAM as DONE, FORM_PARAM as FORM, answer_is_kept, function_name};
use app::services::{CookiePolicy, CurrentSession, is_plain_form_post_to};

use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, Uri, header};
use axum::middleware::Next;
use axum::response::Response;
use url::Url;

use super::kept_answers;
use crate::crypto::sealing::Sealer;

/// The signature of the error beside it.
const SIG: &str = "__sig";

/// What the layer needs: the key that signs errors and seals kept
/// answers, and how cookies are written.
#[derive(Clone)]
pub struct PlainForms {
    pub sealer: Arc<Sealer>,
    pub cookies: CookiePolicy,
}

/// The layer: a page drops an error it did not sign and takes a kept
/// answer, a plain form post comes back to its page.
pub async fn plain_forms(
    State(forms): State<PlainForms>,
    mut req: Request,
    next: Next,
) -> Response {
    let sealer = &forms.sealer;
    if req.method() == Method::GET {
        if let Some(unsigned) = without_unsigned_error(req.uri(), sealer) {
            *req.uri_mut() = unsigned;
        }
        let taken = kept_answers::take(&mut req, sealer, forms.cookies);
        let mut response = next.run(req).await;
        if let Some(clear) = taken {
            response.headers_mut().append(header::SET_COOKIE, clear);
        }
        return response;
    }
    let Some((function, referer)) = plain_form_post(&req) else {
        return next.run(req).await;
    };
    let form = req.uri().query().and_then(|q| {
        url::form_urlencoded::parse(q.as_bytes())
            .find(|(k, _)| k == FORM)
            .map(|(_, v)| v.into_owned())
    });
    let keeps = answer_is_kept(&function);
    let sent_in = keeps
        .then(|| req.extensions().get::<CurrentSession>().cloned())
        .flatten();
    let mut response = next.run(req).await;
    if !response.status().is_redirection() {
        return response;
    }
    let location = response
        .headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok());
    let sign = |path: &str, error: &str| sign_error(sealer, path, error);
    let Some(back) =
        location.and_then(|l| way_back(&function, form.as_deref(), &referer, l, &sign))
    else {
        return response;
    };
    if let Ok(value) = HeaderValue::from_str(&back.location) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    let keep_for = (keeps && back.succeeded)
        .then(|| kept_answers::session_for(&response, sent_in.as_ref(), forms.cookies))
        .flatten();
    if let Some(session_key) = keep_for {
        response = kept_answers::keep(
            response,
            &function,
            &back.page,
            &session_key,
            sealer,
            forms.cookies,
        )
        .await;
    }
    response
}

/// The function's name and the page it was sent from, for a plain HTML
/// form post to a server function.
fn plain_form_post(req: &Request) -> Option<(String, String)> {
    if req.method() != Method::POST || !is_plain_form_post_to(req.uri(), req.headers()) {
        return None;
    }
    let function = req.uri().path().strip_prefix("/api/ui/")?;
    let referer = req.headers().get(header::REFERER)?.to_str().ok()?;
    Some((function.to_owned(), referer.to_owned()))
}

/// What is signed: the function and its error.
fn signed_text(path: &str, error: &str) -> String {
    format!("portico form error\n{path}\n{error}")
}

/// The signature of `error` from the function at `path`.
fn sign_error(sealer: &Sealer, path: &str, error: &str) -> Option<String> {
    sealer.seal(&[], &signed_text(path, error)).ok()
}

/// A page asked for with an error in its address (`__path`, `__err`) that
/// this server did not sign is drawn without it: `uri` without its error,
/// when it has one whose signature is missing or wrong (one of each, as
/// `way_back` writes them).
fn without_unsigned_error(uri: &Uri, sealer: &Sealer) -> Option<Uri> {
    let query = uri.query()?;
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let only = |name: &str| {
        let mut found = pairs.iter().filter(|(k, _)| k == name);
        match (found.next(), found.next()) {
            (Some((_, v)), None) => Some(v.as_str()),
            _ => None,
        }
    };
    if !pairs.iter().any(|(k, _)| k == "__err" || k == "__path") {
        return None;
    }
    if let (Some(path), Some(error), Some(sig)) = (only("__path"), only("__err"), only(SIG))
        && sealer.open(sig, &signed_text(path, error)).is_ok()
    {
        return None;
    }
    let rest = page_of(&pairs);
    let query = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(rest)
        .finish();
    let path = uri.path();
    let unsigned = if query.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{query}")
    };
    unsigned.parse().ok()
}

/// Signs an error (`__path`, `__err`) for the address.
type Sign<'a> = &'a dyn Fn(&str, &str) -> Option<String>;

/// Where a plain form post goes back to.
struct WayBack {
    /// Path and query, on this site.
    location: String,
    /// The page's path.
    page: String,
    succeeded: bool,
}

/// Where a plain form post of `function` (of form `form`, when the page
/// names it), sent from `referer`, goes back to instead of `location`, or
/// `None` when `location` is not Leptos' way back to `referer`.
fn way_back(
    function: &str,
    form: Option<&str>,
    referer: &str,
    location: &str,
    sign: Sign,
) -> Option<WayBack> {
    let from = Url::parse(referer).ok()?;
    let to = from.join(location).ok()?;
    if to.origin() != from.origin() || to.path() != from.path() {
        return None;
    }
    let back_to = pairs(&to);
    let page = page_of(&back_to);
    // Leptos comes back to the page as it was (an error shown there before
    // taken out), with this error's `__path` and `__err` after a failure.
    if page_of(&pairs(&from)) != page {
        return None;
    }
    let failed = back_to.iter().any(|(k, _)| k == "__err");
    // "Confirm it is you" vouches for the form it sits in, still to be sent.
    let finished = !failed && function != function_name::<ConfirmItIsYou>();
    let mut back: Vec<(String, String)> = page
        .into_iter()
        .filter(|(k, _)| k != DONE && !(finished && k == "confirm"))
        .collect();
    if failed {
        // This error only (the last pair of each), not one from before,
        // and its signature.
        let last = |name: &str| back_to.iter().rfind(|(k, _)| k == name).cloned();
        let (path, error) = (last("__path")?, last("__err")?);
        let sig = sign(&path.1, &error.1)?;
        back.extend([path, error, (SIG.to_owned(), sig)]);
        back.extend(form.map(|form| (FORM.to_owned(), form.to_owned())));
    } else {
        back.push((DONE.to_owned(), function.to_owned()));
    }
    let query = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(back)
        .finish();
    let location = match query.as_str() {
        "" => to.path().to_owned(),
        _ => format!("{}?{query}", to.path()),
    };
    Some(WayBack {
        location,
        page: to.path().to_owned(),
        succeeded: !failed,
    })
}

fn pairs(url: &Url) -> Vec<(String, String)> {
    url.query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// The page's own query: without an error's `__path`, `__err`,
/// signature and form.
fn page_of(pairs: &[(String, String)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .filter(|(k, _)| !["__path", "__err", SIG, FORM].contains(&k.as_str()))
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::sealing::sealer_for_tests;

    /// Signs with a stand-in: the tests of the way back are about the way.
    fn way_back(function: &str, referer: &str, location: &str) -> Option<String> {
        super::way_back(function, None, referer, location, &|_, _| Some("s".into()))
            .map(|back| back.location)
    }

    const PAGE: &str = "http://portico.test/admin/accounts?q=ann&confirm=disable.a1";

    #[test]
    fn confirming_it_is_you_keeps_the_dialog_it_was_asked_in() {
        let refused = format!("{PAGE}&__path=%2Fapi%2Fui%2Fset_roles&__err=abc");
        assert_eq!(
            way_back("confirm_it_is_you", &refused, PAGE).as_deref(),
            Some("/admin/accounts?q=ann&confirm=disable.a1&done=confirm_it_is_you")
        );
    }

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
        let back =
            "/account?confirm=remove-app.c1&__path=%2Fapi%2Fui%2Frevoke_app&__err=abc&__sig=s";
        assert_eq!(
            way_back("revoke_app", referer, &location).as_deref(),
            Some(back)
        );
        // An error shown before (no JavaScript took it out) gives way.
        let shown = format!("{referer}&__path=x&__err=old&__sig=t");
        let location = format!("{shown}&__path=%2Fapi%2Fui%2Frevoke_app&__err=abc");
        assert_eq!(
            way_back("revoke_app", &shown, &location).as_deref(),
            Some(back)
        );
    }

    #[test]
    fn the_form_an_earlier_error_came_from_is_forgotten() {
        let shown =
            "http://portico.test/admin/identity-providers?__path=x&__err=old&__sig=t&__form=corp";
        assert_eq!(
            way_back("save_identity_provider", shown, "/admin/identity-providers").as_deref(),
            Some("/admin/identity-providers?done=save_identity_provider")
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

    #[test]
    fn a_page_shows_only_the_errors_this_server_signed() {
        let sealer = sealer_for_tests("sixteen characters at least");
        let error = r#"{"kind":"invalid","errors":[]}"#;
        let sign = |path: &str, error: &str| sign_error(&sealer, path, error);
        let location = format!("/login?next=%2F&__path=%2Fapi%2Fui%2Fsign_in&__err={error}");
        let back = super::way_back(
            "sign_in",
            None,
            "http://portico.test/login?next=%2F",
            &location,
            &sign,
        )
        .unwrap()
        .location;
        let uri = |s: &str| s.parse::<Uri>().unwrap();
        assert_eq!(without_unsigned_error(&uri(&back), &sealer), None, "{back}");

        // Another text under the same signature, no signature, another
        // server's signature, two errors: the page is drawn without them.
        let tampered = back.replace("invalid", "locked");
        let unsigned = back.split("&__sig=").next().unwrap().to_owned();
        let other = sealer_for_tests("another key, just as long");
        let foreign = format!(
            "{unsigned}&__sig={}",
            url::form_urlencoded::byte_serialize(
                sign_error(&other, "/api/ui/sign_in", error)
                    .unwrap()
                    .as_bytes()
            )
            .collect::<String>()
        );
        let doubled = format!("{back}&__err=more");
        for crafted in [tampered, unsigned, foreign, doubled] {
            assert_eq!(
                without_unsigned_error(&uri(&crafted), &sealer),
                Some(uri("/login?next=%2F")),
                "{crafted}"
            );
        }
        assert_eq!(
            without_unsigned_error(&uri("/login?__path=x"), &sealer),
            Some(uri("/login"))
        );
        assert_eq!(
            without_unsigned_error(&uri("/login?next=%2F"), &sealer),
            None
        );
        assert_eq!(without_unsigned_error(&uri("/login"), &sealer), None);
    }
}
