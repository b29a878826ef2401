//! dtsubagent: an AgentX (RFC 2741) sub-agent that serves the NSI-MIB from the
//! engine's statistics to a master agent such as Net-SNMP's snmpd.
//!
//! # Layout
//! - [`agentx`]: the AgentX PDU codec and framing (our own; why is in its docs).
//! - [`mib_view`]: the NSI subtree of one statistics snapshot, in numeric OID order,
//!   with Get, GetNext, search ranges and GetBulk.

pub mod agentx;
pub mod mib_view;
pub mod standalone;
pub mod traps;
