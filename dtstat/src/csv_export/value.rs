//! One CSV cell: a statistic's value and how it is spelled for spreadsheets (RFC 4180).

use std::net::IpAddr;

use chrono::{DateTime, Utc};

use super::decimal::{push_comma_count, push_count};

/// A statistic's value as one CSV cell.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Value<'a> {
    /// A count, a state's numeric value, an identifier.
    Count(u64),
    /// A fraction such as conMirrorPercent, without a `%` sign so spreadsheets read a number.
    Number(f64),
    /// A time, `yyyy-mm-dd hh:mm:ss.fff` in UTC (spreadsheets parse it as a date);
    /// empty when the engine has none.
    Time(Option<DateTime<Utc>>),
    /// An IP address.
    Address(IpAddr),
    /// A name or a path.
    Text(&'a str),
}

impl Value<'_> {
    /// Appends this cell to `out`; only text can need RFC 4180 quoting (numbers, times
    /// and addresses never hold a comma, a quote or a line break).
    pub(crate) fn append_to(&self, out: &mut Vec<u8>) {
        match *self {
            Value::Count(n) => push_count(out, n),
            Value::Number(x) => push_number(out, x),
            Value::Time(Some(time)) => push_time(out, time),
            Value::Time(None) => {}
            Value::Address(IpAddr::V4(address)) => {
                for (i, octet) in address.octets().into_iter().enumerate() {
                    if i > 0 {
                        out.push(b'.');
                    }
                    push_count(out, u64::from(octet));
                }
            }
            Value::Address(address) => push_display(out, address),
            Value::Text(text) => push_quoted(out, text),
        }
    }
}

/// `text` as an RFC 4180 field, quoted by `csv-core` (the csv crate's own writer) when
/// it holds a comma, a double quote or a line break, as it is otherwise.
pub(crate) fn push_quoted(out: &mut Vec<u8>, text: &str) {
    let bytes = text.as_bytes();
    // Sixteen bytes at a time without an exit per byte, so the test is vectorised.
    let special = |chunk: &[u8]| {
        chunk.iter().fold(false, |seen, b| {
            seen | matches!(b, b',' | b'"' | b'\r' | b'\n')
        })
    };
    if !bytes.chunks(16).any(special) {
        // The common case, a plain name or path: no quoting to decide.
        out.extend_from_slice(bytes);
        return;
    }
    let mut writer = csv_core::Writer::new();
    // Quoted, every byte may double: room for twice the text and the two quotes.
    let start = out.len();
    out.resize(start + 2 * bytes.len() + 2, 0);
    let (_, read, written) = writer.field(bytes, &mut out[start..]);
    let (_, closing) = writer.finish(&mut out[start + written..]);
    debug_assert_eq!(read, bytes.len());
    out.truncate(start + written + closing);
}

fn push_number(out: &mut Vec<u8>, x: f64) {
    if x.is_finite() && x.fract() == 0.0 && x.abs() < 1e15 {
        // Whole numbers (conMirrorPercent's 100.0, most intervals) without float formatting.
        if x < 0.0 {
            out.push(b'-');
        }
        push_count(out, x.abs() as u64);
        out.extend_from_slice(b".0");
    } else {
        push_display(out, x);
    }
}

/// Milliseconds in a day.
const DAY_MILLIS: i64 = 86_400_000;

/// Length of a spelled time, `yyyy-mm-dd hh:mm:ss.fff`.
const TIME_LEN: usize = 23;

/// A column's last spelled time: the next row's equal time (a snapshot's rows share
/// its timestamp; connect and mirror times rarely change) is copied, not spelled again.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct LastTime(Option<(DateTime<Utc>, [u8; TIME_LEN])>);

impl Value<'_> {
    /// As [`Value::append_to`], with the column's `last` time remembered.
    #[inline(always)]
    pub(crate) fn append_remembering(&self, out: &mut Vec<u8>, last: &mut LastTime) {
        match *self {
            Value::Count(n) => push_count(out, n),
            Value::Time(Some(time)) => match &last.0 {
                // Compared as chrono holds them (date, second, fraction): no arithmetic.
                // Copied from the memory itself: a copy of it on the stack, read back in
                // overlapping pieces, would stall on store forwarding.
                Some((seen, cell)) if *seen == time => out.extend_from_slice(cell),
                _ => match spell_time(time.timestamp_millis()) {
                    Some(cell) => {
                        out.extend_from_slice(&cell);
                        last.0 = Some((time, cell));
                    }
                    None => push_time(out, time),
                },
            },
            _ => self.append_to(out),
        }
    }

    /// A comma, then the cell as [`Value::append_remembering`] spells it.
    #[inline(always)]
    pub(crate) fn append_after_comma(&self, out: &mut Vec<u8>, last: &mut LastTime) {
        match *self {
            Value::Count(n) => push_comma_count(out, n),
            _ => {
                out.push(b',');
                self.append_remembering(out, last);
            }
        }
    }
}

fn push_time(out: &mut Vec<u8>, time: DateTime<Utc>) {
    match spell_time(time.timestamp_millis()) {
        Some(cell) => out.extend_from_slice(&cell),
        None => push_display(out, time.format("%Y-%m-%d %H:%M:%S%.3f")),
    }
}

/// `millis` since 1970 as `yyyy-mm-dd hh:mm:ss.fff` (UTC); `None` outside years 0–9999.
fn spell_time(millis: i64) -> Option<[u8; TIME_LEN]> {
    let (year, month, day) = civil_from_days(millis.div_euclid(DAY_MILLIS));
    if !(0..=9999).contains(&year) {
        return None;
    }
    let of_day = millis.rem_euclid(DAY_MILLIS) as u64;
    // Every field has a fixed width: spelled in place into the template.
    let mut cell = *b"0000-00-00 00:00:00.000";
    put_digits(&mut cell[0..4], year as u64);
    put_digits(&mut cell[5..7], month);
    put_digits(&mut cell[8..10], day);
    put_digits(&mut cell[11..13], of_day / 3_600_000);
    put_digits(&mut cell[14..16], of_day / 60_000 % 60);
    put_digits(&mut cell[17..19], of_day / 1000 % 60);
    put_digits(&mut cell[20..23], of_day % 1000);
    Some(cell)
}

/// Spells `n` in decimal into all of `digits`, zero-padded (`n` fits by construction).
fn put_digits(digits: &mut [u8], mut n: u64) {
    for digit in digits.iter_mut().rev() {
        *digit = b'0' + (n % 10) as u8;
        n /= 10;
    }
}

/// The proleptic Gregorian (year, month, day) of a day counted from 1970-01-01
/// (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u64, u64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u64;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u64;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn push_display(out: &mut Vec<u8>, value: impl std::fmt::Display) {
    use std::io::Write;
    // Writing to a Vec cannot fail.
    let _ = write!(out, "{value}");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spelled(value: Value<'_>) -> String {
        let mut out = Vec::new();
        value.append_to(&mut out);
        String::from_utf8_lossy(&out).into_owned()
    }

    #[test]
    fn counts_and_numbers() {
        assert_eq!(spelled(Value::Count(0)), "0");
        assert_eq!(spelled(Value::Count(108352749214952)), "108352749214952");
        assert_eq!(spelled(Value::Count(u64::MAX)), u64::MAX.to_string());
        assert_eq!(spelled(Value::Number(100.0)), "100.0");
        assert_eq!(spelled(Value::Number(42.5)), "42.5");
    }

    #[test]
    fn times_are_spreadsheet_dates_in_utc() {
        let time = DateTime::from_timestamp_millis(1_289_393_285_204);
        assert_eq!(spelled(Value::Time(time)), "2010-11-10 12:48:05.204");
        assert_eq!(spelled(Value::Time(None)), "");
        let early = DateTime::from_timestamp_millis(-62_135_596_800_000 - 1000);
        assert_eq!(spelled(Value::Time(early)), "0000-12-31 23:59:59.000");
        let late = DateTime::from_timestamp_millis(253_402_300_800_000);
        assert_eq!(spelled(Value::Time(late)), "+10000-01-01 00:00:00.000");
    }

    #[test]
    fn a_remembered_time_is_spelled_the_same_and_a_new_one_anew() {
        let mut last = LastTime::default();
        let mut out = Vec::new();
        for millis in [1_289_393_285_204, 1_289_393_285_204, 1_289_393_286_000, -1] {
            let time = DateTime::from_timestamp_millis(millis);
            out.clear();
            Value::Time(time).append_remembering(&mut out, &mut last);
            assert_eq!(out, spelled(Value::Time(time)).into_bytes());
        }
        let late = DateTime::from_timestamp_millis(253_402_300_800_000);
        out.clear();
        Value::Time(late).append_remembering(&mut out, &mut last);
        assert_eq!(String::from_utf8_lossy(&out), "+10000-01-01 00:00:00.000");
        out.clear();
        Value::Count(7).append_remembering(&mut out, &mut last);
        assert_eq!(out, b"7");
    }

    proptest::proptest! {
        #[test]
        fn times_spell_as_chrono_formats_them(millis in -62_167_219_200_000i64..253_402_300_800_000) {
            let time = DateTime::from_timestamp_millis(millis);
            let expected = time.map(|t| t.format("%Y-%m-%d %H:%M:%S%.3f").to_string());
            proptest::prop_assert_eq!(Some(spelled(Value::Time(time))), expected);
        }

        #[test]
        fn whole_and_fractional_numbers_read_back(x in -1e12f64..1e12) {
            for value in [x, x.trunc()] {
                let text = spelled(Value::Number(value));
                proptest::prop_assert_eq!(text.parse::<f64>().ok(), Some(value));
            }
        }
    }

    #[test]
    fn addresses_and_text() {
        let address = "10.10.1.104".parse().map(Value::Address);
        assert_eq!(address.map(spelled).ok().as_deref(), Some("10.10.1.104"));
        assert_eq!(spelled(Value::Text("/log/data file")), "/log/data file");
        let v6 = "fe80::1".parse().map(Value::Address);
        assert_eq!(v6.map(spelled).ok().as_deref(), Some("fe80::1"));
        let v4 = "0.255.10.1".parse().map(Value::Address);
        assert_eq!(v4.map(spelled).ok().as_deref(), Some("0.255.10.1"));
        assert_eq!(spelled(Value::Text("a,\"b\"\r\nc")), "\"a,\"\"b\"\"\r\nc\"");
        let long = "/data/projects/a long path/file,1.dat";
        assert_eq!(spelled(Value::Text(long)), format!("\"{long}\""));
        assert_eq!(spelled(Value::Text(&long[..31])), &long[..31]);
    }
}
