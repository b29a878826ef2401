//! The 20-byte AgentX PDU header (RFC 2741 §6.1): version, type, flags, session,
//! transaction and packet IDs, payload length.

use super::byte_order::ByteOrder;
use super::error::DecodeError;

/// Length of the header in bytes.
pub const HEADER_LEN: usize = 20;

/// The only protocol version (`h.version`).
pub const VERSION: u8 = 1;

/// Flag bit: a Register names one object instance, not a subtree.
pub const INSTANCE_REGISTRATION: u8 = 0x01;
/// Flag bit: IndexAllocate asks for a new index value.
pub const NEW_INDEX: u8 = 0x02;
/// Flag bit: IndexAllocate asks for any index value.
pub const ANY_INDEX: u8 = 0x04;
/// Flag bit: a context octet string follows the header.
pub const NON_DEFAULT_CONTEXT: u8 = 0x08;
/// Flag bit: integers are big-endian.
pub const NETWORK_BYTE_ORDER: u8 = 0x10;

const DEFINED_FLAGS: u8 =
    INSTANCE_REGISTRATION | NEW_INDEX | ANY_INDEX | NON_DEFAULT_CONTEXT | NETWORK_BYTE_ORDER;

/// The 18 PDU types of RFC 2741 §6.1 (`h.type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum PduType {
    /// agentx-Open-PDU.
    Open = 1,
    /// agentx-Close-PDU.
    Close = 2,
    /// agentx-Register-PDU.
    Register = 3,
    /// agentx-Unregister-PDU.
    Unregister = 4,
    /// agentx-Get-PDU.
    Get = 5,
    /// agentx-GetNext-PDU.
    GetNext = 6,
    /// agentx-GetBulk-PDU.
    GetBulk = 7,
    /// agentx-TestSet-PDU.
    TestSet = 8,
    /// agentx-CommitSet-PDU.
    CommitSet = 9,
    /// agentx-UndoSet-PDU.
    UndoSet = 10,
    /// agentx-CleanupSet-PDU.
    CleanupSet = 11,
    /// agentx-Notify-PDU.
    Notify = 12,
    /// agentx-Ping-PDU.
    Ping = 13,
    /// agentx-IndexAllocate-PDU.
    IndexAllocate = 14,
    /// agentx-IndexDeallocate-PDU.
    IndexDeallocate = 15,
    /// agentx-AddAgentCaps-PDU.
    AddAgentCaps = 16,
    /// agentx-RemoveAgentCaps-PDU.
    RemoveAgentCaps = 17,
    /// agentx-Response-PDU.
    Response = 18,
}

impl PduType {
    const ALL: [PduType; 18] = [
        Self::Open,
        Self::Close,
        Self::Register,
        Self::Unregister,
        Self::Get,
        Self::GetNext,
        Self::GetBulk,
        Self::TestSet,
        Self::CommitSet,
        Self::UndoSet,
        Self::CleanupSet,
        Self::Notify,
        Self::Ping,
        Self::IndexAllocate,
        Self::IndexDeallocate,
        Self::AddAgentCaps,
        Self::RemoveAgentCaps,
        Self::Response,
    ];

    /// The type byte on the wire.
    pub fn code(self) -> u8 {
        self as u8
    }

    /// The type for a wire byte, if the RFC defines one.
    pub fn from_code(code: u8) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.code() == code)
    }

    /// Whether this PDU type may carry a non-default context (§6.1.1).
    pub fn carries_context(self) -> bool {
        !matches!(
            self,
            Self::Open
                | Self::Close
                | Self::CommitSet
                | Self::UndoSet
                | Self::CleanupSet
                | Self::Response
        )
    }

    /// The flags this PDU type may carry besides NETWORK_BYTE_ORDER.
    pub fn allowed_flags(self) -> u8 {
        let context = if self.carries_context() {
            NON_DEFAULT_CONTEXT
        } else {
            0
        };
        let own = match self {
            Self::Register => INSTANCE_REGISTRATION,
            Self::IndexAllocate => NEW_INDEX | ANY_INDEX,
            _ => 0,
        };
        NETWORK_BYTE_ORDER | context | own
    }
}

/// A decoded PDU header (the version is always [`VERSION`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    /// The PDU's type.
    pub pdu_type: PduType,
    /// The flag bits (`h.flags`).
    pub flags: u8,
    /// `h.sessionID`.
    pub session_id: u32,
    /// `h.transactionID`.
    pub transaction_id: u32,
    /// `h.packetID`.
    pub packet_id: u32,
    /// `h.payload_length`: bytes after the header.
    pub payload_length: u32,
}

impl Header {
    /// The byte order the flags announce.
    pub fn byte_order(&self) -> ByteOrder {
        if self.flags & NETWORK_BYTE_ORDER != 0 {
            ByteOrder::BigEndian
        } else {
            ByteOrder::LittleEndian
        }
    }

    /// Reads a header: checks the version, the type, undefined flag bits and the reserved byte.
    pub fn decode(bytes: &[u8; HEADER_LEN]) -> Result<Self, DecodeError> {
        let [version, type_code, flags, reserved, ..] = *bytes;
        if version != VERSION {
            return Err(DecodeError::UnsupportedVersion(version));
        }
        let pdu_type =
            PduType::from_code(type_code).ok_or(DecodeError::UnknownPduType(type_code))?;
        if flags & !DEFINED_FLAGS != 0 || reserved != 0 {
            return Err(DecodeError::UndefinedFlags(flags));
        }
        let big_endian = flags & NETWORK_BYTE_ORDER != 0;
        let word = |at: usize| {
            let mut w = [0; 4];
            w.copy_from_slice(&bytes[at..at + 4]);
            if big_endian {
                u32::from_be_bytes(w)
            } else {
                u32::from_le_bytes(w)
            }
        };
        Ok(Self {
            pdu_type,
            flags,
            session_id: word(4),
            transaction_id: word(8),
            packet_id: word(12),
            payload_length: word(16),
        })
    }

    /// Checks the payload length before any of it is read: at most `limit`, a multiple of 4.
    pub fn check_payload_length(&self, limit: u32) -> Result<(), DecodeError> {
        if self.payload_length > limit {
            return Err(DecodeError::PayloadTooLong {
                length: self.payload_length,
                limit,
            });
        }
        if !self.payload_length.is_multiple_of(4) {
            return Err(DecodeError::PayloadNotAligned(self.payload_length));
        }
        Ok(())
    }

    /// Checks that the flags suit the PDU type.
    pub fn check_flags(&self) -> Result<(), DecodeError> {
        let stray = self.flags & !self.pdu_type.allowed_flags();
        if stray == 0 {
            Ok(())
        } else {
            Err(DecodeError::FlagNotAllowed {
                flag: stray,
                pdu: self.pdu_type,
            })
        }
    }

    /// The 20 header bytes.
    pub fn encode(&self) -> [u8; HEADER_LEN] {
        let mut out = [0; HEADER_LEN];
        out[0] = VERSION;
        out[1] = self.pdu_type.code();
        out[2] = self.flags;
        let words = [
            self.session_id,
            self.transaction_id,
            self.packet_id,
            self.payload_length,
        ];
        for (chunk, word) in out[4..].chunks_exact_mut(4).zip(words) {
            chunk.copy_from_slice(&match self.byte_order() {
                ByteOrder::LittleEndian => word.to_le_bytes(),
                ByteOrder::BigEndian => word.to_be_bytes(),
            });
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(flags: u8) -> Header {
        Header {
            pdu_type: PduType::Get,
            flags,
            session_id: 0x0102_0304,
            transaction_id: 5,
            packet_id: 6,
            payload_length: 8,
        }
    }

    #[test]
    fn big_endian_layout_and_round_trip() {
        let h = sample(NETWORK_BYTE_ORDER);
        let bytes = h.encode();
        assert_eq!(bytes[..8], [1, 5, 0x10, 0, 1, 2, 3, 4]);
        assert_eq!(bytes[16..], [0, 0, 0, 8]);
        assert_eq!(Header::decode(&bytes), Ok(h));
    }

    #[test]
    fn little_endian_layout_and_round_trip() {
        let h = sample(0);
        let bytes = h.encode();
        assert_eq!(bytes[4..8], [4, 3, 2, 1]);
        assert_eq!(Header::decode(&bytes), Ok(h));
    }

    #[test]
    fn refuses_version_type_and_undefined_flags() {
        let mut bytes = sample(0).encode();
        bytes[0] = 2;
        assert_eq!(
            Header::decode(&bytes),
            Err(DecodeError::UnsupportedVersion(2))
        );
        bytes[0] = 1;
        bytes[1] = 19;
        assert_eq!(Header::decode(&bytes), Err(DecodeError::UnknownPduType(19)));
        bytes[1] = 5;
        bytes[2] = 0x20;
        assert_eq!(
            Header::decode(&bytes),
            Err(DecodeError::UndefinedFlags(0x20))
        );
    }

    #[test]
    fn payload_limit_and_alignment() {
        let mut h = sample(0);
        h.payload_length = 4096;
        assert_eq!(
            h.check_payload_length(1024),
            Err(DecodeError::PayloadTooLong {
                length: 4096,
                limit: 1024
            })
        );
        h.payload_length = 6;
        assert_eq!(
            h.check_payload_length(1024),
            Err(DecodeError::PayloadNotAligned(6))
        );
    }

    #[test]
    fn flags_checked_per_type() {
        assert_eq!(sample(NON_DEFAULT_CONTEXT).check_flags(), Ok(()));
        assert_eq!(
            sample(INSTANCE_REGISTRATION).check_flags(),
            Err(DecodeError::FlagNotAllowed {
                flag: INSTANCE_REGISTRATION,
                pdu: PduType::Get
            })
        );
        let mut close = sample(NON_DEFAULT_CONTEXT);
        close.pdu_type = PduType::Close;
        assert!(close.check_flags().is_err());
    }
}
