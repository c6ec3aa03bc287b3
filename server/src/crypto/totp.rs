//! Time-based one-time passwords (RFC 6238 over RFC 4226's HOTP): the
//! codes authenticator apps show. SHA-1, 30-second steps, 6 digits — the
//! only parameters every app supports.

use aws_lc_rs::hmac;

/// Seconds a code stays current.
pub const STEP_SECONDS: i64 = 30;
/// Digits in a code.
pub const DIGITS: usize = 6;
/// Bytes of a secret (160 bits, RFC 4226's recommendation).
pub const SECRET_LEN: usize = 20;
/// Steps either side of now that still count: clocks on phones drift.
const DRIFT_STEPS: i64 = 1;

/// The time step `unix_seconds` falls in.
pub fn step_at(unix_seconds: i64) -> i64 {
    unix_seconds.div_euclid(STEP_SECONDS)
}

/// The code for one time step (RFC 4226 section 5.3, dynamic truncation).
pub fn code_at_step(secret: &[u8], step: i64) -> String {
    let key = hmac::Key::new(hmac::HMAC_SHA1_FOR_LEGACY_USE_ONLY, secret);
    let tag = hmac::sign(&key, &step.to_be_bytes());
    let digest = tag.as_ref();
    let offset = usize::from(digest[digest.len() - 1] & 0x0f);
    let binary = u32::from_be_bytes([
        digest[offset] & 0x7f,
        digest[offset + 1],
        digest[offset + 2],
        digest[offset + 3],
    ]);
    format!("{:0width$}", binary % 1_000_000, width = DIGITS)
}

/// The step a typed code belongs to, if it is current (one step of drift
/// either way) and newer than `last_used` (a code works once: RFC 6238
/// section 5.2). Spaces and dashes people type are ignored.
pub fn verify(
    secret: &[u8],
    typed: &str,
    unix_seconds: i64,
    last_used: Option<i64>,
) -> Option<i64> {
    let typed = code_as_typed(typed)?;
    let now = step_at(unix_seconds);
    (now - DRIFT_STEPS..=now + DRIFT_STEPS)
        .filter(|step| last_used.is_none_or(|last| *step > last))
        .find(|step| constant_time_eq(code_at_step(secret, *step).as_bytes(), typed.as_bytes()))
}

/// A code as typed (spaces and dashes left out) when it has the shape of
/// one: `DIGITS` ASCII digits.
pub fn code_as_typed(typed: &str) -> Option<String> {
    let digits: String = typed.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    (digits.len() == DIGITS && digits.bytes().all(|b| b.is_ascii_digit())).then_some(digits)
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// RFC 4648 base32 without padding, as `otpauth://` addresses carry it.
pub fn base32(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut out = String::with_capacity(bytes.len().div_ceil(5) * 8);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for byte in bytes {
        buffer = (buffer << 8) | u32::from(*byte);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(char::from(ALPHABET[((buffer >> bits) & 31) as usize]));
        }
    }
    if bits > 0 {
        out.push(char::from(ALPHABET[((buffer << (5 - bits)) & 31) as usize]));
    }
    out
}

/// The address an authenticator app reads from the QR code (Google's
/// Key Uri Format, which every app follows).
pub fn otpauth_uri(issuer: &str, account: &str, secret: &[u8]) -> String {
    let enc = |s: &str| {
        percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
    };
    format!(
        "otpauth://totp/{}:{}?secret={}&issuer={}&algorithm=SHA1&digits={DIGITS}&period={STEP_SECONDS}",
        enc(issuer),
        enc(account),
        base32(secret),
        enc(issuer),
    )
}

/// The QR code of `uri` as an SVG image, dark on light whatever the page's
/// theme (apps need the contrast).
pub fn qr_svg(uri: &str) -> Result<String, qrcode::types::QrError> {
    let code = qrcode::QrCode::with_error_correction_level(uri, qrcode::EcLevel::M)?;
    let svg = code
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(192, 192)
        .dark_color(qrcode::render::svg::Color("#111827"))
        .light_color(qrcode::render::svg::Color("#ffffff"))
        .build();
    // Inside a page the XML declaration is noise.
    Ok(match svg.find("<svg") {
        Some(start) => svg[start..].to_owned(),
        None => svg,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const RFC_SECRET: &[u8] = b"12345678901234567890";

    #[test]
    fn matches_the_rfc_6238_test_vectors() {
        // Appendix B, SHA-1, last six of the eight digits.
        for (time, code) in [
            (59, "287082"),
            (1_111_111_109, "081804"),
            (1_111_111_111, "050471"),
            (1_234_567_890, "005924"),
            (2_000_000_000, "279037"),
            (20_000_000_000, "353130"),
        ] {
            assert_eq!(code_at_step(RFC_SECRET, step_at(time)), code, "at {time}");
        }
    }

    #[test]
    fn a_code_counts_one_step_either_side_and_only_once() {
        let now = 1_700_000_000;
        let current = code_at_step(RFC_SECRET, step_at(now));
        let step = verify(RFC_SECRET, &current, now, None).expect("current code");
        assert_eq!(
            verify(RFC_SECRET, &current, now, Some(step)),
            None,
            "replayed"
        );
        let previous = code_at_step(RFC_SECRET, step_at(now) - 1);
        assert_eq!(verify(RFC_SECRET, &previous, now, None), Some(step - 1));
        let old = code_at_step(RFC_SECRET, step_at(now) - 2);
        assert_eq!(verify(RFC_SECRET, &old, now, None), None, "two steps old");
        let spaced = format!("{} {}", &current[..3], &current[3..]);
        assert_eq!(verify(RFC_SECRET, &spaced, now, None), Some(step));
    }

    #[test]
    fn malformed_codes_never_match() {
        for typed in ["", "12345", "1234567", "abcdef", "12345a", "１２３４５６"] {
            assert_eq!(verify(RFC_SECRET, typed, 59, None), None, "{typed:?}");
        }
    }

    #[test]
    fn base32_follows_rfc_4648() {
        // Section 10, without the padding.
        for (plain, encoded) in [
            ("", ""),
            ("f", "MY"),
            ("fo", "MZXQ"),
            ("foo", "MZXW6"),
            ("foob", "MZXW6YQ"),
            ("fooba", "MZXW6YTB"),
            ("foobar", "MZXW6YTBOI"),
        ] {
            assert_eq!(base32(plain.as_bytes()), encoded);
        }
    }

    #[test]
    fn the_address_names_issuer_and_account() {
        let uri = otpauth_uri("Portico Dev", "ada@example.com", RFC_SECRET);
        assert!(uri.starts_with("otpauth://totp/Portico%20Dev:ada%40example%2Ecom?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Portico%20Dev"), "{uri}");
    }

    #[test]
    fn the_qr_code_is_an_svg_image() {
        let svg = qr_svg(&otpauth_uri("Portico", "ada@example.com", RFC_SECRET)).unwrap();
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"), "{svg}");
    }

    proptest! {
        #[test]
        fn every_code_has_six_digits(secret in proptest::collection::vec(any::<u8>(), 1..64), step in any::<i64>()) {
            let code = code_at_step(&secret, step);
            prop_assert_eq!(code.len(), DIGITS);
            prop_assert!(code.bytes().all(|b| b.is_ascii_digit()));
        }
    }
}
