use crate::domain::Date;

/// `2026-11-22 14:05 UTC` for a Unix timestamp.
pub fn format_time(secs: i64) -> String {
    let minutes = secs.rem_euclid(86_400) / 60;
    format!(
        "{} {:02}:{:02} UTC",
        Date::from_unix(secs),
        minutes / 60,
        minutes % 60
    )
}

/// `2026-11-22` for a Unix timestamp.
pub fn format_date(secs: i64) -> String {
    Date::from_unix(secs).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_utc() {
        assert_eq!(
            format_time(1_795_305_600 + 14 * 3600 + 5 * 60),
            "2026-11-22 14:05 UTC"
        );
        assert_eq!(format_date(0), "1970-01-01");
    }
}
