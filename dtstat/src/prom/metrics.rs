//! The metric families: every statistic of a snapshot, in base units.
//!
//! Bytes stay bytes, times become seconds since 1970 (`_seconds`), percentages become
//! ratios (`_ratio`), states are gauges holding the guide's numeric value. Counters get
//! `_total` from [`Family::encode`]. Source lastFileTouched is left out: a path is not a
//! number and as a label it would make a new series for every file.

use logparse::sts::{ConnectionStats, Snapshot, TargetStats};

use super::family::{Family, Number};

type S = Family<Snapshot>;
type T = Family<TargetStats>;
type C = Family<ConnectionStats>;

fn int(n: u64) -> Option<Number> {
    Some(Number::Int(n))
}

/// Families with one sample per snapshot, no labels.
pub(crate) const SERVER: [S; 19] = [
    S {
        name: "snapshot_timestamp_seconds",
        statistic: "Date/Time Stamp",
        help: "When the snapshot was taken",
        value: |s| Some(Number::seconds(s.timestamp)),
    },
    S {
        name: "system_allocator_bytes",
        statistic: "System Allocator, Total Bytes",
        help: "Bytes allocated to the system pagefile",
        value: |s| int(s.system_allocator_total_bytes),
    },
    S {
        name: "iq_allocator_bytes",
        statistic: "IQAllocator, Total Bytes",
        help: "Bytes allocated to the intermediate queue",
        value: |s| int(s.iq_allocator_total_bytes),
    },
    S {
        name: "security_logins",
        statistic: "Logins",
        help: "Successful login attempts",
        value: |s| int(s.security.logins),
    },
    S {
        name: "security_failed_logins",
        statistic: "FailedLogins",
        help: "Failed login attempts",
        value: |s| int(s.security.failed_logins),
    },
    S {
        name: "kernel_source_state",
        statistic: "SourceState",
        help: "Source state: 0 not running, 1 without the replication driver, 2 with it",
        value: |s| int(s.kernel.source_state.value()),
    },
    S {
        name: "kernel_target_state",
        statistic: "TargetState",
        help: "Target state: 0 not running, 1 running",
        value: |s| int(s.kernel.target_state.value()),
    },
    S {
        name: "kernel_start_time_seconds",
        statistic: "Start Time",
        help: "When the service was loaded",
        value: |s| Some(Number::seconds(s.kernel.start_time)),
    },
    S {
        name: "kernel_rep_ops_generated",
        statistic: "RepOpsGenerated",
        help: "Replication operations generated",
        value: |s| int(s.kernel.rep_ops_generated),
    },
    S {
        name: "kernel_rep_generated_bytes",
        statistic: "RepBytesGenerated",
        help: "Replication bytes generated",
        value: |s| int(s.kernel.rep_bytes_generated),
    },
    S {
        name: "kernel_mir_ops_generated",
        statistic: "MirOpsGenerated",
        help: "Mirror operations generated, reset by a remirror",
        value: |s| int(s.kernel.mir_ops_generated),
    },
    S {
        name: "kernel_mir_generated_bytes",
        statistic: "MirBytesGenerated",
        help: "Mirror bytes generated, reset by a remirror",
        value: |s| int(s.kernel.mir_bytes_generated),
    },
    S {
        name: "kernel_failed_mirror_ops",
        statistic: "FailedMirrorCount",
        help: "Mirror operations that failed reading from disk",
        value: |s| int(s.kernel.failed_mirror_count),
    },
    S {
        name: "kernel_failed_rep_ops",
        statistic: "FailedRepCount",
        help: "Replication operations that failed reading from disk",
        value: |s| int(s.kernel.failed_rep_count),
    },
    S {
        name: "kernel_activation_failures",
        statistic: "ActFailCount",
        help: "License key failures",
        value: |s| int(s.kernel.act_fail_count),
    },
    S {
        name: "kernel_target_open_handles",
        statistic: "TargetOpenHandles",
        help: "Handles open on the target",
        value: |s| int(s.kernel.target_open_handles),
    },
    S {
        name: "kernel_driver_queue_ratio",
        statistic: "DriverQueuePercent",
        help: "Throttling as a ratio of the stop replicating limit",
        value: |s| Some(Number::ratio(s.kernel.driver_queue_percent as f64)),
    },
    S {
        name: "source_auto_disconnects",
        statistic: "autoDisConnects",
        help: "Automatic disconnects since the service started",
        value: |s| s.source.as_ref().and_then(|x| int(x.auto_disconnects)),
    },
    S {
        name: "source_auto_reconnects",
        statistic: "autoReConnects",
        help: "Automatic reconnects since the service started",
        value: |s| s.source.as_ref().and_then(|x| int(x.auto_reconnects)),
    },
];

/// Families with one sample per Target section, labelled by peer and local address.
pub(crate) const TARGET: [T; 13] = [
    T {
        name: "target_ops_received",
        statistic: "Ops Received",
        help: "Operations received",
        value: |t| int(t.ops_received),
    },
    T {
        name: "target_mirror_ops_received",
        statistic: "Mirror Ops Received",
        help: "Mirror operations received",
        value: |t| int(t.mirror_ops_received),
    },
    T {
        name: "target_retries",
        statistic: "Retries",
        help: "Retries before all operations were completed",
        value: |t| int(t.retries),
    },
    T {
        name: "target_ops_dropped",
        statistic: "OpsDropped",
        help: "Dropped operations",
        value: |t| int(t.ops_dropped),
    },
    T {
        name: "target_ops_remaining",
        statistic: "Ops Remaining",
        help: "Operations in queue",
        value: |t| int(t.ops_remaining),
    },
    T {
        name: "target_orphan_files_removed",
        statistic: "Orphan Files Removed",
        help: "Orphan files removed",
        value: |t| int(t.orphan_files_removed),
    },
    T {
        name: "target_orphan_directories_removed",
        statistic: "Orphan Directories Removed",
        help: "Orphan directories removed",
        value: |t| int(t.orphan_directories_removed),
    },
    T {
        name: "target_orphan_removed_bytes",
        statistic: "Orphan Bytes Removed",
        help: "Orphan bytes removed",
        value: |t| int(t.orphan_bytes_removed),
    },
    T {
        name: "target_queue_bytes",
        statistic: "Bytes In Target Queue",
        help: "Bytes in the memory queue",
        value: |t| int(t.bytes_in_target_queue),
    },
    T {
        name: "target_disk_queue_bytes",
        statistic: "Bytes In Target Disk Queue",
        help: "Bytes in the disk queue",
        value: |t| int(t.bytes_in_target_disk_queue),
    },
    T {
        name: "target_tasks_succeeded",
        statistic: "TasksSucceeded",
        help: "Task commands that succeeded",
        value: |t| int(t.tasks_succeeded),
    },
    T {
        name: "target_tasks_failed",
        statistic: "TasksFailed",
        help: "Task commands that failed",
        value: |t| int(t.tasks_failed),
    },
    T {
        name: "target_tasks_ignored",
        statistic: "TasksIgnored",
        help: "Task commands that were ignored",
        value: |t| int(t.tasks_ignored),
    },
];

/// Families with one sample per connection, labelled by ID, replication set and target.
pub(crate) const CONNECTION: [C; 29] = [
    C { name: "connection_state", statistic: "conState", help: "Connection state: 0 none, 1 active, 2 paused, 4 scheduled, 8 error, 12 scheduled and error", value: |c| int(c.con_state.value()) },
    C { name: "connection_connect_time_seconds", statistic: "connectTime", help: "When the connection was established", value: |c| c.connect_time.map(Number::seconds) },
    C { name: "connection_cmd_queue_ops", statistic: "conOpsInCmdQueue", help: "Operations in the command queue", value: |c| int(c.con_ops_in_cmd_queue) },
    C { name: "connection_ack_queue_ops", statistic: "conOpsInAckQueue", help: "Operations waiting for the target's acknowledgment", value: |c| int(c.con_ops_in_ack_queue) },
    C { name: "connection_rep_queue_ops", statistic: "conOpsInRepQueue", help: "Replication operations in queue", value: |c| int(c.con_ops_in_rep_queue) },
    C { name: "connection_mir_queue_ops", statistic: "conOpsInMirQueue", help: "Mirror operations in queue", value: |c| int(c.con_ops_in_mir_queue) },
    C { name: "connection_rep_queue_bytes", statistic: "conBytesInRepQueue", help: "Replication bytes in queue", value: |c| int(c.con_bytes_in_rep_queue) },
    C { name: "connection_tx_ops", statistic: "conOpsTx", help: "Operations transmitted", value: |c| int(c.con_ops_tx) },
    C { name: "connection_mir_queue_bytes", statistic: "conBytesInMirQueue", help: "Mirror bytes in queue", value: |c| int(c.con_bytes_in_mir_queue) },
    C { name: "connection_tx_bytes", statistic: "conBytesTx", help: "Bytes transmitted", value: |c| int(c.con_bytes_tx) },
    C { name: "connection_tx_compressed_bytes", statistic: "conBytesCompressedTx", help: "Compressed bytes transmitted", value: |c| int(c.con_bytes_compressed_tx) },
    C { name: "connection_rx_ops", statistic: "conOpsRx", help: "Operations the target received", value: |c| int(c.con_ops_rx) },
    C { name: "connection_rx_bytes", statistic: "conBytesRx", help: "Bytes the target received", value: |c| int(c.con_bytes_rx) },
    C { name: "connection_resent_ops", statistic: "conResentOpCount", help: "Operations resent because they were not acknowledged", value: |c| int(c.con_resent_op_count) },
    C { name: "connection_disk_queue_bytes", statistic: "conBytesInDiskQueue", help: "Bytes in the disk queue", value: |c| int(c.con_bytes_in_disk_queue) },
    C { name: "connection_bandwidth_limit", statistic: "conBandwidthLimit", help: "Bandwidth that may be used, as the engine reports it", value: |c| int(c.con_bandwidth_limit) },
    C { name: "connection_skipped_bytes", statistic: "conBytesSkipped", help: "Bytes a difference mirror did not send", value: |c| int(c.con_bytes_skipped) },
    C { name: "connection_mirror_remaining_bytes", statistic: "conMirrorBytesRemaining", help: "Mirror bytes remaining", value: |c| int(c.con_mirror_bytes_remaining) },
    C { name: "connection_mirror_ratio", statistic: "conMirrorPercent", help: "Fraction of the mirror completed", value: |c| Some(Number::ratio(c.con_mirror_percent)) },
    C { name: "connection_task_cmds_submitted", statistic: "conTaskCmdsSubmitted", help: "Task commands submitted", value: |c| int(c.con_task_cmds_submitted) },
    C { name: "connection_task_cmds_queued", statistic: "conTaskCmdsQueued", help: "Task commands queued", value: |c| int(c.con_task_cmds_queued) },
    C { name: "connection_tasks_succeeded", statistic: "conTasksSucceeded", help: "Task commands that succeeded", value: |c| int(c.con_tasks_succeeded) },
    C { name: "connection_tasks_failed", statistic: "conTasksFailed", help: "Task commands that failed", value: |c| int(c.con_tasks_failed) },
    C { name: "connection_tasks_ignored", statistic: "conTasksIgnored", help: "Task commands that were ignored", value: |c| int(c.con_tasks_ignored) },
    C { name: "connection_rpt_seconds", statistic: "ConRPT", help: "Time up to which replication is synchronised", value: |c| c.con_rpt.map(Number::seconds) },
    C { name: "connection_rpl_seconds", statistic: "ConRPL", help: "Seconds replication is behind on the target", value: |c| int(c.con_rpl) },
    C { name: "connection_current_time_seconds", statistic: "ConCurrentTime", help: "The engine's current time", value: |c| c.con_current_time.map(Number::seconds) },
    C { name: "connection_mirror_start_time_seconds", statistic: "ConMirrorStartTime", help: "When mirroring started", value: |c| c.con_mirror_start_time.map(Number::seconds) },
    C { name: "connection_mirror_end_time_seconds", statistic: "ConMirrorEndTime", help: "When mirroring ended", value: |c| c.con_mirror_end_time.map(Number::seconds) },
];
