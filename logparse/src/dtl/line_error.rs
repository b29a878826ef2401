//! Why a `.dtl` line was rejected: the column and the reason.

use thiserror::Error;

/// One of the eight columns of a `.dtl` line, numbered from 1 as in the guide.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    /// Column 1: date, `MM/DD/YYYY`.
    Date = 1,
    /// Column 2: time, `HH:MM:SS.mmm`.
    Time = 2,
    /// Column 3: process ID.
    ProcessId = 3,
    /// Column 4: thread ID.
    ThreadId = 4,
    /// Column 5: sequence number.
    SequenceNumber = 5,
    /// Column 6: type, `1` or `2`.
    Type = 6,
    /// Column 7: message ID.
    MessageId = 7,
    /// Column 8: message text.
    Text = 8,
}

impl Column {
    /// The column's number, 1 to 8.
    pub const fn number(self) -> u8 {
        self as u8
    }

    /// The column's name as the guide describes it.
    pub const fn name(self) -> &'static str {
        match self {
            Column::Date => "date",
            Column::Time => "time",
            Column::ProcessId => "process ID",
            Column::ThreadId => "thread ID",
            Column::SequenceNumber => "sequence number",
            Column::Type => "type",
            Column::MessageId => "message ID",
            Column::Text => "text",
        }
    }

    /// The column after this one (the text column is the last).
    pub(crate) const fn next(self) -> Column {
        match self {
            Column::Date => Column::Time,
            Column::Time => Column::ProcessId,
            Column::ProcessId => Column::ThreadId,
            Column::ThreadId => Column::SequenceNumber,
            Column::SequenceNumber => Column::Type,
            Column::Type => Column::MessageId,
            Column::MessageId | Column::Text => Column::Text,
        }
    }

    /// The reason given when the column's value does not have its expected shape.
    pub(crate) const fn malformed(self) -> Reason {
        match self {
            Column::Date => Reason::ExpectedDate,
            Column::Time => Reason::ExpectedTime,
            Column::Type => Reason::ExpectedType,
            Column::ProcessId
            | Column::ThreadId
            | Column::SequenceNumber
            | Column::MessageId
            | Column::Text => Reason::ExpectedDigits,
        }
    }
}

/// What is wrong with a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Error)]
pub enum Reason {
    /// The line ends before this column.
    #[error("missing")]
    Missing,
    /// The date is not two-digit month, two-digit day and four-digit year.
    #[error("expected MM/DD/YYYY")]
    ExpectedDate,
    /// The time is not 24-hour hours, minutes, seconds and milliseconds.
    #[error("expected HH:MM:SS.mmm")]
    ExpectedTime,
    /// A numeric column holds something other than decimal digits.
    #[error("expected digits")]
    ExpectedDigits,
    /// The type is neither `1` nor `2`.
    #[error("expected 1 or 2")]
    ExpectedType,
    /// A number does not fit its column.
    #[error("number out of range (at most {max})")]
    OutOfRange {
        /// The largest value the column holds.
        max: u64,
    },
    /// The date has the right shape but does not exist (e.g. `02/30/2017`).
    #[error("no such date")]
    NoSuchDate,
    /// The time has the right shape but does not exist (e.g. `24:00:00.000`).
    #[error("no such time")]
    NoSuchTime,
}

/// A rejected `.dtl` line: which column, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Error)]
#[error("column {} ({}): {reason}", column.number(), column.name())]
pub struct LineError {
    /// The first column found wrong.
    pub column: Column,
    /// What is wrong with it.
    pub reason: Reason,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_column_and_reason() {
        let err = LineError {
            column: Column::SequenceNumber,
            reason: Reason::ExpectedDigits,
        };
        assert_eq!(
            err.to_string(),
            "column 5 (sequence number): expected digits"
        );
        let err = LineError {
            column: Column::Type,
            reason: Reason::ExpectedType,
        };
        assert_eq!(err.to_string(), "column 6 (type): expected 1 or 2");
        let err = LineError {
            column: Column::ProcessId,
            reason: Reason::OutOfRange {
                max: u64::from(u32::MAX),
            },
        };
        assert_eq!(
            err.to_string(),
            "column 3 (process ID): number out of range (at most 4294967295)"
        );
    }
}
