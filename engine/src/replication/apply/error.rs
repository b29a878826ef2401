//! [`ApplyError`]: why the applier did not carry an operation out (yet).

use std::io;
use std::path::PathBuf;
use std::time::Duration;

use super::failure::FailureKind;

/// What stops an operation from being applied now.
#[derive(Debug, thiserror::Error)]
pub enum ApplyError {
    /// The operation is not the next one: the source must resend from `expected`.
    #[error(
        "operation {got} arrived, but {expected} is the next to apply: resend from {expected}"
    )]
    Gap {
        /// The next sequence number the target applies.
        expected: u64,
        /// The sequence number that arrived.
        got: u64,
    },
    /// The operation failed and will be retried: wait `delay`, then apply it again.
    #[error("cannot write {path} ({kind}), failure {failures}, retrying in {delay:?}: {source}")]
    Retry {
        /// The replica path the operation writes, as the events show it.
        path: String,
        /// Why it failed (the lead raises the target-full notification on `TargetFull`).
        kind: FailureKind,
        /// How many times it has failed so far.
        failures: u32,
        /// How long to wait first (TGRetryLocked).
        delay: Duration,
        /// Whether Target Status should show "Retrying" (TGWriteFailureBeforeNotification).
        retrying_status: bool,
        /// The system's error.
        source: io::Error,
    },
    /// The target path cannot be opened or made.
    #[error("target path {path}: {source}")]
    TargetPath {
        /// The target path.
        path: PathBuf,
        /// The system's error.
        source: io::Error,
    },
    /// The applied-sequence record cannot be read or written.
    #[error("applied-sequence record {path}: {source}")]
    Record {
        /// The record file.
        path: PathBuf,
        /// The system's error.
        source: io::Error,
    },
    /// The applied-sequence record holds no valid sequence number: what the replica
    /// holds is unknown, so it needs a remirror.
    #[error("applied-sequence record {path} is damaged")]
    RecordDamaged {
        /// The record file.
        path: PathBuf,
    },
    /// Another applier holds this connection's record.
    #[error("applied-sequence record {path} is in use by another applier")]
    InUse {
        /// The record file.
        path: PathBuf,
    },
}
