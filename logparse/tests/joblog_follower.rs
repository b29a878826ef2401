//! The rolled follower: live following across many rolls with restarts from a JSON cursor,
//! finding a file again by its identity under a new name, and reporting records rolled
//! away before they could be read.

use std::fs::{self, OpenOptions};
use std::os::unix::fs::FileExt;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use chrono::{NaiveDate, NaiveDateTime};
use logparse::dtl::{
    FollowItem, Level, MissingRecords, Record, RolledAppender, RolledCursor, RolledFollower,
    RolledSeries, Severity,
};

const NAME: &str = "job-a6cbf990-ba67-403d-855f-5bb44c18e1d6";

fn timestamp() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2021, 1, 2)
        .and_then(|d| d.and_hms_milli_opt(3, 4, 5, 678))
        .expect("valid")
}

fn record(seq: u64) -> Record {
    Record {
        timestamp: timestamp(),
        pid: 100,
        tid: 7,
        seq,
        level: Level::Info,
        id: 5700,
        text: format!("job message {seq:05}"),
    }
}

/// The length of the longest line these tests write (the sequence column grows).
fn line_len() -> u64 {
    record(99_999).to_line().len() as u64
}

fn appender(dir: &Path, lines_per_file: u64, keep: u16) -> RolledAppender {
    let mut appender =
        RolledAppender::open(dir, NAME, lines_per_file * line_len(), keep).expect("open appender");
    appender.set_pid(100);
    appender
}

fn append(appender: &mut RolledAppender) -> u64 {
    let seq = appender.next_seq();
    appender
        .append_at(
            timestamp(),
            Severity::Release,
            5700,
            7,
            &format!("job message {seq:05}"),
        )
        .expect("append")
        .expect("not filtered")
}

fn series(dir: &Path) -> RolledSeries {
    RolledSeries::new(dir, NAME)
}

/// Sequence numbers of records, and missing ranges, in the order polled.
#[derive(Debug, PartialEq, Eq)]
enum Seen {
    Record(u64),
    Missing(u64, u64),
    Diagnostic(String),
}

fn poll(follower: &mut RolledFollower) -> Vec<Seen> {
    follower
        .poll()
        .expect("poll")
        .into_iter()
        .map(|item| match item {
            FollowItem::Record(record) => {
                assert_eq!(record.text, format!("job message {:05}", record.seq));
                Seen::Record(record.seq)
            }
            FollowItem::Missing(MissingRecords {
                first_seq,
                last_seq,
            }) => Seen::Missing(first_seq, last_seq),
            FollowItem::Diagnostic(d) => Seen::Diagnostic(d.to_string()),
        })
        .collect()
}

fn records(seqs: std::ops::RangeInclusive<u64>) -> Vec<Seen> {
    seqs.map(Seen::Record).collect()
}

/// How a writer thread and a restarting follower run in [`follow_live`].
struct LiveRun {
    records: u64,
    lines_per_file: u64,
    keep: u16,
    /// The writer stays at most this far ahead of what the consumer has taken.
    max_ahead: u64,
    /// Whether the writer sleeps while held back (or only yields, to race harder).
    writer_sleeps: bool,
}

/// Runs a writer thread and a follower that restarts from its JSON cursor every few
/// polls; returns the sequence numbers delivered, failing on anything but records.
fn follow_live(dir: &Path, run: LiveRun) -> Vec<u64> {
    let deadline = Instant::now() + Duration::from_secs(60);
    let delivered = Arc::new(AtomicU64::new(0));
    let abort = Arc::new(AtomicBool::new(false));

    let writer = {
        let dir = dir.to_path_buf();
        let delivered = Arc::clone(&delivered);
        let abort = Arc::clone(&abort);
        thread::spawn(move || {
            let mut appender = appender(&dir, run.lines_per_file, run.keep);
            for seq in 1..=run.records {
                while seq > delivered.load(Ordering::Acquire) + run.max_ahead {
                    if abort.load(Ordering::Relaxed) {
                        return;
                    }
                    if run.writer_sleeps {
                        thread::sleep(Duration::from_micros(100));
                    } else {
                        thread::yield_now();
                    }
                }
                assert_eq!(append(&mut appender), seq);
            }
        })
    };

    let mut follower = RolledFollower::new(series(dir), None);
    let mut seen = Vec::new();
    let mut polls = 0u64;
    while (seen.len() as u64) < run.records {
        if Instant::now() > deadline {
            abort.store(true, Ordering::Relaxed);
            panic!("timed out after {} records", seen.len());
        }
        let items = follower.poll().expect("poll");
        let got_any = !items.is_empty();
        for item in items {
            match item {
                FollowItem::Record(record) => {
                    seen.push(record.seq);
                    delivered.store(record.seq, Ordering::Release);
                }
                other => {
                    abort.store(true, Ordering::Relaxed);
                    panic!("unexpected {other:?} after {} records", seen.len());
                }
            }
        }
        polls += 1;
        // Stop and restart from the saved cursor now and then.
        if polls.is_multiple_of(5) {
            let json = serde_json::to_string(&follower.cursor()).expect("serialise cursor");
            drop(follower);
            let cursor: RolledCursor = serde_json::from_str(&json).expect("deserialise cursor");
            follower = RolledFollower::new(series(dir), Some(cursor));
        }
        if !got_any {
            thread::sleep(Duration::from_micros(200));
        }
    }
    writer.join().expect("writer thread");
    assert!(polls >= 5, "the follower was restarted");
    assert!(poll(&mut follower).is_empty());
    seen
}

fn generations(dir: &Path) -> Vec<u16> {
    series(dir)
        .files()
        .expect("list")
        .iter()
        .map(|f| f.generation)
        .collect()
}

#[test]
fn live_follow_across_many_rolls_with_restarts_from_a_json_cursor() {
    let dir = tempfile::tempdir().expect("temp dir");
    // With two records per file and three older files kept, the newest seven records or
    // more are always on disk, so a writer at most five ahead rolls nothing unread away.
    let run = LiveRun {
        records: 2000,
        lines_per_file: 2,
        keep: 3,
        max_ahead: 5,
        writer_sleeps: true,
    };
    assert_eq!(follow_live(dir.path(), run), (1..=2000).collect::<Vec<_>>());
    assert_eq!(generations(dir.path()), [3, 2, 1, 0]);
}

#[test]
fn listings_racing_with_rolls_miss_no_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    // Each roll renames twenty files while the follower lists them: a listing often sees
    // a file under two names or misses one. Nothing unread is rolled away.
    let run = LiveRun {
        records: 800,
        lines_per_file: 1,
        keep: 20,
        max_ahead: 15,
        writer_sleeps: false,
    };
    assert_eq!(follow_live(dir.path(), run), (1..=800).collect::<Vec<_>>());
    assert_eq!(generations(dir.path()).len(), 21);
}

#[test]
fn the_old_live_file_is_finished_before_the_new_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut appender = appender(dir.path(), 2, 3);
    append(&mut appender);
    let mut follower = RolledFollower::new(series(dir.path()), None);
    assert_eq!(poll(&mut follower), records(1..=1));
    for _ in 2..=7 {
        append(&mut appender);
    }
    // Record 2 went to the file being read, now job-….log.3, before the rolls.
    assert_eq!(poll(&mut follower), records(2..=7));
    assert!(poll(&mut follower).is_empty());
    append(&mut appender);
    assert_eq!(poll(&mut follower), records(8..=8));
}

#[test]
fn a_restart_finds_its_file_under_its_new_name_and_resumes_at_the_offset() {
    let dir = tempfile::tempdir().expect("temp dir");
    let series = series(dir.path());
    let mut appender = appender(dir.path(), 3, 3);
    append(&mut appender);
    append(&mut appender);
    let mut follower = RolledFollower::new(series.clone(), None);
    assert_eq!(poll(&mut follower), records(1..=2));
    let cursor = follower.cursor();
    drop(follower);
    for _ in 3..=8 {
        append(&mut appender);
    }

    // The cursor's file is job-….log.2 now. Spoil a line already consumed: a restart
    // that read the file from its start would report it.
    OpenOptions::new()
        .write(true)
        .open(series.path_of(2))
        .and_then(|f| f.write_all_at(b"X", 0))
        .expect("spoil");
    let mut from_start = RolledFollower::new(series.clone(), None);
    let items = poll(&mut from_start);
    assert!(matches!(&items[0], Seen::Diagnostic(_)), "{items:?}");
    assert_eq!(items[1..], records(2..=8));

    let mut follower = RolledFollower::new(series, Some(cursor));
    assert_eq!(poll(&mut follower), records(3..=8));
}

#[test]
fn records_rolled_away_before_a_restart_are_reported_missing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut appender = appender(dir.path(), 1, 1);
    append(&mut appender);
    append(&mut appender);
    let mut follower = RolledFollower::new(series(dir.path()), None);
    assert_eq!(poll(&mut follower), records(1..=2));
    let json = serde_json::to_string(&follower.cursor()).expect("serialise");
    drop(follower);

    for _ in 3..=10 {
        append(&mut appender);
    }
    let cursor: RolledCursor = serde_json::from_str(&json).expect("deserialise");
    assert_eq!(cursor.last_seq, 2);
    let mut follower = RolledFollower::new(series(dir.path()), Some(cursor));
    let mut expected = vec![Seen::Missing(3, 8)];
    expected.extend(records(9..=10));
    assert_eq!(poll(&mut follower), expected);
    assert!(poll(&mut follower).is_empty());
}

#[test]
fn records_rolled_away_while_reading_are_reported_missing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut appender = appender(dir.path(), 2, 1);
    append(&mut appender);
    let mut follower = RolledFollower::new(series(dir.path()), None);
    assert_eq!(poll(&mut follower), records(1..=1));

    for _ in 2..=9 {
        append(&mut appender);
    }
    // Record 2 is read from the open (deleted) file; 3–6 went with two rolled files.
    let mut expected = records(2..=2);
    expected.push(Seen::Missing(3, 6));
    expected.extend(records(7..=9));
    assert_eq!(poll(&mut follower), expected);
}

#[test]
fn a_cursor_whose_file_is_not_found_resumes_by_sequence_number() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut appender = appender(dir.path(), 2, 3);
    for _ in 1..=3 {
        append(&mut appender);
    }
    let mut follower = RolledFollower::new(series(dir.path()), None);
    assert_eq!(poll(&mut follower), records(1..=3));
    let cursor = follower.cursor();
    for _ in 4..=6 {
        append(&mut appender);
    }

    // Copied elsewhere: every file has a new identity, so the offset is not trusted.
    let copy = tempfile::tempdir().expect("temp dir");
    for file in series(dir.path()).files().expect("list") {
        let name = file.path.file_name().expect("file name");
        fs::copy(&file.path, copy.path().join(name)).expect("copy");
    }
    let mut follower = RolledFollower::new(series(copy.path()), Some(cursor));
    assert_eq!(poll(&mut follower), records(4..=6));

    let by_seq = RolledCursor {
        file: None,
        last_seq: 4,
    };
    let mut follower = RolledFollower::new(series(copy.path()), Some(by_seq));
    assert_eq!(poll(&mut follower), records(5..=6));
}

#[test]
fn a_torn_line_left_in_a_rolled_file_is_reported() {
    let dir = tempfile::tempdir().expect("temp dir");
    let series = series(dir.path());
    fs::write(series.live_path(), format!("{}01/02", record(1).to_line())).expect("write");
    let mut follower = RolledFollower::new(series.clone(), None);
    assert_eq!(poll(&mut follower), records(1..=1));

    fs::rename(series.live_path(), series.path_of(1)).expect("roll");
    fs::write(series.live_path(), record(2).to_line()).expect("write");
    let items = poll(&mut follower);
    assert_eq!(items.len(), 2, "{items:?}");
    assert!(
        matches!(&items[0], Seen::Diagnostic(d) if d.ends_with(":2: file ends with an incomplete line of 5 bytes")),
        "{items:?}"
    );
    assert_eq!(items[1], Seen::Record(2));
}

#[test]
fn waits_for_a_series_that_does_not_exist_yet() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut follower = RolledFollower::new(series(dir.path()), None);
    assert!(poll(&mut follower).is_empty());
    assert_eq!(follower.cursor(), RolledCursor::default());
    let mut appender = appender(dir.path(), 2, 3);
    for _ in 1..=3 {
        append(&mut appender);
    }
    assert_eq!(poll(&mut follower), records(1..=3));
}

#[test]
fn at_end_delivers_only_new_records() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut appender = appender(dir.path(), 2, 3);
    for _ in 1..=5 {
        append(&mut appender);
    }
    let mut follower = RolledFollower::at_end(series(dir.path())).expect("at end");
    assert!(poll(&mut follower).is_empty());
    assert_eq!(follower.cursor().last_seq, 5);
    append(&mut appender);
    append(&mut appender);
    assert_eq!(poll(&mut follower), records(6..=7));
}

#[test]
fn wait_returns_when_records_arrive_or_when_stopped() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut appender = appender(dir.path(), 2, 3);
    let mut follower = RolledFollower::new(series(dir.path()), None);
    let stop = AtomicBool::new(true);
    assert!(follower
        .wait(Duration::from_millis(1), &stop)
        .expect("wait")
        .is_empty());
    append(&mut appender);
    let stop = AtomicBool::new(false);
    let items = follower
        .wait(Duration::from_millis(1), &stop)
        .expect("wait");
    assert!(matches!(&items[..], [FollowItem::Record(r)] if r.seq == 1));
}

#[test]
fn cursor_round_trips_through_json() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut appender = appender(dir.path(), 2, 3);
    append(&mut appender);
    let mut follower = RolledFollower::new(series(dir.path()), None);
    poll(&mut follower);
    let cursor = follower.cursor();
    let position = cursor.file.expect("a file is open");
    let first_line = record(1).to_line().len() as u64;
    assert_eq!((position.offset, position.line_no), (first_line, 1));
    assert_eq!(cursor.last_seq, 1);
    let json = serde_json::to_string(&cursor).expect("serialise");
    assert_eq!(
        serde_json::from_str::<RolledCursor>(&json).expect("parse"),
        cursor
    );
}
