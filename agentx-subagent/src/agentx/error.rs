//! The codec's typed errors.

use std::io;

use super::header::PduType;

/// Why bytes could not be decoded as an AgentX message.
///
/// Offsets count from the first byte of the payload (just after the 20-byte header).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// The payload ended inside a field that starts at `offset`.
    #[error("payload truncated: a field at offset {offset} needs {needed} bytes")]
    Truncated {
        /// Where the field starts.
        offset: usize,
        /// How many bytes the field needs.
        needed: usize,
    },
    /// The header's version is not 1.
    #[error("unsupported AgentX version {0} (only 1)")]
    UnsupportedVersion(u8),
    /// The header's type byte is not one of RFC 2741's 18 PDU types.
    #[error("unknown PDU type {0}")]
    UnknownPduType(u8),
    /// A PDU type the RFC defines but a sub-agent never receives and this codec does not read.
    #[error("PDU type {0:?} is not supported by this codec")]
    UnsupportedPdu(PduType),
    /// Flag bits 5–7 are set, or the header's reserved byte is not zero.
    #[error("header flags {0:#04x} have undefined bits set or a non-zero reserved byte")]
    UndefinedFlags(u8),
    /// A defined flag that this PDU type may not carry.
    #[error("flag {flag:#04x} is not allowed on a {pdu:?} PDU")]
    FlagNotAllowed {
        /// The flag's bit value.
        flag: u8,
        /// The PDU's type.
        pdu: PduType,
    },
    /// The header announces a payload longer than the receiver accepts.
    #[error("payload length {length} is over the limit of {limit} bytes")]
    PayloadTooLong {
        /// The announced length.
        length: u32,
        /// The receiver's limit.
        limit: u32,
    },
    /// The payload length is not a multiple of 4.
    #[error("payload length {0} is not a multiple of 4")]
    PayloadNotAligned(u32),
    /// The PDU ends before the payload does.
    #[error("{count} bytes left over after the PDU")]
    TrailingBytes {
        /// How many bytes are left.
        count: usize,
    },
    /// A reserved field holds something other than zero.
    #[error("reserved field at offset {offset} is not zero")]
    ReservedNotZero {
        /// Where the field starts.
        offset: usize,
    },
    /// An octet string's padding holds something other than zero.
    #[error("octet string padding at offset {offset} is not zero")]
    PaddingNotZero {
        /// Where the padding starts.
        offset: usize,
    },
    /// An object identifier with more than 128 sub-identifiers (after prefix expansion).
    #[error("object identifier of {0} sub-identifiers (at most 128)")]
    OidTooLong(usize),
    /// An include byte other than 0 or 1, or a set include where the RFC allows none.
    #[error("include byte {value} not allowed at offset {offset}")]
    BadInclude {
        /// The include byte.
        value: u8,
        /// Where the object identifier starts.
        offset: usize,
    },
    /// A VarBind type that RFC 2741 does not define.
    #[error("unknown VarBind value type {0}")]
    UnknownValueType(u16),
    /// An IpAddress whose octet string is not 4 bytes long.
    #[error("IpAddress of {0} octets (must be 4)")]
    IpAddressLength(usize),
    /// A Response error code that RFC 2741 does not define.
    #[error("unknown response error code {0}")]
    UnknownErrorStatus(u16),
    /// A Close reason that RFC 2741 does not define.
    #[error("unknown close reason {0}")]
    UnknownCloseReason(u8),
}

/// Why a message could not be encoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EncodeError {
    /// The payload does not fit the header's 32-bit length field.
    #[error("payload of {0} bytes does not fit a 32-bit length")]
    PayloadTooLong(usize),
    /// An object identifier with more than 128 sub-identifiers.
    #[error("object identifier of {0} sub-identifiers (at most 128)")]
    OidTooLong(usize),
}

/// Why a message could not be read from a stream.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The stream failed or ended.
    #[error("reading an AgentX message: {0}")]
    Io(#[from] io::Error),
    /// The bytes read are not a valid message.
    #[error("decoding an AgentX message: {0}")]
    Decode(#[from] DecodeError),
}
