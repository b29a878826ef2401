//! Behaviour of `LogReader` on real files: CRLF, torn last lines, bad lines, invalid
//! UTF-8 and overlong lines.

use std::fs::{self, OpenOptions};
use std::io::{Cursor, Write};

use logparse::dtl::{peek_level_and_id, DiagnosticReason, Item, Level, LogReader, MAX_LINE_LEN};

fn line(seq: u64, text: &str) -> String {
    format!("06/22/2017\t14:42:55.318\t2411\t2417\t{seq}\t2\t4019\t{text}\n")
}

/// `(line_no, offset, seq, text, invalid_utf8)` for records, the message for diagnostics.
type Seen = Result<(u64, u64, u64, String, bool), String>;

fn drain<R: std::io::Read>(reader: &mut LogReader<R>) -> Vec<Seen> {
    let mut seen = Vec::new();
    while let Some(item) = reader.next_item() {
        seen.push(match item {
            Item::Record(r) => Ok((
                r.line_no,
                r.offset,
                r.record.seq,
                r.record.text().into_owned(),
                r.invalid_utf8,
            )),
            Item::Diagnostic(d) => Err(d.to_string()),
        });
    }
    seen
}

#[test]
fn crlf_line_ends_are_accepted() {
    let data = format!("{}{}", line(1, "one"), line(2, "two")).replace('\n', "\r\n");
    let mut reader = LogReader::new(Cursor::new(data));
    let seen = drain(&mut reader);
    let first_len = line(1, "one").len() as u64 + 1;
    assert_eq!(
        seen,
        vec![
            Ok((1, 0, 1, "one".into(), false)),
            Ok((2, first_len, 2, "two".into(), false)),
        ]
    );
}

#[test]
fn torn_last_line_is_held_back_until_completed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("dtlog1.dtl");
    let full = line(2, "second");
    let (head, tail) = full.split_at(30);
    fs::write(&path, format!("{}{head}", line(1, "first"))).expect("write");

    let mut reader = LogReader::open(&path).expect("open");
    assert_eq!(
        drain(&mut reader),
        vec![Ok((1, 0, 1, "first".into(), false))]
    );
    assert_eq!(reader.pending_bytes(), 30);
    assert_eq!(reader.offset(), line(1, "first").len() as u64);
    assert!(reader.next_item().is_none(), "still torn");

    let mut writer = OpenOptions::new().append(true).open(&path).expect("append");
    writer
        .write_all(tail.as_bytes())
        .expect("complete the line");
    let offset = line(1, "first").len() as u64;
    assert_eq!(
        drain(&mut reader),
        vec![Ok((2, offset, 2, "second".into(), false))]
    );
    assert_eq!(reader.pending_bytes(), 0);
    assert!(drain(&mut reader).is_empty(), "yielded once");
}

#[test]
fn bad_lines_are_reported_with_numbers_and_reading_goes_on() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("dtlog3.dtl");
    let bad_type = "06/22/2017\t14:42:55.318\t2411\t2417\t3\t7\t4019\tbad type\n";
    let short = "06/22/2017\t14:42:55.318\t2411\n";
    let content = [
        line(1, "ok"),
        bad_type.to_owned(),
        line(2, "still ok"),
        "\n".to_owned(),
        short.to_owned(),
        line(4, "last"),
    ]
    .concat();
    fs::write(&path, &content).expect("write");
    let name = path.display().to_string();
    let offset_of = |n: usize| -> u64 {
        content
            .split_inclusive('\n')
            .take(n)
            .map(|l| l.len() as u64)
            .sum()
    };

    let mut reader = LogReader::open(&path).expect("open");
    assert_eq!(
        drain(&mut reader),
        vec![
            Ok((1, 0, 1, "ok".into(), false)),
            Err(format!("{name}:2: column 6 (type): expected 1 or 2")),
            Ok((3, offset_of(2), 2, "still ok".into(), false)),
            Err(format!("{name}:4: column 1 (date): missing")),
            Err(format!("{name}:5: column 4 (thread ID): missing")),
            Ok((6, offset_of(5), 4, "last".into(), false)),
        ]
    );

    let mut reader = LogReader::open(&path).expect("reopen");
    assert!(matches!(reader.next_item(), Some(Item::Record(_))));
    let Some(Item::Diagnostic(diagnostic)) = reader.next_item() else {
        panic!("second line is bad");
    };
    assert_eq!(diagnostic.line_no, 2);
    assert_eq!(diagnostic.offset, offset_of(1));
    assert_eq!(diagnostic.path.as_deref(), Some(path.as_path()));
    assert!(matches!(diagnostic.reason, DiagnosticReason::Line(_)));
}

#[test]
fn invalid_utf8_is_yielded_and_flagged() {
    let mut data = line(1, "caf").into_bytes();
    data.pop();
    data.extend_from_slice(b"\xe9 \\n end\n");
    data.extend_from_slice(line(2, "fine").as_bytes());
    let mut reader = LogReader::new(Cursor::new(data));
    let seen = drain(&mut reader);
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[0], Ok((1, 0, 1, "caf\u{fffd} \n end".into(), true)));
    assert!(matches!(&seen[1], Ok((2, _, 2, text, false)) if text == "fine"));
}

#[test]
fn overlong_line_is_skipped_without_unbounded_growth() {
    let mut data = line(1, "before").into_bytes();
    let long_len = MAX_LINE_LEN + MAX_LINE_LEN / 2;
    data.extend(std::iter::repeat_n(b'x', long_len));
    data.push(b'\n');
    data.extend_from_slice(line(3, "after").as_bytes());
    let mut reader = LogReader::new(Cursor::new(data));
    let seen = drain(&mut reader);
    assert_eq!(seen.len(), 3);
    assert_eq!(seen[0], Ok((1, 0, 1, "before".into(), false)));
    assert_eq!(
        seen[1],
        Err(format!(
            "line 2: line of {long_len} bytes is longer than the maximum of {MAX_LINE_LEN} bytes; skipped"
        ))
    );
    let after_offset = (line(1, "before").len() + long_len + 1) as u64;
    assert_eq!(seen[2], Ok((3, after_offset, 3, "after".into(), false)));
}

#[test]
fn owned_records_iterator_and_raw_lines() {
    let data = format!(
        "{}garbage\n{}",
        line(1, "a"),
        "06/22/2017\t14:42:55.318\t1\t2\t3\t1\t5001\talert\n"
    );
    let results: Vec<_> = LogReader::new(Cursor::new(data.clone()))
        .records()
        .collect();
    assert_eq!(results.len(), 3);
    assert_eq!(results[0].as_ref().map(|r| r.seq), Ok(1));
    assert_eq!(
        results[1].as_ref().map_err(|d| d.line_no),
        Err(2),
        "garbage reported"
    );
    let alert = results[2].as_ref().expect("third line is good");
    assert_eq!(
        (alert.level, alert.id, alert.text.as_str()),
        (Level::Alert, 5001, "alert")
    );

    let mut reader = LogReader::new(Cursor::new(data));
    let mut peeked = Vec::new();
    while let Some(line) = reader.next_line() {
        let line = line.expect("no overlong lines");
        peeked.push((line.line_no, peek_level_and_id(line.bytes)));
    }
    assert_eq!(
        peeked,
        vec![
            (1, Some((Level::Info, 4019))),
            (2, None),
            (3, Some((Level::Alert, 5001)))
        ]
    );
}
