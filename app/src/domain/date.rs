use serde::{Deserialize, Serialize};

/// A calendar date (proleptic Gregorian, UTC), enough for secret expiry
/// without a date-time crate in the WASM bundle.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

impl Date {
    /// `YYYY-MM-DD`.
    pub fn parse(input: &str) -> Result<Self, String> {
        let err = || "Enter a date as YYYY-MM-DD.".to_owned();
        let mut parts = input.splitn(3, '-');
        let (Some(y), Some(m), Some(d)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(err());
        };
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return Err(err());
        }
        let (year, month, day) = (
            y.parse().map_err(|_| err())?,
            m.parse().map_err(|_| err())?,
            d.parse().map_err(|_| err())?,
        );
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return Err(format!("{input} is not a date in the calendar."));
        }
        Ok(Self { year, month, day })
    }

    /// The date of a Unix timestamp (seconds), in UTC.
    pub fn from_unix(secs: i64) -> Self {
        Self::from_days(secs.div_euclid(86_400))
    }

    /// Midnight UTC at the start of this date, in Unix seconds.
    pub fn unix_start(self) -> i64 {
        self.days() * 86_400
    }

    /// The same day `months` later, or the month's last day if shorter
    /// (31 January + 1 month = 28 or 29 February).
    pub fn add_months(self, months: u32) -> Self {
        let total = i64::from(self.year) * 12 + i64::from(self.month - 1) + i64::from(months);
        let year = i32::try_from(total.div_euclid(12)).unwrap_or(i32::MAX);
        let month = u8::try_from(total.rem_euclid(12) + 1).unwrap_or(12);
        Self {
            year,
            month,
            day: self.day.min(days_in_month(year, month)),
        }
    }

    // Howard Hinnant's days-from-civil and its inverse.
    fn days(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    fn from_days(days: i64) -> Self {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = u8::try_from(doy - (153 * mp + 2) / 5 + 1).unwrap_or(1);
        let month = u8::try_from(if mp < 10 { mp + 3 } else { mp - 9 }).unwrap_or(1);
        let year = i32::try_from(yoe + era * 400 + i64::from(month <= 2)).unwrap_or(i32::MAX);
        Self { year, month, day }
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl TryFrom<String> for Date {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Date> for String {
    fn from(value: Date) -> Self {
        value.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_and_checks_the_calendar() {
        assert_eq!(Date::parse("2024-02-29").unwrap().to_string(), "2024-02-29");
        assert!(Date::parse("2023-02-29").is_err());
        assert!(Date::parse("2024-13-01").is_err());
        assert!(Date::parse("24-1-1").is_err());
        assert_eq!(Date::from_unix(0).to_string(), "1970-01-01");
        assert_eq!(
            Date::parse("2026-11-22").unwrap().unix_start(),
            1_795_305_600
        );
    }

    #[test]
    fn adding_months_clamps_to_the_month_end() {
        let d = Date::parse("2026-01-31").unwrap();
        assert_eq!(d.add_months(1).to_string(), "2026-02-28");
        assert_eq!(d.add_months(13).to_string(), "2027-02-28");
        assert_eq!(
            Date::parse("2026-11-22").unwrap().add_months(6).to_string(),
            "2027-05-22"
        );
    }

    proptest! {
        #[test]
        fn days_round_trip(days in -1_000_000i64..1_000_000) {
            let date = Date::from_days(days);
            prop_assert_eq!(date.days(), days);
            prop_assert_eq!(Date::parse(&date.to_string()).ok(), (0..=9999).contains(&date.year).then_some(date));
        }

        #[test]
        fn adding_months_moves_forward(days in 0i64..100_000, months in 1u32..60) {
            let date = Date::from_days(days);
            prop_assert!(date.add_months(months) > date);
        }
    }
}
