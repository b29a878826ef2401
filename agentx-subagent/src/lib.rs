//! dtsubagent: an AgentX (RFC 2741) sub-agent that serves the NSI-MIB from the
//! engine's statistics to a master agent such as Net-SNMP's snmpd.
//!
//! # Layout
//! - [`oid`]: [`Oid`](oid::Oid), an OBJECT IDENTIFIER in numeric order.
//! - [`agentx`]: the AgentX PDU codec and framing (our own; why is in its docs).
//! - [`mib_view`]: the NSI subtree of one statistics snapshot, in numeric OID order,
//!   with Get, GetNext, search ranges and GetBulk.
//! - [`stats_feed`]: the newest snapshot from the engine's stats port, as a view.
//! - [`session`]: the AgentX session with the master agent.
//! - [`config`]: the settings file of the `dtsubagent` binary.
//! - [`traps`]: the engine log's events as `dttrap*` notifications, with a persisted
//!   cursor; the session sends them as Notify PDUs.
//! - [`standalone`]: SNMPv2c over UDP without snmpd, and v2c traps to a trap sink (the
//!   binary's `--listen` mode).

pub mod agentx;
pub mod config;
pub mod mib_view;
pub mod oid;
pub mod session;
pub mod standalone;
pub mod stats_feed;
pub mod traps;
