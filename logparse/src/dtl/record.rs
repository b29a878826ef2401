//! One `.dtl` message: borrowed as parsed ([`RecordRef`]) or owned ([`Record`]).

use std::borrow::Cow;
use std::fmt;
use std::io::{self, Write};

use chrono::{Datelike, NaiveDateTime, Timelike};
use serde::{Deserialize, Serialize};

use super::escape::{escape_into, unescape};
use super::level::Level;

/// A parsed line that borrows its text from the input (no allocation per field).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecordRef<'a> {
    /// Columns 1–2: local date and time, millisecond precision.
    pub timestamp: NaiveDateTime,
    /// Column 3: process ID.
    pub pid: u32,
    /// Column 4: thread ID.
    pub tid: u32,
    /// Column 5: sequence number, unique and incrementing across the series.
    pub seq: u64,
    /// Column 6: type (alert or information).
    pub level: Level,
    /// Column 7: message ID, `0` when the message has none.
    pub id: u32,
    /// Column 8 exactly as in the file: escaped, possibly invalid UTF-8.
    pub raw_text: &'a [u8],
}

impl<'a> RecordRef<'a> {
    /// The message text, unescaped; invalid UTF-8 is replaced with U+FFFD.
    pub fn text(&self) -> Cow<'a, str> {
        match unescape(self.raw_text) {
            Cow::Borrowed(bytes) => String::from_utf8_lossy(bytes),
            Cow::Owned(bytes) => Cow::Owned(match String::from_utf8(bytes) {
                Ok(text) => text,
                Err(err) => String::from_utf8_lossy(err.as_bytes()).into_owned(),
            }),
        }
    }

    /// Whether the text is valid UTF-8 (so [`text`](Self::text) loses nothing).
    pub fn text_is_utf8(&self) -> bool {
        // Escapes are ASCII, so unescaping cannot change UTF-8 validity.
        std::str::from_utf8(self.raw_text).is_ok()
    }

    /// An owned copy with the text unescaped (lossy for invalid UTF-8).
    pub fn to_record(&self) -> Record {
        Record {
            timestamp: self.timestamp,
            pid: self.pid,
            tid: self.tid,
            seq: self.seq,
            level: self.level,
            id: self.id,
            text: self.text().into_owned(),
        }
    }
}

/// An owned `.dtl` message, as the appender writes it and the follower hands it out.
///
/// The timestamp is written with millisecond precision (finer parts are truncated, a leap
/// second is written as `.999`); years outside 0000–9999 cannot be written to a file.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Record {
    /// Columns 1–2: local date and time.
    pub timestamp: NaiveDateTime,
    /// Column 3: process ID.
    pub pid: u32,
    /// Column 4: thread ID.
    pub tid: u32,
    /// Column 5: sequence number, unique and incrementing across the series.
    pub seq: u64,
    /// Column 6: type (alert or information).
    pub level: Level,
    /// Column 7: message ID, `0` when the message has none.
    pub id: u32,
    /// Column 8: the message text, unescaped; may contain tabs and line breaks.
    pub text: String,
}

impl Record {
    /// Writes the line, with its trailing `\n`, in a single `write_all`.
    ///
    /// Fails with [`io::ErrorKind::InvalidInput`] if the year is outside 0000–9999.
    pub fn write_to<W: Write + ?Sized>(&self, out: &mut W) -> io::Result<()> {
        self.check_writable()?;
        let mut line = Vec::with_capacity(64 + self.text.len());
        self.encode(&mut line);
        out.write_all(&line)
    }

    /// The line with its trailing `\n`.
    pub fn to_line(&self) -> String {
        let mut line = Vec::with_capacity(64 + self.text.len());
        self.encode(&mut line);
        into_string(line)
    }

    /// Rejects records whose timestamp cannot be read back from a `.dtl` line.
    pub(crate) fn check_writable(&self) -> io::Result<()> {
        if (0..=9999).contains(&self.timestamp.year()) {
            Ok(())
        } else {
            Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "year {} cannot be written in a .dtl line (0000-9999)",
                    self.timestamp.year()
                ),
            ))
        }
    }

    /// Appends the line, with its trailing `\n`, to `out`.
    pub(crate) fn encode(&self, out: &mut Vec<u8>) {
        self.encode_fields(out);
        out.push(b'\n');
    }

    fn encode_fields(&self, out: &mut Vec<u8>) {
        let ts = &self.timestamp;
        push_padded(out, u64::from(ts.month()), 2);
        out.push(b'/');
        push_padded(out, u64::from(ts.day()), 2);
        out.push(b'/');
        if ts.year() < 0 {
            out.push(b'-');
        }
        push_padded(out, u64::from(ts.year().unsigned_abs()), 4);
        out.push(b'\t');
        push_padded(out, u64::from(ts.hour()), 2);
        out.push(b':');
        push_padded(out, u64::from(ts.minute()), 2);
        out.push(b':');
        push_padded(out, u64::from(ts.second()), 2);
        out.push(b'.');
        push_padded(out, u64::from((ts.nanosecond() / 1_000_000).min(999)), 3);
        for number in [
            u64::from(self.pid),
            u64::from(self.tid),
            self.seq,
            u64::from(self.level.as_u8()),
            u64::from(self.id),
        ] {
            out.push(b'\t');
            push_padded(out, number, 1);
        }
        out.push(b'\t');
        escape_into(self.text.as_bytes(), out);
    }
}

impl fmt::Display for Record {
    /// The line without its trailing newline.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut line = Vec::with_capacity(64 + self.text.len());
        self.encode_fields(&mut line);
        f.write_str(&into_string(line))
    }
}

/// The encoder only emits ASCII and escaped `str` text, so this never needs the lossy path.
fn into_string(bytes: Vec<u8>) -> String {
    match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => String::from_utf8_lossy(err.as_bytes()).into_owned(),
    }
}

/// Appends `value` in decimal, left-padded with zeros to at least `width` digits.
fn push_padded(out: &mut Vec<u8>, mut value: u64, width: usize) {
    let mut digits = [b'0'; 20];
    let mut start = digits.len();
    loop {
        start -= 1;
        digits[start] = b'0' + (value % 10) as u8;
        value /= 10;
        if value == 0 {
            break;
        }
    }
    start = start.min(digits.len().saturating_sub(width));
    out.extend_from_slice(&digits[start..]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn sample() -> Record {
        Record {
            timestamp: NaiveDate::from_ymd_opt(2017, 6, 22)
                .and_then(|d| d.and_hms_milli_opt(14, 42, 55, 318))
                .expect("valid date"),
            pid: 2411,
            tid: 2417,
            seq: 1042,
            level: Level::Info,
            id: 4019,
            text: "Service has started a mirror to BETA (172.31.206.201) for Replication Set FilesAndFolders, ID: 2".into(),
        }
    }

    #[test]
    fn writes_the_guide_example() {
        let expected = "06/22/2017\t14:42:55.318\t2411\t2417\t1042\t2\t4019\tService has started a mirror to BETA (172.31.206.201) for Replication Set FilesAndFolders, ID: 2";
        assert_eq!(sample().to_string(), expected);
        assert_eq!(sample().to_line(), format!("{expected}\n"));
        let mut written = Vec::new();
        sample().write_to(&mut written).expect("write to Vec");
        assert_eq!(written, format!("{expected}\n").into_bytes());
    }

    #[test]
    fn pads_small_values_and_escapes_text() {
        let mut record = sample();
        record.timestamp = NaiveDate::from_ymd_opt(5, 1, 2)
            .and_then(|d| d.and_hms_milli_opt(3, 4, 5, 6))
            .expect("valid date");
        record.pid = 0;
        record.text = "a\tb\nc\\".into();
        assert!(record
            .to_string()
            .starts_with("01/02/0005\t03:04:05.006\t0\t"));
        assert!(record.to_string().ends_with("\ta\tb\\nc\\\\"));
    }

    #[test]
    fn truncates_to_milliseconds_and_clamps_leap_second() {
        let mut record = sample();
        record.timestamp = NaiveDate::from_ymd_opt(2020, 1, 1)
            .and_then(|d| d.and_hms_nano_opt(23, 59, 59, 1_999_999_999))
            .expect("leap second");
        assert!(record.to_string().contains("\t23:59:59.999\t"));
        record.timestamp = NaiveDate::from_ymd_opt(2020, 1, 1)
            .and_then(|d| d.and_hms_nano_opt(0, 0, 0, 123_999_999))
            .expect("valid time");
        assert!(record.to_string().contains("\t00:00:00.123\t"));
    }

    #[test]
    fn refuses_unwritable_years() {
        let mut record = sample();
        record.timestamp = NaiveDate::from_ymd_opt(10_000, 1, 1)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .expect("valid date");
        let err = record.write_to(&mut Vec::new()).expect_err("year 10000");
        assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
    }

    #[test]
    fn record_ref_text_unescapes_and_flags_utf8() {
        let raw = RecordRef {
            timestamp: sample().timestamp,
            pid: 1,
            tid: 2,
            seq: 3,
            level: Level::Alert,
            id: 0,
            raw_text: b"line1\\nline2 \\q",
        };
        assert_eq!(raw.text(), "line1\nline2 \\q");
        assert!(raw.text_is_utf8());
        assert_eq!(raw.to_record().text, "line1\nline2 \\q");

        let bad = RecordRef {
            raw_text: b"caf\xe9",
            ..raw
        };
        assert!(!bad.text_is_utf8());
        assert_eq!(bad.text(), "caf\u{fffd}");
        assert!(matches!(
            RecordRef {
                raw_text: b"plain",
                ..raw
            }
            .text(),
            Cow::Borrowed("plain")
        ));
    }

    #[test]
    fn serde_round_trip() {
        let json = serde_json::to_string(&sample()).expect("serialize");
        let back: Record = serde_json::from_str(&json).expect("deserialize");
        assert_eq!(back, sample());
    }
}
