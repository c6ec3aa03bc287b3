use super::Date;

/// When a new client secret stops working: a preset of 3, 6, 12, 18 or 24
/// months (6 by default, as Azure suggests) or a custom date, never later
/// than the admin-set maximum.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SecretExpiry(Date);

impl SecretExpiry {
    pub const PRESET_MONTHS: [u32; 5] = [3, 6, 12, 18, 24];
    pub const DEFAULT_MONTHS: u32 = 6;

    /// `choice` is a preset's month count, `"custom"` (then `custom_date`
    /// is read) or empty for the default.
    pub fn parse(
        choice: &str,
        custom_date: &str,
        today: Date,
        max_months: u32,
    ) -> Result<Self, String> {
        let latest = today.add_months(max_months);
        let too_late =
            || format!("Secrets may live at most {max_months} months here (until {latest}).");
        let expires = match choice {
            "" => today.add_months(Self::DEFAULT_MONTHS.min(max_months)),
            "custom" => {
                let date = Date::parse(custom_date)?;
                if date <= today {
                    return Err("Choose a date after today.".into());
                }
                date
            }
            preset => {
                let months = preset
                    .parse::<u32>()
                    .ok()
                    .filter(|m| Self::PRESET_MONTHS.contains(m))
                    .ok_or_else(|| {
                        "Choose 3, 6, 12, 18 or 24 months, or a custom date.".to_owned()
                    })?;
                today.add_months(months)
            }
        };
        if expires > latest {
            return Err(too_late());
        }
        Ok(Self(expires))
    }

    /// The last day the secret works is the day before this date.
    pub fn date(self) -> Date {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn today() -> Date {
        Date::parse("2026-11-22").unwrap()
    }

    #[test]
    fn presets_default_and_custom() {
        assert_eq!(
            SecretExpiry::parse("", "", today(), 24)
                .unwrap()
                .date()
                .to_string(),
            "2027-05-22"
        );
        assert_eq!(
            SecretExpiry::parse("12", "", today(), 24)
                .unwrap()
                .date()
                .to_string(),
            "2027-11-22"
        );
        assert_eq!(
            SecretExpiry::parse("custom", "2027-01-15", today(), 24)
                .unwrap()
                .date()
                .to_string(),
            "2027-01-15"
        );
    }

    #[test]
    fn explains_each_rejection() {
        assert!(
            SecretExpiry::parse("7", "", today(), 24)
                .unwrap_err()
                .contains("3, 6, 12")
        );
        assert!(
            SecretExpiry::parse("24", "", today(), 12)
                .unwrap_err()
                .contains("at most 12 months")
        );
        assert!(
            SecretExpiry::parse("custom", "2026-11-22", today(), 24)
                .unwrap_err()
                .contains("after today")
        );
        assert!(
            SecretExpiry::parse("custom", "next year", today(), 24)
                .unwrap_err()
                .contains("YYYY-MM-DD")
        );
        assert!(
            SecretExpiry::parse("custom", "2030-01-01", today(), 24)
                .unwrap_err()
                .contains("2028-11-22")
        );
        // The default respects a maximum below six months.
        assert_eq!(
            SecretExpiry::parse("", "", today(), 3)
                .unwrap()
                .date()
                .to_string(),
            "2027-02-22"
        );
    }

    proptest! {
        #[test]
        fn accepted_expiries_are_in_the_allowed_window(choice in proptest::sample::select(vec!["", "3", "6", "12", "18", "24"]), max in 1u32..36) {
            if let Ok(expiry) = SecretExpiry::parse(choice, "", today(), max) {
                prop_assert!(expiry.date() > today());
                prop_assert!(expiry.date() <= today().add_months(max));
            }
        }
    }
}
