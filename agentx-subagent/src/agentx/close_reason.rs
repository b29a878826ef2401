//! The Close PDU's reason byte (RFC 2741 §6.2.2).

/// Why a session is being closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum CloseReason {
    /// reasonOther (1).
    Other = 1,
    /// reasonParseError (2): too many parse errors from the peer.
    ParseError = 2,
    /// reasonProtocolError (3): too many protocol errors from the peer.
    ProtocolError = 3,
    /// reasonTimeouts (4): too many timeouts waiting for the peer.
    Timeouts = 4,
    /// reasonShutdown (5): the sender is shutting down.
    Shutdown = 5,
    /// reasonByManager (6): closed by a management Set (master only).
    ByManager = 6,
}

impl CloseReason {
    /// Every reason, in wire order.
    pub const ALL: [CloseReason; 6] = [
        Self::Other,
        Self::ParseError,
        Self::ProtocolError,
        Self::Timeouts,
        Self::Shutdown,
        Self::ByManager,
    ];

    /// The byte on the wire.
    pub fn code(self) -> u8 {
        self as u8
    }

    /// The reason for a wire byte, if the RFC defines one.
    pub fn from_code(code: u8) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }
}
