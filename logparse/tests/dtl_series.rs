//! The rotated series in a directory: ordering by sequence number across the 999 → 1 wrap,
//! and reading it as one stream.

use std::fs::{self, File};
use std::path::Path;
use std::time::{Duration, SystemTime};

use logparse::dtl::{DiagnosticReason, Item, LogSeries};

fn line(seq: u64) -> String {
    format!("01/02/2021\t03:04:05.678\t100\t101\t{seq}\t2\t0\tmessage {seq}\n")
}

fn write_file(dir: &Path, number: u16, seqs: std::ops::RangeInclusive<u64>, age_secs: u64) {
    let path = dir.join(format!("dtlog{number}.dtl"));
    let content: String = seqs.map(line).collect();
    fs::write(&path, content).expect("write file");
    set_age(&path, age_secs);
}

fn set_age(path: &Path, age_secs: u64) {
    let file = File::options().write(true).open(path).expect("open");
    file.set_modified(SystemTime::now() - Duration::from_secs(age_secs))
        .expect("set mtime");
}

fn numbers(series: &LogSeries) -> Vec<u16> {
    series
        .files()
        .expect("list")
        .iter()
        .map(|f| f.number)
        .collect()
}

#[test]
fn orders_files_by_first_sequence_across_the_wrap() {
    let dir = tempfile::tempdir().expect("temp dir");
    write_file(dir.path(), 998, 1..=3, 40);
    write_file(dir.path(), 999, 4..=6, 30);
    write_file(dir.path(), 1, 7..=9, 20);
    write_file(dir.path(), 2, 10..=11, 10);
    // Not part of the series.
    fs::write(dir.path().join("dtlog01.dtl"), line(100)).expect("write");
    fs::write(dir.path().join("other1.dtl"), line(101)).expect("write");
    fs::write(dir.path().join("dtlog3.log"), line(102)).expect("write");
    fs::create_dir(dir.path().join("dtlog5.dtl")).expect("a directory, not a file");

    let series = LogSeries::in_dir(dir.path());
    let files = series.files().expect("list");
    assert_eq!(
        files
            .iter()
            .map(|f| (f.number, f.first_seq))
            .collect::<Vec<_>>(),
        vec![(998, Some(1)), (999, Some(4)), (1, Some(7)), (2, Some(10))]
    );
    assert_eq!(files[2].path, dir.path().join("dtlog1.dtl"));
    assert_eq!(files[3].len, 2 * line(10).len() as u64);
    assert_eq!(series.last_seq().expect("scan"), Some(11));

    let seqs: Vec<u64> = series
        .reader()
        .expect("reader")
        .records()
        .map(|r| r.expect("all good").seq)
        .collect();
    assert_eq!(seqs, (1..=11).collect::<Vec<_>>());
}

#[test]
fn files_without_records_are_placed_by_modification_time() {
    let dir = tempfile::tempdir().expect("temp dir");
    write_file(dir.path(), 7, 1..=2, 50);
    write_file(dir.path(), 8, 3..=4, 30);
    // Garbage written between the two, and an empty file just created by rotation.
    fs::write(dir.path().join("dtlog3.dtl"), "not a record\n").expect("write");
    set_age(&dir.path().join("dtlog3.dtl"), 40);
    fs::write(dir.path().join("dtlog9.dtl"), "").expect("write");

    let series = LogSeries::in_dir(dir.path());
    assert_eq!(numbers(&series), [7, 3, 8, 9]);
    // The first *well-formed* record counts, even after a bad first line.
    let mixed = format!("garbage\n{}", line(5));
    fs::write(dir.path().join("dtlog9.dtl"), mixed).expect("write");
    let files = series.files().expect("list");
    assert_eq!(
        files.last().map(|f| (f.number, f.first_seq)),
        Some((9, Some(5)))
    );
}

#[test]
fn series_reader_reports_torn_tails_of_finished_files_only() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(
        dir.path().join("dtlog1.dtl"),
        format!("{}{}", line(1), "01/02/2021\t03:0"),
    )
    .expect("write");
    set_age(&dir.path().join("dtlog1.dtl"), 20);
    fs::write(
        dir.path().join("dtlog2.dtl"),
        format!("{}bad\n{}", line(2), "01/02"),
    )
    .expect("write");

    let series = LogSeries::in_dir(dir.path());
    let mut reader = series.reader().expect("reader");
    let mut seen = Vec::new();
    while let Some(item) = reader.next_item() {
        seen.push(match item {
            Item::Record(r) => format!("record {}", r.record.seq),
            Item::Diagnostic(d) => {
                let file = d
                    .path
                    .as_ref()
                    .and_then(|p| p.file_name())
                    .map(|n| n.to_string_lossy().into_owned());
                match d.reason {
                    DiagnosticReason::TornLine { len } => {
                        format!("torn {len} at {:?}:{} offset {}", file, d.line_no, d.offset)
                    }
                    reason => format!("{:?}:{}: {reason}", file, d.line_no),
                }
            }
        });
    }
    let first_len = line(1).len();
    assert_eq!(
        seen,
        vec![
            "record 1".to_owned(),
            format!("torn 15 at Some(\"dtlog1.dtl\"):2 offset {first_len}"),
            "record 2".to_owned(),
            "Some(\"dtlog2.dtl\"):2: column 1 (date): expected MM/DD/YYYY".to_owned(),
        ]
    );
}

#[test]
fn empty_or_missing_directory() {
    let dir = tempfile::tempdir().expect("temp dir");
    let series = LogSeries::in_dir(dir.path());
    assert!(series.files().expect("empty dir").is_empty());
    assert_eq!(series.last_seq().expect("empty dir"), None);
    assert!(series.reader().expect("reader").next_item().is_none());
    let missing = LogSeries::in_dir(dir.path().join("nope"));
    assert!(missing.files().is_err());
}
