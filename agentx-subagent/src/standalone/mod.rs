//! Standalone SNMPv2c: the NSI view served over UDP without snmpd, and v2c traps.
//!
//! BER comes from the `rasn-snmp` crate (its v2c messages are verified against
//! Net-SNMP); only the mapping between its types and ours lives here.
//!
//! # Layout
//! - [`endpoint`]: `udp:HOST:PORT` as the `--listen` and `--trap-sink` flags write it.
//! - [`ber`]: our values ⇄ rasn-snmp's varbind values.
//! - [`responder`]: one request datagram → the response datagram (Get, GetNext, GetBulk;
//!   Set answered notWritable; a wrong community gets no answer, as Net-SNMP does).
//! - [`agent`]: [`StandaloneAgent`], the UDP loop around the responder.
//! - [`trap_sender`]: [`TrapSender`], notifications as SNMPv2-Trap-PDUs.

pub mod agent;
pub mod ber;
pub mod endpoint;
pub mod error;
pub mod responder;
pub mod trap_sender;

pub use agent::StandaloneAgent;
pub use endpoint::parse_udp_endpoint;
pub use error::StandaloneError;
pub use responder::{respond, MAX_DATAGRAM};
pub use trap_sender::TrapSender;
