//! Traps from the engine log: every logged event that raises a `dttrap*` becomes an
//! SNMPv2 notification (an AgentX Notify varbind list), queued until a session takes it.
//!
//! # Layout
//! - [`notification`]: one event record → the notifications it raises (`snmpTrapOID.0`
//!   = `nsi.0.N`, then `dtNotifyEventId`, `dtNotifyMessage` and, when the text names a
//!   connection, `dtNotifyConnectionId` with that row's address and state); also
//!   `dttrapKernelStarted`, which a start of the sub-agent raises while the engine runs.
//! - [`objects`]: which objects each notification carries, as its `OBJECTS` in the MIB.
//! - [`mirror_event`]: the mirror status and percent a mirror event itself states.
//! - [`cursor_store`]: the follower's [`Cursor`](logparse::dtl::Cursor) saved atomically
//!   in a state directory.
//! - [`feed`]: [`TrapFeed`], which follows the LogDir, fills a bounded queue and saves the
//!   cursor each time a notification is handed over, so a restart neither repeats nor
//!   loses one.
//! - [`outbox`]: [`Outbox`], the feed shared by its poller and its sender.

pub mod cursor_store;
pub mod error;
pub mod feed;
pub mod mirror_event;
pub mod notification;
pub mod objects;
pub mod outbox;

pub use cursor_store::{CursorStore, CURSOR_FILE_NAME};
pub use error::TrapError;
pub use feed::{TrapFeed, DEFAULT_QUEUE_CAPACITY};
pub use notification::{
    connection_id, kernel_started, notifications_for, Notification, KERNEL_STARTED_TRAP,
    SNMP_TRAP_OID, SYS_UP_TIME,
};
pub use objects::TrapObjects;
pub use outbox::Outbox;
