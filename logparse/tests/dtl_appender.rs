//! The engine's appender: rotation at MaxLogFileSize, MaxNumberofLogFiles with deletion of
//! the oldest, the 999 → 1 wrap, LogMessageLevel, reopening, and failed deletions.

use std::fs;
use std::io;
use std::path::Path;

use chrono::{NaiveDate, NaiveDateTime};
use logparse::dtl::{
    Appender, AppenderConfig, Level, LogMessageLevel, LogReader, LogSeries, Record, Severity,
};

const PID: u32 = 100;
const TID: u32 = 7;
const ID: u32 = 4000;
const TEXT: &str = "Service has started a mirror";

fn timestamp() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2021, 1, 2)
        .and_then(|d| d.and_hms_milli_opt(3, 4, 5, 678))
        .expect("valid")
}

/// Length of the line the appender writes for record `seq` of these tests.
fn line_len(seq: u64) -> u64 {
    Record {
        timestamp: timestamp(),
        pid: PID,
        tid: TID,
        seq,
        level: Level::Info,
        id: ID,
        text: TEXT.into(),
    }
    .to_line()
    .len() as u64
}

fn config(dir: &Path, max_file_size: u64, max_files: u16) -> AppenderConfig {
    AppenderConfig {
        dir: dir.to_path_buf(),
        max_file_size,
        max_files,
        ..AppenderConfig::default()
    }
}

fn open(config: AppenderConfig) -> Appender {
    let mut appender = Appender::open(config).expect("open appender");
    appender.set_pid(PID);
    appender
}

fn append(appender: &mut Appender) -> Option<u64> {
    appender
        .append_at(timestamp(), Severity::Release, ID, TID, TEXT)
        .expect("append")
}

/// Sequence numbers in file `number` of the series in `dir`.
fn seqs_in(dir: &Path, number: u16) -> Vec<u64> {
    LogReader::open(dir.join(format!("dtlog{number}.dtl")))
        .expect("open file")
        .records()
        .map(|r| r.expect("well-formed").seq)
        .collect()
}

/// Series numbers present on disk as regular files, oldest first.
fn numbers(dir: &Path) -> Vec<u16> {
    LogSeries::in_dir(dir)
        .files()
        .expect("list")
        .iter()
        .map(|f| f.number)
        .collect()
}

#[test]
fn rotates_before_a_line_would_exceed_the_maximum_size() {
    let dir = tempfile::tempdir().expect("temp dir");
    let len = line_len(1);
    let mut appender = open(config(dir.path(), 3 * len, 20));
    for seq in 1..=9 {
        assert_eq!(append(&mut appender), Some(seq));
    }
    assert_eq!(numbers(dir.path()), [1, 2, 3]);
    assert_eq!(seqs_in(dir.path(), 1), [1, 2, 3]);
    assert_eq!(seqs_in(dir.path(), 2), [4, 5, 6]);
    assert_eq!(seqs_in(dir.path(), 3), [7, 8, 9]);
    for number in 1..=3 {
        let size = fs::metadata(dir.path().join(format!("dtlog{number}.dtl")))
            .expect("stat")
            .len();
        assert_eq!(size, 3 * len);
    }
    append(&mut appender);
    assert_eq!(appender.current_number(), 4);
    assert_eq!(appender.current_path(), dir.path().join("dtlog4.dtl"));
}

#[test]
fn a_line_larger_than_the_maximum_goes_alone_into_a_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut appender = open(config(dir.path(), 10, 20));
    for _ in 0..3 {
        append(&mut appender);
    }
    assert_eq!(numbers(dir.path()), [1, 2, 3]);
    assert_eq!(seqs_in(dir.path(), 2), [2]);
}

#[test]
fn keeps_at_most_max_files_by_deleting_the_oldest() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut appender = open(config(dir.path(), line_len(1), 3));
    for _ in 0..10 {
        append(&mut appender);
        assert!(numbers(dir.path()).len() <= 3);
    }
    assert_eq!(numbers(dir.path()), [8, 9, 10]);
    assert_eq!(seqs_in(dir.path(), 8), [8]);
}

fn write_records(dir: &Path, number: u16, seqs: std::ops::RangeInclusive<u64>) {
    let content: String = seqs
        .map(|seq| {
            Record {
                timestamp: timestamp(),
                pid: 1,
                tid: 1,
                seq,
                level: Level::Info,
                id: 0,
                text: format!("old {seq}"),
            }
            .to_line()
        })
        .collect();
    fs::write(dir.join(format!("dtlog{number}.dtl")), content).expect("write");
}

#[test]
fn wraps_from_999_to_1() {
    let dir = tempfile::tempdir().expect("temp dir");
    write_records(dir.path(), 997, 1..=1);
    write_records(dir.path(), 998, 2..=2);
    write_records(dir.path(), 999, 3..=3);
    let mut appender = open(config(dir.path(), line_len(4), 3));
    assert_eq!(
        appender.current_number(),
        999,
        "continues in the newest file"
    );
    assert_eq!(appender.next_seq(), 4);

    assert_eq!(append(&mut appender), Some(4));
    assert_eq!(appender.current_number(), 1);
    assert_eq!(numbers(dir.path()), [998, 999, 1]);
    assert_eq!(append(&mut appender), Some(5));
    assert_eq!(numbers(dir.path()), [999, 1, 2]);
    assert_eq!(seqs_in(dir.path(), 1), [4]);
    assert_eq!(seqs_in(dir.path(), 2), [5]);
}

#[test]
fn an_existing_file_of_the_next_number_is_recreated() {
    let dir = tempfile::tempdir().expect("temp dir");
    write_records(dir.path(), 1, 1..=1);
    write_records(dir.path(), 998, 2..=2);
    write_records(dir.path(), 999, 3..=3);
    let stale = LogReader::open(dir.path().join("dtlog1.dtl")).expect("hold the old file");

    let mut appender = open(config(dir.path(), line_len(4), 10));
    assert_eq!(append(&mut appender), Some(4));
    assert_eq!(appender.current_number(), 1);
    assert_eq!(seqs_in(dir.path(), 1), [4]);
    assert_eq!(numbers(dir.path()), [998, 999, 1]);
    let old: Vec<u64> = stale.records().map(|r| r.expect("good").seq).collect();
    assert_eq!(old, [1], "a reader of the old file still sees its content");
}

#[test]
fn log_message_level_filters_what_is_written() {
    let expectations = [
        (LogMessageLevel::NoMessages, [false, false, false]),
        (LogMessageLevel::Alerts, [true, false, false]),
        (LogMessageLevel::AlertsAndRelease, [true, true, false]),
        (LogMessageLevel::AlertsReleaseAndDebug, [true, true, true]),
    ];
    for (level, written) in expectations {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut appender = open(AppenderConfig {
            message_level: level,
            ..config(dir.path(), 1 << 20, 20)
        });
        let mut next = 1;
        let mut expected_levels = Vec::new();
        for (severity, should_write) in [Severity::Alert, Severity::Release, Severity::Debug]
            .into_iter()
            .zip(written)
        {
            let seq = appender
                .append_at(timestamp(), severity, ID, TID, "x")
                .expect("append");
            if should_write {
                assert_eq!(seq, Some(next), "{level:?} {severity:?}");
                next += 1;
                expected_levels.push(severity.level());
            } else {
                assert_eq!(seq, None, "{level:?} {severity:?}");
            }
        }
        let levels: Vec<Level> = LogReader::open(dir.path().join("dtlog1.dtl"))
            .expect("open")
            .records()
            .map(|r| r.expect("good").level)
            .collect();
        assert_eq!(levels, expected_levels, "{level:?}");
    }
}

#[test]
fn reopening_continues_the_newest_file_and_the_sequence() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut appender = open(config(dir.path(), 1 << 20, 20));
    for _ in 0..5 {
        append(&mut appender);
    }
    drop(appender);

    let mut appender = open(config(dir.path(), 1 << 20, 20));
    assert_eq!(appender.next_seq(), 6);
    assert_eq!(append(&mut appender), Some(6));
    assert_eq!(numbers(dir.path()), [1]);
    assert_eq!(seqs_in(dir.path(), 1), [1, 2, 3, 4, 5, 6]);

    // A crash left a torn line: it is ended so that new records stay readable.
    let path = dir.path().join("dtlog1.dtl");
    let mut content = fs::read(&path).expect("read");
    content.extend_from_slice(b"01/02/2021\t03:04");
    fs::write(&path, &content).expect("write");
    let mut appender = open(config(dir.path(), 1 << 20, 20));
    assert_eq!(append(&mut appender), Some(7));
    let results: Vec<_> = LogReader::open(&path).expect("open").records().collect();
    assert_eq!(results.len(), 8);
    assert!(
        results[6].is_err(),
        "the torn fragment is a bad line of its own"
    );
    assert_eq!(results[7].as_ref().map(|r| r.seq), Ok(7));
}

#[test]
fn reopening_after_rotation_into_an_empty_file_keeps_counting() {
    let dir = tempfile::tempdir().expect("temp dir");
    write_records(dir.path(), 4, 1..=9);
    fs::write(dir.path().join("dtlog5.dtl"), "").expect("empty newest file");
    let mut appender = open(config(dir.path(), 1 << 20, 20));
    assert_eq!(appender.current_number(), 5);
    assert_eq!(append(&mut appender), Some(10));
    assert_eq!(seqs_in(dir.path(), 5), [10]);
}

#[test]
fn records_carry_pid_and_local_time() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut appender = Appender::open(config(dir.path(), 1 << 20, 20)).expect("open");
    assert_eq!(
        appender
            .append(Severity::Alert, 4001, 9, "line\nbreak")
            .expect("append"),
        Some(1)
    );
    let record = LogReader::open(dir.path().join("dtlog1.dtl"))
        .expect("open")
        .records()
        .next()
        .expect("one record")
        .expect("good");
    assert_eq!(record.pid, std::process::id());
    assert_eq!(
        (record.tid, record.id, record.level),
        (9, 4001, Level::Alert)
    );
    assert_eq!(record.text, "line\nbreak");
    assert_eq!(
        record.timestamp.and_utc().timestamp_subsec_nanos() % 1_000_000,
        0
    );
}

#[test]
fn a_failed_deletion_is_retried_at_each_later_rotation() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut appender = open(config(dir.path(), line_len(1), 2));
    append(&mut appender);
    append(&mut appender);
    assert_eq!(numbers(dir.path()), [1, 2]);

    // Make the oldest undeletable: a non-empty directory under its name.
    let oldest = dir.path().join("dtlog1.dtl");
    fs::remove_file(&oldest).expect("remove");
    fs::create_dir(&oldest).expect("dir");
    fs::write(oldest.join("keep"), "x").expect("fill dir");

    append(&mut appender);
    append(&mut appender);
    assert!(oldest.is_dir(), "still there");
    assert_eq!(
        numbers(dir.path()),
        [2, 3, 4],
        "the younger files are not deleted in its place"
    );

    // Once deletable, the next rotation deletes it and catches up with the maximum.
    fs::remove_dir_all(&oldest).expect("remove dir");
    write_records(dir.path(), 1, 1..=1);
    append(&mut appender);
    assert!(!oldest.exists());
    assert_eq!(numbers(dir.path()), [4, 5]);
}

#[test]
fn rejects_an_out_of_range_number_of_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    for max_files in [0, 1000] {
        let err = Appender::open(config(dir.path(), 1 << 20, max_files)).expect_err("invalid");
        assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
    }
}
