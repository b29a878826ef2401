//! [`SourceConnection`]: the handle of one running source connection (one job).

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::thread;

use logparse::catalog::ErrorCode;
use tokio::task::JoinHandle;

use super::capture_driver;
use super::command::{MirrorCommand, MirrorKind};
use super::config::SourceConfig;
use super::driver::Driver;
use super::error::SourceError;
use super::shared::{DataStateSink, Shared};
use super::status::{ConnectionStatus, MirrorStatus, ReplicationStatus, TransmitMode};
use crate::event_log::EventLog;
use crate::replication::capture::Capture;
use crate::replication::queue::OpQueue;
use crate::stats::{ConnectionInfo, StatsModel};
use crate::EngineError;

/// Error 113 "Mirror already active".
const MIRROR_ALREADY_ACTIVE: ErrorCode = ErrorCode(113);
/// Error 117 "Mirror is not paused".
const MIRROR_NOT_PAUSED: ErrorCode = ErrorCode(117);
/// Error 118 "Connection is not paused".
const CONNECTION_NOT_PAUSED: ErrorCode = ErrorCode(118);
/// Error 121 "Mirror is not running".
const MIRROR_NOT_RUNNING: ErrorCode = ErrorCode(121);
/// Error 153 "Transmission is paused".
const TRANSMISSION_PAUSED: ErrorCode = ErrorCode(153);

/// One source connection: the capture thread queues the set's changes, a tokio task
/// sends mirrors and changes to the target and reconnects after losses.
///
/// Start it inside a tokio runtime; end it with [`stop`](SourceConnection::stop)
/// (dropping it also stops it, without waiting).
pub struct SourceConnection {
    shared: Arc<Shared>,
    driver: Option<JoinHandle<()>>,
    capture: Option<thread::JoinHandle<()>>,
}

impl SourceConnection {
    /// Opens the queue, starts the capture (before any mirror, so nothing changed
    /// during the mirror is missed), registers the connection's statistics and starts
    /// connecting; `first_mirror` runs as soon as the target welcomes us.
    /// `data_state` hears every change of Target Data State.
    pub fn start(
        config: SourceConfig,
        stats: Arc<StatsModel>,
        log: EventLog,
        data_state: DataStateSink,
        first_mirror: Option<MirrorKind>,
    ) -> Result<SourceConnection, SourceError> {
        let runtime = tokio::runtime::Handle::try_current().map_err(|_| SourceError::NoRuntime)?;
        let queue = OpQueue::open(
            config.queue.clone(),
            &format!("connection-{}", config.job.connection_id),
        )?;
        let capture = Capture::start(&config.job.set, config.capture.clone())?;
        let counters = stats.register_connection(
            config.job.connection_id,
            ConnectionInfo {
                replication_set: config.job.set.name().to_string(),
                target_name: config.job.target_name.clone(),
                con_peer_address: config.job.target_addr.ip(),
                ..ConnectionInfo::default()
            },
        );
        let shared = Arc::new(Shared::new(config, queue, counters, stats, log, data_state));
        {
            let mut state = shared.lock();
            state.mirror_request = first_mirror;
            state.walked_size = first_mirror.map(|_| capture.set_bytes());
        }
        let capture =
            capture_driver::spawn(Arc::clone(&shared), capture).map_err(SourceError::Thread)?;
        let driver = runtime.spawn(Driver::new(Arc::clone(&shared)).run());
        Ok(SourceConnection {
            shared,
            driver: Some(driver),
            capture: Some(capture),
        })
    }

    /// Starts, pauses, resumes or stops the mirror (events 4019–4022; 4023 when a
    /// mirror completes). Errors: 113 a mirror is already active, 121 no mirror is
    /// running, 117 the mirror is not paused.
    pub fn mirror(&self, command: MirrorCommand) -> Result<(), EngineError> {
        let not_running = || EngineError::new(MIRROR_NOT_RUNNING, self.name());
        let mut state = self.shared.lock();
        let running = state.mirror_phase == MirrorStatus::InProgress;
        match command {
            MirrorCommand::Start(kind) => {
                if running || state.mirror_request.is_some() {
                    return Err(EngineError::new(MIRROR_ALREADY_ACTIVE, self.name()));
                }
                state.mirror_request = Some(kind);
            }
            MirrorCommand::Pause => {
                if !running {
                    return Err(not_running());
                }
                if !state.mirror_user_paused {
                    state.mirror_user_paused = true;
                    drop(state);
                    self.shared.connection_event(4020);
                }
            }
            MirrorCommand::Resume => {
                if !running || !state.mirror_user_paused {
                    return Err(EngineError::new(MIRROR_NOT_PAUSED, self.name()));
                }
                state.mirror_user_paused = false;
                drop(state);
                self.shared.connection_event(4021);
            }
            MirrorCommand::Stop => {
                if running {
                    state.mirror_stop_request = true;
                } else if state.mirror_request.take().is_none() {
                    return Err(not_running());
                }
            }
        }
        self.shared.wake.notify_one();
        Ok(())
    }

    /// Pauses transmission (conState 2 Paused, event 4015): nothing but keep-alives
    /// goes to the target; capture and queueing go on. Error 153 when already paused.
    pub fn pause_transmission(&self) -> Result<(), EngineError> {
        {
            let mut state = self.shared.lock();
            if state.transmission_paused {
                return Err(EngineError::new(TRANSMISSION_PAUSED, self.name()));
            }
            state.transmission_paused = true;
            self.shared.publish_con_state(&state);
        }
        self.shared.log.record(4015, &[]);
        Ok(())
    }

    /// Resumes transmission (conState 1 Active, event 4014): what was queued meanwhile
    /// follows. Error 118 when not paused.
    pub fn resume_transmission(&self) -> Result<(), EngineError> {
        {
            let mut state = self.shared.lock();
            if !state.transmission_paused {
                return Err(EngineError::new(CONNECTION_NOT_PAUSED, self.name()));
            }
            state.transmission_paused = false;
            self.shared.publish_con_state(&state);
        }
        self.shared.log.record(4014, &[]);
        self.shared.wake.notify_one();
        Ok(())
    }

    /// How the connection stands now.
    pub fn status(&self) -> ConnectionStatus {
        let counters = &self.shared.counters;
        let now = chrono::Utc::now();
        let con_state = counters.info().con_state.value();
        let state = self.shared.lock();
        let ops_in_ack_queue = counters.con_ops_in_ack_queue.get();
        let mirror_status = match state.mirror_phase {
            MirrorStatus::InProgress if state.mirror_user_paused || state.mirror_target_paused => {
                MirrorStatus::Paused
            }
            MirrorStatus::InProgress if self.shared.calculating.load(Ordering::Relaxed) => {
                MirrorStatus::Calculating
            }
            phase => phase,
        };
        let replication_status = if !state.capturing {
            ReplicationStatus::Stopped
        } else if !state.queue.is_empty() && state.mirror_phase == MirrorStatus::InProgress {
            ReplicationStatus::Pending
        } else if !state.queue.is_empty() || ops_in_ack_queue > 0 {
            ReplicationStatus::Replicating
        } else {
            ReplicationStatus::Ready
        };
        let transmit_mode = if state.link_failed {
            TransmitMode::Error
        } else if state.transmission_paused {
            TransmitMode::Paused
        } else if state.connected {
            TransmitMode::Active
        } else {
            TransmitMode::Stopped
        };
        ConnectionStatus {
            connection_id: self.shared.config.job.connection_id,
            con_state: u32::try_from(con_state).unwrap_or(u32::MAX),
            transmit_mode,
            mirror_status,
            replication_status,
            target_status: state.target_status,
            target_data_state: state.data_state,
            ops_in_rep_queue: state.queue.len(),
            bytes_in_rep_queue: state.queue.bytes(),
            bytes_in_disk_queue: state.queue.disk_bytes(),
            ops_in_ack_queue,
            mirror_percent: counters.mirror_percent(),
            mirror_bytes_remaining: counters.con_mirror_bytes_remaining.get(),
            ops_tx: counters.con_ops_tx.get(),
            bytes_tx: counters.con_bytes_tx.get(),
            resent_ops: counters.con_resent_op_count.get(),
            rpl_seconds: state.rpo.lag_seconds(now),
        }
    }

    /// Tests: makes the capture report a lost-events overflow, as IN_Q_OVERFLOW.
    pub fn inject_capture_overflow(&self) {
        self.shared.inject_overflow.store(true, Ordering::Relaxed);
    }

    /// Stops the connection: says goodbye to the target (event 4017), ends the
    /// capture, removes the queue's journal files and the connection's statistics.
    pub async fn stop(mut self) {
        self.shared.stopping.store(true, Ordering::Relaxed);
        self.shared.wake.notify_one();
        if let Some(driver) = self.driver.take() {
            // A driver that panicked has nothing left to stop.
            let _ = driver.await;
        }
        if let Some(capture) = self.capture.take() {
            let _ = tokio::task::spawn_blocking(move || capture.join()).await;
        }
        {
            let mut state = self.shared.lock();
            state.capturing = false;
            if let Err(err) = state.clear_queue() {
                drop(state);
                self.shared.warn(&format!(
                    "{}: cannot remove the queue's files: {err}",
                    self.name()
                ));
            }
        }
        self.shared
            .stats
            .unregister_connection(self.shared.config.job.connection_id);
    }

    /// "Replication Set S to T, ID: n", for error details.
    fn name(&self) -> String {
        let config = &self.shared.config;
        format!(
            "Replication Set {} to {}, ID: {}",
            config.job.set.name(),
            config.job.target_name,
            config.job.connection_id
        )
    }
}

impl Drop for SourceConnection {
    fn drop(&mut self) {
        self.shared.stopping.store(true, Ordering::Relaxed);
        self.shared.wake.notify_one();
    }
}
