//! Where a [`Follower`](super::Follower) is: saved by consumers to resume after a restart.

use serde::{Deserialize, Serialize};

use super::series::FileId;

/// A follower's position, serialisable (e.g. as JSON) between runs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Cursor {
    /// The file being read and the position in it; `None` before any file was opened.
    pub file: Option<FilePosition>,
    /// The highest sequence number delivered; `0` before any record.
    pub last_seq: u64,
}

/// A position in one file of the series.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct FilePosition {
    /// The file's series number.
    pub file_number: u16,
    /// The file's identity, to tell it apart from a later file of the same name.
    pub file_id: FileId,
    /// Byte offset just after the last line consumed.
    pub offset: u64,
    /// Lines consumed before `offset`.
    pub line_no: u64,
}
