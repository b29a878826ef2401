//! The two byte orders an AgentX message may use (RFC 2741 §6.1, NETWORK_BYTE_ORDER).

/// The byte order of a message's multi-byte integers, chosen by its sender.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum ByteOrder {
    /// Least significant byte first (NETWORK_BYTE_ORDER clear).
    #[default]
    LittleEndian,
    /// Most significant byte first (NETWORK_BYTE_ORDER set).
    BigEndian,
}
