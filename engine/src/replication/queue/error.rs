//! [`QueueError`]: why the queue did not take or give an operation.

use std::fmt;
use std::io;
use std::path::PathBuf;

use crate::replication::Operation;

/// Which disk limit a push ran into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiskLimit {
    /// QJournalSpaceMax: the journal files may take this many bytes.
    Space {
        /// The limit in bytes.
        bytes: u64,
    },
    /// The guide's cap on the number of journal files, whatever the space limit.
    Files {
        /// The most journal files one queue keeps.
        count: usize,
    },
}

impl fmt::Display for DiskLimit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DiskLimit::Space { bytes } => write!(f, "the journal may use {bytes} bytes"),
            DiskLimit::Files { count } => write!(f, "the journal may have {count} files"),
        }
    }
}

/// What is wrong with a journal record.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Damage {
    /// The record needs more bytes than the journal file holds.
    #[error("the record needs {needed} bytes, the file holds {available} more")]
    Truncated {
        /// Bytes the record claims (or the header needs).
        needed: u64,
        /// Bytes left in the file from the record's start.
        available: u64,
    },
    /// The payload's CRC-32 does not match the stored one.
    #[error("CRC-32 {stored:08x} stored, {computed:08x} computed")]
    Checksum {
        /// The CRC-32 in the record.
        stored: u32,
        /// The CRC-32 of the payload as read.
        computed: u32,
    },
    /// The payload is not an encoded operation.
    #[error("the payload is not an operation: {0}")]
    Undecodable(String),
}

/// Why the queue did not take or give an operation.
#[derive(Debug, thiserror::Error)]
pub enum QueueError {
    /// The disk part of the queue is at its limit: `op` was not queued and is handed back.
    #[error("queue full: {limit}")]
    Full {
        /// The operation that was not queued.
        op: Box<Operation>,
        /// The limit reached.
        limit: DiskLimit,
    },
    /// A journal file (or the journal directory) cannot be made, written, read or removed.
    #[error("queue journal {path}: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The system's error.
        source: io::Error,
    },
    /// A journal record cannot be read back: the operations from it on are lost (the
    /// caller needs a remirror, then [`OpQueue::clear`](super::OpQueue::clear)).
    #[error("queue journal {path} is damaged at offset {offset}: {damage}")]
    Damaged {
        /// The journal file.
        path: PathBuf,
        /// Where the damaged record starts in it.
        offset: u64,
        /// What is wrong.
        damage: Damage,
    },
    /// The operation cannot be written as a journal record (over 4 GiB encoded).
    #[error("operation cannot be queued: {0}")]
    Unencodable(String),
    /// The queue's name cannot be part of a file name.
    #[error("invalid queue name {0:?}: it must be non-empty, without '/' or NUL")]
    InvalidName(String),
}

impl QueueError {
    /// The error for an I/O failure on `path`.
    pub(super) fn io(path: impl Into<PathBuf>) -> impl FnOnce(io::Error) -> QueueError {
        let path = path.into();
        move |source| QueueError::Io { path, source }
    }
}
