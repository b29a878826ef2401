//! [`Operation`]: one change to the replica, as the mirror and replication send it.

use bytes::Bytes;
use serde::{Deserialize, Serialize};

use super::rel_path::RelPath;

/// What a file's metadata is on the source: applied after the content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileMeta {
    /// Permission bits (`st_mode & 0o7777`).
    pub mode: u32,
    /// Owner, applied when the target runs as root.
    pub uid: u32,
    /// Group, applied when the target runs as root.
    pub gid: u32,
    /// Modification time, nanoseconds since the Unix epoch.
    pub mtime_ns: i64,
}

/// One file-system change, relative to the replica's root.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Operation {
    /// Make a directory (and any missing parents).
    Mkdir {
        /// The directory.
        path: RelPath,
        /// Its metadata.
        meta: FileMeta,
    },
    /// Create or empty a regular file.
    Create {
        /// The file.
        path: RelPath,
        /// Its metadata.
        meta: FileMeta,
    },
    /// Write `data` at `offset`, extending the file as needed.
    Write {
        /// The file.
        path: RelPath,
        /// Byte offset.
        offset: u64,
        /// The bytes (on the target, a slice of the frame they arrived in: no copy).
        data: Bytes,
    },
    /// Cut or extend the file to `len` bytes.
    Truncate {
        /// The file.
        path: RelPath,
        /// New length.
        len: u64,
    },
    /// Make a symbolic link to `target` (the link's text, as on the source).
    Symlink {
        /// The link.
        path: RelPath,
        /// What it points to.
        #[serde(with = "serde_bytes")]
        target: Vec<u8>,
    },
    /// Set a file's or directory's metadata.
    SetMeta {
        /// The file or directory.
        path: RelPath,
        /// The metadata.
        meta: FileMeta,
    },
    /// Rename `from` to `to`, replacing `to`.
    Rename {
        /// The old path.
        from: RelPath,
        /// The new path.
        to: RelPath,
    },
    /// Remove a file or a symbolic link.
    Delete {
        /// The file.
        path: RelPath,
    },
    /// Remove a directory and everything in it.
    Rmdir {
        /// The directory.
        path: RelPath,
    },
}

impl Operation {
    /// The path it leaves changed: a rename's destination, any other operation's path.
    pub fn path(&self) -> &RelPath {
        match self {
            Operation::Mkdir { path, .. }
            | Operation::Create { path, .. }
            | Operation::Write { path, .. }
            | Operation::Truncate { path, .. }
            | Operation::Symlink { path, .. }
            | Operation::SetMeta { path, .. }
            | Operation::Delete { path }
            | Operation::Rmdir { path } => path,
            Operation::Rename { to, .. } => to,
        }
    }

    /// Whether it may move or remove a directory (or put something else in one's
    /// place): a rename, a removal, a symbolic link.
    pub fn may_move_directories(&self) -> bool {
        matches!(
            self,
            Operation::Rename { .. }
                | Operation::Delete { .. }
                | Operation::Rmdir { .. }
                | Operation::Symlink { .. }
        )
    }

    /// The bytes of file data it carries (what conBytesTx-style counters add up).
    pub fn data_len(&self) -> u64 {
        match self {
            Operation::Write { data, .. } => data.len() as u64,
            _ => 0,
        }
    }
}

/// Whether an operation comes from a mirror or from replication (counted apart:
/// MirOpsGenerated vs RepOpsGenerated, conOpsInMirQueue vs conOpsInRepQueue).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum OpOrigin {
    /// Sent by a full or difference mirror.
    Mirror,
    /// Captured by real-time replication.
    Replication,
}

/// An operation with its place in the connection's order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SequencedOp {
    /// 1, 2, 3… per connection; the target applies each once, in this order.
    pub seq: u64,
    /// Mirror or replication.
    pub origin: OpOrigin,
    /// The change.
    pub op: Operation,
}
