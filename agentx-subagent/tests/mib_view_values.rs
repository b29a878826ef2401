//! Values of the NSI view: equal to the snapshot's statistics, Counter32 wrapping,
//! Counter64 exact, 1,000 connection rows, and the view of a stopped engine.

use std::net::{IpAddr, Ipv4Addr};

use chrono::{Duration, TimeZone, Utc};
use dtsubagent::mib_view::{oids, Lookup, MibView, MirrorStatus, Oid, TargetDataState, Value};
use logparse::sts::{
    ConState, ConnectionStats, Kernel, Security, Snapshot, SourceState, SourceStats, TargetState,
    TargetStats,
};

const TWO_POW_32: u64 = 1 << 32;

fn scalar(view: &MibView, object: &[u32]) -> Lookup {
    view.get(&Oid::join(object, &[0]))
}

fn cell(view: &MibView, entry: &[u32], column: u32, index: u32) -> Lookup {
    view.get(&Oid::join(entry, &[column, index]))
}

fn engine_snapshot() -> Snapshot {
    let start = Utc
        .with_ymd_and_hms(2025, 3, 1, 8, 0, 0)
        .single()
        .expect("valid date");
    Snapshot {
        // The guide's sample: dtUpTime 586000 ticks, 1:37:40.
        timestamp: start + Duration::seconds(97 * 60 + 40),
        system_allocator_total_bytes: 1 << 40,
        iq_allocator_total_bytes: 5 * (1 << 20) + 12_345,
        security: Security {
            logins: 12,
            failed_logins: TWO_POW_32 + 3,
        },
        kernel: Kernel {
            source_state: SourceState::RunningWithDriver,
            target_state: TargetState::Running,
            start_time: start,
            rep_ops_generated: 7,
            rep_bytes_generated: 5 * TWO_POW_32 + 11,
            mir_ops_generated: 9,
            mir_bytes_generated: u64::MAX,
            failed_mirror_count: 1,
            failed_rep_count: 2,
            act_fail_count: 3,
            target_open_handles: 4,
            driver_queue_percent: 42,
        },
        targets: vec![TargetStats {
            retries: 6,
            ops_dropped: 8,
            ..TargetStats::default()
        }],
        source: Some(SourceStats {
            auto_disconnects: 13,
            auto_reconnects: 14,
            last_file_touched: "/data/x".into(),
        }),
        connections: Vec::new(),
    }
}

fn row(id: u32, snapshot: &Snapshot) -> ConnectionStats {
    let big = u64::from(id) * TWO_POW_32 + u64::from(id) * 3;
    ConnectionStats {
        connection_id: id,
        replication_set: format!("rs-{id}"),
        target_name: format!("beta{id}"),
        con_peer_address: IpAddr::V4(Ipv4Addr::new(192, 168, (id / 250) as u8, (id % 250) as u8)),
        connect_time: Some(snapshot.timestamp - Duration::milliseconds(i64::from(id) * 1010)),
        con_state: ConState::ALL[id as usize % ConState::ALL.len()],
        con_ops_in_cmd_queue: u64::from(id),
        con_ops_in_ack_queue: u64::from(id) + 1,
        con_ops_in_rep_queue: u64::from(id) + 2,
        con_ops_in_mir_queue: u64::from(id) + 3,
        con_bytes_in_rep_queue: big,
        con_bytes_in_mir_queue: u64::from(id) * 100,
        con_ops_tx: big + 1,
        con_bytes_tx: big + 2,
        con_bytes_compressed_tx: big + 3,
        con_ops_rx: big + 4,
        con_bytes_rx: big + 5,
        con_resent_op_count: u64::from(id) + 9,
        con_mirror_percent: f64::from(id % 101) + 0.5,
        con_rpl: u64::from(id) * 2,
        con_mirror_start_time: id.is_multiple_of(2).then_some(snapshot.timestamp),
        ..ConnectionStats::default()
    }
}

fn thousand_rows() -> Snapshot {
    let mut snapshot = engine_snapshot();
    // Out of order on purpose: rows are served by ascending index.
    snapshot.connections = (1..=1000u32).rev().map(|id| row(id, &snapshot)).collect();
    snapshot
}

#[test]
fn scalars_equal_the_snapshot_with_counter32_wrapping_and_counter64_exact() {
    let snapshot = engine_snapshot();
    let view = MibView::from_snapshot(&snapshot);
    let expect = [
        (oids::DT_UP_TIME, Value::TimeTicks(586_000)),
        (
            oids::DT_CURRENT_MEMORY_USAGE,
            Value::Gauge32(5 * (1 << 20) + 12_345),
        ),
        (oids::DT_MIR_OPS_GENERATED, Value::Counter32(9)),
        (oids::DT_MIR_BYTES_GENERATED, Value::Counter32(u32::MAX)),
        (oids::DT_REP_OPS_GENERATED, Value::Counter32(7)),
        (oids::DT_REP_BYTES_GENERATED, Value::Counter32(11)),
        (oids::DT_FAILED_MIRROR_COUNT, Value::Counter32(1)),
        (oids::DT_FAILED_REP_COUNT, Value::Counter32(2)),
        (oids::DT_ACT_FAIL_COUNT, Value::Counter32(3)),
        (oids::DT_AUTO_DIS_COUNT, Value::Counter32(13)),
        (oids::DT_AUTO_RE_COUNT, Value::Counter32(14)),
        (oids::DT_DRIVER_QUEUE_PERCENT, Value::Counter32(42)),
        (oids::DT_SOURCE_STATE, Value::Integer(2)),
        (oids::DT_TARGET_STATE, Value::Integer(1)),
        (oids::DT_RETRY_COUNT, Value::Counter32(6)),
        (oids::DT_OPS_DROPPED_COUNT, Value::Counter32(8)),
        (oids::DT_LOGIN_COUNT, Value::Counter32(12)),
        (oids::DT_FAILED_LOGIN_COUNT, Value::Counter32(3)),
        (oids::DT_CONNECTION_COUNT, Value::Counter32(0)),
        (oids::DT_CURRENT_MEMORY_USAGE_MB, Value::Gauge32(5)),
        (oids::DT_HC_MIR_OPS_GENERATED, Value::Counter64(9)),
        (oids::DT_HC_MIR_BYTES_GENERATED, Value::Counter64(u64::MAX)),
        (oids::DT_HC_REP_OPS_GENERATED, Value::Counter64(7)),
        (
            oids::DT_HC_REP_BYTES_GENERATED,
            Value::Counter64(5 * TWO_POW_32 + 11),
        ),
        (oids::DT_HC_FAILED_MIRROR_COUNT, Value::Counter64(1)),
        (oids::DT_HC_FAILED_REP_COUNT, Value::Counter64(2)),
        (oids::DT_HC_RETRY_COUNT, Value::Counter64(6)),
        (oids::DT_HC_OPS_DROPPED_COUNT, Value::Counter64(8)),
    ];
    for (object, value) in expect {
        assert_eq!(scalar(&view, object), Lookup::Value(value), "{object:?}");
    }
}

#[test]
fn a_thousand_rows_serve_each_connections_own_values() {
    let snapshot = thousand_rows();
    let view = MibView::from_snapshot(&snapshot);
    let ids: Vec<u32> = (1..=1000).collect();
    assert_eq!(view.connection_indices(), ids.as_slice());
    assert_eq!(view.instance_count(), 28 + 27 * 1000);
    let active = snapshot
        .connections
        .iter()
        .filter(|c| c.con_state != ConState::None)
        .count();
    assert_eq!(
        scalar(&view, oids::DT_CONNECTION_COUNT),
        Lookup::Value(Value::Counter32(active as u32))
    );
    let vendor = oids::DT_CONNECTION_ENTRY;
    let ext = oids::DT_CONNECTION_EXT_ENTRY;
    for c in &snapshot.connections {
        let i = c.connection_id;
        let v = |entry, column| cell(&view, entry, column, i);
        let IpAddr::V4(peer) = c.con_peer_address else {
            panic!("IPv4 peer")
        };
        let wrap = |n: u64| Lookup::Value(Value::Counter32(n as u32));
        let exact = |n: u64| Lookup::Value(Value::Counter64(n));
        let gauge = |n: u64| Lookup::Value(Value::Gauge32(u32::try_from(n).unwrap_or(u32::MAX)));
        assert_eq!(
            v(vendor, oids::DTCON_IP_ADDRESS),
            Lookup::Value(Value::IpAddress(peer))
        );
        assert_eq!(
            v(vendor, oids::DTCON_CONNECT_TIME),
            Lookup::Value(Value::TimeTicks(i * 101))
        );
        assert_eq!(
            v(vendor, oids::DTCON_STATE),
            Lookup::Value(Value::Integer(c.con_state.value() as i32))
        );
        assert_eq!(
            v(vendor, oids::DTCON_OPS_IN_CMD_QUEUE),
            gauge(c.con_ops_in_cmd_queue)
        );
        assert_eq!(
            v(vendor, oids::DTCON_OPS_IN_ACK_QUEUE),
            gauge(c.con_ops_in_ack_queue)
        );
        assert_eq!(
            v(vendor, oids::DTCON_OPS_IN_REP_QUEUE),
            gauge(c.con_ops_in_rep_queue)
        );
        assert_eq!(
            v(vendor, oids::DTCON_OPS_IN_MIR_QUEUE),
            gauge(c.con_ops_in_mir_queue)
        );
        assert_eq!(
            v(vendor, oids::DTCON_BYTES_IN_REP_QUEUE),
            Lookup::Value(Value::Gauge32(u32::MAX))
        );
        assert_eq!(
            v(vendor, oids::DTCON_BYTES_IN_MIR_QUEUE),
            gauge(c.con_bytes_in_mir_queue)
        );
        assert_eq!(v(vendor, oids::DTCON_OPS_TX), wrap(c.con_ops_tx));
        assert_eq!(
            v(vendor, oids::DTCON_OPS_TX),
            Lookup::Value(Value::Counter32(i * 3 + 1))
        );
        assert_eq!(v(vendor, oids::DTCON_BYTES_TX), wrap(c.con_bytes_tx));
        assert_eq!(v(vendor, oids::DTCON_OPS_RX), wrap(c.con_ops_rx));
        assert_eq!(v(vendor, oids::DTCON_BYTES_RX), wrap(c.con_bytes_rx));
        assert_eq!(
            v(vendor, oids::DTCON_RESENT_OP_COUNT),
            wrap(c.con_resent_op_count)
        );
        assert_eq!(
            v(ext, oids::DTCON_BYTES_COMPRESSED_TX),
            wrap(c.con_bytes_compressed_tx)
        );
        assert_eq!(v(ext, oids::DTCON_HC_OPS_TX), exact(c.con_ops_tx));
        assert_eq!(v(ext, oids::DTCON_HC_BYTES_TX), exact(c.con_bytes_tx));
        assert_eq!(v(ext, oids::DTCON_HC_OPS_RX), exact(c.con_ops_rx));
        assert_eq!(v(ext, oids::DTCON_HC_BYTES_RX), exact(c.con_bytes_rx));
        assert_eq!(
            v(ext, oids::DTCON_HC_RESENT_OP_COUNT),
            exact(c.con_resent_op_count)
        );
        assert_eq!(
            v(ext, oids::DTCON_HC_BYTES_COMPRESSED_TX),
            exact(c.con_bytes_compressed_tx)
        );
        assert_eq!(
            v(ext, oids::DTCON_REPLICATION_SET_NAME),
            Lookup::Value(Value::OctetString(c.replication_set.clone().into_bytes()))
        );
        assert_eq!(
            v(ext, oids::DTCON_TARGET_NAME),
            Lookup::Value(Value::OctetString(c.target_name.clone().into_bytes()))
        );
        let (data_state, mirror) = if i.is_multiple_of(2) {
            let mirror = if c.con_state == ConState::Paused {
                MirrorStatus::Paused
            } else {
                MirrorStatus::InProgress
            };
            (TargetDataState::Mirroring, mirror)
        } else {
            (TargetDataState::MirrorRequired, MirrorStatus::Idle)
        };
        assert_eq!(
            v(ext, oids::DTCON_TARGET_DATA_STATE),
            Lookup::Value(Value::Integer(data_state.value()))
        );
        assert_eq!(
            v(ext, oids::DTCON_MIRROR_STATUS),
            Lookup::Value(Value::Integer(mirror.value()))
        );
        assert_eq!(
            v(ext, oids::DTCON_MIRROR_PERCENT),
            Lookup::Value(Value::Gauge32(i % 101))
        );
        assert_eq!(v(ext, oids::DTCON_RECOVERY_POINT_LAG), gauge(c.con_rpl));
    }
}

#[test]
fn missing_rows_are_no_such_instance_and_unknown_objects_no_such_object() {
    let view = MibView::from_snapshot(&thousand_rows());
    let entry = oids::DT_CONNECTION_ENTRY;
    assert_eq!(
        cell(&view, entry, oids::DTCON_STATE, 1001),
        Lookup::NoSuchInstance
    );
    assert_eq!(
        cell(&view, entry, oids::DTCON_STATE, 0),
        Lookup::NoSuchInstance
    );
    assert_eq!(
        view.get(&Oid::join(entry, &[oids::DTCON_STATE, 5, 1])),
        Lookup::NoSuchInstance
    );
    assert_eq!(
        view.get(&Oid::from(oids::DT_UP_TIME)),
        Lookup::NoSuchInstance
    );
    assert_eq!(
        view.get(&Oid::join(oids::DT_UP_TIME, &[1])),
        Lookup::NoSuchInstance
    );
    assert_eq!(
        cell(&view, entry, oids::DT_CONNECTION_INDEX_COLUMN, 5),
        Lookup::NoSuchObject,
        "the index column is not-accessible"
    );
    assert_eq!(cell(&view, entry, 16, 5), Lookup::NoSuchObject);
    assert_eq!(
        view.get(&Oid::new([1, 3, 6, 1, 4, 1, 2592, 3, 2, 13, 0])),
        Lookup::NoSuchObject
    );
    assert_eq!(
        view.get(&Oid::new([1, 3, 6, 1, 2, 1, 1, 3, 0])),
        Lookup::NoSuchObject
    );
    assert_eq!(view.get(&Oid::new([])), Lookup::NoSuchObject);
}

#[test]
fn engine_down_serves_states_0_zero_counters_and_an_empty_table() {
    for view in [MibView::engine_down(), MibView::new(None)] {
        assert_eq!(
            scalar(&view, oids::DT_SOURCE_STATE),
            Lookup::Value(Value::Integer(0))
        );
        assert_eq!(
            scalar(&view, oids::DT_TARGET_STATE),
            Lookup::Value(Value::Integer(0))
        );
        assert_eq!(
            scalar(&view, oids::DT_UP_TIME),
            Lookup::Value(Value::TimeTicks(0))
        );
        assert_eq!(
            scalar(&view, oids::DT_CONNECTION_COUNT),
            Lookup::Value(Value::Counter32(0))
        );
        assert!(view.connection_indices().is_empty());
        assert_eq!(view.instance_count(), 28);
        assert_eq!(
            cell(&view, oids::DT_CONNECTION_ENTRY, oids::DTCON_STATE, 1),
            Lookup::NoSuchInstance
        );
        let past_scalars = Oid::join(oids::DT_CONNECTION_COUNT, &[0]);
        let (after, _) = view.next(&past_scalars).expect("dtGeneralExt follows");
        assert_eq!(after, Oid::join(oids::DT_CURRENT_MEMORY_USAGE_MB, &[0]));
    }
    let running = MibView::new(Some(&thousand_rows()));
    assert_ne!(running, MibView::engine_down());
}

#[test]
fn unusable_and_duplicate_connection_ids_are_not_rows() {
    let mut snapshot = engine_snapshot();
    let mut first = row(5, &snapshot);
    first.target_name = "first".into();
    let mut second = row(5, &snapshot);
    second.target_name = "second".into();
    snapshot.connections = vec![
        row(0, &snapshot),
        first,
        second,
        row(i32::MAX as u32, &snapshot),
        row(i32::MAX as u32 + 1, &snapshot),
    ];
    let view = MibView::from_snapshot(&snapshot);
    assert_eq!(view.connection_indices(), &[5, i32::MAX as u32]);
    assert_eq!(
        cell(
            &view,
            oids::DT_CONNECTION_EXT_ENTRY,
            oids::DTCON_TARGET_NAME,
            5
        ),
        Lookup::Value(Value::OctetString(b"first".to_vec()))
    );
}
