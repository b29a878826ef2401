//! The `-s` columns: one row per snapshot and connection.
//!
//! The guide's ASCII export rules: no Target category, no Kernel TargetOpenHandles, and a
//! Managed Pagefile Alloc column, no longer used (always 0), kept so old spreadsheets
//! find their columns. The order differs from the guide's table (as it says the ASCII
//! file's does): the connection first, then the server-wide sections.

use logparse::sts::{ConnectionStats, Snapshot};

use super::column::{timestamp, Column};
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

/// The Connection section, identity first.
const CONNECTION: [C; 33] = [
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
];

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
