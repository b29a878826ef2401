//! Where a [`RolledFollower`](super::RolledFollower) is: saved by consumers to resume
//! after a restart.

use serde::{Deserialize, Serialize};

use super::series::FileId;

/// A rolled follower's position, serialisable (e.g. as JSON) between runs.
///
/// Unlike a [`Cursor`](super::Cursor) it names no file: the files of a rolled series
/// change names at every roll, so the file is found again by its [`FileId`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RolledCursor {
    /// The file being read and the position in it; `None` before any file was opened.
    pub file: Option<RolledPosition>,
    /// The highest sequence number delivered; `0` before any record.
    pub last_seq: u64,
}

/// A position in one file of a rolled series, whatever its name is now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RolledPosition {
    /// The file's identity, which survives the renames.
    pub file_id: FileId,
    /// Byte offset just after the last line consumed.
    pub offset: u64,
    /// Lines consumed before `offset`.
    pub line_no: u64,
}
