//! A replication set's name: unique in the database, and checked before it is stored.

/// The longest replication set name, in characters.
pub const MAX_NAME_LEN: usize = 255;

/// Why a replication set name was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NameError {
    /// The name is empty.
    #[error("the replication set name is empty")]
    Empty,
    /// The name has a control character (NUL, tab, newline, …).
    #[error("replication set name {0:?} has a control character")]
    ControlCharacter(String),
    /// The name is longer than [`MAX_NAME_LEN`] characters.
    #[error("replication set name is {0} characters long; at most {max} are allowed", max = MAX_NAME_LEN)]
    TooLong(usize),
}

/// Checks that `name` can name a replication set: not empty, no control character,
/// at most [`MAX_NAME_LEN`] characters.
pub fn validate_name(name: &str) -> Result<(), NameError> {
    let len = name.chars().count();
    if len == 0 {
        Err(NameError::Empty)
    } else if len > MAX_NAME_LEN {
        Err(NameError::TooLong(len))
    } else if name.chars().any(char::is_control) {
        Err(NameError::ControlCharacter(name.to_string()))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_checked() {
        assert_eq!(validate_name("FilesAndFolders_6d2bfd96a"), Ok(()));
        assert_eq!(validate_name("Données clients"), Ok(()));
        assert_eq!(validate_name(""), Err(NameError::Empty));
        assert_eq!(
            validate_name("a\tb"),
            Err(NameError::ControlCharacter("a\tb".into()))
        );
        assert_eq!(validate_name(&"é".repeat(255)), Ok(()));
        assert_eq!(
            validate_name(&"é".repeat(256)),
            Err(NameError::TooLong(256))
        );
    }
}
