//! [`SourceError`]: why a source connection could not start.

use std::io;

use crate::replication::capture::CaptureError;
use crate::replication::queue::QueueError;

/// Why [`SourceConnection::start`](super::SourceConnection::start) failed.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    /// Not called from within a tokio runtime.
    #[error("a source connection must be started inside a tokio runtime")]
    NoRuntime,
    /// The replication queue could not be opened.
    #[error("cannot open the replication queue: {0}")]
    Queue(#[from] QueueError),
    /// The capture could not start.
    #[error("cannot start the capture: {0}")]
    Capture(#[from] CaptureError),
    /// The capture thread could not be started.
    #[error("cannot start the capture thread: {0}")]
    Thread(#[source] io::Error),
}
