//! One snapshot as the guide's text, section by section and label by label.

use std::io::{self, Write};

use chrono::{DateTime, Utc};
use logparse::sts::{ConnectionStats, Kernel, Snapshot, SourceStats, TargetStats};

use super::{Clock, Level};

/// Writes `snapshot` as the guide's sample does, with the sections of `level`.
pub fn render(
    snapshot: &Snapshot,
    level: Level,
    clock: Clock,
    out: &mut impl Write,
) -> io::Result<()> {
    writeln!(out, "=====\n{}\n=====", clock.stamp(snapshot.timestamp))?;
    if level >= Level::Guide {
        writeln!(
            out,
            "SYSTEMALLOCATOR::Total Bytes: {}",
            snapshot.system_allocator_total_bytes
        )?;
        writeln!(
            out,
            "IQALLOCATOR::Total Bytes: {}",
            snapshot.iq_allocator_total_bytes
        )?;
        let security = &snapshot.security;
        writeln!(
            out,
            "SECURITY::Logins : {} FailedLogins : {}",
            security.logins, security.failed_logins
        )?;
    }
    kernel(&snapshot.kernel, clock, out)?;
    if level >= Level::Guide {
        for target_stats in &snapshot.targets {
            target(target_stats, out)?;
        }
        if let Some(source_stats) = &snapshot.source {
            source(source_stats, out)?;
        }
    }
    for connection_stats in &snapshot.connections {
        connection(connection_stats, level, clock, out)?;
    }
    Ok(())
}

fn kernel(k: &Kernel, clock: Clock, out: &mut impl Write) -> io::Result<()> {
    writeln!(
        out,
        "KERNEL::SourceState: {} TargetState: {} Start Time: {}",
        k.source_state.value(),
        k.target_state.value(),
        clock.date(k.start_time)
    )?;
    writeln!(
        out,
        "RepOpsGenerated: {} RepBytesGenerated: {}",
        k.rep_ops_generated, k.rep_bytes_generated
    )?;
    writeln!(
        out,
        "MirOpsGenerated: {} MirBytesGenerated: {}",
        k.mir_ops_generated, k.mir_bytes_generated
    )?;
    writeln!(
        out,
        "  FailedMirrorCount: {} FailedRepCount: {}",
        k.failed_mirror_count, k.failed_rep_count
    )?;
    writeln!(
        out,
        "  ActFailCount: {} TargetOpenHandles: {} DriverQueuePercent: {}",
        k.act_fail_count, k.target_open_handles, k.driver_queue_percent
    )
}

fn target(t: &TargetStats, out: &mut impl Write) -> io::Result<()> {
    writeln!(
        out,
        "TARGET:: PeerAddress: {} LocalAddress: {}",
        t.peer_address, t.local_address
    )?;
    writeln!(
        out,
        "  Ops Received: {} Mirror Ops Received: {}",
        t.ops_received, t.mirror_ops_received
    )?;
    writeln!(
        out,
        "  Retries: {} OpsDropped: {} Ops Remaining: {}",
        t.retries, t.ops_dropped, t.ops_remaining
    )?;
    writeln!(
        out,
        "  Orphan Files Removed: {} Orphan Directories Removed: {} Orphan Bytes Removed: {}",
        t.orphan_files_removed, t.orphan_directories_removed, t.orphan_bytes_removed
    )?;
    writeln!(
        out,
        "  Bytes In Target Queue: {} Bytes In Target Disk Queue: {}",
        t.bytes_in_target_queue, t.bytes_in_target_disk_queue
    )?;
    writeln!(
        out,
        "  TasksSucceeded: {} TasksFailed: {} TasksIgnored: {}",
        t.tasks_succeeded, t.tasks_failed, t.tasks_ignored
    )
}

fn source(s: &SourceStats, out: &mut impl Write) -> io::Result<()> {
    writeln!(
        out,
        "SOURCE::autoDisConnects : {} autoReConnects : {}",
        s.auto_disconnects, s.auto_reconnects
    )?;
    writeln!(out, "  lastFileTouched : {}", s.last_file_touched)
}

fn connection(
    c: &ConnectionStats,
    level: Level,
    clock: Clock,
    out: &mut impl Write,
) -> io::Result<()> {
    writeln!(out, "CONNECTION:: conPeerAddress: {}", c.con_peer_address)?;
    if level >= Level::Full {
        writeln!(
            out,
            "  Connection ID: {} Replication Set: {} Target Name: {}",
            c.connection_id, c.replication_set, c.target_name
        )?;
    }
    writeln!(
        out,
        "  connectTime: {}",
        optional_date(c.connect_time, clock)
    )?;
    writeln!(
        out,
        "  conState: {} conOpsInCmdQueue: {} conOpsInAckQueue: {}",
        c.con_state.value(),
        c.con_ops_in_cmd_queue,
        c.con_ops_in_ack_queue
    )?;
    writeln!(
        out,
        "  conOpsInRepQueue: {} conOpsInMirQueue: {} conBytesInRepQueue: {}",
        c.con_ops_in_rep_queue, c.con_ops_in_mir_queue, c.con_bytes_in_rep_queue
    )?;
    writeln!(
        out,
        "  conOpsTx: {} conBytesInMirQueue: {} conBytesTx: {}",
        c.con_ops_tx, c.con_bytes_in_mir_queue, c.con_bytes_tx
    )?;
    writeln!(out, "  conBytesCompressedTx: {}", c.con_bytes_compressed_tx)?;
    writeln!(
        out,
        "  conOpsRx: {} conBytesRx: {} conResentOpCount: {} conBytesInDiskQueue: {}",
        c.con_ops_rx, c.con_bytes_rx, c.con_resent_op_count, c.con_bytes_in_disk_queue
    )?;
    writeln!(
        out,
        "  conBandwidthLimit: {} conBytesSkipped: {} conMirrorBytesRemain: {}",
        c.con_bandwidth_limit, c.con_bytes_skipped, c.con_mirror_bytes_remaining
    )?;
    writeln!(out, "  conMirrorPercent: {:.1}%", c.con_mirror_percent)?;
    writeln!(
        out,
        "  conTaskCmdsSubmitted: {} conTaskCmdsQueued: {}",
        c.con_task_cmds_submitted, c.con_task_cmds_queued
    )?;
    writeln!(
        out,
        "  conTasksSucceeded: {} conTasksFailed: {} conTasksIgnored: {}",
        c.con_tasks_succeeded, c.con_tasks_failed, c.con_tasks_ignored
    )?;
    if level >= Level::Full {
        writeln!(
            out,
            "  ConRPT: {} ConRPL: {}",
            optional_date(c.con_rpt, clock),
            c.con_rpl
        )?;
        writeln!(
            out,
            "  ConCurrentTime: {} ConMirrorStartTime: {} ConMirrorEndTime: {}",
            optional_date(c.con_current_time, clock),
            optional_date(c.con_mirror_start_time, clock),
            optional_date(c.con_mirror_end_time, clock)
        )?;
    }
    Ok(())
}

/// A time the engine may not have (not connected, no mirror yet): `none` when absent.
fn optional_date(time: Option<DateTime<Utc>>, clock: Clock) -> String {
    time.map_or_else(|| "none".to_string(), |time| clock.date(time))
}
