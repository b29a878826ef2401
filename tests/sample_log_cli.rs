//! `dtsuite sample-log` writes what it says: a file of the asked size, or a series
//! rotated by the engine's rules.

use std::process::Command;

use assert_cmd::cargo::CommandCargoExt;
use logparse::dtl::{LogReader, LogSeries};

fn dtsuite() -> Command {
    Command::cargo_bin("dtsuite").unwrap()
}

#[test]
fn one_file_of_the_asked_size() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("big.dtl");
    let out = dtsuite()
        .args([
            "sample-log",
            "--out",
            file.to_str().unwrap(),
            "--size",
            "300KB",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let len = std::fs::metadata(&file).unwrap().len();
    assert!((300_000..301_000).contains(&len), "{len}");
    let records: Vec<_> = LogReader::open(&file).unwrap().records().collect();
    assert!(records.iter().all(Result::is_ok));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains(&format!("wrote {} records", records.len())),
        "{stderr}"
    );
}

#[test]
fn a_series_rotated_like_the_engine() {
    let dir = tempfile::tempdir().unwrap();
    let out = dtsuite()
        .args(["sample-log", "--dir", dir.path().to_str().unwrap()])
        .args([
            "--records",
            "3000",
            "--max-file-size",
            "16KiB",
            "--max-files",
            "4",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let files = LogSeries::in_dir(dir.path()).files().unwrap();
    assert_eq!(files.len(), 4, "MaxNumberofLogFiles");
    assert!(files.iter().all(|f| f.len <= 16 * 1024), "MaxLogFileSize");
    let records: Vec<_> = LogSeries::in_dir(dir.path())
        .reader()
        .unwrap()
        .records()
        .map(Result::unwrap)
        .collect();
    // The newest records survive, in order, ending with the 3000th.
    assert_eq!(records.last().unwrap().seq, 3000);
    assert!(records.windows(2).all(|w| w[1].seq == w[0].seq + 1));
}

#[test]
fn bad_arguments_are_named() {
    let out = dtsuite()
        .args(["sample-log", "--dir", "/tmp/x", "--max-files", "1000"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("--max-files"));
    let out = dtsuite().args(["sample-log"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}
