//! The follower: live following across rotation, the 999 → 1 wrap and deletions, restarts
//! from a saved cursor, and reporting of records deleted before they could be read.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use chrono::{NaiveDate, NaiveDateTime};
use logparse::dtl::{
    Appender, AppenderConfig, Cursor, FollowItem, Follower, Level, LogSeries, MissingRecords,
    Record, Severity,
};

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
        id: 4000,
        text: format!("message {seq}"),
    }
}

fn appender(dir: &Path, max_file_size: u64, max_files: u16) -> Appender {
    let mut appender = Appender::open(AppenderConfig {
        dir: dir.to_path_buf(),
        max_file_size,
        max_files,
        ..AppenderConfig::default()
    })
    .expect("open appender");
    appender.set_pid(100);
    appender
}

fn append(appender: &mut Appender) -> u64 {
    let seq = appender.next_seq();
    appender
        .append_at(
            timestamp(),
            Severity::Release,
            4000,
            7,
            &format!("message {seq}"),
        )
        .expect("append")
        .expect("not filtered")
}

/// Sequence numbers of records, and missing ranges, in the order polled.
#[derive(Debug, PartialEq, Eq)]
enum Seen {
    Record(u64),
    Missing(u64, u64),
    Diagnostic(String),
}

fn poll(follower: &mut Follower) -> Vec<Seen> {
    follower
        .poll()
        .expect("poll")
        .into_iter()
        .map(|item| match item {
            FollowItem::Record(record) => {
                assert_eq!(record.text, format!("message {}", record.seq));
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

#[test]
fn live_follow_across_rotation_wrap_and_deletion_with_restarts() {
    const RECORDS: u64 = 3000;
    // The writer stays at most this far ahead of what the consumer has taken, so with
    // two records per file and 40 files kept, nothing is deleted before it is read.
    const MAX_AHEAD: u64 = 24;
    let deadline = Instant::now() + Duration::from_secs(60);
    let dir = tempfile::tempdir().expect("temp dir");
    let series = LogSeries::in_dir(dir.path());
    let max_file_size = 2 * record(1000).to_line().len() as u64;
    let delivered = Arc::new(AtomicU64::new(0));
    let abort = Arc::new(AtomicBool::new(false));

    let writer = {
        let dir = dir.path().to_path_buf();
        let delivered = Arc::clone(&delivered);
        let abort = Arc::clone(&abort);
        thread::spawn(move || {
            let mut appender = appender(&dir, max_file_size, 40);
            let mut wrapped = false;
            for seq in 1..=RECORDS {
                while seq > delivered.load(Ordering::Acquire) + MAX_AHEAD {
                    if abort.load(Ordering::Relaxed) {
                        return (appender.current_number(), wrapped);
                    }
                    thread::sleep(Duration::from_micros(200));
                }
                let before = appender.current_number();
                assert_eq!(append(&mut appender), seq);
                wrapped |= before == 999 && appender.current_number() == 1;
            }
            (appender.current_number(), wrapped)
        })
    };

    let mut follower = Follower::new(series.clone(), None);
    let mut seen = Vec::new();
    let mut polls = 0u64;
    let mut restarts = 0u64;
    while (seen.len() as u64) < RECORDS {
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
            let cursor: Cursor = serde_json::from_str(&json).expect("deserialise cursor");
            follower = Follower::new(series.clone(), Some(cursor));
            restarts += 1;
        }
        if !got_any {
            thread::sleep(Duration::from_micros(500));
        }
    }
    let (last_number, wrapped) = writer.join().expect("writer thread");
    assert_eq!(seen, (1..=RECORDS).collect::<Vec<_>>());
    assert!(restarts > 0);
    assert!(
        wrapped,
        "the series wrapped past 999 (ended at {last_number})"
    );
    assert!(poll(&mut follower).is_empty());
}

#[test]
fn one_poll_reads_every_file_written_since_the_last() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut appender = appender(dir.path(), 1, 50);
    append(&mut appender);
    let mut follower = Follower::new(LogSeries::in_dir(dir.path()), None);
    assert_eq!(poll(&mut follower), records(1..=1));
    for _ in 2..=30 {
        append(&mut appender);
    }
    assert_eq!(poll(&mut follower), records(2..=30));
    assert_eq!(
        follower.cursor().file.map(|f| f.file_number),
        Some(30),
        "one file per record"
    );
}

#[test]
fn records_deleted_before_a_restart_are_reported_missing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let series = LogSeries::in_dir(dir.path());
    let mut appender = appender(dir.path(), 1, 3);
    append(&mut appender);
    append(&mut appender);

    let mut follower = Follower::new(series.clone(), None);
    assert_eq!(poll(&mut follower), records(1..=2));
    let cursor = follower.cursor();
    assert_eq!(cursor.last_seq, 2);
    assert_eq!(cursor.file.map(|f| f.file_number), Some(2));
    drop(follower);

    for _ in 3..=10 {
        append(&mut appender);
    }
    let mut follower = Follower::new(series, Some(cursor));
    let mut expected = vec![Seen::Missing(3, 7)];
    expected.extend(records(8..=10));
    assert_eq!(poll(&mut follower), expected);
    assert_eq!(
        MissingRecords {
            first_seq: 3,
            last_seq: 7
        }
        .to_string(),
        "records 3 to 7 were deleted before they could be read"
    );
}

#[test]
fn the_file_being_read_is_finished_after_its_deletion() {
    let dir = tempfile::tempdir().expect("temp dir");
    let series = LogSeries::in_dir(dir.path());
    let two_per_file = 2 * record(1).to_line().len() as u64;
    let mut appender = appender(dir.path(), two_per_file, 2);
    append(&mut appender);
    let mut follower = Follower::new(series, None);
    assert_eq!(poll(&mut follower), records(1..=1));

    for _ in 2..=9 {
        append(&mut appender);
    }
    assert!(!dir.path().join("dtlog1.dtl").exists());
    // Record 2 is read from the open (deleted) file; 3–6 went with dtlog2 and dtlog3.
    let mut expected = records(2..=2);
    expected.push(Seen::Missing(3, 6));
    expected.extend(records(7..=9));
    assert_eq!(poll(&mut follower), expected);
}

#[test]
fn a_torn_line_is_delivered_once_when_completed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("dtlog1.dtl");
    let line = record(2).to_line();
    let (head, tail) = line.split_at(20);
    fs::write(&path, format!("{}{head}", record(1).to_line())).expect("write");

    let mut follower = Follower::new(LogSeries::in_dir(dir.path()), None);
    assert_eq!(poll(&mut follower), records(1..=1));
    assert!(poll(&mut follower).is_empty());
    let cursor = follower.cursor();
    assert_eq!(
        cursor.file.map(|f| (f.offset, f.line_no)),
        Some((record(1).to_line().len() as u64, 1))
    );

    OpenOptions::new()
        .append(true)
        .open(&path)
        .and_then(|mut f| f.write_all(tail.as_bytes()))
        .expect("complete the line");
    assert_eq!(poll(&mut follower), records(2..=2));
    assert!(poll(&mut follower).is_empty());

    // A restart from the cursor taken before completion delivers it once too.
    let mut restarted = Follower::new(LogSeries::in_dir(dir.path()), Some(cursor));
    assert_eq!(poll(&mut restarted), records(2..=2));
}

#[test]
fn a_torn_line_left_behind_by_rotation_is_reported() {
    let dir = tempfile::tempdir().expect("temp dir");
    let series = LogSeries::in_dir(dir.path());
    fs::write(
        dir.path().join("dtlog1.dtl"),
        format!("{}01/02", record(1).to_line()),
    )
    .expect("write");
    let mut follower = Follower::new(series, None);
    assert_eq!(poll(&mut follower), records(1..=1));

    fs::write(dir.path().join("dtlog2.dtl"), record(2).to_line()).expect("write");
    let items = poll(&mut follower);
    assert_eq!(items.len(), 2);
    assert!(
        matches!(&items[0], Seen::Diagnostic(d) if d.ends_with("dtlog1.dtl:2: file ends with an incomplete line of 5 bytes")),
        "{items:?}"
    );
    assert_eq!(items[1], Seen::Record(2));
}

#[test]
fn a_recreated_file_of_the_same_name_is_read_from_its_start() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("dtlog1.dtl");
    fs::write(
        &path,
        format!("{}{}", record(1).to_line(), record(2).to_line()),
    )
    .expect("write");
    let mut follower = Follower::new(LogSeries::in_dir(dir.path()), None);
    assert_eq!(poll(&mut follower), records(1..=2));
    let cursor = follower.cursor();
    drop(follower);

    fs::remove_file(&path).expect("delete");
    let newer: String = (3..=5).map(|seq| record(seq).to_line()).collect();
    fs::write(&path, newer).expect("re-create");
    let mut follower = Follower::new(LogSeries::in_dir(dir.path()), Some(cursor));
    assert_eq!(poll(&mut follower), records(3..=5));
}

#[test]
fn a_cursor_whose_file_is_not_found_resumes_by_sequence_number() {
    let dir = tempfile::tempdir().expect("temp dir");
    let two_per_file = 2 * record(1).to_line().len() as u64;
    let mut appender = appender(dir.path(), two_per_file, 20);
    for _ in 1..=3 {
        append(&mut appender);
    }
    let mut follower = Follower::new(LogSeries::in_dir(dir.path()), None);
    assert_eq!(poll(&mut follower), records(1..=3));
    let cursor = follower.cursor();
    assert_eq!(cursor.file.map(|f| f.file_number), Some(2));
    for _ in 4..=6 {
        append(&mut appender);
    }

    // Copied elsewhere (a restore from backup): every file has a new inode, so the
    // saved offset cannot be trusted and dtlog2.dtl is read again from its start.
    let copy = tempfile::tempdir().expect("temp dir");
    for number in 1..=3 {
        let name = format!("dtlog{number}.dtl");
        fs::copy(dir.path().join(&name), copy.path().join(&name)).expect("copy");
    }
    let mut follower = Follower::new(LogSeries::in_dir(copy.path()), Some(cursor));
    assert_eq!(poll(&mut follower), records(4..=6));

    // A cursor holding only a sequence number works the same way.
    let by_seq = Cursor {
        file: None,
        last_seq: 4,
    };
    let mut follower = Follower::new(LogSeries::in_dir(copy.path()), Some(by_seq));
    assert_eq!(poll(&mut follower), records(5..=6));
}

#[test]
fn at_end_delivers_only_new_records() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut appender = appender(dir.path(), 1 << 20, 20);
    for _ in 1..=5 {
        append(&mut appender);
    }
    let mut follower = Follower::at_end(LogSeries::in_dir(dir.path())).expect("at end");
    assert!(poll(&mut follower).is_empty());
    assert_eq!(follower.cursor().last_seq, 5);
    append(&mut appender);
    assert_eq!(poll(&mut follower), records(6..=6));
}

#[test]
fn wait_returns_when_records_arrive_or_when_stopped() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut appender = appender(dir.path(), 1 << 20, 20);
    let mut follower = Follower::new(LogSeries::in_dir(dir.path()), None);
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

/// A line appended while the follower waits wakes it (inotify), long before its poll
/// interval of a minute.
#[test]
fn wait_wakes_when_the_directory_changes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut appender = appender(dir.path(), 1 << 20, 20);
    append(&mut appender);
    let mut follower = Follower::at_end(LogSeries::in_dir(dir.path())).expect("at end");
    let (found, arrived) = std::sync::mpsc::channel();
    let waiter = thread::spawn(move || {
        let never = AtomicBool::new(false);
        let items = follower
            .wait(Duration::from_secs(60), &never)
            .expect("wait");
        found.send(items.len()).expect("send");
    });
    // Let the waiter make its watch and sleep, then write.
    thread::sleep(Duration::from_millis(200));
    append(&mut appender);
    let count = arrived
        .recv_timeout(Duration::from_secs(20))
        .expect("the waiter was not woken by the appended line");
    assert_eq!(count, 1);
    waiter.join().expect("waiter");
}

#[test]
fn cursor_round_trips_through_json() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut appender = appender(dir.path(), 1 << 20, 20);
    append(&mut appender);
    let mut follower = Follower::new(LogSeries::in_dir(dir.path()), None);
    poll(&mut follower);
    let cursor = follower.cursor();
    let json = serde_json::to_string(&cursor).expect("serialise");
    assert_eq!(
        serde_json::from_str::<Cursor>(&json).expect("parse"),
        cursor
    );
    assert_eq!(
        serde_json::from_str::<Cursor>(&serde_json::to_string(&Cursor::default()).expect("ser"))
            .expect("parse"),
        Cursor::default()
    );
}
