//! `--format json`: JSON Lines, one snapshot per line, read back as snapshots.

mod export_support;

use dtstat::delta::deltas;
use dtstat::filter::Filter;
use dtstat::json::{write_changes, write_snapshots};
use export_support::{peer, snapshot};
use logparse::sts::Snapshot;

fn lines(bytes: &[u8]) -> Vec<&str> {
    std::str::from_utf8(bytes)
        .unwrap_or_else(|e| panic!("not UTF-8: {e}"))
        .lines()
        .collect()
}

#[test]
fn each_line_is_one_snapshot_that_reads_back_equal() {
    let snapshots: Vec<Snapshot> = (0..3).map(|i| snapshot(i, 2)).collect();
    let mut out = Vec::new();
    let written = write_snapshots(snapshots.clone(), &Filter::default(), &mut out);
    assert_eq!(written.ok(), Some(3));
    assert!(out.ends_with(b"\n"));
    let read: Vec<Snapshot> = lines(&out)
        .iter()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert_eq!(read, snapshots);
}

#[test]
fn the_filter_narrows_connections_and_targets() {
    let filter = Filter {
        ips: vec![peer(101), peer(104)],
        ..Filter::default()
    };
    let mut out = Vec::new();
    assert_eq!(
        write_snapshots((0..2).map(|i| snapshot(i, 3)), &filter, &mut out).ok(),
        Some(2)
    );
    for line in lines(&out) {
        let value: serde_json::Value = serde_json::from_str(line).unwrap_or_default();
        assert_eq!(value["connections"].as_array().map(Vec::len), Some(1));
        assert_eq!(value["connections"][0]["connection_id"], 1);
        assert_eq!(value["targets"].as_array().map(Vec::len), Some(1));
        assert_eq!(value["targets"][0]["peer_address"], "10.10.1.104");
    }
}

#[test]
fn delta_lines_carry_the_interval_and_differences() {
    let mut out = Vec::new();
    let changes = deltas((0..3).map(|i| snapshot(i * 2, 1)));
    assert_eq!(
        write_changes(changes, &Filter::default(), &mut out).ok(),
        Some(2)
    );
    for line in lines(&out) {
        let value: serde_json::Value = serde_json::from_str(line).unwrap_or_default();
        assert_eq!(value["interval_seconds"], 2.0);
        assert_eq!(value["connections"][0]["con_bytes_tx"], 2000);
        assert_eq!(value["kernel"]["rep_ops_generated"], 2);
    }
}
