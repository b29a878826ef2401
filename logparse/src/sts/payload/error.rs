//! Why an intact record's payload could not be decoded.

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// The reason a payload with a matching checksum is still undecodable.
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, Deserialize)]
pub enum PayloadError {
    /// A section, field or value runs past the end of its enclosing payload or section.
    #[error("a section or field runs past the end of its enclosing data")]
    Truncated,
    /// A varint has more than 10 bytes or does not fit 64 bits.
    #[error("a varint is longer than 10 bytes or overflows 64 bits")]
    VarintTooLong,
    /// A field key names a wire type this format does not define.
    #[error("unknown wire type {wire_type}")]
    UnknownWireType {
        /// The wire type (low 3 bits of the key).
        wire_type: u8,
    },
    /// A known field arrived with a wire type other than the one it is defined with.
    #[error("section {section} field {field} has wire type {wire_type}, not its defined one")]
    WrongWireType {
        /// Section tag.
        section: u8,
        /// Field number.
        field: u64,
        /// The wire type found.
        wire_type: u8,
    },
    /// A string field is not valid UTF-8.
    #[error("section {section} field {field} is not valid UTF-8")]
    InvalidUtf8 {
        /// Section tag.
        section: u8,
        /// Field number.
        field: u64,
    },
    /// An address field is neither 4 (IPv4) nor 16 (IPv6) bytes long.
    #[error("section {section} field {field} is a {len}-byte address (expected 4 or 16)")]
    BadAddressLength {
        /// Section tag.
        section: u8,
        /// Field number.
        field: u64,
        /// The length found.
        len: usize,
    },
    /// A time field is outside the range of representable dates.
    #[error("section {section} field {field} holds an out-of-range time ({millis} ms)")]
    TimeOutOfRange {
        /// Section tag.
        section: u8,
        /// Field number.
        field: u64,
        /// Milliseconds since 1970-01-01T00:00:00Z.
        millis: i64,
    },
    /// A value is too large for its field (a connection ID above `u32::MAX`).
    #[error("section {section} field {field} holds {value}, out of the field's range")]
    ValueOutOfRange {
        /// Section tag.
        section: u8,
        /// Field number.
        field: u64,
        /// The value found.
        value: u64,
    },
    /// Kernel, SourceState is not 0, 1 or 2.
    #[error("SourceState {0} is not a defined state")]
    InvalidSourceState(u64),
    /// Kernel, TargetState is not 0 or 1.
    #[error("TargetState {0} is not a defined state")]
    InvalidTargetState(u64),
    /// Connection, conState is not 0, 1, 2, 4, 8 or 12.
    #[error("conState {0} is not a defined state")]
    InvalidConState(u64),
}
