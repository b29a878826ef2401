//! Snapshots for the chart tests: connections sending at known rates, peers with known queues.

use chrono::{TimeZone, Utc};
use logparse::sts::{ConnectionStats, Snapshot, TargetStats};

/// Bytes per second connection `id` sends in [`snapshots`].
pub fn bytes_per_second(id: u32) -> u64 {
    1000 * u64::from(id)
}

/// `count` snapshots one second apart with connections `1..=connections` (conBytesTx
/// growing at [`bytes_per_second`], conBytesInRepQueue growing by 10 a second, ConRPL 2 s)
/// and `peers` TARGET sections.
pub fn snapshots(count: u32, connections: u32, peers: u8) -> Vec<Snapshot> {
    (0..count)
        .map(|second| Snapshot {
            timestamp: Utc.with_ymd_and_hms(2010, 11, 10, 12, 48, 5).unwrap()
                + chrono::Duration::seconds(i64::from(second)),
            connections: (1..=connections)
                .map(|id| ConnectionStats {
                    connection_id: id,
                    replication_set: format!("set-{id}"),
                    target_name: "alpha".to_string(),
                    con_bytes_tx: bytes_per_second(id) * u64::from(second),
                    con_bytes_in_rep_queue: 10 * u64::from(second),
                    con_rpl: 2,
                    ..ConnectionStats::default()
                })
                .collect(),
            targets: (1..=peers)
                .map(|last| TargetStats {
                    peer_address: [10, 0, 0, last].into(),
                    ops_remaining: u64::from(second) * u64::from(last),
                    ..TargetStats::default()
                })
                .collect(),
            ..Snapshot::default()
        })
        .collect()
}
