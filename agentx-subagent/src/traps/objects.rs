//! Which objects a `dttrap*` notification carries after `dtNotifyEventId` and
//! `dtNotifyMessage`: its `OBJECTS` clause in NSI-MIB, as instances of the view.

use crate::mib_view::oids::{
    DTCON_IP_ADDRESS, DTCON_MIRROR_PERCENT, DTCON_MIRROR_STATUS, DTCON_STATE, DT_CONNECTION_ENTRY,
    DT_CONNECTION_EXT_ENTRY, DT_CURRENT_MEMORY_USAGE, DT_CURRENT_MEMORY_USAGE_MB, DT_SOURCE_STATE,
    DT_TARGET_STATE,
};

/// The groups of `OBJECTS` clauses the MIB's notifications use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrapObjects {
    /// Only the event's ID and message.
    Event,
    /// And `dtSourceState`, `dtTargetState` (the kernel traps 1 and 2).
    Kernel,
    /// And `dtSourceState` (5, 6).
    Source,
    /// And `dtTargetState` (7, 8).
    Target,
    /// And `dtCurrentMemoryUsage`, `dtCurrentMemoryUsageMB` (16, 17).
    Memory,
    /// And `dtNotifyConnectionId`, `dtconIpAddress`, `dtconState` (connection traps).
    Connection,
    /// As [`TrapObjects::Connection`], and `dtconMirrorStatus`, `dtconMirrorPercent`
    /// (the mirror traps 27 to 31).
    Mirror,
}

impl TrapObjects {
    /// The group of trap `number`'s `OBJECTS` clause.
    pub fn of(number: u32) -> Self {
        match number {
            1 | 2 => Self::Kernel,
            5 | 6 => Self::Source,
            7 | 8 => Self::Target,
            16 | 17 => Self::Memory,
            27..=31 => Self::Mirror,
            9 | 11..=15 | 18..=26 | 32..=36 => Self::Connection,
            _ => Self::Event,
        }
    }

    /// Whether the notification names a connection (`dtNotifyConnectionId` and columns).
    pub fn names_a_connection(self) -> bool {
        matches!(self, Self::Connection | Self::Mirror)
    }

    /// The scalar objects carried (their instance is `.0`).
    pub fn scalars(self) -> &'static [&'static [u32]] {
        match self {
            Self::Kernel => &[DT_SOURCE_STATE, DT_TARGET_STATE],
            Self::Source => &[DT_SOURCE_STATE],
            Self::Target => &[DT_TARGET_STATE],
            Self::Memory => &[DT_CURRENT_MEMORY_USAGE, DT_CURRENT_MEMORY_USAGE_MB],
            Self::Event | Self::Connection | Self::Mirror => &[],
        }
    }

    /// The columns carried for the named connection, as (table entry, column).
    pub fn columns(self) -> &'static [(&'static [u32], u32)] {
        match self {
            Self::Connection => &[
                (DT_CONNECTION_ENTRY, DTCON_IP_ADDRESS),
                (DT_CONNECTION_ENTRY, DTCON_STATE),
            ],
            Self::Mirror => &[
                (DT_CONNECTION_ENTRY, DTCON_IP_ADDRESS),
                (DT_CONNECTION_ENTRY, DTCON_STATE),
                (DT_CONNECTION_EXT_ENTRY, DTCON_MIRROR_STATUS),
                (DT_CONNECTION_EXT_ENTRY, DTCON_MIRROR_PERCENT),
            ],
            _ => &[],
        }
    }
}
