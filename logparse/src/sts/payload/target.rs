//! The TARGET section, one per peer address.

use super::error::PayloadError;
use super::wire::{put_ip, put_u64, Fields};
use crate::sts::target::TargetStats;

/// PeerAddress (address).
const PEER_ADDRESS: u64 = 1;
/// LocalAddress (address).
const LOCAL_ADDRESS: u64 = 2;
/// Ops Received.
const OPS_RECEIVED: u64 = 3;
/// Mirror Ops Received.
const MIRROR_OPS_RECEIVED: u64 = 4;
/// Retries.
const RETRIES: u64 = 5;
/// OpsDropped.
const OPS_DROPPED: u64 = 6;
/// Ops Remaining.
const OPS_REMAINING: u64 = 7;
/// Orphan Files Removed.
const ORPHAN_FILES_REMOVED: u64 = 8;
/// Orphan Directories Removed.
const ORPHAN_DIRECTORIES_REMOVED: u64 = 9;
/// Orphan Bytes Removed.
const ORPHAN_BYTES_REMOVED: u64 = 10;
/// Bytes In Target Queue.
const BYTES_IN_TARGET_QUEUE: u64 = 11;
/// Bytes In Target Disk Queue.
const BYTES_IN_TARGET_DISK_QUEUE: u64 = 12;
/// TasksSucceeded.
const TASKS_SUCCEEDED: u64 = 13;
/// TasksFailed.
const TASKS_FAILED: u64 = 14;
/// TasksIgnored.
const TASKS_IGNORED: u64 = 15;

/// Appends a TARGET section body.
pub(super) fn encode(target: &TargetStats, out: &mut Vec<u8>) {
    put_ip(out, PEER_ADDRESS, target.peer_address);
    put_ip(out, LOCAL_ADDRESS, target.local_address);
    put_u64(out, OPS_RECEIVED, target.ops_received);
    put_u64(out, MIRROR_OPS_RECEIVED, target.mirror_ops_received);
    put_u64(out, RETRIES, target.retries);
    put_u64(out, OPS_DROPPED, target.ops_dropped);
    put_u64(out, OPS_REMAINING, target.ops_remaining);
    put_u64(out, ORPHAN_FILES_REMOVED, target.orphan_files_removed);
    put_u64(
        out,
        ORPHAN_DIRECTORIES_REMOVED,
        target.orphan_directories_removed,
    );
    put_u64(out, ORPHAN_BYTES_REMOVED, target.orphan_bytes_removed);
    put_u64(out, BYTES_IN_TARGET_QUEUE, target.bytes_in_target_queue);
    put_u64(
        out,
        BYTES_IN_TARGET_DISK_QUEUE,
        target.bytes_in_target_disk_queue,
    );
    put_u64(out, TASKS_SUCCEEDED, target.tasks_succeeded);
    put_u64(out, TASKS_FAILED, target.tasks_failed);
    put_u64(out, TASKS_IGNORED, target.tasks_ignored);
}

/// Decodes a TARGET section body.
pub(super) fn decode(tag: u8, body: &[u8]) -> Result<TargetStats, PayloadError> {
    let mut target = TargetStats::default();
    for field in Fields::new(tag, body) {
        let field = field?;
        match field.number {
            PEER_ADDRESS => target.peer_address = field.ip()?,
            LOCAL_ADDRESS => target.local_address = field.ip()?,
            OPS_RECEIVED => target.ops_received = field.u64()?,
            MIRROR_OPS_RECEIVED => target.mirror_ops_received = field.u64()?,
            RETRIES => target.retries = field.u64()?,
            OPS_DROPPED => target.ops_dropped = field.u64()?,
            OPS_REMAINING => target.ops_remaining = field.u64()?,
            ORPHAN_FILES_REMOVED => target.orphan_files_removed = field.u64()?,
            ORPHAN_DIRECTORIES_REMOVED => target.orphan_directories_removed = field.u64()?,
            ORPHAN_BYTES_REMOVED => target.orphan_bytes_removed = field.u64()?,
            BYTES_IN_TARGET_QUEUE => target.bytes_in_target_queue = field.u64()?,
            BYTES_IN_TARGET_DISK_QUEUE => target.bytes_in_target_disk_queue = field.u64()?,
            TASKS_SUCCEEDED => target.tasks_succeeded = field.u64()?,
            TASKS_FAILED => target.tasks_failed = field.u64()?,
            TASKS_IGNORED => target.tasks_ignored = field.u64()?,
            _ => {}
        }
    }
    Ok(target)
}
