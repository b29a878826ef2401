//! Opening a session with the target (TCP connect, `Hello`, `Welcome` or `Refused`)
//! and the session's reader task, which never waits on the sending side.

use std::sync::Arc;
use std::time::Duration;

use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::net::TcpStream;
use tokio::sync::{mpsc, watch};
use tokio::task::JoinHandle;

use super::config::SourceConfig;
use crate::replication::protocol::{
    FrameReader, FrameWriter, Hello, Message, ProtocolVersion, Refused,
};
use crate::stats::ConnectionCounters;

/// An open session, after the target's `Welcome`.
pub(super) struct Session {
    /// The receiving half.
    pub reader: FrameReader<OwnedReadHalf>,
    /// The sending half.
    pub writer: FrameWriter<OwnedWriteHalf>,
    /// The highest sequence number the target has applied.
    pub last_applied: u64,
}

/// Why no session could be opened.
pub(super) enum OpenError {
    /// The target refused the connection: retrying will not help.
    Refused(Refused),
    /// The target could not be reached or broke off; retry later.
    Failed(String),
}

/// Connects to the target and shakes hands; `resume` tells the target whether this
/// continues the connection's stream of operations.
pub(super) async fn open(
    config: &SourceConfig,
    counters: &ConnectionCounters,
    resume: bool,
) -> Result<Session, OpenError> {
    let timeout = config.network_timeout;
    let failed = |what: &str, err: &dyn std::fmt::Display| {
        OpenError::Failed(format!("{what} {}: {err}", config.target_addr))
    };
    let stream = match tokio::time::timeout(timeout, TcpStream::connect(config.target_addr)).await {
        Ok(Ok(stream)) => stream,
        Ok(Err(err)) => return Err(failed("cannot connect to", &err)),
        Err(_) => return Err(failed("cannot connect to", &"timed out")),
    };
    if let Err(err) = stream.set_nodelay(true) {
        return Err(failed("cannot set TCP_NODELAY on the connection to", &err));
    }
    let (read_half, write_half) = stream.into_split();
    let mut reader = FrameReader::new(read_half);
    let mut writer = FrameWriter::new(write_half);
    let hello = Message::Hello(Hello {
        protocol_version: ProtocolVersion::CURRENT,
        connection_id: config.connection_id,
        replication_set: config.set.name().to_string(),
        target_path: config.target_path.clone(),
        source_host: config.source_host.clone(),
        resume,
    });
    match writer.send(&hello).await {
        Ok(len) => counters.con_bytes_tx.add(len as u64),
        Err(err) => return Err(failed("cannot greet", &err)),
    }
    let answer = match tokio::time::timeout(timeout, reader.read()).await {
        Ok(Ok(Some(message))) => message,
        Ok(Ok(None)) => return Err(failed("connection closed by", &"no answer")),
        Ok(Err(err)) => return Err(failed("bad answer from", &err)),
        Err(_) => return Err(failed("no answer from", &"timed out")),
    };
    counters.con_ops_rx.inc();
    counters.con_bytes_rx.add(reader.offset());
    match answer {
        Message::Welcome(welcome) => {
            if let Err(refused) = ProtocolVersion::CURRENT.negotiate(welcome.protocol_version) {
                let goodbye = Message::Goodbye {
                    reason: refused.reason.clone(),
                };
                // The session is refused either way; a failed goodbye changes nothing.
                let _ = writer.send(&goodbye).await;
                let _ = writer.shutdown().await;
                return Err(OpenError::Refused(refused));
            }
            Ok(Session {
                reader,
                writer,
                last_applied: welcome.last_applied_seq,
            })
        }
        Message::Refused(refused) => Err(OpenError::Refused(refused)),
        other => Err(failed("unexpected answer from", &format!("{other:?}"))),
    }
}

/// What the reader task passes on.
pub(super) enum Incoming {
    /// A message from the target.
    Message(Message),
    /// The session is over, and why.
    Lost(String),
}

/// The reader task of a session, and how to hear from it.
pub(super) struct ReaderTask {
    /// Messages in arrival order, ended by one [`Incoming::Lost`].
    pub incoming: mpsc::UnboundedReceiver<Incoming>,
    /// Turns `true` when the session is lost (to abandon a blocked write).
    pub lost: watch::Receiver<bool>,
    /// The task.
    pub handle: JoinHandle<()>,
}

/// Reads messages from the target until the stream ends, fails, or stays silent for
/// `timeout` (NetworkTimeout; the target's keep-alives count).
pub(super) fn spawn_reader(
    mut reader: FrameReader<OwnedReadHalf>,
    timeout: Duration,
    counters: Arc<ConnectionCounters>,
) -> ReaderTask {
    let (tx, incoming) = mpsc::unbounded_channel();
    let (lost_tx, lost) = watch::channel(false);
    let handle = tokio::spawn(async move {
        let mut offset = reader.offset();
        let reason = loop {
            match tokio::time::timeout(timeout, reader.read()).await {
                Ok(Ok(Some(message))) => {
                    counters.con_ops_rx.inc();
                    counters.con_bytes_rx.add(reader.offset() - offset);
                    offset = reader.offset();
                    if tx.send(Incoming::Message(message)).is_err() {
                        return;
                    }
                }
                Ok(Ok(None)) => break "the target closed the connection".to_string(),
                Ok(Err(err)) => break format!("cannot read from the target: {err}"),
                Err(_) => break format!("nothing heard from the target for {timeout:?}"),
            }
        };
        // The receiver may be gone already (the session ended first).
        let _ = tx.send(Incoming::Lost(reason));
        let _ = lost_tx.send(true);
    });
    ReaderTask {
        incoming,
        lost,
        handle,
    }
}
