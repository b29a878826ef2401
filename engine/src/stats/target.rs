//! A Target section: what this server, as a target, has received from one peer address.

use std::net::{IpAddr, Ipv4Addr};
use std::sync::Mutex;

use logparse::sts::TargetStats;

use super::counter::{Counter, Gauge};

/// The live Target statistics of one peer address; shared as `Arc` by the tasks serving it.
#[derive(Debug)]
pub struct TargetCounters {
    /// Target, PeerAddress: the source machine.
    peer_address: IpAddr,
    /// Target, LocalAddress: the address the source reached us on (set once a link is up).
    local_address: Mutex<IpAddr>,
    /// Target, Ops Received.
    pub ops_received: Counter,
    /// Target, Mirror Ops Received (not reset by a remirror).
    pub mirror_ops_received: Counter,
    /// Target, Retries.
    pub retries: Counter,
    /// Target, OpsDropped.
    pub ops_dropped: Counter,
    /// Target, Ops Remaining: operations in queue now.
    pub ops_remaining: Gauge,
    /// Target, Orphan Files Removed.
    pub orphan_files_removed: Counter,
    /// Target, Orphan Directories Removed.
    pub orphan_directories_removed: Counter,
    /// Target, Orphan Bytes Removed.
    pub orphan_bytes_removed: Counter,
    /// Target, Bytes In Target Queue: bytes in the memory queue now.
    pub bytes_in_target_queue: Gauge,
    /// Target, Bytes In Target Disk Queue: bytes in the disk queue now.
    pub bytes_in_target_disk_queue: Gauge,
    /// Target, TasksSucceeded.
    pub tasks_succeeded: Counter,
    /// Target, TasksFailed.
    pub tasks_failed: Counter,
    /// Target, TasksIgnored.
    pub tasks_ignored: Counter,
}

impl TargetCounters {
    /// Zeroed counters for `peer_address`; the local address is `0.0.0.0` until set.
    pub fn new(peer_address: IpAddr) -> TargetCounters {
        TargetCounters {
            peer_address,
            local_address: Mutex::new(IpAddr::V4(Ipv4Addr::UNSPECIFIED)),
            ops_received: Counter::default(),
            mirror_ops_received: Counter::default(),
            retries: Counter::default(),
            ops_dropped: Counter::default(),
            ops_remaining: Gauge::default(),
            orphan_files_removed: Counter::default(),
            orphan_directories_removed: Counter::default(),
            orphan_bytes_removed: Counter::default(),
            bytes_in_target_queue: Gauge::default(),
            bytes_in_target_disk_queue: Gauge::default(),
            tasks_succeeded: Counter::default(),
            tasks_failed: Counter::default(),
            tasks_ignored: Counter::default(),
        }
    }

    /// Target, PeerAddress.
    pub fn peer_address(&self) -> IpAddr {
        self.peer_address
    }

    /// Sets Target, LocalAddress (when a link from the peer is accepted).
    pub fn set_local_address(&self, address: IpAddr) {
        *self.local_address.lock().unwrap_or_else(|e| e.into_inner()) = address;
    }

    /// The Target section as it stands now.
    pub fn snapshot(&self) -> TargetStats {
        TargetStats {
            peer_address: self.peer_address,
            local_address: *self.local_address.lock().unwrap_or_else(|e| e.into_inner()),
            ops_received: self.ops_received.get(),
            mirror_ops_received: self.mirror_ops_received.get(),
            retries: self.retries.get(),
            ops_dropped: self.ops_dropped.get(),
            ops_remaining: self.ops_remaining.get(),
            orphan_files_removed: self.orphan_files_removed.get(),
            orphan_directories_removed: self.orphan_directories_removed.get(),
            orphan_bytes_removed: self.orphan_bytes_removed.get(),
            bytes_in_target_queue: self.bytes_in_target_queue.get(),
            bytes_in_target_disk_queue: self.bytes_in_target_disk_queue.get(),
            tasks_succeeded: self.tasks_succeeded.get(),
            tasks_failed: self.tasks_failed.get(),
            tasks_ignored: self.tasks_ignored.get(),
        }
    }
}
