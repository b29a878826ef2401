//! The `-s` columns: one row per snapshot and connection.
//!
//! The guide's ASCII export rules: no Target category, no Kernel TargetOpenHandles, and a
//! Managed Pagefile Alloc column, no longer used (always 0), kept so old spreadsheets
//! find their columns. The order differs from the guide's table (as it says the ASCII
//! file's does): the connection first, then the server-wide sections.

use logparse::sts::{ConnectionStats, Snapshot};

use super::column::{columns, timestamp, Column};
use super::value::Value;

/// Managed Pagefile Alloc: a statistic no longer used, always 0 in the ASCII export.
const MANAGED_PAGEFILE_ALLOC: u64 = 0;

type C = Column<ConnectionStats>;

/// Index of the first server-wide column: the same on every row of a snapshot.
pub(crate) const SHARED_FROM: usize = 1 + CONNECTION.len();

/// Every `-s` column, in order.
pub(crate) fn connection_columns() -> Vec<C> {
    let mut columns = vec![timestamp()];
    columns.extend(CONNECTION);
    columns.extend(SERVER);
    columns
}

fn source(snapshot: &Snapshot) -> (u64, u64, &str) {
    snapshot.source.as_ref().map_or((0, 0, ""), |s| {
        (s.auto_disconnects, s.auto_reconnects, &s.last_file_touched)
    })
}

columns! {
/// The Connection section, identity first.
CONNECTION, push_connection_cells: [ConnectionStats; 33] = [
    C {
        header: "Connection ID",
        value: |_, c| Value::Count(u64::from(c.connection_id)),
    },
    C {
        header: "Replication Set",
        value: |_, c| Value::Text(&c.replication_set),
    },
    C {
        header: "Target Name",
        value: |_, c| Value::Text(&c.target_name),
    },
    C {
        header: "conPeerAddress",
        value: |_, c| Value::Address(c.con_peer_address),
    },
    C {
        header: "connectTime (UTC)",
        value: |_, c| Value::Time(c.connect_time),
    },
    C {
        header: "conState",
        value: |_, c| Value::Count(c.con_state.value()),
    },
    C {
        header: "conOpsInCmdQueue",
        value: |_, c| Value::Count(c.con_ops_in_cmd_queue),
    },
    C {
        header: "conOpsInAckQueue",
        value: |_, c| Value::Count(c.con_ops_in_ack_queue),
    },
    C {
        header: "conOpsInRepQueue",
        value: |_, c| Value::Count(c.con_ops_in_rep_queue),
    },
    C {
        header: "conOpsInMirQueue",
        value: |_, c| Value::Count(c.con_ops_in_mir_queue),
    },
    C {
        header: "conBytesInRepQueue",
        value: |_, c| Value::Count(c.con_bytes_in_rep_queue),
    },
    C {
        header: "conOpsTx",
        value: |_, c| Value::Count(c.con_ops_tx),
    },
    C {
        header: "conBytesInMirQueue",
        value: |_, c| Value::Count(c.con_bytes_in_mir_queue),
    },
    C {
        header: "conBytesTx",
        value: |_, c| Value::Count(c.con_bytes_tx),
    },
    C {
        header: "conBytesCompressedTx",
        value: |_, c| Value::Count(c.con_bytes_compressed_tx),
    },
    C {
        header: "conOpsRx",
        value: |_, c| Value::Count(c.con_ops_rx),
    },
    C {
        header: "conBytesRx",
        value: |_, c| Value::Count(c.con_bytes_rx),
    },
    C {
        header: "conResentOpCount",
        value: |_, c| Value::Count(c.con_resent_op_count),
    },
    C {
        header: "conBytesInDiskQueue",
        value: |_, c| Value::Count(c.con_bytes_in_disk_queue),
    },
    C {
        header: "conBandwidthLimit",
        value: |_, c| Value::Count(c.con_bandwidth_limit),
    },
    C {
        header: "conBytesSkipped",
        value: |_, c| Value::Count(c.con_bytes_skipped),
    },
    C {
        header: "conMirrorBytesRemaining",
        value: |_, c| Value::Count(c.con_mirror_bytes_remaining),
    },
    C {
        header: "conMirrorPercent",
        value: |_, c| Value::Number(c.con_mirror_percent),
    },
    C {
        header: "conTaskCmdsSubmitted",
        value: |_, c| Value::Count(c.con_task_cmds_submitted),
    },
    C {
        header: "conTaskCmdsQueued",
        value: |_, c| Value::Count(c.con_task_cmds_queued),
    },
    C {
        header: "conTasksSucceeded",
        value: |_, c| Value::Count(c.con_tasks_succeeded),
    },
    C {
        header: "conTasksFailed",
        value: |_, c| Value::Count(c.con_tasks_failed),
    },
    C {
        header: "conTasksIgnored",
        value: |_, c| Value::Count(c.con_tasks_ignored),
    },
    C {
        header: "ConRPT (UTC)",
        value: |_, c| Value::Time(c.con_rpt),
    },
    C {
        header: "ConRPL",
        value: |_, c| Value::Count(c.con_rpl),
    },
    C {
        header: "ConCurrentTime (UTC)",
        value: |_, c| Value::Time(c.con_current_time),
    },
    C {
        header: "ConMirrorStartTime (UTC)",
        value: |_, c| Value::Time(c.con_mirror_start_time),
    },
    C {
        header: "ConMirrorEndTime (UTC)",
        value: |_, c| Value::Time(c.con_mirror_end_time),
    },
]
}

/// System Allocator, IQAllocator, Managed Pagefile Alloc, Security, Kernel (without
/// TargetOpenHandles) and Source: the same on every row of a snapshot.
const SERVER: [C; 19] = [
    C {
        header: "SystemAllocator Total Bytes",
        value: |s, _| Value::Count(s.system_allocator_total_bytes),
    },
    C {
        header: "IQAllocator Total Bytes",
        value: |s, _| Value::Count(s.iq_allocator_total_bytes),
    },
    C {
        header: "Managed Pagefile Alloc",
        value: |_, _| Value::Count(MANAGED_PAGEFILE_ALLOC),
    },
    C {
        header: "Logins",
        value: |s, _| Value::Count(s.security.logins),
    },
    C {
        header: "FailedLogins",
        value: |s, _| Value::Count(s.security.failed_logins),
    },
    C {
        header: "SourceState",
        value: |s, _| Value::Count(s.kernel.source_state.value()),
    },
    C {
        header: "TargetState",
        value: |s, _| Value::Count(s.kernel.target_state.value()),
    },
    C {
        header: "Start Time (UTC)",
        value: |s, _| Value::Time(Some(s.kernel.start_time)),
    },
    C {
        header: "RepOpsGenerated",
        value: |s, _| Value::Count(s.kernel.rep_ops_generated),
    },
    C {
        header: "RepBytesGenerated",
        value: |s, _| Value::Count(s.kernel.rep_bytes_generated),
    },
    C {
        header: "MirOpsGenerated",
        value: |s, _| Value::Count(s.kernel.mir_ops_generated),
    },
    C {
        header: "MirBytesGenerated",
        value: |s, _| Value::Count(s.kernel.mir_bytes_generated),
    },
    C {
        header: "FailedMirrorCount",
        value: |s, _| Value::Count(s.kernel.failed_mirror_count),
    },
    C {
        header: "FailedRepCount",
        value: |s, _| Value::Count(s.kernel.failed_rep_count),
    },
    C {
        header: "ActFailCount",
        value: |s, _| Value::Count(s.kernel.act_fail_count),
    },
    C {
        header: "DriverQueuePercent",
        value: |s, _| Value::Count(s.kernel.driver_queue_percent),
    },
    C {
        header: "autoDisConnects",
        value: |s, _| Value::Count(source(s).0),
    },
    C {
        header: "autoReConnects",
        value: |s, _| Value::Count(source(s).1),
    },
    C {
        header: "lastFileTouched",
        value: |s, _| Value::Text(source(s).2),
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::csv_export::value::LastTime;
    use chrono::DateTime;
    use proptest::prelude::*;

    /// The cells as the column list spells them, one call through each column's function.
    fn listed(snapshot: &Snapshot, connection: &ConnectionStats) -> Vec<u8> {
        let mut out = Vec::new();
        for column in &CONNECTION {
            out.push(b',');
            (column.value)(snapshot, connection).append_to(&mut out);
        }
        out
    }

    proptest! {
        #[test]
        fn the_row_function_spells_the_listed_columns(
            counts in proptest::collection::vec(any::<u64>(), 25),
            shift in 0u32..64,
            name in "[a-z ,\"\r\n]{0,12}",
            millis in proptest::option::of(-62_167_219_200_000i64..253_402_300_800_000),
            percent in 0f64..100.0,
        ) {
            let n = |i: usize| counts[i] >> (shift * i as u32 % 64);
            let time = millis.and_then(DateTime::from_timestamp_millis);
            let connection = ConnectionStats {
                connection_id: n(0) as u32,
                replication_set: name.clone(),
                target_name: name.to_uppercase(),
                con_peer_address: std::net::IpAddr::from((n(1) as u128).to_be_bytes()),
                connect_time: time,
                con_ops_in_cmd_queue: n(2),
                con_ops_in_ack_queue: n(3),
                con_ops_in_rep_queue: n(4),
                con_ops_in_mir_queue: n(5),
                con_bytes_in_rep_queue: n(6),
                con_ops_tx: n(7),
                con_bytes_in_mir_queue: n(8),
                con_bytes_tx: n(9),
                con_bytes_compressed_tx: n(10),
                con_ops_rx: n(11),
                con_bytes_rx: n(12),
                con_resent_op_count: n(13),
                con_bytes_in_disk_queue: n(14),
                con_bandwidth_limit: n(15),
                con_bytes_skipped: n(16),
                con_mirror_bytes_remaining: n(17),
                con_mirror_percent: percent,
                con_task_cmds_submitted: n(18),
                con_task_cmds_queued: n(19),
                con_tasks_succeeded: n(20),
                con_tasks_failed: n(21),
                con_tasks_ignored: n(22),
                con_rpt: time,
                con_rpl: n(23),
                con_current_time: None,
                con_mirror_start_time: time,
                con_mirror_end_time: time,
                ..ConnectionStats::default()
            };
            let snapshot = Snapshot::default();
            let mut last_times = vec![LastTime::default(); CONNECTION.len()];
            // Twice: the second time with the columns' times remembered.
            for _ in 0..2 {
                let mut out = Vec::new();
                push_connection_cells(&mut out, &mut last_times, &snapshot, &connection);
                prop_assert_eq!(&out, &listed(&snapshot, &connection));
            }
        }
    }
}
