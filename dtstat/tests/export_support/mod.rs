//! Snapshots for the export tests: the guide sample's values, a few connections and targets.

use std::net::{IpAddr, Ipv4Addr};

use chrono::{DateTime, Utc};
use logparse::sts::{
    ConState, ConnectionStats, Kernel, Security, Snapshot, SourceState, SourceStats, TargetState,
    TargetStats,
};

/// 2010-11-10 12:48:05.204 UTC, the guide sample's timestamp.
pub const SAMPLE_MILLIS: i64 = 1_289_393_285_204;

/// A replication set name that needs RFC 4180 quoting and label escaping.
pub const AWKWARD_SET: &str = "Files, \"And\" \\Folders\nline two";

pub fn time(millis: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(millis).unwrap_or_default()
}

pub fn peer(last: u8) -> IpAddr {
    IpAddr::V4(Ipv4Addr::new(10, 10, 1, last))
}

/// Connection `id` to peer 10.10.1.(100 + id) at second `i`: counters grow with `i`.
pub fn connection(id: u32, i: u64) -> ConnectionStats {
    ConnectionStats {
        connection_id: id,
        replication_set: if id == 1 {
            AWKWARD_SET.into()
        } else {
            format!("Set{id}")
        },
        target_name: format!("target{id}"),
        con_peer_address: peer(100 + id as u8),
        connect_time: Some(time(SAMPLE_MILLIS - 60_000)),
        con_state: ConState::Active,
        con_ops_in_rep_queue: 7,
        con_bytes_in_rep_queue: 4096,
        con_ops_tx: 27 + i,
        con_bytes_tx: 14_952_687_269 + 1000 * i,
        con_bytes_compressed_tx: 14_952,
        con_ops_rx: 201_127 + i,
        con_bytes_rx: 647_062_280 + 1000 * i,
        con_bandwidth_limit: 429_496_295,
        con_bytes_skipped: 22_867_624,
        con_mirror_percent: 100.0,
        con_rpl: 3,
        ..ConnectionStats::default()
    }
}

/// Target section for peer 10.10.1.(100 + n).
pub fn target(n: u8, i: u64) -> TargetStats {
    TargetStats {
        peer_address: peer(100 + n),
        local_address: peer(1),
        ops_received: 25 + i,
        mirror_ops_received: 23,
        ops_remaining: 5,
        bytes_in_target_queue: 512,
        ..TargetStats::default()
    }
}

/// Snapshot `i` (one second apart) with `connections` connections (IDs 1..) and two targets.
pub fn snapshot(i: u64, connections: u32) -> Snapshot {
    Snapshot {
        timestamp: time(SAMPLE_MILLIS + 1000 * i as i64),
        system_allocator_total_bytes: 11,
        iq_allocator_total_bytes: 12,
        security: Security {
            logins: 1,
            failed_logins: 0,
        },
        kernel: Kernel {
            source_state: SourceState::RunningWithDriver,
            target_state: TargetState::Running,
            start_time: time(1_189_514_726_000),
            rep_ops_generated: 436_845 + i,
            rep_bytes_generated: 0,
            mir_ops_generated: 3_316_423,
            mir_bytes_generated: 108_352_749_214_952,
            target_open_handles: 9,
            ..Kernel::default()
        },
        targets: vec![target(4, i), target(5, i)],
        source: Some(SourceStats {
            auto_disconnects: 0,
            auto_reconnects: 1,
            last_file_touched: "/log/data file".into(),
        }),
        connections: (1..=connections).map(|id| connection(id, i)).collect(),
    }
}
