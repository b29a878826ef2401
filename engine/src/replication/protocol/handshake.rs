//! The handshake: [`Hello`] from the source, answered by [`Welcome`] or [`Refused`].

use std::ffi::OsString;
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::path::{Path, PathBuf};

use logparse::catalog::ErrorCode;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::version::ProtocolVersion;
use crate::EngineError;

/// The source's first message on a new TCP connection to the target's NetPort.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hello {
    /// The version the source speaks (see [`ProtocolVersion`] for the rule).
    pub protocol_version: ProtocolVersion,
    /// The guide's Connection ID: a counter on the source engine, incremented for each
    /// connection it creates and reset only when the service restarts with no jobs. A
    /// reconnection of the same connection keeps its ID.
    pub connection_id: u32,
    /// The replication set's name.
    pub replication_set: String,
    /// Where the target keeps the replica (any bytes; the target checks it).
    #[serde(with = "path_bytes")]
    pub target_path: PathBuf,
    /// The source's host name, for the target's events and statistics.
    pub source_host: String,
    /// `true` when this reconnects a connection the target already applied operations
    /// for: the target answers with the last sequence number it applied.
    pub resume: bool,
}

/// The target's acceptance of a [`Hello`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Welcome {
    /// The version the target speaks; both sides then use the negotiated version.
    pub protocol_version: ProtocolVersion,
    /// The highest sequence number the target has applied for this connection (0 for a
    /// new one): the source resends every operation after it, and counts them in
    /// conResentOpCount.
    pub last_applied_seq: u64,
}

/// The target's refusal of a [`Hello`]; the target closes the connection after it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refused {
    /// The guide's error code (chapter 5), e.g. 157 for incompatible versions.
    pub code: u32,
    /// What exactly was refused.
    pub reason: String,
}

impl Refused {
    /// A refusal with the guide's `code`.
    pub fn new(code: ErrorCode, reason: impl Into<String>) -> Refused {
        Refused {
            code: code.0,
            reason: reason.into(),
        }
    }

    /// The refusal as the engine's client error (code, catalogue message, reason).
    pub fn to_engine_error(&self) -> EngineError {
        EngineError::new(ErrorCode(self.code), self.reason.clone())
    }
}

/// A path as its raw bytes, so non-UTF-8 target paths travel intact.
mod path_bytes {
    use super::*;

    /// Writes the path's bytes.
    pub fn serialize<S: Serializer>(path: &Path, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(path.as_os_str().as_bytes())
    }

    /// Reads a path from bytes.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<PathBuf, D::Error> {
        let bytes: serde_bytes::ByteBuf = Deserialize::deserialize(deserializer)?;
        Ok(PathBuf::from(OsString::from_vec(bytes.into_vec())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_becomes_the_guides_client_error() {
        let refused = Refused::new(ErrorCode::CONNECTION_FAILED, "target path /replica is busy");
        let err = refused.to_engine_error();
        assert_eq!(err.code, 145);
        assert_eq!(
            err.to_string(),
            "error 145: Connection failed: target path /replica is busy"
        );
    }
}
