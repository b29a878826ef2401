//! [`Shared`]: what the handle, the capture thread, the mirror thread and the
//! connection task of one source connection share: one small lock over the queue and
//! the states, a wake-up for the connection task, and the statistics and log.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use chrono::Utc;
use logparse::dtl::Severity;
use logparse::sts::ConState;
use tokio::sync::Notify;

use super::command::MirrorKind;
use super::config::SourceConfig;
use super::rpo::RecoveryPoint;
use super::status::{MirrorStatus, TargetStatus};
use crate::event_log::EventLog;
use crate::jobs::TargetDataState;
use crate::replication::mirror::MirrorCounters;
use crate::replication::queue::{OpQueue, QueueError};
use crate::stats::{ConnectionCounters, StatsModel};

/// Where Target Data State changes go (the job keeps it).
pub type DataStateSink = Arc<dyn Fn(TargetDataState) + Send + Sync>;

/// The states behind [`Shared`]'s lock; every field changes rarely or cheaply.
pub(super) struct State {
    /// Replication operations captured and not yet sent.
    pub queue: OpQueue,
    /// Capture times of the replication operations not yet acknowledged.
    pub rpo: RecoveryPoint,
    /// Transmission paused by the user (conState 2).
    pub transmission_paused: bool,
    /// A session with the target is open.
    pub connected: bool,
    /// The target refused us, or the link was lost without AutoReconnect.
    pub link_failed: bool,
    /// Idle, In Progress (shown Paused while held back), Waiting or Stopped.
    pub mirror_phase: MirrorStatus,
    /// The user paused the running mirror.
    pub mirror_user_paused: bool,
    /// The target asked for mirror operations to be held back (PauseMirror).
    pub mirror_target_paused: bool,
    /// A mirror to start as soon as the connection task can.
    pub mirror_request: Option<MirrorKind>,
    /// The total length of the set's regular files found by the capture's walk when
    /// the connection started, for the first mirror to measure against (taken by it).
    pub walked_size: Option<u64>,
    /// The user stopped the running mirror.
    pub mirror_stop_request: bool,
    /// Target Status as the target last reported it.
    pub target_status: TargetStatus,
    /// Target Data State, once known.
    pub data_state: Option<TargetDataState>,
    /// Something made the replica differ since the last mirror started.
    pub mirror_required: bool,
    /// The capture thread is running.
    pub capturing: bool,
}

impl State {
    /// Empties the replication queue for a mirror that replaces what it held.
    pub fn clear_queue(&mut self) -> Result<(), QueueError> {
        let before = self.queue.len();
        let cleared = self.queue.clear();
        self.rpo.withdrawn(before.saturating_sub(self.queue.len()));
        cleared
    }
}

/// The parts of one source connection every thread and task reaches.
pub(super) struct Shared {
    /// The connection's configuration.
    pub config: SourceConfig,
    /// Its Connection statistics.
    pub counters: Arc<ConnectionCounters>,
    /// The engine's statistics (Kernel and Source sections).
    pub stats: Arc<StatsModel>,
    /// The engine log.
    pub log: EventLog,
    /// The running (or last) mirror's counters.
    pub mirror_counters: Arc<MirrorCounters>,
    /// Wakes the connection task: operations queued, a command, a stop.
    pub wake: Notify,
    /// The connection is stopping.
    pub stopping: AtomicBool,
    /// Tests: the capture is to report an overflow.
    pub inject_overflow: AtomicBool,
    /// The mirror's plan is calculating the set's size (Mirror Status "Calculating").
    pub calculating: AtomicBool,
    data_state_sink: DataStateSink,
    state: Mutex<State>,
}

impl Shared {
    /// Shared parts around `queue`, nothing running yet.
    pub fn new(
        config: SourceConfig,
        queue: OpQueue,
        counters: Arc<ConnectionCounters>,
        stats: Arc<StatsModel>,
        log: EventLog,
        data_state_sink: DataStateSink,
    ) -> Shared {
        Shared {
            config,
            counters,
            stats,
            log,
            mirror_counters: Arc::new(MirrorCounters::default()),
            wake: Notify::new(),
            stopping: AtomicBool::new(false),
            inject_overflow: AtomicBool::new(false),
            calculating: AtomicBool::new(false),
            data_state_sink,
            state: Mutex::new(State {
                queue,
                rpo: RecoveryPoint::default(),
                transmission_paused: false,
                connected: false,
                link_failed: false,
                mirror_phase: MirrorStatus::Idle,
                mirror_user_paused: false,
                mirror_target_paused: false,
                mirror_request: None,
                walked_size: None,
                mirror_stop_request: false,
                target_status: TargetStatus::Unknown,
                data_state: None,
                mirror_required: false,
                capturing: true,
            }),
        }
    }

    /// The states, locked (never held across an await or a file read).
    pub fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Whether the connection is stopping.
    pub fn stopping(&self) -> bool {
        self.stopping.load(Ordering::Relaxed)
    }

    /// Whether a mirror is asked for, running, or waiting for its last acknowledgements.
    pub fn mirror_busy(&self) -> bool {
        let state = self.lock();
        state.mirror_request.is_some()
            || matches!(
                state.mirror_phase,
                MirrorStatus::InProgress | MirrorStatus::Waiting
            )
    }

    /// Sets Target Data State and tells the job when it changed.
    pub fn set_data_state(&self, new: TargetDataState) {
        let changed = {
            let mut state = self.lock();
            let changed = state.data_state != Some(new);
            state.data_state = Some(new);
            changed
        };
        if changed {
            (self.data_state_sink)(new);
        }
    }

    /// The replica no longer matches the source: logs `why` and shows "Mirror Required".
    pub fn mirror_required(&self, why: &str) {
        self.warn(&format!(
            "Replication Set {} to {}, ID: {}: a mirror is required: {why}",
            self.config.job.set.name(),
            self.config.job.target_name,
            self.config.job.connection_id
        ));
        self.lock().mirror_required = true;
        self.set_data_state(TargetDataState::MirrorRequired);
    }

    /// Logs an alert line without a catalogue ID.
    pub fn warn(&self, text: &str) {
        if let Err(err) = self.log.message(Severity::Alert, 0, text) {
            eprintln!("dtengine: cannot write to the engine log: {err}");
        }
    }

    /// Logs catalogue event `id` whose arguments are target name, target address,
    /// set and connection ID (4016, 4017, 4019–4021).
    pub fn connection_event(&self, id: u32) {
        let ip = self.config.job.target_addr.ip().to_string();
        let con = self.config.job.connection_id.to_string();
        self.log.record(
            id,
            &[
                &self.config.job.target_name,
                &ip,
                self.config.job.set.name(),
                &con,
            ],
        );
    }

    /// Logs reconnection event `id` whose arguments are set, target name and target
    /// address (4009–4011).
    pub fn reconnect_event(&self, id: u32) {
        let ip = self.config.job.target_addr.ip().to_string();
        self.log.record(
            id,
            &[
                self.config.job.set.name(),
                &self.config.job.target_name,
                &ip,
            ],
        );
    }

    /// Sets conState from the states.
    pub fn publish_con_state(&self, state: &State) {
        let con_state = if state.link_failed {
            ConState::Error
        } else if state.transmission_paused {
            ConState::Paused
        } else if state.connected {
            ConState::Active
        } else {
            ConState::None
        };
        self.counters.set_state(con_state);
    }

    /// Sets the queue statistics (conOpsInRepQueue, conBytesInRepQueue,
    /// conBytesInDiskQueue) from the queue.
    pub fn publish_queue(&self, state: &State) {
        self.counters.con_ops_in_rep_queue.set(state.queue.len());
        self.counters
            .con_bytes_in_rep_queue
            .set(state.queue.bytes());
        self.counters
            .con_bytes_in_disk_queue
            .set(state.queue.disk_bytes());
    }

    /// Sets ConRPT and ConRPL from the recovery point.
    pub fn publish_rpo(&self) {
        let now = Utc::now();
        let (point, lag) = {
            let state = self.lock();
            (state.rpo.point(now), state.rpo.lag_seconds(now))
        };
        self.counters.info().con_rpt = Some(point);
        self.counters.con_rpl.set(lag);
    }
}
