//! [`ConnectionStatus`]: how one source connection stands, in the guide's words
//! (chapter 3, "Connections folder items").

use serde::Serialize;

use crate::jobs::TargetDataState;

/// Mirror Status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum MirrorStatus {
    /// No mirror is running.
    Idle,
    /// A mirror is sending data.
    #[serde(rename = "In Progress")]
    InProgress,
    /// The mirror has sent everything; the target is still applying it.
    Waiting,
    /// The mirror is held back (by the user, or by the target's queue).
    Paused,
    /// The last mirror was stopped before it completed.
    Stopped,
}

/// Transmit Mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum TransmitMode {
    /// Data is being transmitted to the target.
    Active,
    /// Transmission has been paused.
    Paused,
    /// Not connected to the target (yet, or while reconnecting).
    Stopped,
    /// The target refused the connection, or it was lost without AutoReconnect.
    Error,
}

/// Replication Status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ReplicationStatus {
    /// Replication operations are queued or in flight.
    Replicating,
    /// There is nothing to replicate.
    Ready,
    /// Operations wait for a mirror to finish.
    Pending,
    /// The capture has ended.
    Stopped,
}

/// Target Status, as the target reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum TargetStatus {
    /// The target is active and applying.
    #[serde(rename = "OK")]
    Ok,
    /// The target was paused by the user.
    Paused,
    /// Not known: the source is not connected.
    Unknown,
}

/// One source connection at a moment (what `dtctl connection status` shows).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConnectionStatus {
    /// Connection ID.
    pub connection_id: u32,
    /// Connection, conState, as the guide's number (0 none, 1 active, 2 paused, 8 error).
    pub con_state: u32,
    /// Transmit Mode.
    pub transmit_mode: TransmitMode,
    /// Mirror Status.
    pub mirror_status: MirrorStatus,
    /// Replication Status.
    pub replication_status: ReplicationStatus,
    /// Target Status.
    pub target_status: TargetStatus,
    /// Target Data State, once known.
    pub target_data_state: Option<TargetDataState>,
    /// conOpsInRepQueue: replication operations waiting to be sent.
    pub ops_in_rep_queue: u64,
    /// conBytesInRepQueue: their size.
    pub bytes_in_rep_queue: u64,
    /// conBytesInDiskQueue: the part of them spilled to disk.
    pub bytes_in_disk_queue: u64,
    /// conOpsInAckQueue: operations sent and not yet acknowledged.
    pub ops_in_ack_queue: u64,
    /// conMirrorPercent (0–100).
    pub mirror_percent: f64,
    /// conMirrorBytesRemaining.
    pub mirror_bytes_remaining: u64,
    /// conOpsTx: operations sent (resends included).
    pub ops_tx: u64,
    /// conBytesTx: bytes of frames sent.
    pub bytes_tx: u64,
    /// conResentOpCount.
    pub resent_ops: u64,
    /// ConRPL: seconds between the oldest unacknowledged change and now.
    pub rpl_seconds: u64,
}
