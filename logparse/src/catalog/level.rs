use serde::{Deserialize, Serialize};
use std::fmt;

/// The level the guide gives an event (the Windows event type).
///
/// The guide writes "Informational" for events 6052–6059 and "Information" everywhere
/// else; both are [`EventLevel::Information`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EventLevel {
    /// "Information".
    Information,
    /// "Warning".
    Warning,
    /// "Error".
    Error,
    /// "Success": only the ExchFailover completion events 210, 212 and 214.
    Success,
}

impl EventLevel {
    /// The `.dtl` TYPE column for this level: 1 for a warning or error, 2 otherwise.
    pub fn dtl_type(self) -> u8 {
        match self {
            EventLevel::Error | EventLevel::Warning => 1,
            EventLevel::Information | EventLevel::Success => 2,
        }
    }
}

impl fmt::Display for EventLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            EventLevel::Information => "Information",
            EventLevel::Warning => "Warning",
            EventLevel::Error => "Error",
            EventLevel::Success => "Success",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dtl_type_groups_warnings_with_errors() {
        assert_eq!(EventLevel::Error.dtl_type(), 1);
        assert_eq!(EventLevel::Warning.dtl_type(), 1);
        assert_eq!(EventLevel::Information.dtl_type(), 2);
        assert_eq!(EventLevel::Success.dtl_type(), 2);
    }

    #[test]
    fn displays_the_guide_word() {
        assert_eq!(EventLevel::Information.to_string(), "Information");
        assert_eq!(EventLevel::Success.to_string(), "Success");
    }
}
