//! Sending the person to sign in: when nobody is signed in, and when the
//! client asks for a fresh sign-in — `prompt=login` (always) or `max_age`
//! (when the session began longer ago than that). The sign-in page starts
//! a new session and sends the person back to the same request without
//! `prompt=login`, so it does not loop.

use axum::response::{IntoResponse, Redirect, Response};

use super::request::{AuthRequest, Refusal};
use crate::oidc::Provider;
use crate::oidc::tokens::{ACR_MFA, acr_of};
use crate::store::now;
use app::services::CurrentSession;

/// `max_age` as sent: absent, or a whole number of seconds (0 and up).
pub(super) fn parse_max_age(value: Option<&str>) -> Result<Option<i64>, ()> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => v
            .parse::<i64>()
            .ok()
            .filter(|n| *n >= 0)
            .map(Some)
            .ok_or(()),
    }
}

/// Whether the request needs a new sign-in before it goes on.
pub(super) fn needs_fresh_sign_in(
    session: &CurrentSession,
    prompt_login: bool,
    max_age: Option<i64>,
) -> bool {
    prompt_login || max_age.is_some_and(|max| now().saturating_sub(session.signed_in_at) > max)
}

/// Whether the session's sign-in took a second factor (`amr` has `otp`).
pub(super) fn took_a_second_factor(session: &CurrentSession) -> bool {
    acr_of(&session.amr) == ACR_MFA
}

/// Sends the person to sign in and back to `this_url` (the request as it
/// came, less `prompt=login`). Under `prompt=none` the client is told
/// `login_required` with `why`; so it is for a form-posted request, which
/// has no address to come back to.
pub(super) fn to_sign_in(
    provider: &Provider,
    request: &AuthRequest,
    prompt_none: bool,
    why: &str,
    this_url: Option<&str>,
) -> Result<Response, Refusal> {
    let login_required = |description: &str| {
        Refusal::Redirect(request.error(&provider.issuer, "login_required", description))
    };
    if prompt_none {
        return Err(login_required(why));
    }
    let Some(url) = this_url else {
        return Err(login_required("Sign in, then start again."));
    };
    let back = without_prompt_login(url);
    let encoded: String = url::form_urlencoded::byte_serialize(back.as_bytes()).collect();
    Ok(Redirect::to(&format!("/login?next={encoded}")).into_response())
}

/// `path?query` with `login` taken out of `prompt` (and `prompt` left out
/// when nothing else was in it).
fn without_prompt_login(path_and_query: &str) -> String {
    let Some((path, query)) = path_and_query.split_once('?') else {
        return path_and_query.to_owned();
    };
    let mut out = url::form_urlencoded::Serializer::new(String::new());
    for (key, value) in url::form_urlencoded::parse(query.as_bytes()) {
        if key == "prompt" {
            let rest: Vec<&str> = value
                .split(' ')
                .filter(|p| !p.is_empty() && *p != "login")
                .collect();
            if !rest.is_empty() {
                out.append_pair(&key, &rest.join(" "));
            }
        } else {
            out.append_pair(&key, &value);
        }
    }
    let query = out.finish();
    if query.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{query}")
    }
}

#[cfg(test)]
mod tests {
    use super::{parse_max_age, without_prompt_login};

    #[test]
    fn the_way_back_drops_only_the_login_prompt() {
        assert_eq!(
            without_prompt_login("/oauth2/authorize?client_id=a.b&prompt=login&state=x%20y"),
            "/oauth2/authorize?client_id=a.b&state=x+y"
        );
        assert_eq!(
            without_prompt_login("/oauth2/authorize?prompt=login+consent&max_age=0"),
            "/oauth2/authorize?prompt=consent&max_age=0"
        );
        assert_eq!(
            without_prompt_login("/oauth2/authorize"),
            "/oauth2/authorize"
        );
    }

    #[test]
    fn max_age_is_whole_seconds() {
        assert_eq!(parse_max_age(None), Ok(None));
        assert_eq!(parse_max_age(Some("")), Ok(None));
        assert_eq!(parse_max_age(Some("0")), Ok(Some(0)));
        assert_eq!(parse_max_age(Some("3600")), Ok(Some(3600)));
        assert_eq!(parse_max_age(Some("-1")), Err(()));
        assert_eq!(parse_max_age(Some("1.5")), Err(()));
    }
}
