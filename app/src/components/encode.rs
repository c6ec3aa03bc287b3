/// Percent-encodes everything but RFC 3986 unreserved characters and the
/// bytes in `keep` (for query values and `data:` URLs built in the page).
pub fn percent_encode(text: &str, keep: &[u8]) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') || keep.contains(&b)
        {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `path?k=v&…` with the pairs whose value is given and not blank, each
/// value percent-encoded; just `path` when none is.
pub fn href_with(path: &str, pairs: &[(&str, Option<&str>)]) -> String {
    let query: Vec<String> = pairs
        .iter()
        .filter_map(|(k, v)| {
            let v = (*v)?.trim();
            (!v.is_empty()).then(|| format!("{k}={}", percent_encode(v, b"")))
        })
        .collect();
    if query.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{}", query.join("&"))
    }
}

/// `path` with `?next=…` when there is a `next` to keep.
pub fn keeping_next(path: &str, next: &str) -> String {
    if next.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?next={}", percent_encode(next, b""))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hrefs_leave_out_blank_values() {
        assert_eq!(href_with("/a", &[("q", Some(" ")), ("after", None)]), "/a");
        assert_eq!(
            href_with("/a", &[("q", Some("x y")), ("after", Some("b@c"))]),
            "/a?q=x%20y&after=b%40c"
        );
    }

    #[test]
    fn keeps_unreserved_and_requested_bytes() {
        assert_eq!(percent_encode("/a b?c=é", b"/"), "/a%20b%3Fc%3D%C3%A9");
        assert_eq!(percent_encode("/a", b""), "%2Fa");
    }
}
