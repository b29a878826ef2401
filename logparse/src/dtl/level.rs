//! The TYPE column of a `.dtl` line.

use serde::{Deserialize, Serialize};

/// The type or level of a message (column 6 of a `.dtl` line, guide chapter 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[repr(u8)]
pub enum Level {
    /// `1`: a warning or error message.
    Alert = 1,
    /// `2`: an informational message.
    Info = 2,
}

impl Level {
    /// The number written in the TYPE column.
    pub const fn as_u8(self) -> u8 {
        self as u8
    }

    /// The level for a TYPE column value, if it is `1` or `2`.
    pub const fn from_u8(value: u8) -> Option<Level> {
        match value {
            1 => Some(Level::Alert),
            2 => Some(Level::Info),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_round_trip() {
        for level in [Level::Alert, Level::Info] {
            assert_eq!(Level::from_u8(level.as_u8()), Some(level));
        }
        assert_eq!(Level::Alert.as_u8(), 1);
        assert_eq!(Level::Info.as_u8(), 2);
        assert_eq!(Level::from_u8(0), None);
        assert_eq!(Level::from_u8(3), None);
    }
}
