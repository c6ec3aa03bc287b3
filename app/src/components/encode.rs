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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_unreserved_and_requested_bytes() {
        assert_eq!(percent_encode("/a b?c=é", b"/"), "/a%20b%3Fc%3D%C3%A9");
        assert_eq!(percent_encode("/a", b""), "%2Fa");
    }
}
