//! One Target section: the statistics of one peer address replicating to this target.

use std::net::{IpAddr, Ipv4Addr};

use serde::{Deserialize, Serialize};

/// The Target statistics for one peer address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetStats {
    /// Target, PeerAddress: the IP address of the source machine.
    pub peer_address: IpAddr,
    /// Target, LocalAddress: the IP address of the target machine.
    pub local_address: IpAddr,
    /// Target, Ops Received: operations received since the service was loaded.
    pub ops_received: u64,
    /// Target, Mirror Ops Received: mirror operations received since the service was loaded.
    pub mirror_ops_received: u64,
    /// Target, Retries: retries performed before all operations were completed.
    pub retries: u64,
    /// Target, OpsDropped: dropped operations.
    pub ops_dropped: u64,
    /// Target, Ops Remaining: operations in queue.
    pub ops_remaining: u64,
    /// Target, Orphan Files Removed.
    pub orphan_files_removed: u64,
    /// Target, Orphan Directories Removed.
    pub orphan_directories_removed: u64,
    /// Target, Orphan Bytes Removed.
    pub orphan_bytes_removed: u64,
    /// Target, Bytes In Target Queue: bytes in the system memory queue.
    pub bytes_in_target_queue: u64,
    /// Target, Bytes In Target Disk Queue: bytes in the disk queue.
    pub bytes_in_target_disk_queue: u64,
    /// Target, TasksSucceeded: task commands that succeeded.
    pub tasks_succeeded: u64,
    /// Target, TasksFailed: task commands that failed.
    pub tasks_failed: u64,
    /// Target, TasksIgnored: task commands that were ignored.
    pub tasks_ignored: u64,
}

impl Default for TargetStats {
    /// Zero counters, both addresses `0.0.0.0`.
    fn default() -> Self {
        let unspecified = IpAddr::V4(Ipv4Addr::UNSPECIFIED);
        TargetStats {
            peer_address: unspecified,
            local_address: unspecified,
            ops_received: 0,
            mirror_ops_received: 0,
            retries: 0,
            ops_dropped: 0,
            ops_remaining: 0,
            orphan_files_removed: 0,
            orphan_directories_removed: 0,
            orphan_bytes_removed: 0,
            bytes_in_target_queue: 0,
            bytes_in_target_disk_queue: 0,
            tasks_succeeded: 0,
            tasks_failed: 0,
            tasks_ignored: 0,
        }
    }
}
