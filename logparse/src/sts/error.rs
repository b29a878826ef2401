//! The typed errors of the `.sts` format: a bad file header, an unencodable snapshot, I/O.

use std::io;

use thiserror::Error;

use super::header::{HEADER_LEN, VERSION_MAJOR};

/// The data does not start with a valid `.sts` header: it is not a statistics file this
/// reader can read (the guide's error 143, "Invalid statistics file").
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum HeaderError {
    /// The first bytes are not the `.sts` magic number.
    #[error("not a statistics file (no .sts magic number)")]
    BadMagic,
    /// The data ends inside the header.
    #[error("statistics file header is incomplete ({len} of {HEADER_LEN} bytes)")]
    Truncated {
        /// How many header bytes there were.
        len: usize,
    },
    /// The header's CRC-32 does not match.
    #[error("statistics file header is corrupt (checksum mismatch)")]
    BadChecksum,
    /// The header names a major format version this reader does not know.
    #[error("statistics format version {major}.{minor} is not supported (this reader reads {VERSION_MAJOR}.x)")]
    UnsupportedVersion {
        /// The file's major version.
        major: u16,
        /// The file's minor version.
        minor: u16,
    },
}

impl HeaderError {
    /// The guide's error code for every header error: 143, "Invalid statistics file".
    pub const GUIDE_ERROR_CODE: u32 = 143;
}

/// A snapshot that cannot be written as one record.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum EncodeError {
    /// The encoded payload exceeds the maximum record length.
    #[error("snapshot encodes to {len} bytes, above the {max}-byte record limit")]
    RecordTooLarge {
        /// The encoded payload length.
        len: usize,
        /// The maximum payload length.
        max: usize,
    },
}

/// Errors of the `.sts` reader and writer.
#[derive(Debug, Error)]
pub enum StsError {
    /// The stream is not a readable `.sts` stream.
    #[error(transparent)]
    Header(#[from] HeaderError),
    /// A snapshot could not be encoded.
    #[error(transparent)]
    Encode(#[from] EncodeError),
    /// The underlying reader or writer failed.
    #[error("statistics I/O failed: {0}")]
    Io(#[from] io::Error),
}
