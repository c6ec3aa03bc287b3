//! The cookies Portico writes: the session, and a sign-in waiting for its
//! second step. HttpOnly, SameSite=Lax, Secure (and `__Host-`) over https.

use leptos::prelude::*;

use super::{ChallengeToken, SET_UP_TTL_SECS, SessionToken, parts};

/// How the session cookie is written; depends on the public URL's scheme.
#[derive(Clone, Copy, Debug)]
pub struct CookiePolicy {
    pub secure: bool,
    pub max_age_secs: i64,
}

impl CookiePolicy {
    /// `__Host-` binds the cookie to this exact origin, but browsers accept it
    /// only with `Secure`, so plain-http development uses the bare name.
    pub fn cookie_name(&self) -> &'static str {
        if self.secure {
            "__Host-portico_session"
        } else {
            "portico_session"
        }
    }

    /// A `Set-Cookie` value: HttpOnly, SameSite=Lax, for the whole site,
    /// Secure over https; `max_age` 0 removes it.
    pub fn set_cookie(&self, name: &str, value: &str, max_age: i64) -> String {
        let secure = if self.secure { "; Secure" } else { "" };
        format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}")
    }

    /// The `Set-Cookie` value of a new session.
    pub fn session_cookie(&self, token: &SessionToken) -> String {
        self.set_cookie(self.cookie_name(), &token.0, self.max_age_secs)
    }

    /// The `Set-Cookie` value of a sign-in waiting for its next step; it
    /// lives as long as the longest challenge (`SET_UP_TTL_SECS`; the
    /// server ends shorter ones).
    pub fn challenge_cookie(&self, token: &ChallengeToken) -> String {
        self.set_cookie(self.challenge_cookie_name(), &token.0, SET_UP_TTL_SECS)
    }

    /// The cookie that carries a value shown once across a plain form
    /// post's redirect, sealed (the server's `http::kept_answers`).
    pub fn answer_cookie_name(&self) -> &'static str {
        if self.secure {
            "__Host-portico_answer"
        } else {
            "portico_answer"
        }
    }

    /// The cookie that holds a correct password's challenge while the
    /// second step is asked for.
    pub fn challenge_cookie_name(&self) -> &'static str {
        if self.secure {
            "__Host-portico_sign_in"
        } else {
            "portico_sign_in"
        }
    }
}

/// Writes the session cookie for a new session (HttpOnly, SameSite=Lax,
/// Secure when served over https).
pub fn set_session_cookie(policy: CookiePolicy, token: &SessionToken) {
    append_cookie(policy.session_cookie(token));
}

pub fn clear_session_cookie(policy: CookiePolicy) {
    write_cookie(policy, "", 0);
}

/// Writes the cookie of a sign-in waiting for its second step.
pub fn set_challenge_cookie(policy: CookiePolicy, token: &ChallengeToken) {
    append_cookie(policy.challenge_cookie(token));
}

pub fn clear_challenge_cookie(policy: CookiePolicy) {
    write_named_cookie(policy, policy.challenge_cookie_name(), "", 0);
}

/// A cookie of the current request.
pub fn read_cookie(name: &str) -> Option<String> {
    cookie_in(&parts()?.headers, name)
}

/// The value of cookie `name` among `headers` (empty counts as absent).
pub fn cookie_in(headers: &axum::http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, v)| *k == name && !v.is_empty())
        .map(|(_, v)| v.to_owned())
}

fn write_cookie(policy: CookiePolicy, value: &str, max_age: i64) {
    write_named_cookie(policy, policy.cookie_name(), value, max_age);
}

fn write_named_cookie(policy: CookiePolicy, name: &str, value: &str, max_age: i64) {
    append_cookie(policy.set_cookie(name, value, max_age));
}

/// Adds a `Set-Cookie` header to the current response.
fn append_cookie(cookie: String) {
    if let (Some(res), Ok(v)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        axum::http::HeaderValue::from_str(&cookie),
    ) {
        res.append_header(axum::http::header::SET_COOKIE, v);
    }
}
