//! [`ProtocolVersion`]: which wire protocol a peer speaks, and the rule two peers agree on.

use std::fmt;

use logparse::catalog::ErrorCode;
use serde::{Deserialize, Serialize};

use super::handshake::Refused;

/// The guide's error 157 "Incompatible source and target … versions" (no named constant).
const INCOMPATIBLE_VERSIONS: ErrorCode = ErrorCode(157);

/// A protocol version: peers with the same `major` can talk; `minor` only adds messages.
///
/// Rule: the target compares the source's [`Hello`](super::Hello) version with its own.
/// Another major is refused with error 157; with the same major both sides use the lower
/// minor, and neither sends a message type newer than that minor. A major changes when an
/// existing message's encoding changes; a minor when message types are appended. The
/// handshake messages (`Hello`, `Welcome`, `Refused`) keep their encoding in every
/// version, so any peer can read a handshake well enough to refuse it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ProtocolVersion {
    /// Incompatible changes.
    pub major: u16,
    /// Compatible additions.
    pub minor: u16,
}

impl ProtocolVersion {
    /// The version this build speaks.
    pub const CURRENT: ProtocolVersion = ProtocolVersion { major: 1, minor: 0 };

    /// The version to use with a peer that speaks `peer`: the lower minor of the same
    /// major, or a refusal (error 157) naming both versions.
    pub fn negotiate(self, peer: ProtocolVersion) -> Result<ProtocolVersion, Refused> {
        if self.major != peer.major {
            return Err(Refused::new(
                INCOMPATIBLE_VERSIONS,
                format!("peer speaks replication protocol {peer}, this engine speaks {self}"),
            ));
        }
        Ok(ProtocolVersion {
            major: self.major,
            minor: self.minor.min(peer.minor),
        })
    }
}

impl fmt::Display for ProtocolVersion {
    /// `1.0`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_major_agrees_on_the_lower_minor() {
        let ours = ProtocolVersion { major: 1, minor: 3 };
        let theirs = ProtocolVersion { major: 1, minor: 1 };
        assert_eq!(ours.negotiate(theirs), Ok(theirs));
        assert_eq!(theirs.negotiate(ours), Ok(theirs));
        assert_eq!(
            ProtocolVersion::CURRENT.negotiate(ProtocolVersion::CURRENT),
            Ok(ProtocolVersion::CURRENT)
        );
    }

    #[test]
    fn another_major_is_refused_with_error_157() {
        let ours = ProtocolVersion { major: 1, minor: 0 };
        let refused = ours
            .negotiate(ProtocolVersion { major: 2, minor: 0 })
            .unwrap_err();
        assert_eq!(refused.code, 157);
        assert!(refused.reason.contains("2.0"), "{}", refused.reason);
        assert!(refused.reason.contains("1.0"), "{}", refused.reason);
    }
}
