//! What a decoder reports instead of a snapshot: a damaged stretch of the record stream.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::payload::PayloadError;

/// A problem found at `offset` bytes from the start of the file or stream.
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, Deserialize)]
#[error("at byte {offset}: {kind}")]
pub struct Problem {
    /// Offset of the damaged record (or of the first unexpected byte) from the start of the data.
    pub offset: u64,
    /// What is wrong there.
    pub kind: ProblemKind,
}

/// The kinds of damage a decoder reports; after each it resynchronises at the next good record.
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, Deserialize)]
pub enum ProblemKind {
    /// The data ends inside a record (a write in progress or a crash mid-write).
    #[error("the last record is incomplete (torn tail)")]
    TornTail,
    /// A record boundary does not start with the sync marker.
    #[error("no sync marker where a record should start")]
    BadSync,
    /// The length field is inconsistent, above the maximum record length, or runs past
    /// the end of the data although a later record follows.
    #[error("bad record length {length}")]
    BadLength {
        /// The payload length the record claimed.
        length: u32,
    },
    /// The payload does not match the record's CRC-32.
    #[error("record checksum mismatch")]
    BadChecksum,
    /// The record is intact (its checksum matches) but its payload cannot be decoded.
    #[error("undecodable record: {0}")]
    UndecodablePayload(PayloadError),
    /// Reading the underlying stream failed; the reader stops.
    #[error("read failed: {0}")]
    Io(String),
}
