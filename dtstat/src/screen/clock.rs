//! How the screen writes times: the Date/Time Stamp line and `ctime`-style dates.
//!
//! The guide's sample stamp (`0/11/10 12:48:05:2040`) is garbled in its date; dtstat
//! writes the date as `mm/dd/yyyy`, the form `-Start` and `-Stop` take, so a stamp can be
//! pasted back as a filter, and keeps the sample's `hh:mm:ss:ffff` time (ten-thousandths
//! of a second; snapshots hold milliseconds, so the last digit is 0).

use chrono::{DateTime, Local, Utc};

/// The time zone the screen shows times in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Clock {
    /// The local time zone (`TZ`), as an operator reads a clock.
    #[default]
    Local,
    /// UTC.
    Utc,
}

impl Clock {
    /// The Date/Time Stamp line: `11/10/2010 12:48:05:2040`.
    pub fn stamp(self, time: DateTime<Utc>) -> String {
        let ten_thousandths = time.timestamp_subsec_millis() * 10;
        format!(
            "{}:{ten_thousandths:04}",
            self.format(time, "%m/%d/%Y %H:%M:%S")
        )
    }

    /// A date as the guide's sample writes Start Time: `Tue Sep 11 12:45:26 2007`.
    pub fn date(self, time: DateTime<Utc>) -> String {
        self.format(time, "%a %b %e %H:%M:%S %Y")
    }

    fn format(self, time: DateTime<Utc>, pattern: &str) -> String {
        match self {
            Clock::Local => time.with_timezone(&Local).format(pattern).to_string(),
            Clock::Utc => time.format(pattern).to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).expect("valid").to_utc()
    }

    #[test]
    fn stamp_and_date_in_the_guides_shapes() {
        let time = at("2010-11-10T12:48:05.204Z");
        assert_eq!(Clock::Utc.stamp(time), "11/10/2010 12:48:05:2040");
        assert_eq!(
            Clock::Utc.date(at("2007-09-11T12:45:26Z")),
            "Tue Sep 11 12:45:26 2007"
        );
        assert_eq!(
            Clock::Utc.date(at("2007-09-01T02:05:06Z")),
            "Sat Sep  1 02:05:06 2007"
        );
        assert_eq!(
            Clock::Utc.stamp(at("2010-11-10T12:48:05Z")),
            "11/10/2010 12:48:05:0000"
        );
    }
}
