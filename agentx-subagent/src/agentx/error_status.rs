//! The Response PDU's `res.error` codes (RFC 2741 §6.2.16): the SNMPv2 error-status
//! values 0–18 for request processing and the AgentX administrative codes 256–268.

/// A Response's error code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[repr(u16)]
pub enum ErrorStatus {
    /// noAgentXError / noError (0).
    #[default]
    NoError = 0,
    /// tooBig (1).
    TooBig = 1,
    /// noSuchName (2).
    NoSuchName = 2,
    /// badValue (3).
    BadValue = 3,
    /// readOnly (4).
    ReadOnly = 4,
    /// genErr (5).
    GenErr = 5,
    /// noAccess (6).
    NoAccess = 6,
    /// wrongType (7).
    WrongType = 7,
    /// wrongLength (8).
    WrongLength = 8,
    /// wrongEncoding (9).
    WrongEncoding = 9,
    /// wrongValue (10).
    WrongValue = 10,
    /// noCreation (11).
    NoCreation = 11,
    /// inconsistentValue (12).
    InconsistentValue = 12,
    /// resourceUnavailable (13).
    ResourceUnavailable = 13,
    /// commitFailed (14).
    CommitFailed = 14,
    /// undoFailed (15).
    UndoFailed = 15,
    /// authorizationError (16).
    AuthorizationError = 16,
    /// notWritable (17): the answer to a TestSet on a read-only object.
    NotWritable = 17,
    /// inconsistentName (18).
    InconsistentName = 18,
    /// openFailed (256).
    OpenFailed = 256,
    /// notOpen (257).
    NotOpen = 257,
    /// indexWrongType (258).
    IndexWrongType = 258,
    /// indexAlreadyAllocated (259).
    IndexAlreadyAllocated = 259,
    /// indexNoneAvailable (260).
    IndexNoneAvailable = 260,
    /// indexNotAllocated (261).
    IndexNotAllocated = 261,
    /// unsupportedContext (262).
    UnsupportedContext = 262,
    /// duplicateRegistration (263).
    DuplicateRegistration = 263,
    /// unknownRegistration (264).
    UnknownRegistration = 264,
    /// unknownAgentCaps (265).
    UnknownAgentCaps = 265,
    /// parseError (266).
    ParseError = 266,
    /// requestDenied (267).
    RequestDenied = 267,
    /// processingError (268).
    ProcessingError = 268,
}

impl ErrorStatus {
    /// Every code, in wire order.
    pub const ALL: [ErrorStatus; 32] = [
        Self::NoError,
        Self::TooBig,
        Self::NoSuchName,
        Self::BadValue,
        Self::ReadOnly,
        Self::GenErr,
        Self::NoAccess,
        Self::WrongType,
        Self::WrongLength,
        Self::WrongEncoding,
        Self::WrongValue,
        Self::NoCreation,
        Self::InconsistentValue,
        Self::ResourceUnavailable,
        Self::CommitFailed,
        Self::UndoFailed,
        Self::AuthorizationError,
        Self::NotWritable,
        Self::InconsistentName,
        Self::OpenFailed,
        Self::NotOpen,
        Self::IndexWrongType,
        Self::IndexAlreadyAllocated,
        Self::IndexNoneAvailable,
        Self::IndexNotAllocated,
        Self::UnsupportedContext,
        Self::DuplicateRegistration,
        Self::UnknownRegistration,
        Self::UnknownAgentCaps,
        Self::ParseError,
        Self::RequestDenied,
        Self::ProcessingError,
    ];

    /// The code on the wire.
    pub fn code(self) -> u16 {
        self as u16
    }

    /// The status for a wire code, if the RFC defines one.
    pub fn from_code(code: u16) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_0_to_18_and_256_to_268() {
        let codes: Vec<u16> = ErrorStatus::ALL.iter().map(|s| s.code()).collect();
        let expected: Vec<u16> = (0..=18).chain(256..=268).collect();
        assert_eq!(codes, expected);
        for code in 0..=u16::MAX {
            assert_eq!(
                ErrorStatus::from_code(code).map(ErrorStatus::code),
                expected.contains(&code).then_some(code)
            );
        }
        assert_eq!(ErrorStatus::NotWritable.code(), 17);
    }
}
