//! Property tests: the `.dtl` line writer and parser are inverse, and the filter fast path
//! agrees with the full parser.

use chrono::{DateTime, NaiveDateTime};
use logparse::dtl::{parse_line, peek_level_and_id, Column, Level, Reason, Record};
use proptest::prelude::*;

/// Milliseconds from 1970-01-01 to 2100-01-01.
const MS_UNTIL_2100: i64 = 4_102_444_800_000;

fn timestamp() -> impl Strategy<Value = NaiveDateTime> {
    (0..MS_UNTIL_2100).prop_map(|ms| {
        DateTime::from_timestamp_millis(ms)
            .expect("in chrono's range")
            .naive_utc()
    })
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[a-zé\\t\\n\\r\\\\ ]{0,40}",
        "(\\\\[nrt\\\\x]|\\r\\n|\\t|[A-Z])*",
    ]
}

fn level() -> impl Strategy<Value = Level> {
    prop_oneof![Just(Level::Alert), Just(Level::Info)]
}

fn record() -> impl Strategy<Value = Record> {
    (
        timestamp(),
        any::<u32>(),
        any::<u32>(),
        any::<u64>(),
        level(),
        any::<u32>(),
        text(),
    )
        .prop_map(|(timestamp, pid, tid, seq, level, id, text)| Record {
            timestamp,
            pid,
            tid,
            seq,
            level,
            id,
            text,
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn written_records_parse_back_identical(record in record()) {
        let mut written = Vec::new();
        record.write_to(&mut written).expect("write to a Vec");
        prop_assert_eq!(written.last(), Some(&b'\n'));
        prop_assert_eq!(memchr::memchr_iter(b'\n', &written).count(), 1);
        let line = &written[..written.len() - 1];
        prop_assert_eq!(line, record.to_string().into_bytes());
        prop_assert_eq!(written.clone(), record.to_line().into_bytes());

        let parsed = parse_line(line).expect("own output parses");
        prop_assert!(parsed.text_is_utf8());
        prop_assert_eq!(parsed.to_record(), record.clone());
        prop_assert_eq!(peek_level_and_id(line), Some((record.level, record.id)));

        let mut crlf = line.to_vec();
        crlf.push(b'\r');
        prop_assert_eq!(parse_line(&crlf).expect("CRLF parses").to_record(), record);
    }

    #[test]
    fn accepted_lines_are_stable_and_peek_agrees(bytes in line_like()) {
        if let Ok(parsed) = parse_line(&bytes) {
            prop_assert_eq!(peek_level_and_id(&bytes), Some((parsed.level, parsed.id)));
            let record = parsed.to_record();
            let line = record.to_line();
            let again = parse_line(&line.as_bytes()[..line.len() - 1]).expect("rewritten line parses");
            prop_assert_eq!(again.to_record(), record);
        }
    }
}

/// Bytes that are often almost a valid line: a valid line with a few bytes changed,
/// removed or inserted, or arbitrary bytes.
fn line_like() -> impl Strategy<Value = Vec<u8>> {
    let edited = (
        record(),
        prop::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0..3u8), 0..4),
    )
        .prop_map(|(record, edits)| {
            let mut line = record.to_string().into_bytes();
            for (at, byte, kind) in edits {
                if line.is_empty() {
                    break;
                }
                let at = at.index(line.len());
                match kind {
                    0 => line[at] = byte,
                    1 => {
                        line.remove(at);
                    }
                    _ => line.insert(at, byte),
                }
            }
            line
        });
    prop_oneof![edited, prop::collection::vec(any::<u8>(), 0..120)]
}

#[test]
fn error_names_column_and_reason() {
    let err =
        parse_line(b"06/22/2017\t14:42:55.318\t2411\t2417\tx\t2\t4019\ttext").expect_err("bad seq");
    assert_eq!(err.column, Column::SequenceNumber);
    assert_eq!(err.reason, Reason::ExpectedDigits);
    assert_eq!(
        err.to_string(),
        "column 5 (sequence number): expected digits"
    );
}

#[test]
fn invalid_utf8_text_is_accepted_and_replaced() {
    let line = b"06/22/2017\t14:42:55.318\t2411\t2417\t7\t1\t0\tbad \xff byte";
    let parsed = parse_line(line).expect("text may be any bytes");
    assert!(!parsed.text_is_utf8());
    assert_eq!(parsed.text(), "bad \u{fffd} byte");
    assert_eq!(parsed.raw_text, b"bad \xff byte");
}
