//! The one clock, and how times are written on the wire.

/// Seconds since the Unix epoch (the clock both crates use).
pub fn now() -> i64 {
    app::services::unix_now()
}

/// RFC 3339 UTC time for a Unix timestamp.
pub fn rfc3339(secs: i64) -> String {
    let day = secs.rem_euclid(86_400);
    format!(
        "{}T{:02}:{:02}:{:02}Z",
        app::domain::Date::from_unix(secs),
        day / 3600,
        day % 3600 / 60,
        day % 60
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn rfc3339_is_utc() {
        assert_eq!(super::rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(super::rfc3339(1_795_357_545), "2026-11-22T14:25:45Z");
    }
}
