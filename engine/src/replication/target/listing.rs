//! [`TargetSession`]: one row of the target's list of replicas being served.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::Ordering;

use serde::Serialize;

use super::session_entry::SessionEntry;

/// A live session as the target's status shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TargetSession {
    /// The source's Connection ID.
    pub connection_id: u32,
    /// The source machine's name.
    pub source_host: String,
    /// The source's address and port.
    pub peer: SocketAddr,
    /// The replication set's name.
    pub replication_set: String,
    /// Where the replica is.
    pub target_path: PathBuf,
    /// The last sequence number applied.
    pub last_applied: u64,
    /// Operations received on this session.
    pub ops_received: u64,
    /// Operations received and waiting to be applied.
    pub ops_remaining: u64,
    /// Target Status: "OK", "Paused" or "Retrying".
    pub status: String,
}

impl TargetSession {
    /// The row of `entry`, with the target `paused` or not.
    pub(super) fn of(entry: &SessionEntry, paused: bool) -> TargetSession {
        let status = if paused {
            "Paused"
        } else if entry.retrying.load(Ordering::Relaxed) {
            "Retrying"
        } else {
            "OK"
        };
        TargetSession {
            connection_id: entry.connection_id,
            source_host: entry.source_host.clone(),
            peer: entry.peer,
            replication_set: entry.replication_set.clone(),
            target_path: entry.target_path.clone(),
            last_applied: entry.last_applied(),
            ops_received: entry.ops_received.load(Ordering::Relaxed),
            ops_remaining: entry.queue.len(),
            status: status.to_owned(),
        }
    }
}
