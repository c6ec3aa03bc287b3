//! Security headers on every response, with a per-request CSP nonce that
//! the page's hydration script carries. The compiled site's files under
//! `/pkg/` (WebAssembly chunks, scripts, the stylesheet) are no documents:
//! the policies for documents (CSP, framing, referrer, opener) do nothing
//! there, so they get `nosniff` (and HSTS) only — a page may fetch some 60
//! chunks, and 400 bytes of headers each were 20 KB on the wire.

use app::services::{CookiePolicy, CspNonce, FORM_ACTION_HEADER};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine as _;

pub async fn apply(State(cookies): State<CookiePolicy>, mut req: Request, next: Next) -> Response {
    // A static file needs no nonce: nothing it holds is a document.
    let asset = req.uri().path().starts_with("/pkg/");
    let nonce = (!asset).then(|| {
        base64::engine::general_purpose::STANDARD
            .encode(&crate::crypto::tokens::random_bytes()[..16])
    });
    if let Some(nonce) = &nonce {
        req.extensions_mut().insert(CspNonce(nonce.clone()));
    }
    let mut res = next.run(req).await;
    let headers = res.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    if cookies.secure {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    let Some(nonce) = nonce else {
        return res;
    };
    // The consent page's answer redirects to the client; without JavaScript
    // that redirect follows a form post, which `form-action` also governs.
    let form_target = res
        .headers_mut()
        .remove(FORM_ACTION_HEADER)
        .and_then(|v| v.to_str().ok().map(str::to_owned))
        .filter(|origin| is_origin(origin))
        .map(|origin| format!(" {origin}"))
        .unwrap_or_default();
    // Images: https anywhere too, for the logos clients register (shown
    // on consent and confirmation pages without a referrer).
    let csp = format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data: https:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'self'{form_target}; frame-ancestors 'none'"
    );
    let headers = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&csp) {
        headers.insert(header::CONTENT_SECURITY_POLICY, v);
    }
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    // Same-origin referrers are kept: forms without JavaScript are sent back
    // to the page they came from.
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    headers.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    res
}

/// `scheme://host[:port]` and nothing that could end a CSP directive.
fn is_origin(value: &str) -> bool {
    value.contains("://")
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-.:/[]".contains(&b))
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_plain_origins_extend_form_action() {
        assert!(super::is_origin("http://127.0.0.1:8765"));
        assert!(super::is_origin("https://app.example.com"));
        assert!(!super::is_origin("https://a.example; script-src *"));
        assert!(!super::is_origin("'unsafe-inline'"));
    }
}
