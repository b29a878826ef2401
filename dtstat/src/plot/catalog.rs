//! The statistics a chart can show: every numeric statistic of the guide's chapter 3, with
//! its DTStat section, its unit, and whether it is a cumulative counter (plotted as a
//! per-second rate) or a gauge (plotted as its value).
//!
//! Counter or gauge follows the guide's description of each statistic: "the number of …
//! transmitted / received / generated / removed / that have failed" accumulates, "in queue",
//! "currently", "remaining" and percentages are instantaneous. MirOpsGenerated and
//! MirBytesGenerated are counters that a remirror resets to zero.

use logparse::sts::{ConnectionStats, Snapshot, TargetStats};

/// How one statistic is read from a snapshot, and so which entities it has a line for.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Extract<T> {
    /// One value per snapshot (allocators, security, kernel, source); `None` when absent.
    Server(fn(&Snapshot) -> Option<T>),
    /// One value per TARGET section (peer address).
    Target(fn(&TargetStats) -> T),
    /// One value per CONNECTION section.
    Connection(fn(&ConnectionStats) -> T),
}

/// What a statistic's values are.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Read {
    /// A cumulative counter: plotted as a per-second rate.
    Counter(Extract<u64>),
    /// An instantaneous value: plotted as it is.
    Gauge(Extract<f64>),
}

/// One plottable statistic.
#[derive(Debug)]
pub(crate) struct Stat {
    /// The guide's identifier (dtstat-stats.tsv's field column, as DTStat prints it).
    pub name: &'static str,
    /// Another spelling the guide uses for the same statistic.
    pub alias: Option<&'static str>,
    /// The DTStat section heading the statistic is printed under.
    pub section: &'static str,
    /// The unit of one value (a counter's rate is this unit per second).
    pub unit: &'static str,
    /// How to read it.
    pub read: Read,
}

const fn stat(name: &'static str, section: &'static str, unit: &'static str, read: Read) -> Stat {
    Stat {
        name,
        alias: None,
        section,
        unit,
        read,
    }
}

use Extract::{Connection, Server, Target};
use Read::{Counter, Gauge};

/// Every plottable statistic, in the guide's order.
pub(crate) static STATS: &[Stat] = &[
    stat(
        "Total Bytes",
        "SYSTEMALLOCATOR",
        "bytes",
        Gauge(Server(|s| Some(s.system_allocator_total_bytes as f64))),
    ),
    stat(
        "Total Bytes",
        "IQALLOCATOR",
        "bytes",
        Gauge(Server(|s| Some(s.iq_allocator_total_bytes as f64))),
    ),
    stat(
        "Logins",
        "SECURITY",
        "logins",
        Counter(Server(|s| Some(s.security.logins))),
    ),
    stat(
        "FailedLogins",
        "SECURITY",
        "logins",
        Counter(Server(|s| Some(s.security.failed_logins))),
    ),
    stat(
        "SourceState",
        "KERNEL",
        "state code",
        Gauge(Server(|s| Some(s.kernel.source_state.value() as f64))),
    ),
    stat(
        "TargetState",
        "KERNEL",
        "state code",
        Gauge(Server(|s| Some(s.kernel.target_state.value() as f64))),
    ),
    stat(
        "RepOpsGenerated",
        "KERNEL",
        "ops",
        Counter(Server(|s| Some(s.kernel.rep_ops_generated))),
    ),
    stat(
        "RepBytesGenerated",
        "KERNEL",
        "bytes",
        Counter(Server(|s| Some(s.kernel.rep_bytes_generated))),
    ),
    stat(
        "MirOpsGenerated",
        "KERNEL",
        "ops",
        Counter(Server(|s| Some(s.kernel.mir_ops_generated))),
    ),
    stat(
        "MirBytesGenerated",
        "KERNEL",
        "bytes",
        Counter(Server(|s| Some(s.kernel.mir_bytes_generated))),
    ),
    stat(
        "FailedMirrorCount",
        "KERNEL",
        "ops",
        Counter(Server(|s| Some(s.kernel.failed_mirror_count))),
    ),
    stat(
        "FailedRepCount",
        "KERNEL",
        "ops",
        Counter(Server(|s| Some(s.kernel.failed_rep_count))),
    ),
    stat(
        "ActFailCount",
        "KERNEL",
        "failures",
        Counter(Server(|s| Some(s.kernel.act_fail_count))),
    ),
    stat(
        "TargetOpenHandles",
        "KERNEL",
        "handles",
        Gauge(Server(|s| Some(s.kernel.target_open_handles as f64))),
    ),
    stat(
        "DriverQueuePercent",
        "KERNEL",
        "%",
        Gauge(Server(|s| Some(s.kernel.driver_queue_percent as f64))),
    ),
    stat(
        "Ops Received",
        "TARGET",
        "ops",
        Counter(Target(|t| t.ops_received)),
    ),
    stat(
        "Mirror Ops Received",
        "TARGET",
        "ops",
        Counter(Target(|t| t.mirror_ops_received)),
    ),
    stat(
        "Retries",
        "TARGET",
        "retries",
        Counter(Target(|t| t.retries)),
    ),
    stat(
        "OpsDropped",
        "TARGET",
        "ops",
        Counter(Target(|t| t.ops_dropped)),
    ),
    stat(
        "Ops Remaining",
        "TARGET",
        "ops",
        Gauge(Target(|t| t.ops_remaining as f64)),
    ),
    stat(
        "Orphan Files Removed",
        "TARGET",
        "files",
        Counter(Target(|t| t.orphan_files_removed)),
    ),
    stat(
        "Orphan Directories Removed",
        "TARGET",
        "directories",
        Counter(Target(|t| t.orphan_directories_removed)),
    ),
    stat(
        "Orphan Bytes Removed",
        "TARGET",
        "bytes",
        Counter(Target(|t| t.orphan_bytes_removed)),
    ),
    stat(
        "Bytes In Target Queue",
        "TARGET",
        "bytes",
        Gauge(Target(|t| t.bytes_in_target_queue as f64)),
    ),
    stat(
        "Bytes In Target Disk Queue",
        "TARGET",
        "bytes",
        Gauge(Target(|t| t.bytes_in_target_disk_queue as f64)),
    ),
    stat(
        "TasksSucceeded",
        "TARGET",
        "tasks",
        Counter(Target(|t| t.tasks_succeeded)),
    ),
    stat(
        "TasksFailed",
        "TARGET",
        "tasks",
        Counter(Target(|t| t.tasks_failed)),
    ),
    stat(
        "TasksIgnored",
        "TARGET",
        "tasks",
        Counter(Target(|t| t.tasks_ignored)),
    ),
    stat(
        "autoDisConnects",
        "SOURCE",
        "disconnects",
        Counter(Server(|s| s.source.as_ref().map(|x| x.auto_disconnects))),
    ),
    stat(
        "autoReConnects",
        "SOURCE",
        "reconnects",
        Counter(Server(|s| s.source.as_ref().map(|x| x.auto_reconnects))),
    ),
    stat(
        "conState",
        "CONNECTION",
        "state code",
        Gauge(Connection(|c| c.con_state.value() as f64)),
    ),
    stat(
        "conOpsInCmdQueue",
        "CONNECTION",
        "ops",
        Gauge(Connection(|c| c.con_ops_in_cmd_queue as f64)),
    ),
    stat(
        "conOpsInAckQueue",
        "CONNECTION",
        "ops",
        Gauge(Connection(|c| c.con_ops_in_ack_queue as f64)),
    ),
    stat(
        "conOpsInRepQueue",
        "CONNECTION",
        "ops",
        Gauge(Connection(|c| c.con_ops_in_rep_queue as f64)),
    ),
    stat(
        "conOpsInMirQueue",
        "CONNECTION",
        "ops",
        Gauge(Connection(|c| c.con_ops_in_mir_queue as f64)),
    ),
    stat(
        "conBytesInRepQueue",
        "CONNECTION",
        "bytes",
        Gauge(Connection(|c| c.con_bytes_in_rep_queue as f64)),
    ),
    stat(
        "conOpsTx",
        "CONNECTION",
        "ops",
        Counter(Connection(|c| c.con_ops_tx)),
    ),
    stat(
        "conBytesInMirQueue",
        "CONNECTION",
        "bytes",
        Gauge(Connection(|c| c.con_bytes_in_mir_queue as f64)),
    ),
    stat(
        "conBytesTx",
        "CONNECTION",
        "bytes",
        Counter(Connection(|c| c.con_bytes_tx)),
    ),
    stat(
        "conBytesCompressedTx",
        "CONNECTION",
        "bytes",
        Counter(Connection(|c| c.con_bytes_compressed_tx)),
    ),
    stat(
        "conOpsRx",
        "CONNECTION",
        "ops",
        Counter(Connection(|c| c.con_ops_rx)),
    ),
    stat(
        "conBytesRx",
        "CONNECTION",
        "bytes",
        Counter(Connection(|c| c.con_bytes_rx)),
    ),
    stat(
        "conResentOpCount",
        "CONNECTION",
        "ops",
        Counter(Connection(|c| c.con_resent_op_count)),
    ),
    stat(
        "conBytesInDiskQueue",
        "CONNECTION",
        "bytes",
        Gauge(Connection(|c| c.con_bytes_in_disk_queue as f64)),
    ),
    // The guide's Replication view gives the bandwidth limit in Kbps.
    stat(
        "conBandwidthLimit",
        "CONNECTION",
        "kbit/s",
        Gauge(Connection(|c| c.con_bandwidth_limit as f64)),
    ),
    stat(
        "conBytesSkipped",
        "CONNECTION",
        "bytes",
        Counter(Connection(|c| c.con_bytes_skipped)),
    ),
    Stat {
        name: "conMirrorBytesRemain",
        alias: Some("conMirrorBytesRemaining"),
        section: "CONNECTION",
        unit: "bytes",
        read: Gauge(Connection(|c| c.con_mirror_bytes_remaining as f64)),
    },
    stat(
        "conMirrorPercent",
        "CONNECTION",
        "%",
        Gauge(Connection(|c| c.con_mirror_percent)),
    ),
    stat(
        "conTaskCmdsSubmitted",
        "CONNECTION",
        "tasks",
        Counter(Connection(|c| c.con_task_cmds_submitted)),
    ),
    stat(
        "conTaskCmdsQueued",
        "CONNECTION",
        "tasks",
        Counter(Connection(|c| c.con_task_cmds_queued)),
    ),
    stat(
        "conTasksSucceeded",
        "CONNECTION",
        "tasks",
        Counter(Connection(|c| c.con_tasks_succeeded)),
    ),
    stat(
        "conTasksFailed",
        "CONNECTION",
        "tasks",
        Counter(Connection(|c| c.con_tasks_failed)),
    ),
    stat(
        "conTasksIgnored",
        "CONNECTION",
        "tasks",
        Counter(Connection(|c| c.con_tasks_ignored)),
    ),
    stat(
        "ConRPL",
        "CONNECTION",
        "s",
        Gauge(Connection(|c| c.con_rpl as f64)),
    ),
];

/// Statistics of the guide that are times, addresses or text, not numbers to draw over time.
pub(crate) static NOT_PLOTTABLE: &[&str] = &[
    "Date/Time Stamp",
    "Start Time",
    "PeerAddress",
    "LocalAddress",
    "lastFileTouched",
    "conPeerAddress",
    "connectTime",
    "ConRPT",
    "ConCurrentTime",
    "ConMirrorStartTime",
    "ConMirrorEndTime",
    "Managed Pagefile Alloc",
];
