use serde::{Deserialize, Serialize};

/// A Norwegian organisation number (organisasjonsnummer), as HelseID
/// names the organisation behind a client: 9 digits, the last a MOD11
/// check digit over the first 8 with weights 3 2 7 6 5 4 3 2.
/// Spaces are allowed on input ("974 760 673") and dropped.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct OrgNumber(String);

const WEIGHTS: [u32; 8] = [3, 2, 7, 6, 5, 4, 3, 2];

impl OrgNumber {
    pub fn parse(input: &str) -> Result<Self, String> {
        let digits: String = input.chars().filter(|c| !c.is_whitespace()).collect();
        if digits.len() != 9 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err("An organisation number has exactly 9 digits.".into());
        }
        let values: Vec<u32> = digits.bytes().map(|b| u32::from(b - b'0')).collect();
        match check_digit(&values[..8]) {
            Some(check) if check == values[8] => Ok(Self(digits)),
            _ => Err(
                "This is not a valid organisation number: its last digit does not match \
                 (MOD11 check). Check it against the register."
                    .into(),
            ),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The MOD11 check digit of 8 digits; `None` when the remainder makes it
/// 10, which no valid number has.
fn check_digit(first8: &[u32]) -> Option<u32> {
    let sum: u32 = first8.iter().zip(WEIGHTS).map(|(d, w)| d * w).sum();
    match 11 - sum % 11 {
        11 => Some(0),
        10 => None,
        digit => Some(digit),
    }
}

impl AsRef<str> for OrgNumber {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl From<OrgNumber> for String {
    fn from(value: OrgNumber) -> Self {
        value.0
    }
}

super::text_type!(OrgNumber);

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_registered_numbers() {
        // Brønnøysundregistrene, Norsk Helsenett, DNB.
        for n in ["974760673", "994598759", "984851006"] {
            assert_eq!(OrgNumber::parse(n).unwrap().as_str(), n);
        }
        assert_eq!(
            OrgNumber::parse(" 974 760 673 ").unwrap().as_str(),
            "974760673"
        );
    }

    #[test]
    fn refuses_wrong_lengths_letters_and_check_digits() {
        assert!(OrgNumber::parse("97476067").is_err());
        assert!(OrgNumber::parse("9747606730").is_err());
        assert!(OrgNumber::parse("97476067a").is_err());
        let wrong = OrgNumber::parse("974760674").unwrap_err();
        assert!(wrong.contains("MOD11"), "{wrong}");
    }

    proptest! {
        #[test]
        fn exactly_one_last_digit_fits_unless_none_does(first8 in proptest::collection::vec(0u32..10, 8)) {
            let prefix: String = first8.iter().map(|d| char::from_digit(*d, 10).unwrap()).collect();
            let fitting = (0..10)
                .filter(|last| OrgNumber::parse(&format!("{prefix}{last}")).is_ok())
                .count();
            prop_assert_eq!(fitting, usize::from(check_digit(&first8).is_some()));
        }
    }
}
