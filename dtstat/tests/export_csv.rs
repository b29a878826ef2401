//! `-s` / `-st` CSV: the guide's column rules, RFC 4180 read back by the csv crate and by
//! Python's csv module, filters, `--delta` columns.

mod export_support;

use std::process::Command;

use dtstat::csv_export::{
    write_connection_changes, write_connections, write_target_changes, write_targets, ExportSummary,
};
use dtstat::delta::deltas;
use dtstat::filter::Filter;
use export_support::{peer, snapshot, time, AWKWARD_SET, SAMPLE_MILLIS};

/// Every statistic the guide puts in the `-s` ASCII file (all categories but Target,
/// without TargetOpenHandles), by the identifier its column is headed with.
const GUIDE_S_STATISTICS: &[&str] = &[
    "SystemAllocator Total Bytes",
    "IQAllocator Total Bytes",
    "Logins",
    "FailedLogins",
    "SourceState",
    "TargetState",
    "Start Time (UTC)",
    "RepOpsGenerated",
    "RepBytesGenerated",
    "MirOpsGenerated",
    "MirBytesGenerated",
    "FailedMirrorCount",
    "FailedRepCount",
    "ActFailCount",
    "DriverQueuePercent",
    "autoDisConnects",
    "autoReConnects",
    "lastFileTouched",
    "conPeerAddress",
    "connectTime (UTC)",
    "conState",
    "conOpsInCmdQueue",
    "conOpsInAckQueue",
    "conOpsInRepQueue",
    "conOpsInMirQueue",
    "conBytesInRepQueue",
    "conOpsTx",
    "conBytesInMirQueue",
    "conBytesTx",
    "conBytesCompressedTx",
    "conOpsRx",
    "conBytesRx",
    "conResentOpCount",
    "conBytesInDiskQueue",
    "conBandwidthLimit",
    "conBytesSkipped",
    "conMirrorBytesRemaining",
    "conMirrorPercent",
    "conTaskCmdsSubmitted",
    "conTaskCmdsQueued",
    "conTasksSucceeded",
    "conTasksFailed",
    "conTasksIgnored",
    "ConRPT (UTC)",
    "ConRPL",
    "ConCurrentTime (UTC)",
    "ConMirrorStartTime (UTC)",
    "ConMirrorEndTime (UTC)",
];

/// The guide's Target category, the whole of `-st` after the timestamp.
const GUIDE_TARGET_STATISTICS: &[&str] = &[
    "PeerAddress",
    "LocalAddress",
    "Ops Received",
    "Mirror Ops Received",
    "Retries",
    "OpsDropped",
    "Ops Remaining",
    "Orphan Files Removed",
    "Orphan Directories Removed",
    "Orphan Bytes Removed",
    "Bytes In Target Queue",
    "Bytes In Target Disk Queue",
    "TasksSucceeded",
    "TasksFailed",
    "TasksIgnored",
];

fn export(write: impl FnOnce(&mut Vec<u8>) -> ExportSummary) -> (ExportSummary, Vec<u8>) {
    let mut out = Vec::new();
    let summary = write(&mut out);
    (summary, out)
}

fn connections_csv(count: u64, filter: &Filter) -> (ExportSummary, Vec<u8>) {
    export(|out| {
        write_connections((0..count).map(|i| snapshot(i, 3)), filter, out)
            .unwrap_or_else(|e| panic!("export failed: {e}"))
    })
}

fn read(csv_bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::Reader::from_reader(csv_bytes);
    let header = reader
        .headers()
        .map(|h| h.iter().map(str::to_owned).collect())
        .unwrap_or_default();
    let rows = reader
        .records()
        .map(|r| match r {
            Ok(record) => record.iter().map(str::to_owned).collect(),
            Err(e) => panic!("csv crate cannot read the export: {e}"),
        })
        .collect();
    (header, rows)
}

fn cell<'a>(header: &[String], row: &'a [String], name: &str) -> &'a str {
    let index = header.iter().position(|h| h == name);
    index
        .and_then(|i| row.get(i))
        .map_or("<missing>", String::as_str)
}

#[test]
fn s_columns_follow_the_guides_ascii_export_rules() {
    let (_, bytes) = connections_csv(1, &Filter::default());
    let (header, _) = read(&bytes);
    assert_eq!(
        header.first().map(String::as_str),
        Some("Date/Time Stamp (UTC)")
    );
    for statistic in GUIDE_S_STATISTICS {
        assert!(
            header.iter().any(|h| h == statistic),
            "-s lacks {statistic}"
        );
    }
    assert!(header.iter().any(|h| h == "Managed Pagefile Alloc"));
    assert!(!header.iter().any(|h| h.contains("TargetOpenHandles")));
    for statistic in GUIDE_TARGET_STATISTICS {
        assert!(
            !header.iter().any(|h| h == statistic),
            "-s has Target {statistic}"
        );
    }
    let identity = ["Connection ID", "Replication Set", "Target Name"];
    // Timestamp, identity, the statistics and Managed Pagefile Alloc: nothing else.
    assert_eq!(
        header.len(),
        1 + identity.len() + GUIDE_S_STATISTICS.len() + 1
    );
}

#[test]
fn st_columns_are_the_timestamp_and_the_target_category() {
    let mut out = Vec::new();
    let summary = write_targets((0..2).map(|i| snapshot(i, 3)), &Filter::default(), &mut out);
    assert_eq!(summary.ok().map(|s| s.rows), Some(4));
    let (header, rows) = read(&out);
    assert_eq!(header[0], "Date/Time Stamp (UTC)");
    assert_eq!(&header[1..], GUIDE_TARGET_STATISTICS);
    assert_eq!(cell(&header, &rows[1], "PeerAddress"), "10.10.1.105");
    assert_eq!(cell(&header, &rows[2], "Ops Received"), "26");
}

#[test]
fn s_writes_a_row_per_snapshot_and_connection_with_the_values() {
    let (summary, bytes) = connections_csv(4, &Filter::default());
    assert_eq!(
        summary,
        ExportSummary {
            snapshots: 4,
            kept: 4,
            rows: 12
        }
    );
    let (header, rows) = read(&bytes);
    assert_eq!(rows.len(), 12);
    let first = &rows[0];
    assert_eq!(
        cell(&header, first, "Date/Time Stamp (UTC)"),
        "2010-11-10 12:48:05.204"
    );
    assert_eq!(cell(&header, first, "Replication Set"), AWKWARD_SET);
    assert_eq!(cell(&header, first, "conBytesTx"), "14952687269");
    assert_eq!(cell(&header, first, "conMirrorPercent"), "100.0");
    assert_eq!(cell(&header, first, "conState"), "1");
    assert_eq!(cell(&header, first, "MirBytesGenerated"), "108352749214952");
    assert_eq!(cell(&header, first, "Managed Pagefile Alloc"), "0");
    assert_eq!(cell(&header, first, "lastFileTouched"), "/log/data file");
    assert_eq!(cell(&header, first, "ConRPT (UTC)"), "");
    assert_eq!(cell(&header, &rows[5], "Connection ID"), "3");
    assert_eq!(cell(&header, &rows[5], "conOpsTx"), "28");
}

#[test]
fn python_csv_module_reads_the_same_rows_and_dates() {
    let (_, bytes) = connections_csv(3, &Filter::default());
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let path = dir.path().join("statistic.csv");
    std::fs::write(&path, &bytes).unwrap_or_else(|e| panic!("write: {e}"));
    let script = r#"
import csv, json, sys, datetime
with open(sys.argv[1], newline='') as f:
    rows = list(csv.DictReader(f))
stamp = datetime.datetime.fromisoformat(rows[0]['Date/Time Stamp (UTC)'])
print(json.dumps({
    'rows': len(rows),
    'columns': len(rows[0]),
    'set': rows[0]['Replication Set'],
    'bytes_tx': rows[4]['conBytesTx'],
    'stamp': [stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second, stamp.microsecond],
}))
"#;
    let output = Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(&path)
        .output()
        .unwrap_or_else(|e| panic!("python3 is needed as the second CSV reader: {e}"));
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let seen: serde_json::Value =
        serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("python output: {e}"));
    let (header, _) = read(&bytes);
    assert_eq!(seen["rows"], 9);
    assert_eq!(seen["columns"], header.len());
    assert_eq!(seen["set"], AWKWARD_SET);
    assert_eq!(seen["bytes_tx"], "14952688269");
    assert_eq!(
        seen["stamp"],
        serde_json::json!([2010, 11, 10, 12, 48, 5, 204_000])
    );
}

#[test]
fn ip_start_and_stop_filter_the_rows() {
    let filter = Filter {
        ips: vec![peer(102), peer(103)],
        start: Some(time(SAMPLE_MILLIS + 1000)),
        stop: Some(time(SAMPLE_MILLIS + 3000)),
    };
    let (summary, bytes) = connections_csv(6, &filter);
    assert_eq!(
        summary,
        ExportSummary {
            snapshots: 6,
            kept: 3,
            rows: 6
        }
    );
    let (header, rows) = read(&bytes);
    let ids: Vec<&str> = rows
        .iter()
        .map(|r| cell(&header, r, "Connection ID"))
        .collect();
    assert_eq!(ids, ["2", "3", "2", "3", "2", "3"]);
    assert_eq!(
        cell(&header, &rows[0], "Date/Time Stamp (UTC)"),
        "2010-11-10 12:48:06.204"
    );
    assert_eq!(
        cell(&header, &rows[5], "Date/Time Stamp (UTC)"),
        "2010-11-10 12:48:08.204"
    );

    let mut out = Vec::new();
    let targets = write_targets((0..6).map(|i| snapshot(i, 1)), &filter, &mut out);
    assert_eq!(
        targets.ok().map(|s| s.rows),
        Some(0),
        "no target peer is .102/.103"
    );
}

#[test]
fn delta_export_has_differences_rates_and_the_interval() {
    let snapshots = [0u64, 2, 3].map(|i| snapshot(i, 2));
    let mut out = Vec::new();
    let summary = write_connection_changes(
        deltas(snapshots.clone().into_iter()),
        &Filter::default(),
        &mut out,
    );
    assert_eq!(summary.ok().map(|s| s.rows), Some(4));
    let (header, rows) = read(&out);
    assert_eq!(header[1], "Interval (s)");
    let rate_at = header.iter().position(|h| h == "conBytesTx per second");
    let tx_at = header.iter().position(|h| h == "conBytesTx");
    assert_eq!(rate_at, tx_at.map(|i| i + 1));
    assert!(!header.iter().any(|h| h == "conBytesInRepQueue per second"));
    assert_eq!(cell(&header, &rows[0], "Interval (s)"), "2.0");
    assert_eq!(cell(&header, &rows[0], "conBytesTx"), "2000");
    assert_eq!(cell(&header, &rows[0], "conBytesTx per second"), "1000.0");
    assert_eq!(cell(&header, &rows[0], "conBytesInRepQueue"), "4096");
    assert_eq!(cell(&header, &rows[2], "conOpsTx"), "1");

    let mut out = Vec::new();
    let targets = write_target_changes(deltas(snapshots.into_iter()), &Filter::default(), &mut out);
    assert_eq!(targets.ok().map(|s| s.rows), Some(4));
    let (header, rows) = read(&out);
    assert_eq!(cell(&header, &rows[0], "Ops Received per second"), "1.0");
    assert_eq!(cell(&header, &rows[0], "Ops Remaining"), "5");
}

#[test]
fn a_failing_output_is_an_error_not_a_panic() {
    struct Full;
    impl std::io::Write for Full {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::Error::other("disk full"))
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let result = write_connections((0..100).map(|i| snapshot(i, 3)), &Filter::default(), Full);
    let message = result.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(message.contains("disk full"), "{message}");
}
