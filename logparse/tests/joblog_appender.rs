//! The rolled appender and series: rolling at the maximum size with three older files
//! kept, reopening, LogMessageLevel, and reading the series back in order.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

use chrono::{NaiveDate, NaiveDateTime};
use logparse::dtl::{
    Level, LogMessageLevel, LogReader, Record, RolledAppender, RolledSeries, Severity,
};

const NAME: &str = "job-a6cbf990-ba67-403d-855f-5bb44c18e1d6";
const PID: u32 = 100;
const TID: u32 = 7;
const ID: u32 = 5700;

fn timestamp() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2021, 1, 2)
        .and_then(|d| d.and_hms_milli_opt(3, 4, 5, 678))
        .expect("valid")
}

fn text(seq: u64) -> String {
    format!("job message {seq:04}")
}

/// The line written for record `seq`.
fn line(seq: u64) -> String {
    Record {
        timestamp: timestamp(),
        pid: PID,
        tid: TID,
        seq,
        level: Level::Info,
        id: ID,
        text: text(seq),
    }
    .to_line()
}

/// The length of the longest line these tests write (the sequence column grows).
fn line_len() -> u64 {
    line(99).len() as u64
}

fn open(dir: &Path, max_size: u64, keep: u16) -> RolledAppender {
    let mut appender = RolledAppender::open(dir, NAME, max_size, keep).expect("open appender");
    appender.set_pid(PID);
    appender
}

fn append(appender: &mut RolledAppender) -> Option<u64> {
    let seq = appender.next_seq();
    appender
        .append_at(timestamp(), Severity::Release, ID, TID, &text(seq))
        .expect("append")
}

/// Sequence numbers of the records in `path`, failing on any diagnostic.
fn seqs_in(path: &Path) -> Vec<u64> {
    LogReader::open(path)
        .expect("open")
        .records()
        .map(|r| r.expect("well-formed").seq)
        .collect()
}

fn generations(series: &RolledSeries) -> Vec<u16> {
    series
        .files()
        .expect("list")
        .iter()
        .map(|f| f.generation)
        .collect()
}

#[test]
fn rolls_at_the_maximum_size_keeping_three_older_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut appender = open(dir.path(), 2 * line_len(), 3);
    let series = appender.series().clone();
    for seq in 1..=11 {
        assert_eq!(append(&mut appender), Some(seq));
    }
    assert_eq!(seqs_in(&series.live_path()), [11]);
    assert_eq!(seqs_in(&series.path_of(1)), [9, 10]);
    assert_eq!(seqs_in(&series.path_of(2)), [7, 8]);
    assert_eq!(seqs_in(&series.path_of(3)), [5, 6]);
    assert!(!series.path_of(4).exists());
    assert_eq!(generations(&series), [3, 2, 1, 0]);

    let mut names: Vec<String> = fs::read_dir(dir.path())
        .expect("read dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["", ".1", ".2", ".3"].map(|suffix| format!("{NAME}.log{suffix}"))
    );

    let read: Vec<Record> = series
        .reader()
        .expect("reader")
        .records()
        .map(|r| r.expect("well-formed"))
        .collect();
    assert_eq!(
        read.iter().map(|r| r.seq).collect::<Vec<_>>(),
        (5..=11).collect::<Vec<_>>()
    );
    assert_eq!(read[0].to_line(), line(5));
    assert_eq!(series.last_seq().expect("last seq"), Some(11));
}

#[test]
fn a_reader_reads_the_files_listed_when_it_was_made_despite_later_rolls() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut appender = open(dir.path(), 2 * line_len(), 3);
    let series = appender.series().clone();
    for _ in 1..=5 {
        append(&mut appender);
    }
    let reader = series.reader().expect("reader");
    // Record 6 goes to the live file the reader holds; then two rolls rename every file.
    for _ in 6..=9 {
        append(&mut appender);
    }
    let seqs: Vec<u64> = reader
        .records()
        .map(|r| r.expect("well-formed").seq)
        .collect();
    assert_eq!(seqs, (1..=6).collect::<Vec<_>>());
}

#[test]
fn a_file_is_filled_up_to_the_maximum_and_never_past_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let max_size = 3 * line_len() + 5;
    let mut appender = open(dir.path(), max_size, 3);
    let series = appender.series().clone();
    for _ in 1..=7 {
        append(&mut appender);
    }
    assert_eq!(seqs_in(&series.path_of(2)), [1, 2, 3]);
    assert_eq!(seqs_in(&series.path_of(1)), [4, 5, 6]);
    assert_eq!(seqs_in(&series.live_path()), [7]);
    for file in series.files().expect("list") {
        assert!(file.len <= max_size, "{file:?}");
    }

    // A line longer than the maximum still gets a file of its own.
    let mut tiny = open(&dir.path().join("tiny"), 10, 3);
    let tiny_series = tiny.series().clone();
    append(&mut tiny);
    append(&mut tiny);
    assert_eq!(seqs_in(&tiny_series.path_of(1)), [1]);
    assert_eq!(seqs_in(&tiny_series.live_path()), [2]);
}

#[test]
fn a_rolled_file_keeps_its_identity_under_its_new_name() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut appender = open(dir.path(), line_len(), 3);
    let series = appender.series().clone();
    append(&mut appender);
    let inode = |path: &Path| fs::metadata(path).expect("metadata").ino();
    let first = inode(&series.live_path());
    append(&mut appender);
    assert_eq!(inode(&series.path_of(1)), first);
    append(&mut appender);
    assert_eq!(inode(&series.path_of(2)), first);
    assert_ne!(inode(&series.live_path()), first);
}

#[test]
fn keeping_no_older_file_deletes_the_full_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut appender = open(dir.path(), line_len(), 0);
    let series = appender.series().clone();
    for _ in 1..=4 {
        append(&mut appender);
    }
    assert_eq!(generations(&series), [0]);
    assert_eq!(seqs_in(&series.live_path()), [4]);
}

#[test]
fn older_files_beyond_a_lowered_limit_are_deleted_at_the_next_roll() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut appender = open(dir.path(), line_len(), 5);
    let series = appender.series().clone();
    for _ in 1..=6 {
        append(&mut appender);
    }
    assert_eq!(generations(&series), [5, 4, 3, 2, 1, 0]);
    drop(appender);

    let mut appender = open(dir.path(), line_len(), 2);
    assert_eq!(generations(&series), [5, 4, 3, 2, 1, 0]);
    append(&mut appender);
    assert_eq!(generations(&series), [2, 1, 0]);
    assert_eq!(seqs_in(&series.path_of(2)), [5]);
    assert_eq!(seqs_in(&series.path_of(1)), [6]);
    assert_eq!(seqs_in(&series.live_path()), [7]);
}

#[test]
fn reopening_continues_the_sequence() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut appender = open(dir.path(), 2 * line_len(), 3);
    let series = appender.series().clone();
    for _ in 1..=3 {
        append(&mut appender);
    }
    drop(appender);

    let mut appender = open(dir.path(), 2 * line_len(), 3);
    assert_eq!(appender.next_seq(), 4);
    assert_eq!(append(&mut appender), Some(4));
    assert_eq!(seqs_in(&series.live_path()), [3, 4]);
    drop(appender);

    // An empty live file (e.g. a crash right after a roll): numbering goes on from .1.
    fs::rename(series.live_path(), series.path_of(1)).expect("rename");
    fs::write(series.live_path(), "").expect("empty live file");
    let mut appender = open(dir.path(), 2 * line_len(), 3);
    assert_eq!(appender.next_seq(), 5);
    append(&mut appender);
    assert_eq!(seqs_in(&series.live_path()), [5]);
}

#[test]
fn reopening_after_a_torn_line_starts_on_a_line_of_its_own() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut appender = open(dir.path(), 1 << 20, 3);
    let series = appender.series().clone();
    append(&mut appender);
    drop(appender);
    let torn = &line(2)[..20];
    OpenOptions::new()
        .append(true)
        .open(series.live_path())
        .and_then(|mut f| f.write_all(torn.as_bytes()))
        .expect("tear");

    let mut appender = open(dir.path(), 1 << 20, 3);
    assert_eq!(append(&mut appender), Some(2));
    let content = fs::read_to_string(series.live_path()).expect("read");
    assert_eq!(content, format!("{}{torn}\n{}", line(1), line(2)));
}

#[test]
fn log_message_level_filters_without_using_sequence_numbers() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut appender = open(dir.path(), 1 << 20, 3);
    let series = appender.series().clone();
    let log = |appender: &mut RolledAppender, severity| {
        appender
            .append_at(timestamp(), severity, ID, TID, "m")
            .expect("append")
    };
    assert_eq!(log(&mut appender, Severity::Alert), Some(1));
    assert_eq!(log(&mut appender, Severity::Release), Some(2));
    assert_eq!(log(&mut appender, Severity::Debug), None);
    appender.set_message_level(LogMessageLevel::AlertsReleaseAndDebug);
    assert_eq!(log(&mut appender, Severity::Debug), Some(3));
    appender.set_message_level(LogMessageLevel::Alerts);
    assert_eq!(log(&mut appender, Severity::Release), None);
    assert_eq!(log(&mut appender, Severity::Alert), Some(4));
    appender.set_message_level(LogMessageLevel::NoMessages);
    assert_eq!(log(&mut appender, Severity::Alert), None);

    let levels: Vec<(u64, Level)> = LogReader::open(series.live_path())
        .expect("open")
        .records()
        .map(|r| r.map(|r| (r.seq, r.level)).expect("well-formed"))
        .collect();
    assert_eq!(
        levels,
        [
            (1, Level::Alert),
            (2, Level::Info),
            (3, Level::Info),
            (4, Level::Alert)
        ]
    );
}

#[test]
fn records_carry_this_process_id_unless_overridden() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut appender = RolledAppender::open(dir.path(), NAME, 1 << 20, 3).expect("open appender");
    appender
        .append(Severity::Release, ID, TID, "now")
        .expect("append");
    appender.set_pid(4242);
    appender
        .append(Severity::Release, ID, TID, "later")
        .expect("append");
    let pids: Vec<u32> = LogReader::open(appender.series().live_path())
        .expect("open")
        .records()
        .map(|r| r.expect("well-formed").pid)
        .collect();
    assert_eq!(pids, [std::process::id(), 4242]);
}

#[test]
fn unwritable_years_are_refused_without_using_a_number() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut appender = open(dir.path(), 1 << 20, 3);
    let year_10000 = NaiveDate::from_ymd_opt(10_000, 1, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .expect("valid");
    let err = appender
        .append_at(year_10000, Severity::Alert, ID, TID, "x")
        .expect_err("year 10000");
    assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
    assert_eq!(append(&mut appender), Some(1));
}
