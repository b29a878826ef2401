//! `--delta`: per-interval differences of counters, gauges kept, resets never negative.

mod export_support;

use dtstat::delta::{deltas, difference};
use export_support::{connection, snapshot, time};
use proptest::prelude::*;

#[test]
fn counters_become_differences_and_gauges_stay() {
    let change = difference(&snapshot(0, 2), snapshot(5, 2));
    assert_eq!(change.interval_seconds, 5.0);
    let c = &change.snapshot.connections[1];
    assert_eq!((c.con_bytes_tx, c.con_ops_tx, c.con_ops_rx), (5000, 5, 5));
    assert_eq!(c.con_bytes_compressed_tx, 0);
    assert_eq!(c.con_bytes_in_rep_queue, 4096, "a gauge keeps its value");
    assert_eq!(c.con_bandwidth_limit, 429_496_295);
    assert_eq!(change.rate(c.con_bytes_tx), Some(1000.0));
    assert_eq!(change.snapshot.kernel.rep_ops_generated, 5);
    assert_eq!(change.snapshot.kernel.target_open_handles, 9, "a gauge");
    assert_eq!(change.snapshot.targets[0].ops_received, 5);
    assert_eq!(change.snapshot.targets[0].ops_remaining, 5, "a gauge");
    assert_eq!(change.snapshot.system_allocator_total_bytes, 11, "a gauge");
    assert_eq!(change.snapshot.timestamp, snapshot(5, 2).timestamp);
}

#[test]
fn a_remirror_resets_mir_bytes_generated_which_restarts_from_its_new_value() {
    let before = snapshot(0, 1);
    let mut after = snapshot(1, 1);
    after.kernel.mir_bytes_generated = 300;
    after.kernel.mir_ops_generated = 2;
    let change = difference(&before, after);
    assert_eq!(change.snapshot.kernel.mir_bytes_generated, 300);
    assert_eq!(change.snapshot.kernel.mir_ops_generated, 2);
    assert_eq!(
        change.snapshot.kernel.rep_ops_generated, 1,
        "other counters unaffected"
    );
}

#[test]
fn an_engine_restart_restarts_every_counter() {
    let before = snapshot(10, 1);
    let mut after = snapshot(11, 1);
    after.kernel.start_time = time(export_support::SAMPLE_MILLIS);
    after.kernel.rep_ops_generated = 1_000_000;
    let change = difference(&before, after.clone());
    assert_eq!(change.snapshot.kernel.rep_ops_generated, 1_000_000);
    assert_eq!(
        change.snapshot.connections[0].con_bytes_tx,
        after.connections[0].con_bytes_tx
    );
    assert_eq!(change.interval_seconds, 1.0);
}

#[test]
fn connections_are_matched_by_id_and_a_new_one_counts_from_zero() {
    let before = snapshot(0, 2);
    let mut after = snapshot(1, 2);
    after.connections.reverse();
    after.connections.push(connection(9, 0));
    let change = difference(&before, after);
    let ids: Vec<u32> = change
        .snapshot
        .connections
        .iter()
        .map(|c| c.connection_id)
        .collect();
    assert_eq!(ids, [2, 1, 9]);
    assert_eq!(change.snapshot.connections[0].con_bytes_tx, 1000);
    assert_eq!(change.snapshot.connections[1].con_bytes_tx, 1000);
    assert_eq!(change.snapshot.connections[2].con_ops_tx, 27);
}

#[test]
fn deltas_yields_one_change_per_snapshot_after_the_first() {
    let changes: Vec<_> = deltas((0..4).map(|i| snapshot(i, 1))).collect();
    assert_eq!(changes.len(), 3);
    assert!(changes
        .iter()
        .all(|c| c.snapshot.connections[0].con_ops_tx == 1));
    assert_eq!(deltas(std::iter::empty()).count(), 0);
}

proptest! {
    #[test]
    fn differences_are_never_negative_and_sum_to_the_growth(
        values in proptest::collection::vec(0u64..1_000_000, 1..20),
    ) {
        let snapshots = values.iter().enumerate().map(|(i, v)| {
            let mut s = snapshot(i as u64, 1);
            s.connections[0].con_bytes_tx = *v;
            s
        });
        let differences: Vec<u64> =
            deltas(snapshots).map(|c| c.snapshot.connections[0].con_bytes_tx).collect();
        prop_assert_eq!(differences.len(), values.len() - 1);
        for (pair, d) in values.windows(2).zip(&differences) {
            let expected = if pair[1] >= pair[0] { pair[1] - pair[0] } else { pair[1] };
            prop_assert_eq!(*d, expected);
        }
        let monotone = values.windows(2).all(|p| p[1] >= p[0]);
        if monotone {
            let total: u64 = differences.iter().sum();
            prop_assert_eq!(total, values[values.len() - 1] - values[0]);
        }
    }
}

/// `snapshot(0, 1)` with every integer statistic but the connection ID set to `n`.
fn every_integer(n: u64) -> logparse::sts::Snapshot {
    fn set(value: &mut serde_json::Value, n: u64) {
        match value {
            serde_json::Value::Number(x) if x.is_u64() => *value = n.into(),
            serde_json::Value::Array(items) => items.iter_mut().for_each(|v| set(v, n)),
            serde_json::Value::Object(map) => map
                .iter_mut()
                .filter(|(key, _)| *key != "connection_id")
                .for_each(|(_, v)| set(v, n)),
            _ => {}
        }
    }
    let mut value = serde_json::to_value(snapshot(0, 1)).unwrap_or_default();
    set(&mut value, n);
    serde_json::from_value(value).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn the_delta_counters_are_exactly_the_columns_with_a_rate() {
    let change = difference(&every_integer(10), every_integer(25));
    let mut out = Vec::new();
    let filter = dtstat::filter::Filter::default();
    let written = dtstat::csv_export::write_connection_changes([change], &filter, &mut out);
    assert_eq!(written.ok().map(|s| s.rows), Some(1));
    let mut reader = csv::Reader::from_reader(out.as_slice());
    let header: Vec<String> = reader
        .headers()
        .map(|h| h.iter().map(String::from).collect())
        .unwrap_or_default();
    let row: Vec<String> = reader
        .records()
        .next()
        .and_then(Result::ok)
        .map(|r| r.iter().map(String::from).collect())
        .unwrap_or_default();
    let mut counters = 0;
    for (index, name) in header.iter().enumerate() {
        let has_rate = header.get(index + 1) == Some(&format!("{name} per second"));
        let value = row.get(index).map(String::as_str).unwrap_or_default();
        if has_rate {
            counters += 1;
            assert_eq!(value, "15", "{name} is a counter: its growth");
        } else if dtstat::delta::is_counter(name) {
            panic!("{name} is a counter without a rate column");
        } else if value == "15" {
            panic!("{name} is a gauge but was differenced");
        }
    }
    let connection_and_server_counters = dtstat::delta::COUNTERS.len() - 10;
    assert_eq!(
        counters, connection_and_server_counters,
        "every counter but Target's"
    );
    let bytes_in_rep_queue = header.iter().position(|h| h == "conBytesInRepQueue");
    assert_eq!(
        bytes_in_rep_queue
            .and_then(|i| row.get(i))
            .map(String::as_str),
        Some("25")
    );
}
