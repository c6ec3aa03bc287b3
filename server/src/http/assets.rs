//! The compiled site under `/pkg/`: files named after their content by
//! `cargo leptos build --release` (listed in `hash.txt` beside the binary)
//! are cached for a year; brotli and gzip copies made at build time
//! (`--precompress`) are sent to browsers that take them, so nothing is
//! compressed per request. HTML pages are compressed as they are sent.

use std::path::PathBuf;
use std::sync::OnceLock;

use axum::body::Body;
use axum::http::{HeaderValue, Request, Response, header};
use tower::ServiceExt as _;
use tower_http::compression::predicate::{Predicate, SizeAbove};
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::services::ServeDir;

/// The hash file `cargo leptos` writes beside the binary, if any.
fn hash_file() -> Option<PathBuf> {
    let path = std::env::current_exe().ok()?.parent()?.join("hash.txt");
    path.exists().then_some(path)
}

/// Whether the site's files carry content hashes in their names.
pub fn hashed() -> bool {
    static HASHED: OnceLock<bool> = OnceLock::new();
    *HASHED.get_or_init(|| hash_file().is_some())
}

/// The stylesheet's path (`/pkg/portico.<hash>.css` in a release build),
/// for pages rendered outside the app (the "unavailable" page).
pub fn stylesheet_href() -> &'static str {
    static HREF: OnceLock<String> = OnceLock::new();
    HREF.get_or_init(|| {
        let hash = hash_file()
            .and_then(|path| std::fs::read_to_string(path).ok())
            .and_then(|text| {
                text.lines()
                    .find_map(|l| l.trim().strip_prefix("css:").map(|h| h.trim().to_owned()))
            });
        match hash {
            Some(hash) => format!("/pkg/portico.{hash}.css"),
            None => "/pkg/portico.css".to_owned(),
        }
    })
}

/// Serves `/pkg/*` from `site_root` with the caching its names allow.
pub async fn serve(site_root: &str, req: Request<Body>) -> Response<Body> {
    let site = ServeDir::new(site_root)
        .precompressed_br()
        .precompressed_gzip();
    let mut res = match site.oneshot(req).await {
        Ok(res) => res.map(Body::new),
        Err(never) => match never {},
    };
    let cache = if hashed() && res.status().is_success() {
        "public, max-age=31536000, immutable"
    } else {
        // Unhashed names (a debug build): always check for a newer file.
        "no-cache"
    };
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    res
}

/// Compresses what the server renders: HTML only (JSON answers can carry
/// a secret shown once, and compressing them next to text an attacker
/// chooses would open them to BREACH-style guessing), and only when it is
/// worth it.
#[derive(Clone, Copy, Default)]
pub struct HtmlOnly;

impl Predicate for HtmlOnly {
    fn should_compress<B>(&self, response: &axum::http::Response<B>) -> bool
    where
        B: axum::body::HttpBody,
    {
        let html = response
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|t| t.starts_with("text/html"));
        html && SizeAbove::new(512).should_compress(response)
    }
}

pub fn compress_html() -> CompressionLayer<HtmlOnly> {
    CompressionLayer::new()
        .br(true)
        .gzip(true)
        .quality(CompressionLevel::Default)
        .compress_when(HtmlOnly)
}
