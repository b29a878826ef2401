//! [`CaptureEvent`]: what the capture hands the source's queue, and its [`CaptureCounters`].

use std::path::PathBuf;

use crate::replication::Operation;

/// One thing the capture found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CaptureEvent {
    /// A change to replicate, in order; its origin is always
    /// [`OpOrigin::Replication`](crate::replication::OpOrigin).
    Op(Operation),
    /// Changes were lost (the inotify queue overflowed, a directory could not be
    /// watched, a watched top moved): the target needs a difference mirror.
    MirrorRequired {
        /// What happened, for the log.
        reason: String,
    },
}

/// What the capture has produced since it started (the lead maps them on the guide's
/// Kernel RepOpsGenerated / RepBytesGenerated and Source lastFileTouched).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaptureCounters {
    /// Operations generated (RepOpsGenerated).
    pub rep_ops_generated: u64,
    /// File data bytes those operations carry (RepBytesGenerated).
    pub rep_bytes_generated: u64,
    /// The source path of the last operation (lastFileTouched; a rename's new name).
    pub last_file_touched: Option<PathBuf>,
}
