//! One Connection section: the statistics of one connection (job) from this source.

use std::net::{IpAddr, Ipv4Addr};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::state::ConState;

/// The Connection statistics for one connection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConnectionStats {
    /// Connection ID: the engine's identifier of this connection.
    pub connection_id: u32,
    /// Replication Set: the name of the replication set this connection sends.
    pub replication_set: String,
    /// Target Name: the name of the target server.
    pub target_name: String,
    /// Connection, conPeerAddress: the IP address of the peer.
    pub con_peer_address: IpAddr,
    /// Connection, connectTime: when the connection was established, if it was.
    pub connect_time: Option<DateTime<Utc>>,
    /// Connection, conState.
    pub con_state: ConState,
    /// Connection, conOpsInCmdQueue: operations in queue.
    pub con_ops_in_cmd_queue: u64,
    /// Connection, conOpsInAckQueue: operations waiting for the target's acknowledgment.
    pub con_ops_in_ack_queue: u64,
    /// Connection, conOpsInRepQueue: replication operations in queue.
    pub con_ops_in_rep_queue: u64,
    /// Connection, conOpsInMirQueue: mirror operations in queue.
    pub con_ops_in_mir_queue: u64,
    /// Connection, conBytesInRepQueue: replication bytes in queue.
    pub con_bytes_in_rep_queue: u64,
    /// Connection, conOpsTx: operations transmitted.
    pub con_ops_tx: u64,
    /// Connection, conBytesInMirQueue: mirror bytes in queue.
    pub con_bytes_in_mir_queue: u64,
    /// Connection, conBytesTx: bytes transmitted.
    pub con_bytes_tx: u64,
    /// Connection, conBytesCompressedTx: compressed bytes transmitted.
    pub con_bytes_compressed_tx: u64,
    /// Connection, conOpsRx: operations the target received from this source.
    pub con_ops_rx: u64,
    /// Connection, conBytesRx: bytes the target received from this source.
    pub con_bytes_rx: u64,
    /// Connection, conResentOpCount: operations resent because they were not acknowledged.
    pub con_resent_op_count: u64,
    /// Connection, conBytesInDiskQueue: bytes in the disk queue.
    pub con_bytes_in_disk_queue: u64,
    /// Connection, conBandwidthLimit: bandwidth that may be used to transfer data.
    pub con_bandwidth_limit: u64,
    /// Connection, conBytesSkipped: bytes not sent by a difference mirror.
    pub con_bytes_skipped: u64,
    /// Connection, conMirrorBytesRemaining: mirror bytes still to transmit.
    pub con_mirror_bytes_remaining: u64,
    /// Connection, conMirrorPercent: percentage of the mirror completed (0–100).
    pub con_mirror_percent: f64,
    /// Connection, conTaskCmdsSubmitted: task commands submitted.
    pub con_task_cmds_submitted: u64,
    /// Connection, conTaskCmdsQueued: task commands queued.
    pub con_task_cmds_queued: u64,
    /// Connection, conTasksSucceeded: task commands that succeeded.
    pub con_tasks_succeeded: u64,
    /// Connection, conTasksFailed: task commands that failed.
    pub con_tasks_failed: u64,
    /// Connection, conTasksIgnored: task commands that were ignored.
    pub con_tasks_ignored: u64,
    /// Connection, ConRPT: the UTC time up to which replication is synchronised.
    pub con_rpt: Option<DateTime<Utc>>,
    /// Connection, ConRPL: seconds replication is behind on the target.
    pub con_rpl: u64,
    /// Connection, ConCurrentTime: the current UTC time.
    pub con_current_time: Option<DateTime<Utc>>,
    /// Connection, ConMirrorStartTime: when mirroring started.
    pub con_mirror_start_time: Option<DateTime<Utc>>,
    /// Connection, ConMirrorEndTime: when mirroring ended.
    pub con_mirror_end_time: Option<DateTime<Utc>>,
}

impl Default for ConnectionStats {
    /// Connection ID 0, empty names, peer `0.0.0.0`, state None, zero counters, no times.
    fn default() -> Self {
        ConnectionStats {
            connection_id: 0,
            replication_set: String::new(),
            target_name: String::new(),
            con_peer_address: IpAddr::V4(Ipv4Addr::UNSPECIFIED),
            connect_time: None,
            con_state: ConState::None,
            con_ops_in_cmd_queue: 0,
            con_ops_in_ack_queue: 0,
            con_ops_in_rep_queue: 0,
            con_ops_in_mir_queue: 0,
            con_bytes_in_rep_queue: 0,
            con_ops_tx: 0,
            con_bytes_in_mir_queue: 0,
            con_bytes_tx: 0,
            con_bytes_compressed_tx: 0,
            con_ops_rx: 0,
            con_bytes_rx: 0,
            con_resent_op_count: 0,
            con_bytes_in_disk_queue: 0,
            con_bandwidth_limit: 0,
            con_bytes_skipped: 0,
            con_mirror_bytes_remaining: 0,
            con_mirror_percent: 0.0,
            con_task_cmds_submitted: 0,
            con_task_cmds_queued: 0,
            con_tasks_succeeded: 0,
            con_tasks_failed: 0,
            con_tasks_ignored: 0,
            con_rpt: None,
            con_rpl: 0,
            con_current_time: None,
            con_mirror_start_time: None,
            con_mirror_end_time: None,
        }
    }
}
