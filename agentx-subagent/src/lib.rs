//! dtsubagent: an AgentX (RFC 2741) sub-agent that serves the NSI-MIB from the
//! engine's statistics to a master agent such as Net-SNMP's snmpd.

pub mod mib_view;
