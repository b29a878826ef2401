//! `-l`: how much of each snapshot the screen shows.

use std::fmt;

/// The screen's level of detail (`-l`, guide default 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub enum Level {
    /// 1: the Date/Time Stamp, KERNEL, and each CONNECTION.
    Summary,
    /// 2: the guide's sample, every section: SYSTEMALLOCATOR, IQALLOCATOR, SECURITY,
    /// KERNEL, TARGET per peer, SOURCE, CONNECTION per connection.
    #[default]
    Guide,
    /// 3: level 2, plus each connection's ID, replication set and target name and its
    /// recovery point statistics (ConRPT, ConRPL, ConCurrentTime, ConMirrorStartTime,
    /// ConMirrorEndTime).
    Full,
}

impl Level {
    /// The level numbered `number` on the command line (1, 2 or 3).
    pub fn from_number(number: u8) -> Option<Level> {
        match number {
            1 => Some(Level::Summary),
            2 => Some(Level::Guide),
            3 => Some(Level::Full),
            _ => None,
        }
    }

    /// This level's number on the command line.
    pub fn number(self) -> u8 {
        match self {
            Level::Summary => 1,
            Level::Guide => 2,
            Level::Full => 3,
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.number().fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_round_trip_and_the_default_is_the_guides() {
        for number in 1..=3 {
            assert_eq!(Level::from_number(number).map(Level::number), Some(number));
        }
        assert_eq!(Level::from_number(0), None);
        assert_eq!(Level::from_number(4), None);
        assert_eq!(Level::default().number(), 2);
    }
}
