//! How an organisation is named on pages: its name, and its organisation
//! number grouped as people read it ("974 760 673").

/// "Acme Health (org. no. 974 760 673)", or just the name.
pub fn org_label(name: &str, number: Option<&str>) -> String {
    match number {
        Some(number) => format!("{name} (org. no. {})", group_digits(number)),
        None => name.to_owned(),
    }
}

/// A 9-digit number in groups of three; anything else unchanged.
pub fn group_digits(number: &str) -> String {
    if number.len() == 9 && number.bytes().all(|b| b.is_ascii_digit()) {
        format!("{} {} {}", &number[..3], &number[3..6], &number[6..])
    } else {
        number.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_with_and_without_a_number() {
        assert_eq!(
            org_label("Acme", Some("974760673")),
            "Acme (org. no. 974 760 673)"
        );
        assert_eq!(org_label("Acme", None), "Acme");
        assert_eq!(group_digits("12"), "12");
    }
}
