//! The line parser: one `.dtl` line (without its terminator) into a [`RecordRef`].

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use nom::character::complete::char;
use nom::error::{ErrorKind, ParseError};
use nom::{IResult, Parser};

use super::level::Level;
use super::line_error::{Column, LineError, Reason};
use super::record::RecordRef;

/// Parses one line: `MM/DD/YYYY⇥HH:MM:SS.mmm⇥PID⇥TID⇥SEQ⇥TYPE⇥ID⇥TEXT`.
///
/// `line` excludes the `\n`; one trailing `\r` is tolerated. Every column before the text
/// must be exactly in its format, numbers must fit their type and the date and time must
/// exist. The text is the rest of the line, tabs included, still escaped.
pub fn parse_line(line: &[u8]) -> Result<RecordRef<'_>, LineError> {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let (rest, date) = column(Column::Date, date, line)?;
    let (rest, time) = column(Column::Time, time, rest)?;
    let (rest, pid) = column(Column::ProcessId, decimal_u32, rest)?;
    let (rest, tid) = column(Column::ThreadId, decimal_u32, rest)?;
    let (rest, seq) = column(Column::SequenceNumber, decimal_u64, rest)?;
    let (rest, level) = column(Column::Type, level, rest)?;
    let (raw_text, id) = column(Column::MessageId, decimal_u32, rest)?;
    Ok(RecordRef {
        timestamp: NaiveDateTime::new(date, time),
        pid,
        tid,
        seq,
        level,
        id,
        raw_text,
    })
}

/// Reads only the TYPE and message ID columns, for filtering before a full parse.
///
/// On every line [`parse_line`] accepts, the result equals its `level` and `id`; on other
/// lines it may be `None` or a value.
pub fn peek_level_and_id(line: &[u8]) -> Option<(Level, u32)> {
    // Short columns: a byte loop beats a memchr call per tab. The date and time columns
    // have fixed widths, so on a well-formed line the process ID starts at byte 24.
    let rest = match (line.get(10), line.get(23)) {
        (Some(b'\t'), Some(b'\t')) => &line[24..],
        _ => return peek_after_tabs(line, 5),
    };
    peek_after_tabs(rest, 3)
}

/// Skips `tabs` tab-ended columns of `line`, then reads the TYPE and ID columns.
fn peek_after_tabs(line: &[u8], tabs: usize) -> Option<(Level, u32)> {
    let mut at = 0;
    for _ in 0..tabs {
        at += line.get(at..)?.iter().position(|&b| b == b'\t')? + 1;
    }
    let level = match line.get(at..at + 2)? {
        [b'1', b'\t'] => Level::Alert,
        [b'2', b'\t'] => Level::Info,
        _ => return None,
    };
    let digits = line.get(at + 2..)?;
    let mut id: u64 = 0;
    for (i, &b) in digits.iter().enumerate() {
        match b {
            b'0'..=b'9' => {
                id = id * 10 + u64::from(b - b'0');
                if id > u64::from(u32::MAX) {
                    return None;
                }
            }
            b'\t' if i > 0 => return Some((level, id as u32)),
            _ => return None,
        }
    }
    None
}

/// Why a column's value failed, before the column is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ValueError {
    /// Not in the column's format.
    Syntax,
    /// A well-formed number too large for the column.
    OutOfRange { max: u64 },
    /// A well-formed date that does not exist.
    NoSuchDate,
    /// A well-formed time that does not exist.
    NoSuchTime,
}

impl ParseError<&[u8]> for ValueError {
    fn from_error_kind(_input: &[u8], _kind: ErrorKind) -> Self {
        ValueError::Syntax
    }

    fn append(_input: &[u8], _kind: ErrorKind, other: Self) -> Self {
        other
    }
}

type ValueResult<'a, T> = IResult<&'a [u8], T, ValueError>;

/// Runs `value` on one column and consumes the tab that ends it.
fn column<'a, T>(
    column: Column,
    mut value: impl Parser<&'a [u8], Output = T, Error = ValueError>,
    input: &'a [u8],
) -> Result<(&'a [u8], T), LineError> {
    let fail = |reason| LineError { column, reason };
    if input.is_empty() {
        return Err(fail(Reason::Missing));
    }
    let (rest, parsed) = value.parse(input).map_err(|err| {
        fail(match err {
            nom::Err::Error(e) | nom::Err::Failure(e) => match e {
                ValueError::Syntax => column.malformed(),
                ValueError::OutOfRange { max } => Reason::OutOfRange { max },
                ValueError::NoSuchDate => Reason::NoSuchDate,
                ValueError::NoSuchTime => Reason::NoSuchTime,
            },
            nom::Err::Incomplete(_) => column.malformed(),
        })
    })?;
    match rest.split_first() {
        Some((b'\t', rest)) => Ok((rest, parsed)),
        Some(_) => Err(fail(column.malformed())),
        None => Err(LineError {
            column: column.next(),
            reason: Reason::Missing,
        }),
    }
}

fn syntax<T>() -> Result<T, nom::Err<ValueError>> {
    Err(nom::Err::Error(ValueError::Syntax))
}

/// Exactly `N` ASCII digits.
fn fixed_digits<const N: usize>(input: &[u8]) -> ValueResult<'_, u32> {
    match input.get(..N) {
        Some(digits) if digits.iter().all(u8::is_ascii_digit) => Ok((
            &input[N..],
            digits
                .iter()
                .fold(0, |acc, &d| acc * 10 + u32::from(d - b'0')),
        )),
        _ => syntax(),
    }
}

/// `MM/DD/YYYY`.
fn date(input: &[u8]) -> ValueResult<'_, NaiveDate> {
    let (rest, (month, _, day, _, year)) = (
        fixed_digits::<2>,
        char('/'),
        fixed_digits::<2>,
        char('/'),
        fixed_digits::<4>,
    )
        .parse(input)?;
    // Four digits: at most 9999, so the cast is lossless.
    match NaiveDate::from_ymd_opt(year as i32, month, day) {
        Some(date) => Ok((rest, date)),
        None => Err(nom::Err::Error(ValueError::NoSuchDate)),
    }
}

/// `HH:MM:SS.mmm`, 24-hour; a leap second (`:60`) is not accepted.
fn time(input: &[u8]) -> ValueResult<'_, NaiveTime> {
    let (rest, (hour, _, minute, _, second, _, milli)) = (
        fixed_digits::<2>,
        char(':'),
        fixed_digits::<2>,
        char(':'),
        fixed_digits::<2>,
        char('.'),
        fixed_digits::<3>,
    )
        .parse(input)?;
    match (second < 60)
        .then(|| NaiveTime::from_hms_milli_opt(hour, minute, second, milli))
        .flatten()
    {
        Some(time) => Ok((rest, time)),
        None => Err(nom::Err::Error(ValueError::NoSuchTime)),
    }
}

/// One or more decimal digits (leading zeros allowed) fitting a `u64`.
fn decimal_u64(input: &[u8]) -> ValueResult<'_, u64> {
    let len = input
        .iter()
        .position(|b| !b.is_ascii_digit())
        .unwrap_or(input.len());
    if len == 0 {
        return syntax();
    }
    let mut value: u64 = 0;
    for &digit in &input[..len] {
        value = value
            .checked_mul(10)
            .and_then(|v| v.checked_add(u64::from(digit - b'0')))
            .ok_or(nom::Err::Error(ValueError::OutOfRange { max: u64::MAX }))?;
    }
    Ok((&input[len..], value))
}

/// One or more decimal digits fitting a `u32`.
fn decimal_u32(input: &[u8]) -> ValueResult<'_, u32> {
    let too_big = nom::Err::Error(ValueError::OutOfRange {
        max: u64::from(u32::MAX),
    });
    match decimal_u64(input) {
        Ok((rest, value)) => u32::try_from(value)
            .map(|value| (rest, value))
            .map_err(|_| too_big),
        Err(nom::Err::Error(ValueError::OutOfRange { .. })) => Err(too_big),
        Err(err) => Err(err),
    }
}

/// `1` or `2`.
fn level(input: &[u8]) -> ValueResult<'_, Level> {
    match input
        .first()
        .and_then(|b| b.checked_sub(b'0'))
        .and_then(Level::from_u8)
    {
        Some(level) => Ok((&input[1..], level)),
        None => syntax(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXAMPLE: &[u8] = b"06/22/2017\t14:42:55.318\t2411\t2417\t1042\t2\t4019\tService has started a mirror to BETA (172.31.206.201) for Replication Set FilesAndFolders, ID: 2";

    fn error(line: &[u8]) -> String {
        match parse_line(line) {
            Ok(record) => panic!("accepted {record:?}"),
            Err(err) => err.to_string(),
        }
    }

    #[test]
    fn parses_the_guide_example() {
        let record = parse_line(EXAMPLE).expect("valid line");
        assert_eq!(
            record.timestamp,
            NaiveDate::from_ymd_opt(2017, 6, 22)
                .and_then(|d| d.and_hms_milli_opt(14, 42, 55, 318))
                .expect("valid")
        );
        assert_eq!(
            (record.pid, record.tid, record.seq, record.level, record.id),
            (2411, 2417, 1042, Level::Info, 4019)
        );
        assert_eq!(
            record.raw_text,
            &b"Service has started a mirror to BETA (172.31.206.201) for Replication Set FilesAndFolders, ID: 2"[..]
        );
        assert_eq!(peek_level_and_id(EXAMPLE), Some((Level::Info, 4019)));
    }

    #[test]
    fn text_keeps_tabs_and_may_be_empty() {
        let line = b"01/01/2020\t00:00:00.000\t1\t2\t3\t1\t0\ta\tb\t";
        assert_eq!(parse_line(line).expect("valid").raw_text, b"a\tb\t");
        let line = b"01/01/2020\t00:00:00.000\t1\t2\t3\t1\t0\t";
        assert_eq!(parse_line(line).expect("valid").raw_text, b"");
    }

    #[test]
    fn tolerates_one_trailing_cr() {
        let mut line = EXAMPLE.to_vec();
        line.push(b'\r');
        assert_eq!(parse_line(&line), parse_line(EXAMPLE));
        line.push(b'\r');
        assert!(parse_line(&line).expect("valid").raw_text.ends_with(b"2\r"));
    }

    #[test]
    fn names_the_bad_column() {
        assert_eq!(error(b""), "column 1 (date): missing");
        assert_eq!(
            error(b"6/22/2017\t"),
            "column 1 (date): expected MM/DD/YYYY"
        );
        assert_eq!(
            error(b"06/22/20171\t"),
            "column 1 (date): expected MM/DD/YYYY"
        );
        assert_eq!(error(b"02/30/2017\t"), "column 1 (date): no such date");
        assert_eq!(error(b"06/22/2017"), "column 2 (time): missing");
        assert_eq!(
            error(b"06/22/2017\t14:42:55\t"),
            "column 2 (time): expected HH:MM:SS.mmm"
        );
        assert_eq!(
            error(b"06/22/2017\t24:00:00.000\t"),
            "column 2 (time): no such time"
        );
        assert_eq!(
            error(b"06/22/2017\t23:59:60.000\t"),
            "column 2 (time): no such time"
        );
        assert_eq!(
            error(b"06/22/2017\t14:42:55.318\t-1\t"),
            "column 3 (process ID): expected digits"
        );
        assert_eq!(
            error(b"06/22/2017\t14:42:55.318\t4294967296\t"),
            "column 3 (process ID): number out of range (at most 4294967295)"
        );
        assert_eq!(
            error(b"06/22/2017\t14:42:55.318\t1\t\t"),
            "column 4 (thread ID): expected digits"
        );
        assert_eq!(
            error(b"06/22/2017\t14:42:55.318\t1\t2\t10x\t"),
            "column 5 (sequence number): expected digits"
        );
        assert_eq!(
            error(b"06/22/2017\t14:42:55.318\t1\t2\t18446744073709551616\t"),
            "column 5 (sequence number): number out of range (at most 18446744073709551615)"
        );
        assert_eq!(
            error(b"06/22/2017\t14:42:55.318\t1\t2\t3\t3\t0\tx"),
            "column 6 (type): expected 1 or 2"
        );
        assert_eq!(
            error(b"06/22/2017\t14:42:55.318\t1\t2\t3\t12\t0\tx"),
            "column 6 (type): expected 1 or 2"
        );
        assert_eq!(
            error(b"06/22/2017\t14:42:55.318\t1\t2\t3\t1\t99999999999\tx"),
            "column 7 (message ID): number out of range (at most 4294967295)"
        );
        assert_eq!(
            error(b"06/22/2017\t14:42:55.318\t1\t2\t3\t1\t4019"),
            "column 8 (text): missing"
        );
        assert_eq!(
            error(b"06/22/2017\t14:42:55.318\t1\t2\t3\t1\t4019\r"),
            "column 8 (text): missing"
        );
    }

    #[test]
    fn peek_rejects_what_it_cannot_read() {
        assert_eq!(peek_level_and_id(b""), None);
        assert_eq!(peek_level_and_id(b"a\tb\tc\td\te\t3\t1\tx"), None);
        assert_eq!(peek_level_and_id(b"a\tb\tc\td\te\t12\t1\tx"), None);
        assert_eq!(peek_level_and_id(b"a\tb\tc\td\te\t1\t1x\tx"), None);
        assert_eq!(peek_level_and_id(b"a\tb\tc\td\te\t1\t17"), None);
        assert_eq!(
            peek_level_and_id(b"a\tb\tc\td\te\t1\t17\t"),
            Some((Level::Alert, 17))
        );
    }
}
