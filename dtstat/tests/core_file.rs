//! `-f`: reading saved `.sts` files, damaged ones included, and `-t` copies of them.

mod core_support;

use std::process::Output;

use core_support::{dtstat, series, sts_bytes, write_sts};
use dtstat::snapshots::Snapshots;
use dtstat::source::{open_file, SourceError};
use tempfile::TempDir;

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn blocks(output: &Output) -> usize {
    text(&output.stdout).matches("=====\n").count() / 2
}

#[test]
fn a_file_prints_each_changed_snapshot() {
    let dir = TempDir::new().expect("temp dir");
    let path = dir.path().join("statistic.sts");
    write_sts(&path, &series(&[true, true, false, true]));
    let output = dtstat().arg("-f").arg(&path).output().expect("runs");
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert_eq!(blocks(&output), 3, "the unchanged one is not printed");
    assert_eq!(text(&output.stderr), "");
    let quiet = dtstat()
        .arg("-p")
        .arg("-F")
        .arg(&path)
        .output()
        .expect("runs");
    assert!(quiet.status.success());
    assert!(quiet.stdout.is_empty());
}

#[test]
fn a_missing_file_is_one_line_naming_it() {
    let dir = TempDir::new().expect("temp dir");
    let path = dir.path().join("nowhere.sts");
    let output = dtstat().arg("-f").arg(&path).output().expect("runs");
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("nowhere.sts"), "{stderr}");
    let folder = dtstat().arg("-f").arg(dir.path()).output().expect("runs");
    assert_eq!(folder.status.code(), Some(1));
    assert!(text(&folder.stderr).contains("directory"));
}

#[test]
fn a_file_that_is_not_sts_is_error_143() {
    let dir = TempDir::new().expect("temp dir");
    let path = dir.path().join("notes.txt");
    std::fs::write(&path, "date,time\n1,2\n").expect("writes");
    let output = dtstat().arg("-f").arg(&path).output().expect("runs");
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("error 143: Invalid statistics file"),
        "{stderr}"
    );
    assert!(stderr.contains("notes.txt"), "{stderr}");
    let empty = dir.path().join("empty.sts");
    std::fs::write(&empty, "").expect("writes");
    match open_file(&empty) {
        Err(error @ SourceError::InvalidStatisticsFile { .. }) => {
            assert_eq!(error.guide_code().map(|c| c.0), Some(143))
        }
        other => panic!("143 expected, got {other:?}"),
    }
}

#[test]
fn a_torn_tail_keeps_every_whole_record_and_warns_with_its_offset() {
    let dir = TempDir::new().expect("temp dir");
    let path = dir.path().join("torn.sts");
    let snapshots = series(&[true, true, true]);
    let whole = sts_bytes(&snapshots[..2]);
    let mut bytes = sts_bytes(&snapshots);
    bytes.truncate(whole.len() + 20);
    std::fs::write(&path, &bytes).expect("writes");
    let output = dtstat().arg("-f").arg(&path).output().expect("runs");
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert_eq!(blocks(&output), 2);
    let stderr = text(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("warning"), "{stderr}");
    assert!(
        stderr.contains(&format!("at byte {}", whole.len())),
        "{stderr}"
    );
}

#[test]
fn a_corrupt_record_is_skipped_with_its_offset_and_the_rest_is_read() {
    let dir = TempDir::new().expect("temp dir");
    let path = dir.path().join("corrupt.sts");
    let snapshots = series(&[true, true, true]);
    let first = sts_bytes(&snapshots[..1]).len();
    let mut bytes = sts_bytes(&snapshots);
    bytes[first + 40] ^= 0x55;
    std::fs::write(&path, &bytes).expect("writes");
    let mut warnings = Vec::new();
    let mut read = Snapshots::new(open_file(&path).expect("opens"), &mut warnings);
    let got: Vec<_> = read.by_ref().collect();
    let summary = read.finish().expect("no fatal error");
    assert_eq!(got, [snapshots[0].clone(), snapshots[2].clone()]);
    assert_eq!((summary.snapshots, summary.skipped), (2, 1));
    let warnings = text(&warnings);
    assert!(
        warnings.contains(&format!("at byte {first}:")),
        "{warnings}"
    );
    assert!(warnings.contains("corrupt.sts"), "{warnings}");
}

#[test]
fn t_then_f_gives_the_same_output() {
    let dir = TempDir::new().expect("temp dir");
    let original = dir.path().join("statistic.sts");
    let copy = dir.path().join("copy.sts");
    write_sts(&original, &series(&[true, false, true, true]));
    let first = dtstat()
        .args(["-l", "3", "-f"])
        .arg(&original)
        .arg("-t")
        .arg(&copy)
        .output()
        .expect("runs");
    assert!(first.status.success(), "{}", text(&first.stderr));
    let again = dtstat()
        .args(["-l", "3", "-f"])
        .arg(&copy)
        .output()
        .expect("runs");
    assert!(again.status.success(), "{}", text(&again.stderr));
    assert_eq!(text(&again.stdout), text(&first.stdout));
    assert_eq!(
        std::fs::read(&copy).expect("copy"),
        std::fs::read(&original).expect("original"),
        "-t saves every snapshot received, unchanged ones too"
    );
    let same = dtstat()
        .arg("-f")
        .arg(&original)
        .arg("-t")
        .arg(&original)
        .output()
        .expect("runs");
    assert_eq!(same.status.code(), Some(1));
    assert!(std::fs::metadata(&original).expect("kept").len() > 16);
}
