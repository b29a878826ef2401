//! Property tests: any snapshot survives encode → decode, through both decoders.

use std::net::IpAddr;

use chrono::{DateTime, Utc};
use logparse::sts::{
    decode_all, ConState, ConnectionStats, Kernel, Security, Snapshot, SourceState, SourceStats,
    StsReader, StsWriter, TargetState, TargetStats,
};
use proptest::array::uniform;
use proptest::collection::vec;
use proptest::prelude::*;

#[path = "support/chunked.rs"]
mod chunked;
use chunked::Chunked;

fn counter() -> impl Strategy<Value = u64> {
    prop_oneof![Just(0u64), Just(u64::MAX), 0u64..1000, any::<u64>()]
}

/// Any time chrono represents, at millisecond precision (what the format keeps).
fn time() -> impl Strategy<Value = DateTime<Utc>> {
    let min = DateTime::<Utc>::MIN_UTC.timestamp_millis();
    let max = DateTime::<Utc>::MAX_UTC.timestamp_millis();
    prop_oneof![Just(0i64), 0i64..4_102_444_800_000, min..=max]
        .prop_map(|millis| DateTime::from_timestamp_millis(millis).expect("in chrono's range"))
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![Just(String::new()), "\\PC{0,40}", ".{0,8}"]
}

fn con_state() -> impl Strategy<Value = ConState> {
    prop::sample::select(ConState::ALL.to_vec())
}

fn target() -> impl Strategy<Value = TargetStats> {
    (
        any::<IpAddr>(),
        any::<IpAddr>(),
        uniform::<_, 13>(counter()),
    )
        .prop_map(|(peer, local, c)| TargetStats {
            peer_address: peer,
            local_address: local,
            ops_received: c[0],
            mirror_ops_received: c[1],
            retries: c[2],
            ops_dropped: c[3],
            ops_remaining: c[4],
            orphan_files_removed: c[5],
            orphan_directories_removed: c[6],
            orphan_bytes_removed: c[7],
            bytes_in_target_queue: c[8],
            bytes_in_target_disk_queue: c[9],
            tasks_succeeded: c[10],
            tasks_failed: c[11],
            tasks_ignored: c[12],
        })
}

fn connection() -> impl Strategy<Value = ConnectionStats> {
    (
        (any::<u32>(), text(), text(), any::<IpAddr>(), con_state()),
        uniform::<_, 5>(proptest::option::of(time())),
        uniform::<_, 24>(counter()),
        prop_oneof![Just(0.0f64), Just(100.0f64), 0.0f64..=100.0],
    )
        .prop_map(
            |((id, set, target, peer, state), t, c, percent)| ConnectionStats {
                connection_id: id,
                replication_set: set,
                target_name: target,
                con_peer_address: peer,
                connect_time: t[0],
                con_state: state,
                con_ops_in_cmd_queue: c[0],
                con_ops_in_ack_queue: c[1],
                con_ops_in_rep_queue: c[2],
                con_ops_in_mir_queue: c[3],
                con_bytes_in_rep_queue: c[4],
                con_ops_tx: c[5],
                con_bytes_in_mir_queue: c[6],
                con_bytes_tx: c[7],
                con_bytes_compressed_tx: c[8],
                con_ops_rx: c[9],
                con_bytes_rx: c[10],
                con_resent_op_count: c[11],
                con_bytes_in_disk_queue: c[12],
                con_bandwidth_limit: c[13],
                con_bytes_skipped: c[14],
                con_mirror_bytes_remaining: c[15],
                con_mirror_percent: percent,
                con_task_cmds_submitted: c[16],
                con_task_cmds_queued: c[17],
                con_tasks_succeeded: c[18],
                con_tasks_failed: c[19],
                con_tasks_ignored: c[20],
                con_rpt: t[1],
                con_rpl: c[21],
                con_current_time: t[2],
                con_mirror_start_time: t[3],
                con_mirror_end_time: t[4],
            },
        )
}

fn kernel() -> impl Strategy<Value = Kernel> {
    (
        prop::sample::select(vec![
            SourceState::NotRunning,
            SourceState::RunningWithoutDriver,
            SourceState::RunningWithDriver,
        ]),
        prop::sample::select(vec![TargetState::NotRunning, TargetState::Running]),
        time(),
        uniform::<_, 9>(counter()),
    )
        .prop_map(|(source_state, target_state, start_time, c)| Kernel {
            source_state,
            target_state,
            start_time,
            rep_ops_generated: c[0],
            rep_bytes_generated: c[1],
            mir_ops_generated: c[2],
            mir_bytes_generated: c[3],
            failed_mirror_count: c[4],
            failed_rep_count: c[5],
            act_fail_count: c[6],
            target_open_handles: c[7],
            driver_queue_percent: c[8],
        })
}

fn snapshot() -> impl Strategy<Value = Snapshot> {
    (
        (time(), uniform::<_, 4>(counter())),
        kernel(),
        vec(target(), 0..4),
        proptest::option::of((counter(), counter(), text())),
        vec(connection(), 0..5),
    )
        .prop_map(
            |((timestamp, c), kernel, targets, source, connections)| Snapshot {
                timestamp,
                system_allocator_total_bytes: c[0],
                iq_allocator_total_bytes: c[1],
                security: Security {
                    logins: c[2],
                    failed_logins: c[3],
                },
                kernel,
                targets,
                source: source.map(|(auto_disconnects, auto_reconnects, last_file_touched)| {
                    SourceStats {
                        auto_disconnects,
                        auto_reconnects,
                        last_file_touched,
                    }
                }),
                connections,
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn snapshots_round_trip_through_both_decoders(
        snapshots in vec(snapshot(), 0..4),
        chunk in 1usize..300,
    ) {
        let mut writer = StsWriter::new(Vec::new()).expect("writing to a Vec");
        for snapshot in &snapshots {
            writer.write_snapshot(snapshot).expect("snapshot encodes");
        }
        prop_assert_eq!(writer.bytes_written(), writer.get_ref().len() as u64);
        let bytes = writer.into_inner();

        let decoded = decode_all(&bytes).expect("valid header");
        prop_assert!(decoded.problems.is_empty(), "problems: {:?}", decoded.problems);
        let from_slice: Vec<Snapshot> = decoded.snapshots.into_iter().map(|(_, s)| s).collect();
        prop_assert_eq!(&from_slice, &snapshots);

        let reader = StsReader::new(Chunked { data: &bytes, chunk }).expect("valid header");
        let from_stream: Result<Vec<Snapshot>, _> = reader.collect();
        prop_assert_eq!(from_stream.expect("no problems"), snapshots);
    }

    #[test]
    fn decoding_over_a_used_snapshot_gives_what_a_fresh_one_does(
        snapshots in vec(snapshot(), 0..5),
        chunk in 1usize..300,
    ) {
        // Storage left over from other snapshots: the last one first.
        let used = snapshots.last().cloned().unwrap_or_default();
        let mut writer = StsWriter::new(Vec::new()).expect("writing to a Vec");
        for snapshot in &snapshots {
            writer.write_snapshot(snapshot).expect("snapshot encodes");
        }
        let bytes = writer.into_inner();
        let mut reader = StsReader::new(Chunked { data: &bytes, chunk }).expect("valid header");
        let mut over = used;
        for expected in &snapshots {
            prop_assert_eq!(reader.next_into(&mut over), Some(Ok(())));
            prop_assert_eq!(&over, expected);
        }
        prop_assert_eq!(reader.next_into(&mut over), None);
    }
}

#[test]
fn sub_millisecond_precision_is_dropped() {
    let at = DateTime::from_timestamp(1_500_000_000, 123_456_789).expect("valid time");
    let snapshot = Snapshot {
        timestamp: at,
        ..Default::default()
    };
    let mut writer = StsWriter::new(Vec::new()).expect("writing to a Vec");
    writer.write_snapshot(&snapshot).expect("encodes");
    let decoded = decode_all(&writer.into_inner()).expect("valid header");
    let expected = DateTime::from_timestamp(1_500_000_000, 123_000_000).expect("valid time");
    assert_eq!(decoded.snapshots[0].1.timestamp, expected);
}
