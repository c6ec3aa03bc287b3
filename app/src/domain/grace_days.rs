use crate::model::MAX_GRACE_DAYS;

/// A grace period as typed: whole days from 0 (set up at the next
/// sign-in) to `MAX_GRACE_DAYS`.
pub fn grace_days(typed: &str) -> Result<u32, String> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Err("Enter a number of days (0 to ask at the next sign-in).".into());
    }
    typed
        .parse::<u32>()
        .ok()
        .filter(|d| *d <= MAX_GRACE_DAYS)
        .ok_or_else(|| format!("Enter whole days from 0 to {MAX_GRACE_DAYS}."))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_days_within_the_limit() {
        assert_eq!(grace_days(" 7 "), Ok(7));
        assert_eq!(grace_days("0"), Ok(0));
        assert_eq!(grace_days("90"), Ok(90));
        for bad in ["", "91", "-1", "1.5", "seven", "99999999999"] {
            assert!(grace_days(bad).is_err(), "{bad}");
        }
    }
}
