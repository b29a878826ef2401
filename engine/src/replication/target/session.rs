//! One source's session on the target: the handshake, then three parties joined by
//! channels — this task reading the socket into the queue, the applier thread
//! ([`ApplyLoop`]) draining it, and the writer task ([`write_loop`]) answering — so
//! that none of them can stall another's work on the socket.

use std::net::SocketAddr;
use std::sync::Arc;

use logparse::catalog::ErrorCode;
use logparse::dtl::Severity;
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::net::TcpStream;
use tokio::sync::{mpsc, oneshot, watch};
use tokio::task::JoinHandle;
use tokio::time::Instant;

use super::apply_loop::{ApplyEnd, ApplyLoop};
use super::config::TargetConfig;
use super::control::TargetControl;
use super::handshake::{self, INVALID_PATH};
use super::inbound::{self, Inbound};
use super::queue::{Item, Pushed, TargetQueue};
use super::session_end::SessionEnd;
use super::session_entry::SessionEntry;
use super::writer::{write_loop, Outgoing};
use crate::event_log::EventLog;
use crate::replication::apply::{Applier, ApplyError};
use crate::replication::protocol::{
    FrameError, FrameReader, FrameWriter, Hello, KeepAlive, Message, Refused, Welcome,
};
use crate::stats::{StatsModel, TargetCounters};

/// Answers the applier thread may have waiting for the writer.
const ANSWERS_IN_FLIGHT: usize = 16;

/// The reason a replaced session's source is given.
const REPLACED: &str = "replaced by a newer connection of the same source and replication set";

/// What every session of one server shares.
#[derive(Clone)]
pub(super) struct SessionContext {
    /// The server's configuration.
    pub(super) config: Arc<TargetConfig>,
    /// The engine's statistics.
    pub(super) stats: Arc<StatsModel>,
    /// The engine log.
    pub(super) log: EventLog,
    /// Pause state and the registry of sessions.
    pub(super) control: TargetControl,
    /// Set when the server shuts down.
    pub(super) shutdown: watch::Receiver<bool>,
}

/// Serves one accepted connection from `peer` to its end.
pub(super) async fn serve(stream: TcpStream, peer: SocketAddr, mut ctx: SessionContext) {
    let local = stream.local_addr().ok();
    let (read, write) = stream.into_split();
    let mut reader = FrameReader::new(read);
    let writer = FrameWriter::new(write);
    let Some(hello) = receive_hello(&mut reader, &mut ctx, peer).await else {
        return;
    };
    let accepted = match handshake::check(&hello) {
        Ok(accepted) => accepted,
        Err(refused) => return refuse(writer, refused, &ctx.log, peer).await,
    };
    let counters = ctx.stats.target(peer.ip());
    if let Some(local) = local {
        counters.set_local_address(local.ip());
    }
    let (notices, notice_rx) = mpsc::unbounded_channel();
    let flow = notices.clone();
    let queue = Arc::new(TargetQueue::new(
        ctx.config.queue_bytes,
        (
            ctx.config.mirror_capacity_high,
            ctx.config.mirror_capacity_low,
        ),
        ctx.control.paused_flag(),
        Arc::clone(&counters),
        Box::new(move |message| {
            // A closed channel means the session is ending: nobody to tell.
            let _ = flow.send(Outgoing::Message(message));
        }),
    ));
    let entry = Arc::new(SessionEntry::new(
        ctx.control.next_session_id(),
        &hello,
        peer,
        accepted.key,
        Arc::clone(&queue),
    ));
    if let Some(old) = ctx.control.register(Arc::clone(&entry)) {
        old.stop(REPLACED);
        old.released().await;
    }
    let applier = match open_applier(&ctx, &hello, &entry.key).await {
        Ok(applier) => applier,
        Err(refused) => {
            ctx.control.remove(&entry);
            entry.mark_released();
            return refuse(writer, refused, &ctx.log, peer).await;
        }
    };
    let last_applied = applier.last_applied();
    entry
        .last_applied
        .store(last_applied, std::sync::atomic::Ordering::Relaxed);
    let (answers, answer_rx) = mpsc::channel(ANSWERS_IN_FLIGHT);
    let (done_tx, done) = oneshot::channel();
    let work = ApplyLoop {
        applier,
        queue,
        answers,
        target_root: hello.target_path.clone(),
        entry: Arc::clone(&entry),
        counters: Arc::clone(&counters),
    };
    let spawned = std::thread::Builder::new()
        .name(format!("dt-apply-{}", hello.connection_id))
        .spawn(move || {
            let end = work.run();
            // The session may be gone already; then nobody waits for this.
            let _ = done_tx.send(end);
        });
    if let Err(err) = spawned {
        ctx.control.remove(&entry);
        entry.mark_released();
        let refused = Refused::new(
            ErrorCode::CONNECTION_FAILED,
            format!("cannot start the applier thread: {err}"),
        );
        return refuse(writer, refused, &ctx.log, peer).await;
    }
    let welcome = Welcome {
        protocol_version: accepted.version,
        last_applied_seq: last_applied,
    };
    // The first thing the writer sends.
    let _ = notices.send(Outgoing::Message(Message::Welcome(welcome)));
    let interval = KeepAlive::new(ctx.config.network_timeout).interval();
    let writer = tokio::spawn(write_loop(writer, notice_rx, answer_rx, interval));
    let resumed = if hello.resume { "resumed" } else { "new" };
    note(
        &ctx.log,
        Severity::Release,
        &format!(
            "Target accepted connection {} from {} ({peer}) for Replication Set {} into {} \
             ({resumed} stream, last applied {last_applied})",
            entry.connection_id,
            entry.source_host,
            entry.replication_set,
            entry.target_path.display(),
        ),
    );
    let mut running = Running {
        entry,
        counters,
        notices,
        done,
        writer,
        applier_end: None,
        writer_ended: false,
    };
    let end = running.exchange(&mut reader, &mut ctx).await;
    running.finish(&end, &ctx).await;
}

/// Waits NetworkTimeout for the source's `Hello`.
async fn receive_hello(
    reader: &mut FrameReader<OwnedReadHalf>,
    ctx: &mut SessionContext,
    peer: SocketAddr,
) -> Option<Hello> {
    let timeout = ctx.config.network_timeout;
    let problem = tokio::select! {
        _ = shutting_down(&mut ctx.shutdown) => return None,
        read = tokio::time::timeout(timeout, reader.read()) => match read {
            Ok(Ok(Some(Message::Hello(hello)))) => return Some(hello),
            Ok(Ok(Some(_))) => "its first message is not Hello".to_owned(),
            Ok(Ok(None)) => return None,
            Ok(Err(err)) => err.to_string(),
            Err(_) => format!("no Hello within {}s", timeout.as_secs_f64()),
        },
    };
    note(
        &ctx.log,
        Severity::Alert,
        &format!("Target closed a connection from {peer} before its handshake: {problem}"),
    );
    None
}

/// Opens the applier of `key` off the runtime's threads; a new stream starts over.
async fn open_applier(ctx: &SessionContext, hello: &Hello, key: &str) -> Result<Applier, Refused> {
    let root = hello.target_path.clone();
    let state_dir = ctx.config.state_dir.clone();
    let key = key.to_owned();
    let policy = ctx.config.retry;
    let log = ctx.log.clone();
    let resume = hello.resume;
    let opened = tokio::task::spawn_blocking(move || -> Result<Applier, ApplyError> {
        let mut applier = Applier::open(&root, &state_dir, &key)?
            .with_policy(policy)
            .with_event_log(log);
        if !resume {
            applier.restart()?;
        }
        Ok(applier)
    })
    .await;
    match opened {
        Ok(Ok(applier)) => Ok(applier),
        Ok(Err(err @ ApplyError::TargetPath { .. })) => {
            Err(Refused::new(INVALID_PATH, err.to_string()))
        }
        Ok(Err(err)) => Err(Refused::new(ErrorCode::CONNECTION_FAILED, err.to_string())),
        Err(err) => Err(Refused::new(
            ErrorCode::CONNECTION_FAILED,
            format!("cannot open the applier: {err}"),
        )),
    }
}

/// Sends `refused` and closes.
async fn refuse(
    mut writer: FrameWriter<OwnedWriteHalf>,
    refused: Refused,
    log: &EventLog,
    peer: SocketAddr,
) {
    note(
        log,
        Severity::Alert,
        &format!(
            "Target refused a connection from {peer}: error {}: {}",
            refused.code, refused.reason
        ),
    );
    if writer.send(&Message::Refused(refused)).await.is_ok() {
        // The source reads the refusal or a reset; either way the session is over.
        let _ = writer.shutdown().await;
    }
}

/// Resolves once the server is shutting down (or gone).
async fn shutting_down(shutdown: &mut watch::Receiver<bool>) {
    let _ = shutdown.wait_for(|down| *down).await;
}

/// Writes `text` to the engine log, or to stderr when the log cannot take it.
fn note(log: &EventLog, severity: Severity, text: &str) {
    if let Err(err) = log.message(severity, 0, text) {
        eprintln!("dtengine: cannot write to the engine log: {err}");
    }
}

/// A session past its handshake.
struct Running {
    entry: Arc<SessionEntry>,
    counters: Arc<TargetCounters>,
    notices: mpsc::UnboundedSender<Outgoing>,
    done: oneshot::Receiver<ApplyEnd>,
    writer: JoinHandle<Result<(), FrameError>>,
    applier_end: Option<ApplyEnd>,
    writer_ended: bool,
}

impl Running {
    fn notify(&self, message: Message) {
        // A closed channel means the writer is gone; the loop learns it from its handle.
        let _ = self.notices.send(Outgoing::Message(message));
    }

    /// Acts on `message`, a frame of `bytes` from the source: `Some` is an item the
    /// full queue did not take (it waits for space); `Err` ends the session.
    fn received(&self, message: Message, bytes: u64) -> Result<Option<(Item, u64)>, SessionEnd> {
        match inbound::receive(message, &self.entry, &self.counters) {
            Inbound::Queue(item) => match self.entry.queue.push(item, bytes) {
                Pushed::Queued => Ok(None),
                Pushed::Full(item) => Ok(Some((item, bytes))),
                Pushed::Closed => Err(SessionEnd::Applier(ApplyEnd::Closed)),
            },
            Inbound::Reply(message) => {
                self.notify(message);
                Ok(None)
            }
            Inbound::Nothing => Ok(None),
            Inbound::Goodbye(reason) => Err(SessionEnd::PeerGoodbye(reason)),
            Inbound::Unexpected(detail) => Err(SessionEnd::Protocol(detail)),
        }
    }

    /// Reads the source's messages into the queue until something ends the session.
    async fn exchange(
        &mut self,
        reader: &mut FrameReader<OwnedReadHalf>,
        ctx: &mut SessionContext,
    ) -> SessionEnd {
        let mut stop = self.entry.stop_requests();
        let mut paused = ctx.control.paused_watch();
        let mut announced = *paused.borrow_and_update();
        if announced {
            self.notify(Message::TargetPaused);
        }
        let mut keep_alive = KeepAlive::new(ctx.config.network_timeout);
        let mut waiting: Option<(Item, u64)> = None;
        loop {
            let frame_start = reader.offset();
            let gone_at =
                Instant::now() + keep_alive.timeout().saturating_sub(keep_alive.silence());
            tokio::select! {
                biased;
                _ = shutting_down(&mut ctx.shutdown) => return SessionEnd::Shutdown,
                reason = async { stop.wait_for(Option::is_some).await.ok().and_then(|r| r.clone()) } => {
                    return SessionEnd::Stopped(reason.unwrap_or_else(|| REPLACED.to_owned()));
                }
                end = &mut self.done => {
                    let end = end.unwrap_or(ApplyEnd::Closed);
                    self.applier_end = Some(end.clone());
                    return SessionEnd::Applier(end);
                }
                written = &mut self.writer => {
                    self.writer_ended = true;
                    return SessionEnd::Writer(match written {
                        Ok(Ok(())) => "the writer stopped".to_owned(),
                        Ok(Err(err)) => err.to_string(),
                        Err(err) => err.to_string(),
                    });
                }
                changed = paused.changed() => {
                    if changed.is_err() {
                        return SessionEnd::Shutdown;
                    }
                    let now = *paused.borrow_and_update();
                    if now != announced {
                        announced = now;
                        self.notify(if now { Message::TargetPaused } else { Message::TargetResumed });
                    }
                }
                () = self.entry.queue.space().notified(), if waiting.is_some() => {
                    if let Some((item, bytes)) = waiting.take() {
                        match self.entry.queue.push(item, bytes) {
                            // Silence while the target was not reading is not the source's.
                            Pushed::Queued => keep_alive.received(),
                            Pushed::Full(item) => waiting = Some((item, bytes)),
                            Pushed::Closed => return SessionEnd::Applier(ApplyEnd::Closed),
                        }
                    }
                }
                read = reader.read(), if waiting.is_none() => {
                    let message = match read {
                        Ok(Some(message)) => message,
                        Ok(None) => return SessionEnd::PeerClosed,
                        Err(err) => return SessionEnd::Protocol(err.to_string()),
                    };
                    keep_alive.received();
                    // This message, then every other one the same read brought in.
                    let (mut message, mut bytes) = (message, reader.offset() - frame_start);
                    loop {
                        match self.received(message, bytes) {
                            Ok(None) => {}
                            Ok(Some(full)) => {
                                waiting = Some(full);
                                break;
                            }
                            Err(end) => return end,
                        }
                        let before = reader.offset();
                        message = match reader.buffered() {
                            Ok(Some(message)) => message,
                            Ok(None) => break,
                            Err(err) => return SessionEnd::Protocol(err.to_string()),
                        };
                        bytes = reader.offset() - before;
                    }
                }
                () = tokio::time::sleep_until(gone_at), if waiting.is_none() => {
                    return SessionEnd::TimedOut(keep_alive.timeout());
                }
            }
        }
    }

    /// Ends the session: the queue closed, the source told (if it can still listen),
    /// the writer and the applier thread joined, the applier record released.
    async fn finish(mut self, end: &SessionEnd, ctx: &SessionContext) {
        self.entry.queue.close();
        let last = match end.goodbye() {
            Some(reason) => Outgoing::Goodbye(reason),
            None => Outgoing::Close,
        };
        let _ = self.notices.send(last);
        if !self.writer_ended {
            // A source that reads nothing cannot hold the session forever.
            let timeout = ctx.config.network_timeout;
            if tokio::time::timeout(timeout, &mut self.writer)
                .await
                .is_err()
            {
                self.writer.abort();
                let _ = (&mut self.writer).await;
            }
        }
        if self.applier_end.is_none() {
            let _ = (&mut self.done).await;
        }
        ctx.control.remove(&self.entry);
        self.entry.mark_released();
        let severity = match end {
            SessionEnd::Applier(ApplyEnd::Gap(_) | ApplyEnd::Failed(_))
            | SessionEnd::Protocol(_)
            | SessionEnd::Writer(_)
            | SessionEnd::TimedOut(_) => Severity::Alert,
            _ => Severity::Release,
        };
        note(
            &ctx.log,
            severity,
            &format!(
                "Target ended connection {} from {} ({}) for Replication Set {}: {end}",
                self.entry.connection_id,
                self.entry.source_host,
                self.entry.peer,
                self.entry.replication_set,
            ),
        );
    }
}
