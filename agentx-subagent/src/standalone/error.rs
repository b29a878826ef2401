//! Why standalone SNMP failed.

use std::io;

use thiserror::Error;

/// An error of the standalone agent or the trap sender.
#[derive(Debug, Error)]
pub enum StandaloneError {
    /// An endpoint flag is not `udp:HOST:PORT`.
    #[error("`{0}` is not udp:HOST:PORT")]
    Endpoint(String),
    /// A socket operation failed.
    #[error("socket: {0}")]
    Io(#[from] io::Error),
    /// A message could not be BER-encoded.
    #[error("encoding an SNMP message: {0}")]
    Encode(String),
}
