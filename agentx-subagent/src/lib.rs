//! dtsubagent: an AgentX (RFC 2741) sub-agent that serves the NSI-MIB from the
//! engine's statistics to a master agent such as Net-SNMP's snmpd.
//!
//! # Layout
//! - [`agentx`]: the AgentX PDU codec and framing (our own; why is in its docs).
//! - [`mib_view`]: the NSI subtree of one statistics snapshot, in numeric OID order,
//!   with Get, GetNext, search ranges and GetBulk.
//! - [`stats_feed`]: the newest snapshot from the engine's stats port, as a view.
//! - [`session`]: the AgentX session with the master agent.
//! - [`config`]: the settings file of the `dtsubagent` binary.

pub mod agentx;
pub mod config;
pub mod mib_view;
pub mod session;
pub mod stats_feed;
