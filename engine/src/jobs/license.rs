//! The ActivationCode check: a 24-character alphanumeric license key (guide chapter 12).

use super::JobEvent;

/// The length of an ActivationCode.
pub const ACTIVATION_CODE_LEN: usize = 24;

/// Why an ActivationCode was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ActivationCodeError {
    /// No code is set (or only blanks).
    #[error("no ActivationCode is set")]
    Missing,
    /// The code is not 24 characters long.
    #[error("the ActivationCode has {0} characters instead of 24")]
    WrongLength(usize),
    /// The code has a character other than ASCII letters and digits.
    #[error("the ActivationCode has a character that is not a letter or digit: {0:?}")]
    NotAlphanumeric(char),
}

impl ActivationCodeError {
    /// The job event a failed check raises: 5707 with no code at all, 5713 for a bad one.
    pub fn event(&self) -> JobEvent {
        match self {
            ActivationCodeError::Missing => JobEvent::LicenseRequirementsNotMet,
            ActivationCodeError::WrongLength(_) | ActivationCodeError::NotAlphanumeric(_) => {
                JobEvent::SourceLicenseInvalid
            }
        }
    }
}

/// Checks `code` (surrounding blanks ignored) is a 24-character alphanumeric key.
pub fn check_activation_code(code: &str) -> Result<(), ActivationCodeError> {
    let code = code.trim();
    if code.is_empty() {
        return Err(ActivationCodeError::Missing);
    }
    if let Some(bad) = code.chars().find(|c| !c.is_ascii_alphanumeric()) {
        return Err(ActivationCodeError::NotAlphanumeric(bad));
    }
    match code.len() {
        ACTIVATION_CODE_LEN => Ok(()),
        len => Err(ActivationCodeError::WrongLength(len)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_24_letters_and_digits() {
        assert_eq!(check_activation_code("ABCDEFGHIJKL0123456789ab"), Ok(()));
        assert_eq!(check_activation_code(" ABCDEFGHIJKL0123456789ab\n"), Ok(()));
    }

    #[test]
    fn refuses_missing_short_long_and_punctuated_codes() {
        assert_eq!(check_activation_code(""), Err(ActivationCodeError::Missing));
        assert_eq!(
            check_activation_code("  "),
            Err(ActivationCodeError::Missing)
        );
        assert_eq!(
            check_activation_code("ABC123"),
            Err(ActivationCodeError::WrongLength(6))
        );
        assert_eq!(
            check_activation_code("ABCDEFGHIJKL0123456789abc"),
            Err(ActivationCodeError::WrongLength(25))
        );
        assert_eq!(
            check_activation_code("ABCD-EFGH-IJKL-0123-4567"),
            Err(ActivationCodeError::NotAlphanumeric('-'))
        );
        assert_eq!(
            check_activation_code("ÄBCDEFGHIJKL0123456789ab"),
            Err(ActivationCodeError::NotAlphanumeric('Ä'))
        );
    }

    #[test]
    fn events_distinguish_missing_from_invalid() {
        assert_eq!(
            ActivationCodeError::Missing.event(),
            JobEvent::LicenseRequirementsNotMet
        );
        assert_eq!(
            ActivationCodeError::WrongLength(3).event(),
            JobEvent::SourceLicenseInvalid
        );
    }

    proptest! {
        #[test]
        fn valid_exactly_when_24_alphanumerics(code in "[A-Za-z0-9]{0,30}") {
            prop_assert_eq!(check_activation_code(&code).is_ok(), code.len() == 24);
        }

        #[test]
        fn never_panics(code in any::<String>()) {
            let _ = check_activation_code(&code);
        }
    }
}
