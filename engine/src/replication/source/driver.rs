//! The connection task: connects, sends (resends first, then the mirror, then
//! replication), takes acknowledgements and the target's notices, keeps the link
//! alive, and reconnects after a loss.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use tokio::net::tcp::OwnedWriteHalf;
use tokio::sync::{mpsc, watch};
use tokio::time::Instant;

use super::ack_queue::AckQueue;
use super::command::MirrorKind;
use super::mirror_run::{MirrorRun, Next};
use super::session::{self, Incoming, OpenError, ReaderTask, Session};
use super::shared::Shared;
use super::status::{MirrorStatus, TargetStatus};
use crate::jobs::TargetDataState;
use crate::replication::protocol::{FrameError, FrameWriter, KeepAlive, Message};
use crate::replication::OpOrigin;

/// How often statistics (ConRPT/ConRPL, mirror progress) are refreshed while idle.
const STATS_INTERVAL: Duration = Duration::from_secs(1);

/// How long a stopping connection waits to say goodbye.
const GOODBYE_WAIT: Duration = Duration::from_secs(2);

/// How a session ended.
enum SessionEnd {
    /// The connection is stopping.
    Stopped,
    /// The link was lost, and why.
    Lost(String),
}

/// The mirror counters as last added to the statistics.
#[derive(Debug, Default, Clone, Copy)]
struct MirrorPublished {
    ops: u64,
    bytes: u64,
    skipped: u64,
    failures: u64,
}

/// The connection task's own state: nothing here is shared.
pub(super) struct Driver {
    shared: Arc<Shared>,
    acks: AckQueue,
    mirror: Option<MirrorRun>,
    /// The last sequence number of a mirror whose plan is done, until acknowledged.
    mirror_tail: Option<u64>,
    /// The highest sequence number the target has acknowledged.
    acked_up_to: u64,
    /// `ListReplica`s sent on this session whose `ReplicaListed` has not come: the
    /// target answers them in order, so entries belong to the running mirror only
    /// while its own request is the one outstanding.
    listings_outstanding: u32,
    published: MirrorPublished,
    /// A session was opened before: later ones resume the stream.
    established: bool,
}

impl Driver {
    /// The task of `shared`'s connection, not yet running.
    pub fn new(shared: Arc<Shared>) -> Driver {
        Driver {
            shared,
            acks: AckQueue::default(),
            mirror: None,
            mirror_tail: None,
            acked_up_to: 0,
            listings_outstanding: 0,
            published: MirrorPublished::default(),
            established: false,
        }
    }

    /// Runs until the connection stops.
    pub async fn run(mut self) {
        let mut reconnecting = false;
        let mut failures_logged = false;
        while !self.shared.stopping() {
            if reconnecting {
                self.shared.reconnect_event(4009);
            }
            let resume = self.established;
            let opened = tokio::select! {
                opened = session::open(&self.shared.config, &self.shared.counters, resume) => opened,
                () = until_stopping(&self.shared) => break,
            };
            match opened {
                Ok(session) => {
                    if reconnecting {
                        self.shared.reconnect_event(4010);
                        self.shared.stats.source.auto_reconnects.inc();
                    }
                    self.established = true;
                    failures_logged = false;
                    match self.serve(session).await {
                        SessionEnd::Stopped => break,
                        SessionEnd::Lost(reason) => {
                            self.shared
                                .warn(&self.about(&format!("connection lost: {reason}")));
                            self.shared.stats.source.auto_disconnects.inc();
                            if !self.shared.config.auto_reconnect {
                                self.link_failed().await;
                                break;
                            }
                            reconnecting = true;
                        }
                    }
                }
                Err(OpenError::Refused(refused)) => {
                    self.shared.warn(&self.about(&format!(
                        "the target refused the connection: error {}: {}",
                        refused.code, refused.reason
                    )));
                    self.link_failed().await;
                    break;
                }
                Err(OpenError::Failed(reason)) => {
                    if reconnecting {
                        self.shared.reconnect_event(4011);
                    } else if !failures_logged {
                        self.shared.warn(&self.about(&reason));
                        failures_logged = true;
                    }
                }
            }
            self.idle(Some(self.shared.config.network_retry)).await;
        }
        if self.mirror.take().is_some() {
            self.stopped_event("the connection was stopped");
        }
    }

    /// "Replication Set S to T, ID: n: what".
    fn about(&self, what: &str) -> String {
        let config = &self.shared.config;
        format!(
            "Replication Set {} to {} ({}), ID: {}: {what}",
            config.set.name(),
            config.target_name,
            config.target_addr,
            config.connection_id
        )
    }

    /// No more sessions: conState Error until the connection stops.
    async fn link_failed(&mut self) {
        {
            let mut state = self.shared.lock();
            state.link_failed = true;
            self.shared.publish_con_state(&state);
        }
        self.idle(None).await;
    }

    /// Waits `wait` (or until stopping when `None`), keeping the statistics fresh.
    async fn idle(&mut self, wait: Option<Duration>) {
        let deadline = wait.map(|wait| Instant::now() + wait);
        let shared = Arc::clone(&self.shared);
        while !shared.stopping() {
            self.publish_stats();
            let now = Instant::now();
            if deadline.is_some_and(|deadline| now >= deadline) {
                return;
            }
            let next = deadline.map_or(now + STATS_INTERVAL, |d| d.min(now + STATS_INTERVAL));
            tokio::select! {
                () = shared.wake.notified() => {}
                () = tokio::time::sleep_until(next) => {}
            }
        }
    }

    /// One session, from the target's welcome to its end.
    async fn serve(&mut self, session: Session) -> SessionEnd {
        let Session {
            reader,
            mut writer,
            last_applied,
        } = session;
        self.acks.rewind();
        self.listings_outstanding = 0;
        self.on_ack(last_applied);
        {
            let mut state = self.shared.lock();
            state.connected = true;
            state.target_status = TargetStatus::Ok;
            self.shared.publish_con_state(&state);
        }
        {
            let mut info = self.shared.counters.info();
            info.connect_time = Some(Utc::now());
            info.con_peer_address = self.shared.config.target_addr.ip();
        }
        self.shared.connection_event(4016);
        let timeout = self.shared.config.network_timeout;
        let mut reader = session::spawn_reader(reader, timeout, Arc::clone(&self.shared.counters));
        let mut keep_alive = KeepAlive::new(timeout);
        let end = self
            .converse(&mut writer, &mut reader, &mut keep_alive)
            .await;
        if matches!(end, SessionEnd::Stopped) {
            let goodbye = async {
                writer
                    .send(&Message::Goodbye {
                        reason: "connection stopped".into(),
                    })
                    .await?;
                writer.shutdown().await
            };
            // A target that does not read in time gets a closed socket instead.
            let _ = tokio::time::timeout(GOODBYE_WAIT, goodbye).await;
        }
        reader.handle.abort();
        if let Some(run) = &mut self.mirror {
            run.listing_ended();
        }
        {
            let mut state = self.shared.lock();
            state.connected = false;
            state.target_status = TargetStatus::Unknown;
            self.shared.publish_con_state(&state);
        }
        self.shared.connection_event(4017);
        end
    }

    /// The exchange of one session: reads what arrived, sends what may go, sleeps.
    async fn converse(
        &mut self,
        writer: &mut FrameWriter<OwnedWriteHalf>,
        reader: &mut ReaderTask,
        keep_alive: &mut KeepAlive,
    ) -> SessionEnd {
        let shared = Arc::clone(&self.shared);
        loop {
            if shared.stopping() {
                return SessionEnd::Stopped;
            }
            loop {
                match reader.incoming.try_recv() {
                    Ok(incoming) => {
                        if let Err(end) = self.take(incoming, writer, reader, keep_alive).await {
                            return end;
                        }
                    }
                    Err(mpsc::error::TryRecvError::Empty) => break,
                    Err(mpsc::error::TryRecvError::Disconnected) => {
                        return SessionEnd::Lost("the reader ended".into())
                    }
                }
            }
            self.stop_mirror_if_asked();
            match guarded(&mut reader.lost, self.pump(writer)).await {
                Ok(true) => keep_alive.sent(),
                Ok(false) => {}
                Err(reason) => return SessionEnd::Lost(reason),
            }
            if keep_alive.send_due() {
                if let Err(reason) = self
                    .send_now(writer, &mut reader.lost, &Message::KeepAlive)
                    .await
                {
                    return SessionEnd::Lost(reason);
                }
                keep_alive.sent();
            }
            self.publish_stats();
            let now = Instant::now();
            let next = Instant::from_std(keep_alive.next_deadline()).min(now + STATS_INTERVAL);
            let arrived = tokio::select! {
                incoming = reader.incoming.recv() => Some(incoming),
                () = shared.wake.notified() => None,
                () = tokio::time::sleep_until(next) => None,
            };
            match arrived {
                Some(Some(incoming)) => {
                    if let Err(end) = self.take(incoming, writer, reader, keep_alive).await {
                        return end;
                    }
                }
                Some(None) => return SessionEnd::Lost("the reader ended".into()),
                None => {}
            }
        }
    }

    /// Handles one thing from the reader task.
    async fn take(
        &mut self,
        incoming: Incoming,
        writer: &mut FrameWriter<OwnedWriteHalf>,
        reader: &mut ReaderTask,
        keep_alive: &mut KeepAlive,
    ) -> Result<(), SessionEnd> {
        match incoming {
            Incoming::Lost(reason) => Err(SessionEnd::Lost(reason)),
            Incoming::Message(message) => {
                keep_alive.received();
                self.on_message(message, writer, &mut reader.lost)
                    .await
                    .map_err(SessionEnd::Lost)
            }
        }
    }

    /// Writes and flushes `message` at once, counted in conBytesTx.
    async fn send_now(
        &self,
        writer: &mut FrameWriter<OwnedWriteHalf>,
        lost: &mut watch::Receiver<bool>,
        message: &Message,
    ) -> Result<(), String> {
        let len = guarded(lost, writer.send(message)).await?;
        self.shared.counters.con_bytes_tx.add(len as u64);
        Ok(())
    }

    /// Acts on a message from the target; `Err` ends the session.
    async fn on_message(
        &mut self,
        message: Message,
        writer: &mut FrameWriter<OwnedWriteHalf>,
        lost: &mut watch::Receiver<bool>,
    ) -> Result<(), String> {
        match message {
            Message::Ack { up_to_seq } => self.on_ack(up_to_seq),
            Message::KeepAlive => self.send_now(writer, lost, &Message::KeepAliveAck).await?,
            Message::KeepAliveAck => {}
            Message::TargetPaused => self.shared.lock().target_status = TargetStatus::Paused,
            Message::TargetResumed => self.shared.lock().target_status = TargetStatus::Ok,
            Message::PauseMirror => self.shared.lock().mirror_target_paused = true,
            Message::ResumeMirror => self.shared.lock().mirror_target_paused = false,
            Message::ReplicaEntries(entries) => {
                if let (Some(run), 1) = (&self.mirror, self.listings_outstanding) {
                    run.replica_entries(entries);
                }
            }
            Message::ReplicaListed => {
                self.listings_outstanding = self.listings_outstanding.saturating_sub(1);
                if let (Some(run), 0) = (&mut self.mirror, self.listings_outstanding) {
                    run.listing_ended();
                }
            }
            Message::OpDropped { seq, reason } => self
                .shared
                .mirror_required(&format!("the target discarded operation {seq}: {reason}")),
            Message::Goodbye { reason } => {
                return Err(format!("the target ended the session: {reason}"))
            }
            Message::Hello(_)
            | Message::Welcome(_)
            | Message::Refused(_)
            | Message::Op(_)
            | Message::ListReplica { .. } => {
                return Err("the target sent a message out of turn".into())
            }
        }
        Ok(())
    }

    /// Releases what the target has applied up to `up_to_seq`.
    fn on_ack(&mut self, up_to_seq: u64) {
        let released = self.acks.acknowledge(up_to_seq);
        self.acked_up_to = self.acked_up_to.max(up_to_seq);
        self.shared
            .counters
            .con_ops_in_ack_queue
            .set(self.acks.len() as u64);
        if released.replication > 0 {
            self.shared.lock().rpo.done(released.replication);
        }
        if self
            .mirror_tail
            .is_some_and(|tail| self.acked_up_to >= tail)
        {
            self.mirror_tail = None;
            self.mirror_completed();
        }
    }

    /// Sends what may go now: resends, a mirror starting, mirror operations, and (with
    /// no mirror running) replication operations, until the window is full or nothing
    /// is ready; flushes if anything was written.
    async fn pump(&mut self, writer: &mut FrameWriter<OwnedWriteHalf>) -> Result<bool, FrameError> {
        let mut wrote = false;
        loop {
            if self.shared.lock().transmission_paused {
                break;
            }
            if let Some(entry) = self.acks.next_unsent() {
                let len = writer.write(&entry.message).await? as u64;
                if self.acks.mark_sent(len) {
                    self.shared.counters.con_resent_op_count.inc();
                }
                self.shared.counters.con_ops_tx.inc();
                self.shared.counters.con_bytes_tx.add(len);
                wrote = true;
                continue;
            }
            if self.acks.in_flight() >= self.shared.config.window_bytes {
                break;
            }
            let request = self.shared.lock().mirror_request.take();
            if let Some(kind) = request {
                self.start_mirror(kind, writer).await?;
                wrote = true;
                continue;
            }
            if let Some(run) = &mut self.mirror {
                let held = {
                    let state = self.shared.lock();
                    state.mirror_user_paused || state.mirror_target_paused
                };
                if held {
                    break;
                }
                match run.next() {
                    Next::Op(op) => {
                        self.acks.push(OpOrigin::Mirror, op);
                        continue;
                    }
                    Next::Empty => break,
                    Next::Finished => {
                        self.mirror_plan_finished();
                        continue;
                    }
                }
            }
            let popped = {
                let mut state = self.shared.lock();
                let popped = state.queue.pop();
                self.shared.publish_queue(&state);
                popped
            };
            match popped {
                Ok(Some(op)) => {
                    self.acks.push(OpOrigin::Replication, op);
                }
                Ok(None) => break,
                Err(err) => {
                    self.queue_unreadable(&err.to_string());
                    break;
                }
            }
        }
        self.shared
            .counters
            .con_ops_in_ack_queue
            .set(self.acks.len() as u64);
        if wrote {
            writer.flush().await?;
        }
        Ok(wrote)
    }

    /// The queue lost operations: the replica needs a mirror (AutoRemirror decides
    /// whether one starts).
    fn queue_unreadable(&mut self, err: &str) {
        if let Some(kind) = MirrorKind::for_auto_remirror(self.shared.config.auto_remirror) {
            let mut state = self.shared.lock();
            if let Err(err) = state.clear_queue() {
                self.shared
                    .warn(&self.about(&format!("cannot clear the replication queue: {err}")));
            }
            state.mirror_request = Some(kind);
            self.shared.publish_queue(&state);
        }
        self.shared
            .mirror_required(&format!("the replication queue cannot be read: {err}"));
    }

    /// Starts a `kind` mirror (replacing one in progress); a difference mirror first
    /// asks the target for its listing.
    async fn start_mirror(
        &mut self,
        kind: MirrorKind,
        writer: &mut FrameWriter<OwnedWriteHalf>,
    ) -> Result<(), FrameError> {
        if self.mirror.take().is_some() {
            self.stopped_event("replaced by a new mirror");
        }
        self.mirror_tail = None;
        let (run, roots) = match MirrorRun::start(&self.shared, kind) {
            Ok(started) => started,
            Err(err) => {
                self.shared.lock().mirror_phase = MirrorStatus::Stopped;
                self.shared
                    .mirror_required(&format!("cannot start a mirror thread: {err}"));
                return Ok(());
            }
        };
        {
            let mut state = self.shared.lock();
            state.mirror_phase = MirrorStatus::InProgress;
            state.mirror_user_paused = false;
            state.mirror_required = false;
        }
        self.published = MirrorPublished::default();
        self.shared.stats.kernel.mir_ops_generated.set(0);
        self.shared.stats.kernel.mir_bytes_generated.set(0);
        {
            let mut info = self.shared.counters.info();
            info.con_mirror_start_time = Some(Utc::now());
            info.con_mirror_end_time = None;
        }
        self.shared.set_data_state(TargetDataState::Mirroring);
        self.shared.connection_event(4019);
        self.mirror = Some(run);
        if let Some(roots) = roots {
            let len = writer.write(&Message::ListReplica { roots }).await?;
            self.shared.counters.con_bytes_tx.add(len as u64);
            self.listings_outstanding += 1;
        }
        Ok(())
    }

    /// The plan has handed over its last operation: the mirror waits for the target.
    fn mirror_plan_finished(&mut self) {
        self.mirror = None;
        self.shared.lock().mirror_phase = MirrorStatus::Waiting;
        self.publish_stats();
        if self.acked_up_to >= self.acks.last_seq() {
            self.mirror_completed();
        } else {
            self.mirror_tail = Some(self.acks.last_seq());
        }
    }

    /// The target has applied the whole mirror: event 4023, Target Data State OK
    /// (unless something made the replica differ meanwhile).
    fn mirror_completed(&mut self) {
        let required = {
            let mut state = self.shared.lock();
            state.mirror_phase = MirrorStatus::Idle;
            state.mirror_required
        };
        self.shared.counters.info().con_mirror_end_time = Some(Utc::now());
        self.publish_stats();
        let progress = self.shared.mirror_counters.progress();
        let config = &self.shared.config;
        let ip = format!("({})", config.target_addr.ip());
        let summary = format!(
            "{} operations, {} bytes sent, {} bytes skipped",
            progress.ops_generated, progress.bytes_generated, progress.bytes_skipped
        );
        self.shared.log.record(
            4023,
            &[
                &config.target_name,
                &ip,
                config.set.name(),
                &config.connection_id.to_string(),
                &summary,
            ],
        );
        self.shared.set_data_state(if required {
            TargetDataState::MirrorRequired
        } else {
            TargetDataState::Ok
        });
    }

    /// Abandons the running mirror when the user asked for it (event 4022).
    fn stop_mirror_if_asked(&mut self) {
        let asked = std::mem::take(&mut self.shared.lock().mirror_stop_request);
        if asked && self.mirror.take().is_some() {
            {
                let mut state = self.shared.lock();
                state.mirror_phase = MirrorStatus::Stopped;
                state.mirror_required = true;
            }
            self.stopped_event("stopped by the user");
            self.shared.set_data_state(TargetDataState::MirrorRequired);
        }
    }

    /// Logs event 4022 (a mirror stopped) with `why`.
    fn stopped_event(&self, why: &str) {
        let config = &self.shared.config;
        self.shared.log.record(
            4022,
            &[
                &config.target_name,
                config.set.name(),
                &config.connection_id.to_string(),
                why,
            ],
        );
    }

    /// Refreshes ConRPT/ConRPL and the mirror's statistics.
    fn publish_stats(&mut self) {
        self.shared.publish_rpo();
        let counters = &self.shared.counters;
        let progress = self.shared.mirror_counters.progress();
        counters
            .con_mirror_bytes_remaining
            .set(progress.bytes_remaining().unwrap_or(0));
        counters.set_mirror_percent(progress.percent().unwrap_or(0.0));
        let kernel = &self.shared.stats.kernel;
        let last = self.published;
        counters
            .con_bytes_skipped
            .add(progress.bytes_skipped.saturating_sub(last.skipped));
        kernel
            .mir_ops_generated
            .add(progress.ops_generated.saturating_sub(last.ops));
        kernel
            .mir_bytes_generated
            .add(progress.bytes_generated.saturating_sub(last.bytes));
        kernel
            .failed_mirror_count
            .add(progress.read_failures.saturating_sub(last.failures));
        self.published = MirrorPublished {
            ops: progress.ops_generated,
            bytes: progress.bytes_generated,
            skipped: progress.bytes_skipped,
            failures: progress.read_failures,
        };
    }
}

/// Returns once the connection is stopping.
async fn until_stopping(shared: &Shared) {
    while !shared.stopping() {
        shared.wake.notified().await;
    }
}

/// Runs `work` (a write) unless the session is lost first: a write blocked on a
/// target that stopped reading is abandoned, with the connection.
async fn guarded<T>(
    lost: &mut watch::Receiver<bool>,
    work: impl Future<Output = Result<T, FrameError>>,
) -> Result<T, String> {
    tokio::select! {
        result = work => result.map_err(|err| format!("cannot send to the target: {err}")),
        _ = lost.wait_for(|lost| *lost) => Err("the connection was lost".into()),
    }
}
