//! Realistic `.sts` snapshots shared by the decode benchmark and the throughput example.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use chrono::{DateTime, Duration};
use logparse::sts::{
    ConState, ConnectionStats, Kernel, Security, Snapshot, SourceState, SourceStats, TargetState,
    TargetStats,
};

/// The `i`-th snapshot of a busy server: two peers, three connections, growing counters.
pub fn realistic(i: u64) -> Snapshot {
    let start = DateTime::from_timestamp(1_700_000_000, 0).unwrap_or_default();
    let now = start + Duration::seconds(i as i64);
    let target = |peer: u8| TargetStats {
        peer_address: IpAddr::V4(Ipv4Addr::new(10, 10, 1, peer)),
        local_address: IpAddr::V4(Ipv4Addr::new(10, 10, 1, 200)),
        ops_received: 25_000 + i * 40,
        mirror_ops_received: 3_316_423,
        retries: i / 1000,
        ops_remaining: i % 500,
        orphan_files_removed: 12,
        orphan_bytes_removed: 1_048_576,
        bytes_in_target_queue: (i % 64) << 20,
        bytes_in_target_disk_queue: (i % 8) << 24,
        tasks_succeeded: 4,
        ..TargetStats::default()
    };
    let connection = |id: u32| ConnectionStats {
        connection_id: id,
        replication_set: format!("FilesAndFolders{id}"),
        target_name: "BETA".to_owned(),
        con_peer_address: IpAddr::V6(Ipv6Addr::new(0xfd00, 0, 0, 0, 0, 0, 0, id as u16)),
        connect_time: Some(start),
        con_state: if id == 3 {
            ConState::ScheduledAndError
        } else {
            ConState::Active
        },
        con_ops_in_cmd_queue: i % 7,
        con_ops_in_ack_queue: i % 300,
        con_ops_in_rep_queue: i % 1200,
        con_bytes_in_rep_queue: (i % 1200) * 4096,
        con_ops_tx: 27 + i * 130,
        con_bytes_tx: 14_952_687_269 + i * 532_000,
        con_bytes_compressed_tx: 4_952_687_269 + i * 210_000,
        con_ops_rx: 201_127 + i * 130,
        con_bytes_rx: 647_062_280 + i * 532_000,
        con_bytes_in_disk_queue: (i % 16) << 20,
        con_bandwidth_limit: 429_496_295,
        con_bytes_skipped: 22_867_624,
        con_mirror_percent: 100.0,
        con_rpt: Some(now - Duration::seconds(2)),
        con_rpl: 2,
        con_current_time: Some(now),
        con_mirror_start_time: Some(start),
        con_mirror_end_time: Some(start + Duration::seconds(3_600)),
        ..ConnectionStats::default()
    };
    Snapshot {
        timestamp: now,
        system_allocator_total_bytes: 268_435_456,
        iq_allocator_total_bytes: (i % 100) << 20,
        security: Security {
            logins: 3,
            failed_logins: 1,
        },
        kernel: Kernel {
            source_state: SourceState::RunningWithDriver,
            target_state: TargetState::Running,
            start_time: start,
            rep_ops_generated: 436_845 + i * 390,
            rep_bytes_generated: 1_596_000_000 + i * 1_596_000,
            mir_ops_generated: 3_316_423,
            mir_bytes_generated: 108_352_749_214_952,
            driver_queue_percent: i % 100,
            ..Kernel::default()
        },
        targets: vec![target(104), target(105)],
        source: Some(SourceStats {
            auto_disconnects: 1,
            auto_reconnects: 1,
            last_file_touched: format!("/srv/data/projects/report-{}.docx", i % 1000),
        }),
        connections: (1..=3).map(connection).collect(),
    }
}
