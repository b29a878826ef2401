//! A Connection section: the statistics of one connection (job) from this source.

use std::net::{IpAddr, Ipv4Addr};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};

use chrono::{DateTime, Utc};
use logparse::sts::{ConState, ConnectionStats};

use super::counter::{Counter, Gauge};

/// What identifies a connection and how it stands: changed on state changes, not per
/// operation, so it sits behind one small lock.
#[derive(Debug, Clone, PartialEq)]
pub struct ConnectionInfo {
    /// Replication Set: the name of the set this connection sends.
    pub replication_set: String,
    /// Target Name: the name of the target server.
    pub target_name: String,
    /// Connection, conPeerAddress.
    pub con_peer_address: IpAddr,
    /// Connection, connectTime: when the connection was established, if it is.
    pub connect_time: Option<DateTime<Utc>>,
    /// Connection, conState.
    pub con_state: ConState,
    /// Connection, ConRPT: the time up to which the target is synchronised, when known.
    pub con_rpt: Option<DateTime<Utc>>,
    /// Connection, ConMirrorStartTime.
    pub con_mirror_start_time: Option<DateTime<Utc>>,
    /// Connection, ConMirrorEndTime.
    pub con_mirror_end_time: Option<DateTime<Utc>>,
}

impl Default for ConnectionInfo {
    /// Empty names, peer `0.0.0.0`, state None, no times.
    fn default() -> Self {
        ConnectionInfo {
            replication_set: String::new(),
            target_name: String::new(),
            con_peer_address: IpAddr::V4(Ipv4Addr::UNSPECIFIED),
            connect_time: None,
            con_state: ConState::None,
            con_rpt: None,
            con_mirror_start_time: None,
            con_mirror_end_time: None,
        }
    }
}

/// The live statistics of one connection; shared as `Arc` by the tasks that serve it.
#[derive(Debug)]
pub struct ConnectionCounters {
    /// Connection ID.
    connection_id: u32,
    /// Names, addresses, state and times.
    info: Mutex<ConnectionInfo>,
    /// Connection, conMirrorPercent, as the bits of an `f64` in 0–100.
    mirror_percent_bits: AtomicU64,
    /// Connection, conOpsInCmdQueue.
    pub con_ops_in_cmd_queue: Gauge,
    /// Connection, conOpsInAckQueue.
    pub con_ops_in_ack_queue: Gauge,
    /// Connection, conOpsInRepQueue.
    pub con_ops_in_rep_queue: Gauge,
    /// Connection, conOpsInMirQueue.
    pub con_ops_in_mir_queue: Gauge,
    /// Connection, conBytesInRepQueue.
    pub con_bytes_in_rep_queue: Gauge,
    /// Connection, conOpsTx.
    pub con_ops_tx: Counter,
    /// Connection, conBytesInMirQueue.
    pub con_bytes_in_mir_queue: Gauge,
    /// Connection, conBytesTx.
    pub con_bytes_tx: Counter,
    /// Connection, conBytesCompressedTx.
    pub con_bytes_compressed_tx: Counter,
    /// Connection, conOpsRx.
    pub con_ops_rx: Counter,
    /// Connection, conBytesRx.
    pub con_bytes_rx: Counter,
    /// Connection, conResentOpCount.
    pub con_resent_op_count: Counter,
    /// Connection, conBytesInDiskQueue.
    pub con_bytes_in_disk_queue: Gauge,
    /// Connection, conBandwidthLimit.
    pub con_bandwidth_limit: Gauge,
    /// Connection, conBytesSkipped.
    pub con_bytes_skipped: Counter,
    /// Connection, conMirrorBytesRemaining.
    pub con_mirror_bytes_remaining: Gauge,
    /// Connection, conTaskCmdsSubmitted.
    pub con_task_cmds_submitted: Counter,
    /// Connection, conTaskCmdsQueued.
    pub con_task_cmds_queued: Counter,
    /// Connection, conTasksSucceeded.
    pub con_tasks_succeeded: Counter,
    /// Connection, conTasksFailed.
    pub con_tasks_failed: Counter,
    /// Connection, conTasksIgnored.
    pub con_tasks_ignored: Counter,
    /// Connection, ConRPL: seconds replication is behind on the target.
    pub con_rpl: Gauge,
}

impl ConnectionCounters {
    /// Zeroed counters for connection `connection_id` described by `info`.
    pub fn new(connection_id: u32, info: ConnectionInfo) -> ConnectionCounters {
        ConnectionCounters {
            connection_id,
            info: Mutex::new(info),
            mirror_percent_bits: AtomicU64::new(0f64.to_bits()),
            con_ops_in_cmd_queue: Gauge::default(),
            con_ops_in_ack_queue: Gauge::default(),
            con_ops_in_rep_queue: Gauge::default(),
            con_ops_in_mir_queue: Gauge::default(),
            con_bytes_in_rep_queue: Gauge::default(),
            con_ops_tx: Counter::default(),
            con_bytes_in_mir_queue: Gauge::default(),
            con_bytes_tx: Counter::default(),
            con_bytes_compressed_tx: Counter::default(),
            con_ops_rx: Counter::default(),
            con_bytes_rx: Counter::default(),
            con_resent_op_count: Counter::default(),
            con_bytes_in_disk_queue: Gauge::default(),
            con_bandwidth_limit: Gauge::default(),
            con_bytes_skipped: Counter::default(),
            con_mirror_bytes_remaining: Gauge::default(),
            con_task_cmds_submitted: Counter::default(),
            con_task_cmds_queued: Counter::default(),
            con_tasks_succeeded: Counter::default(),
            con_tasks_failed: Counter::default(),
            con_tasks_ignored: Counter::default(),
            con_rpl: Gauge::default(),
        }
    }

    /// Connection ID.
    pub fn connection_id(&self) -> u32 {
        self.connection_id
    }

    /// The names, addresses, state and times, locked for reading or changing them.
    pub fn info(&self) -> MutexGuard<'_, ConnectionInfo> {
        self.info.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Sets Connection, conState.
    pub fn set_state(&self, state: ConState) {
        self.info().con_state = state;
    }

    /// Sets Connection, conMirrorPercent, kept within 0–100 (a NaN counts as 0).
    pub fn set_mirror_percent(&self, percent: f64) {
        let percent = if percent.is_nan() {
            0.0
        } else {
            percent.clamp(0.0, 100.0)
        };
        self.mirror_percent_bits
            .store(percent.to_bits(), Ordering::Relaxed);
    }

    /// Connection, conMirrorPercent.
    pub fn mirror_percent(&self) -> f64 {
        f64::from_bits(self.mirror_percent_bits.load(Ordering::Relaxed))
    }

    /// The Connection section as it stands at `now` (which is its ConCurrentTime).
    pub fn snapshot(&self, now: DateTime<Utc>) -> ConnectionStats {
        let info = self.info().clone();
        ConnectionStats {
            connection_id: self.connection_id,
            replication_set: info.replication_set,
            target_name: info.target_name,
            con_peer_address: info.con_peer_address,
            connect_time: info.connect_time,
            con_state: info.con_state,
            con_ops_in_cmd_queue: self.con_ops_in_cmd_queue.get(),
            con_ops_in_ack_queue: self.con_ops_in_ack_queue.get(),
            con_ops_in_rep_queue: self.con_ops_in_rep_queue.get(),
            con_ops_in_mir_queue: self.con_ops_in_mir_queue.get(),
            con_bytes_in_rep_queue: self.con_bytes_in_rep_queue.get(),
            con_ops_tx: self.con_ops_tx.get(),
            con_bytes_in_mir_queue: self.con_bytes_in_mir_queue.get(),
            con_bytes_tx: self.con_bytes_tx.get(),
            con_bytes_compressed_tx: self.con_bytes_compressed_tx.get(),
            con_ops_rx: self.con_ops_rx.get(),
            con_bytes_rx: self.con_bytes_rx.get(),
            con_resent_op_count: self.con_resent_op_count.get(),
            con_bytes_in_disk_queue: self.con_bytes_in_disk_queue.get(),
            con_bandwidth_limit: self.con_bandwidth_limit.get(),
            con_bytes_skipped: self.con_bytes_skipped.get(),
            con_mirror_bytes_remaining: self.con_mirror_bytes_remaining.get(),
            con_mirror_percent: self.mirror_percent(),
            con_task_cmds_submitted: self.con_task_cmds_submitted.get(),
            con_task_cmds_queued: self.con_task_cmds_queued.get(),
            con_tasks_succeeded: self.con_tasks_succeeded.get(),
            con_tasks_failed: self.con_tasks_failed.get(),
            con_tasks_ignored: self.con_tasks_ignored.get(),
            con_rpt: info.con_rpt,
            con_rpl: self.con_rpl.get(),
            con_current_time: Some(now),
            con_mirror_start_time: info.con_mirror_start_time,
            con_mirror_end_time: info.con_mirror_end_time,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mirror_percent_stays_within_0_to_100() {
        let connection = ConnectionCounters::new(1, ConnectionInfo::default());
        connection.set_mirror_percent(42.5);
        assert_eq!(connection.mirror_percent(), 42.5);
        connection.set_mirror_percent(150.0);
        assert_eq!(connection.mirror_percent(), 100.0);
        connection.set_mirror_percent(-3.0);
        assert_eq!(connection.mirror_percent(), 0.0);
        connection.set_mirror_percent(f64::NAN);
        assert_eq!(connection.mirror_percent(), 0.0);
    }

    #[test]
    fn snapshot_carries_info_counters_and_current_time() {
        let info = ConnectionInfo {
            replication_set: "FilesAndFolders".into(),
            target_name: "BETA".into(),
            con_peer_address: "10.0.0.2".parse().unwrap(),
            ..ConnectionInfo::default()
        };
        let connection = ConnectionCounters::new(7, info);
        connection.set_state(ConState::Active);
        connection.con_bytes_tx.add(4096);
        connection.con_ops_in_rep_queue.set(3);
        let now = DateTime::from_timestamp_millis(1_700_000_000_000).unwrap();
        let stats = connection.snapshot(now);
        assert_eq!(stats.connection_id, 7);
        assert_eq!(stats.replication_set, "FilesAndFolders");
        assert_eq!(stats.target_name, "BETA");
        assert_eq!(stats.con_state, ConState::Active);
        assert_eq!(stats.con_bytes_tx, 4096);
        assert_eq!(stats.con_ops_in_rep_queue, 3);
        assert_eq!(stats.con_current_time, Some(now));
        assert_eq!(stats.connect_time, None);
    }
}
