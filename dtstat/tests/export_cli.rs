//! The `dtstat` binary's exports: `-p -f FILE -s OUT` (the guide's example), `-st`, `-IP`,
//! `--delta`, `--format json|prom`.

mod export_support;

use std::fs::File;
use std::path::Path;

use assert_cmd::Command;
use export_support::snapshot;
use logparse::sts::StsWriter;

fn recorded(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("statistic.sts");
    let file = File::create(&path).unwrap_or_else(|e| panic!("{e}"));
    let mut writer = StsWriter::new(file).unwrap_or_else(|e| panic!("{e}"));
    for i in 0..4 {
        writer
            .write_snapshot(&snapshot(i, 3))
            .unwrap_or_else(|e| panic!("{e}"));
    }
    writer.flush().unwrap_or_else(|e| panic!("{e}"));
    path
}

fn dtstat(args: &[&str]) {
    let mut command = Command::cargo_bin("dtstat").unwrap_or_else(|e| panic!("{e}"));
    command.args(args).assert().success();
}

fn csv_rows(path: &Path) -> Vec<csv::StringRecord> {
    let mut reader = csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{e}"));
    reader
        .records()
        .map(|r| r.unwrap_or_else(|e| panic!("{e}")))
        .collect()
}

#[test]
fn s_st_ip_and_delta_through_the_binary() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let sts = recorded(dir.path());
    let sts = sts.to_str().unwrap_or_default();
    let out = dir.path().join("statistic.csv");
    let out_text = out.to_str().unwrap_or_default();

    dtstat(&["-p", "-f", sts, "-s", out_text]);
    assert_eq!(csv_rows(&out).len(), 12);

    dtstat(&["-P", "-F", sts, "-ST", out_text]);
    assert_eq!(csv_rows(&out).len(), 8);

    dtstat(&[
        "-p",
        "-f",
        sts,
        "-s",
        out_text,
        "-IP",
        "10.10.1.102,10.10.1.103",
    ]);
    let rows = csv_rows(&out);
    assert_eq!(rows.len(), 8);
    assert!(rows.iter().all(|r| r.get(1) != Some("1")));

    dtstat(&["-p", "-f", sts, "-s", out_text, "--delta"]);
    let rows = csv_rows(&out);
    assert_eq!(rows.len(), 9);
    assert_eq!(rows[0].get(1), Some("1.0"), "the interval column");
}

#[test]
fn json_and_prom_through_the_binary() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let sts = recorded(dir.path());
    let sts = sts.to_str().unwrap_or_default();
    let mut command = Command::cargo_bin("dtstat").unwrap_or_else(|e| panic!("{e}"));
    let output = command.args(["-f", sts, "--format", "json"]).output();
    let stdout = output.map(|o| o.stdout).unwrap_or_default();
    assert_eq!(String::from_utf8_lossy(&stdout).lines().count(), 4);

    let prom = dir.path().join("dtsuite.prom");
    dtstat(&[
        "-f",
        sts,
        "--format",
        "prom",
        "-o",
        prom.to_str().unwrap_or_default(),
    ]);
    let text = std::fs::read_to_string(&prom).unwrap_or_default();
    assert!(text.contains("dtsuite_connection_tx_bytes_total{connection_id=\"2\""));
}
