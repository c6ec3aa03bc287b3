//! A value shown once (a new secret) after a plain form post. The server
//! function answers with it, but a plain post comes back to its page with a
//! redirect, and the page is drawn by a new request. So the answer of the
//! functions that `app::components::answer_is_kept` names crosses that
//! redirect in a cookie: sealed with the key-encryption key every replica
//! shares (AES-256-GCM, bound to the session), HttpOnly, two minutes long.
//! The next page the browser asks for takes it out: the page it was for
//! gets the answer (a request extension, `KeptAnswer`) and shows it once;
//! any other page drops it. Nothing is stored readable, on the server or in
//! the address.

use app::components::KeptAnswer;
use app::services::{CookiePolicy, CurrentSession, cookie_in};
use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::response::Response;
use serde::{Deserialize, Serialize};

use crate::crypto::sealing::Sealer;
use crate::crypto::tokens::hash_token;

/// How long the cookie lives: the redirect is followed at once.
const LIFETIME_SECS: i64 = 120;

/// Past this a cookie may be refused (4096 bytes with its name and
/// attributes); the answers kept are a few hundred bytes.
const MAX_SEALED: usize = 3800;

/// What the cookie holds, sealed.
#[derive(Serialize, Deserialize)]
struct Sealed {
    function: String,
    page: String,
    json: String,
}

/// The associated data: the answer opens only in the session it was made
/// for (its database key).
fn context(session_key: &str) -> String {
    format!("portico kept answer\n{session_key}")
}

/// The session a post's answer is kept for: the one its response starts
/// (finishing a sign-in answers with the recovery codes), else the one it
/// was sent in.
pub fn session_for(
    response: &Response,
    sent_in: Option<&CurrentSession>,
    cookies: CookiePolicy,
) -> Option<String> {
    let started = format!("{}=", cookies.cookie_name());
    response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| v.strip_prefix(started.as_str()))
        .map(|v| v.split(';').next().unwrap_or_default())
        .find(|token| !token.is_empty())
        .map(hash_token)
        .or_else(|| sent_in.map(|s| s.session_key.clone()))
}

/// After a plain post to `function` from `page` succeeded: its answer (the
/// body, JSON) leaves the redirect and goes into the sealed cookie.
pub async fn keep(
    response: Response,
    function: &str,
    page: &str,
    session_key: &str,
    sealer: &Sealer,
    cookies: CookiePolicy,
) -> Response {
    let (mut parts, body) = response.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.remove(header::CONTENT_TYPE);
    let cookie = match to_bytes(body, MAX_SEALED).await {
        Ok(json) => seal(&json, function, page, session_key, sealer)
            .filter(|sealed| sealed.len() <= MAX_SEALED)
            .and_then(|sealed| {
                let cookie =
                    cookies.set_cookie(cookies.answer_cookie_name(), &sealed, LIFETIME_SECS);
                HeaderValue::from_str(&cookie).ok()
            }),
        Err(_) => None,
    };
    match cookie {
        Some(cookie) => {
            parts.headers.append(header::SET_COOKIE, cookie);
        }
        // Done, but the value cannot reach the page: say so in the log
        // (never the value); the page shows the change without it.
        None => tracing::error!(
            function,
            "a value shown once could not be kept for its page"
        ),
    }
    Response::from_parts(parts, Body::empty())
}

fn seal(
    json: &[u8],
    function: &str,
    page: &str,
    session_key: &str,
    sealer: &Sealer,
) -> Option<String> {
    let sealed = Sealed {
        function: function.to_owned(),
        page: page.to_owned(),
        json: String::from_utf8(json.to_vec()).ok()?,
    };
    let plain = serde_json::to_vec(&sealed).ok()?;
    sealer.seal(&plain, &context(session_key)).ok()
}

/// Before a page is drawn: a kept answer for this page and session goes
/// into the request; any kept answer is dropped, whichever page it was for
/// (the `Set-Cookie` that removes it, for the response).
pub fn take(req: &mut Request, sealer: &Sealer, cookies: CookiePolicy) -> Option<HeaderValue> {
    let name = cookies.answer_cookie_name();
    let sealed = cookie_in(req.headers(), name)?;
    let page = req
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"));
    if !page {
        return None;
    }
    let opened = req
        .extensions()
        .get::<CurrentSession>()
        .and_then(|session| sealer.open(&sealed, &context(&session.session_key)).ok())
        .and_then(|plain| serde_json::from_slice::<Sealed>(&plain).ok())
        .filter(|kept| kept.page == req.uri().path());
    if let Some(kept) = opened {
        req.extensions_mut().insert(KeptAnswer {
            function: kept.function,
            json: kept.json,
        });
    }
    HeaderValue::from_str(&cookies.set_cookie(name, "", 0)).ok()
}

#[cfg(test)]
mod tests {
    use axum::http::StatusCode;

    use super::*;
    use crate::crypto::sealing::sealer_for_tests as sealer;

    fn session(key: &str) -> CurrentSession {
        let viewer = serde_json::from_value(serde_json::json!({
            "account_id": "a1", "email": "a@example.com", "display_name": "A",
            "is_developer": true, "is_admin": false, "created_at": 0,
            "orgs": [], "active_org_id": null,
        }))
        .unwrap();
        CurrentSession {
            session_key: key.to_owned(),
            viewer,
            signed_in_at: 0,
            amr: "pwd".into(),
            has_app: false,
            has_passkey: false,
            second_factor_at: None,
        }
    }

    const COOKIES: CookiePolicy = CookiePolicy {
        secure: false,
        max_age_secs: 3600,
    };

    /// What `keep` did to a redirect answering `{"value":"s3cret"}`: the
    /// response and the cookie it set.
    async fn kept(session: &CurrentSession, sealer: &Sealer) -> (Response, String) {
        let redirect = Response::builder()
            .status(StatusCode::FOUND)
            .header(header::LOCATION, "/clients/a.b/secrets?done=create_secret")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(r#"{"value":"s3cret"}"#))
            .unwrap();
        let response = keep(
            redirect,
            "create_secret",
            "/clients/a.b/secrets",
            &session.session_key,
            sealer,
            COOKIES,
        )
        .await;
        let cookie = response.headers()[header::SET_COOKIE]
            .to_str()
            .unwrap()
            .to_owned();
        (response, cookie)
    }

    /// A page request carrying `cookie` (its `name=value` part).
    fn page_request(path: &str, cookie: &str, session: &CurrentSession) -> Request {
        let pair = cookie.split(';').next().unwrap();
        let mut req = Request::builder()
            .uri(path)
            .header(header::ACCEPT, "text/html,*/*")
            .header(header::COOKIE, pair)
            .body(Body::empty())
            .unwrap();
        req.extensions_mut().insert(session.clone());
        req
    }

    #[tokio::test]
    async fn the_answer_crosses_the_redirect_sealed_and_reaches_its_page_once() {
        let (sealer, me) = (sealer("one key for the tests"), session("s1"));
        let (response, cookie) = kept(&me, &sealer).await;
        let body = to_bytes(response.into_body(), 1024).await.unwrap();
        assert!(body.is_empty(), "the redirect no longer carries the value");
        assert!(!cookie.contains("s3cret"), "{cookie}");
        assert!(
            cookie.contains("HttpOnly") && cookie.contains("Max-Age=120"),
            "{cookie}"
        );

        let mut req = page_request("/clients/a.b/secrets", &cookie, &me);
        let clear = take(&mut req, &sealer, COOKIES).expect("the cookie is removed");
        assert!(clear.to_str().unwrap().contains("Max-Age=0"));
        let kept = req
            .extensions()
            .get::<KeptAnswer>()
            .expect("the page gets it");
        assert_eq!(
            (kept.function.as_str(), kept.json.as_str()),
            ("create_secret", r#"{"value":"s3cret"}"#)
        );
    }

    #[tokio::test]
    async fn another_page_session_or_key_gets_nothing_and_the_cookie_goes() {
        let (sealer, me) = (sealer("one key for the tests"), session("s1"));
        let (_, cookie) = kept(&me, &sealer).await;
        let cases = [
            ("/clients/a.b", &sealer, session("s1")),
            ("/clients/a.b/secrets", &sealer, session("s2")),
            (
                "/clients/a.b/secrets",
                &self::sealer("another key for tests"),
                session("s1"),
            ),
        ];
        for (path, sealer, session) in cases {
            let mut req = page_request(path, &cookie, &session);
            assert!(take(&mut req, sealer, COOKIES).is_some(), "{path}");
            assert!(req.extensions().get::<KeptAnswer>().is_none(), "{path}");
        }
    }

    #[tokio::test]
    async fn a_request_for_a_file_leaves_the_cookie_for_the_page() {
        let (sealer, me) = (sealer("one key for the tests"), session("s1"));
        let (_, cookie) = kept(&me, &sealer).await;
        let mut req = page_request("/clients/a.b/secrets", &cookie, &me);
        req.headers_mut()
            .insert(header::ACCEPT, HeaderValue::from_static("image/avif,*/*"));
        assert!(take(&mut req, &sealer, COOKIES).is_none());
        assert!(req.extensions().get::<KeptAnswer>().is_none());
    }

    #[test]
    fn an_answer_is_kept_for_the_session_its_response_starts_else_the_one_it_was_sent_in() {
        let me = session("s1");
        let plain = Response::new(Body::empty());
        assert_eq!(
            session_for(&plain, Some(&me), COOKIES).as_deref(),
            Some("s1")
        );
        assert_eq!(session_for(&plain, None, COOKIES), None);
        let mut signed_in = Response::new(Body::empty());
        for cookie in [
            "portico_challenge=; Path=/; Max-Age=0",
            "portico_session=t0k3n; Path=/; HttpOnly; SameSite=Lax; Max-Age=3600",
        ] {
            signed_in
                .headers_mut()
                .append(header::SET_COOKIE, HeaderValue::from_static(cookie));
        }
        let new = hash_token("t0k3n");
        assert_eq!(session_for(&signed_in, None, COOKIES), Some(new.clone()));
        assert_eq!(session_for(&signed_in, Some(&me), COOKIES), Some(new));
        // Signing out (an emptied session cookie) starts nothing.
        let mut signed_out = Response::new(Body::empty());
        signed_out.headers_mut().append(
            header::SET_COOKIE,
            HeaderValue::from_static("portico_session=; Path=/; Max-Age=0"),
        );
        assert_eq!(
            session_for(&signed_out, Some(&me), COOKIES).as_deref(),
            Some("s1")
        );
    }
}
