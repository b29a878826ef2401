//! The CONNECTION section, one per connection.

use super::calendar::Calendar;
use super::error::PayloadError;
use super::wire::{put_f64, put_ip, put_opt_time, put_str, put_u64, Fields};
use crate::sts::connection::ConnectionStats;
use crate::sts::state::ConState;

/// Connection ID (varint, at most `u32::MAX`).
const CONNECTION_ID: u64 = 1;
/// Replication Set (string).
const REPLICATION_SET: u64 = 2;
/// Target Name (string).
const TARGET_NAME: u64 = 3;
/// conPeerAddress (address).
const CON_PEER_ADDRESS: u64 = 4;
/// connectTime (time, absent when not connected).
const CONNECT_TIME: u64 = 5;
/// conState (varint, the guide's value).
const CON_STATE: u64 = 6;
/// conOpsInCmdQueue.
const CON_OPS_IN_CMD_QUEUE: u64 = 7;
/// conOpsInAckQueue.
const CON_OPS_IN_ACK_QUEUE: u64 = 8;
/// conOpsInRepQueue.
const CON_OPS_IN_REP_QUEUE: u64 = 9;
/// conOpsInMirQueue.
const CON_OPS_IN_MIR_QUEUE: u64 = 10;
/// conBytesInRepQueue.
const CON_BYTES_IN_REP_QUEUE: u64 = 11;
/// conOpsTx.
const CON_OPS_TX: u64 = 12;
/// conBytesInMirQueue.
const CON_BYTES_IN_MIR_QUEUE: u64 = 13;
/// conBytesTx.
const CON_BYTES_TX: u64 = 14;
/// conBytesCompressedTx.
const CON_BYTES_COMPRESSED_TX: u64 = 15;
/// conOpsRx.
const CON_OPS_RX: u64 = 16;
/// conBytesRx.
const CON_BYTES_RX: u64 = 17;
/// conResentOpCount.
const CON_RESENT_OP_COUNT: u64 = 18;
/// conBytesInDiskQueue.
const CON_BYTES_IN_DISK_QUEUE: u64 = 19;
/// conBandwidthLimit.
const CON_BANDWIDTH_LIMIT: u64 = 20;
/// conBytesSkipped.
const CON_BYTES_SKIPPED: u64 = 21;
/// conMirrorBytesRemaining.
const CON_MIRROR_BYTES_REMAINING: u64 = 22;
/// conMirrorPercent (fixed64, IEEE-754 double).
const CON_MIRROR_PERCENT: u64 = 23;
/// conTaskCmdsSubmitted.
const CON_TASK_CMDS_SUBMITTED: u64 = 24;
/// conTaskCmdsQueued.
const CON_TASK_CMDS_QUEUED: u64 = 25;
/// conTasksSucceeded.
const CON_TASKS_SUCCEEDED: u64 = 26;
/// conTasksFailed.
const CON_TASKS_FAILED: u64 = 27;
/// conTasksIgnored.
const CON_TASKS_IGNORED: u64 = 28;
/// ConRPT (time, absent when unknown).
const CON_RPT: u64 = 29;
/// ConRPL (seconds).
const CON_RPL: u64 = 30;
/// ConCurrentTime (time, absent when unknown).
const CON_CURRENT_TIME: u64 = 31;
/// ConMirrorStartTime (time, absent before a mirror).
const CON_MIRROR_START_TIME: u64 = 32;
/// ConMirrorEndTime (time, absent until a mirror ends).
const CON_MIRROR_END_TIME: u64 = 33;

/// Appends a CONNECTION section body.
pub(super) fn encode(connection: &ConnectionStats, out: &mut Vec<u8>) {
    put_u64(out, CONNECTION_ID, u64::from(connection.connection_id));
    put_str(out, REPLICATION_SET, &connection.replication_set);
    put_str(out, TARGET_NAME, &connection.target_name);
    put_ip(out, CON_PEER_ADDRESS, connection.con_peer_address);
    put_opt_time(out, CONNECT_TIME, connection.connect_time);
    put_u64(out, CON_STATE, connection.con_state.value());
    put_u64(out, CON_OPS_IN_CMD_QUEUE, connection.con_ops_in_cmd_queue);
    put_u64(out, CON_OPS_IN_ACK_QUEUE, connection.con_ops_in_ack_queue);
    put_u64(out, CON_OPS_IN_REP_QUEUE, connection.con_ops_in_rep_queue);
    put_u64(out, CON_OPS_IN_MIR_QUEUE, connection.con_ops_in_mir_queue);
    put_u64(
        out,
        CON_BYTES_IN_REP_QUEUE,
        connection.con_bytes_in_rep_queue,
    );
    put_u64(out, CON_OPS_TX, connection.con_ops_tx);
    put_u64(
        out,
        CON_BYTES_IN_MIR_QUEUE,
        connection.con_bytes_in_mir_queue,
    );
    put_u64(out, CON_BYTES_TX, connection.con_bytes_tx);
    put_u64(
        out,
        CON_BYTES_COMPRESSED_TX,
        connection.con_bytes_compressed_tx,
    );
    put_u64(out, CON_OPS_RX, connection.con_ops_rx);
    put_u64(out, CON_BYTES_RX, connection.con_bytes_rx);
    put_u64(out, CON_RESENT_OP_COUNT, connection.con_resent_op_count);
    put_u64(
        out,
        CON_BYTES_IN_DISK_QUEUE,
        connection.con_bytes_in_disk_queue,
    );
    put_u64(out, CON_BANDWIDTH_LIMIT, connection.con_bandwidth_limit);
    put_u64(out, CON_BYTES_SKIPPED, connection.con_bytes_skipped);
    put_u64(
        out,
        CON_MIRROR_BYTES_REMAINING,
        connection.con_mirror_bytes_remaining,
    );
    put_f64(out, CON_MIRROR_PERCENT, connection.con_mirror_percent);
    put_u64(
        out,
        CON_TASK_CMDS_SUBMITTED,
        connection.con_task_cmds_submitted,
    );
    put_u64(out, CON_TASK_CMDS_QUEUED, connection.con_task_cmds_queued);
    put_u64(out, CON_TASKS_SUCCEEDED, connection.con_tasks_succeeded);
    put_u64(out, CON_TASKS_FAILED, connection.con_tasks_failed);
    put_u64(out, CON_TASKS_IGNORED, connection.con_tasks_ignored);
    put_opt_time(out, CON_RPT, connection.con_rpt);
    put_u64(out, CON_RPL, connection.con_rpl);
    put_opt_time(out, CON_CURRENT_TIME, connection.con_current_time);
    put_opt_time(out, CON_MIRROR_START_TIME, connection.con_mirror_start_time);
    put_opt_time(out, CON_MIRROR_END_TIME, connection.con_mirror_end_time);
}

/// Decodes a CONNECTION section body over `connection`, whose names' storage is reused.
pub(super) fn decode_into(
    tag: u8,
    body: &[u8],
    calendar: &mut Calendar,
    connection: &mut ConnectionStats,
) -> Result<(), PayloadError> {
    *connection = ConnectionStats {
        replication_set: std::mem::take(&mut connection.replication_set),
        target_name: std::mem::take(&mut connection.target_name),
        ..ConnectionStats::default()
    };
    let (mut has_set, mut has_target) = (false, false);
    for field in Fields::new(tag, body) {
        let field = field?;
        match field.number {
            CONNECTION_ID => connection.connection_id = field.u32()?,
            REPLICATION_SET => {
                field.string_into(&mut connection.replication_set)?;
                has_set = true;
            }
            TARGET_NAME => {
                field.string_into(&mut connection.target_name)?;
                has_target = true;
            }
            CON_PEER_ADDRESS => connection.con_peer_address = field.ip()?,
            CONNECT_TIME => connection.connect_time = Some(field.time(calendar)?),
            CON_STATE => {
                let value = field.u64()?;
                connection.con_state =
                    ConState::from_value(value).ok_or(PayloadError::InvalidConState(value))?;
            }
            CON_OPS_IN_CMD_QUEUE => connection.con_ops_in_cmd_queue = field.u64()?,
            CON_OPS_IN_ACK_QUEUE => connection.con_ops_in_ack_queue = field.u64()?,
            CON_OPS_IN_REP_QUEUE => connection.con_ops_in_rep_queue = field.u64()?,
            CON_OPS_IN_MIR_QUEUE => connection.con_ops_in_mir_queue = field.u64()?,
            CON_BYTES_IN_REP_QUEUE => connection.con_bytes_in_rep_queue = field.u64()?,
            CON_OPS_TX => connection.con_ops_tx = field.u64()?,
            CON_BYTES_IN_MIR_QUEUE => connection.con_bytes_in_mir_queue = field.u64()?,
            CON_BYTES_TX => connection.con_bytes_tx = field.u64()?,
            CON_BYTES_COMPRESSED_TX => connection.con_bytes_compressed_tx = field.u64()?,
            CON_OPS_RX => connection.con_ops_rx = field.u64()?,
            CON_BYTES_RX => connection.con_bytes_rx = field.u64()?,
            CON_RESENT_OP_COUNT => connection.con_resent_op_count = field.u64()?,
            CON_BYTES_IN_DISK_QUEUE => connection.con_bytes_in_disk_queue = field.u64()?,
            CON_BANDWIDTH_LIMIT => connection.con_bandwidth_limit = field.u64()?,
            CON_BYTES_SKIPPED => connection.con_bytes_skipped = field.u64()?,
            CON_MIRROR_BYTES_REMAINING => connection.con_mirror_bytes_remaining = field.u64()?,
            CON_MIRROR_PERCENT => connection.con_mirror_percent = field.f64()?,
            CON_TASK_CMDS_SUBMITTED => connection.con_task_cmds_submitted = field.u64()?,
            CON_TASK_CMDS_QUEUED => connection.con_task_cmds_queued = field.u64()?,
            CON_TASKS_SUCCEEDED => connection.con_tasks_succeeded = field.u64()?,
            CON_TASKS_FAILED => connection.con_tasks_failed = field.u64()?,
            CON_TASKS_IGNORED => connection.con_tasks_ignored = field.u64()?,
            CON_RPT => connection.con_rpt = Some(field.time(calendar)?),
            CON_RPL => connection.con_rpl = field.u64()?,
            CON_CURRENT_TIME => connection.con_current_time = Some(field.time(calendar)?),
            CON_MIRROR_START_TIME => connection.con_mirror_start_time = Some(field.time(calendar)?),
            CON_MIRROR_END_TIME => connection.con_mirror_end_time = Some(field.time(calendar)?),
            _ => {}
        }
    }
    // Names the record does not carry are empty, as in a fresh snapshot.
    if !has_set {
        connection.replication_set.clear();
    }
    if !has_target {
        connection.target_name.clear();
    }
    Ok(())
}
