//! The source side of one connection (one job, guide chapters 3–4): the set's changes
//! are captured, queued (spilling to disk), and sent to the target in one sequence
//! with the mirrors; the target acknowledges, and after a lost connection the source
//! reconnects and resends what was not acknowledged.
//!
//! # How
//! - [`SourceConnection::start`] starts the capture on a thread of its own *before*
//!   the first mirror, so nothing changed during a mirror is missed; captured
//!   operations go into the spilling [`OpQueue`](crate::replication::queue::OpQueue).
//! - One tokio task per connection connects (`Hello`/`Welcome`), then sends, in one
//!   sequence space: unacknowledged operations again after a reconnection
//!   (conResentOpCount), the running mirror's operations (planned lazily on a thread of
//!   its own), and, when no mirror runs, the replication queue. Replication operations
//!   wait in the queue while a mirror runs; re-applying them after it gives the same
//!   replica (see [`apply`](crate::replication::apply)). A reader task receives
//!   acknowledgements and notices, so a blocked write never stalls reading.
//! - Every operation sent stays in the ack queue until acknowledged; sending stops
//!   while [`SourceConfig::window_bytes`] of them are in flight.
//! - A difference mirror sends `ListReplica` first and compares with the entries as
//!   they arrive. A connection lost before the listing ended leaves the rest of the
//!   mirror comparing against nothing: those files are sent whole.
//! - Lost changes (the capture's MirrorRequired, a full or unreadable queue) and
//!   operations the target discards make Target Data State "Mirror Required"; per
//!   AutoRemirror a mirror then replaces the queue's content.
//!
//! # Limitations
//! - A target that lost its applied-sequence record (a new state directory) answers a
//!   resumed connection with 0 and then refuses the resend as a gap; stop and start
//!   the connection (a new stream) and remirror.
//! - Mirror Status never shows "Calculating": the plan measures against the size the
//!   set already has (see `repset::calculate_size`).
//!
//! # Layout
//! - [`config`]: [`SourceConfig`], [`SourceJob`]; [`command`]: [`MirrorKind`],
//!   [`MirrorCommand`]; [`status`]: [`ConnectionStatus`] and the guide's status words;
//!   [`error`]: [`SourceError`].
//! - [`connection`]: [`SourceConnection`], the handle.
//! - `shared`: what the handle, threads and task share; `capture_driver`: the capture
//!   thread; `mirror_run`: one mirror's plan thread; `driver`: the connection task;
//!   `session`: handshake and reader task; `ack_queue`: operations awaiting their
//!   acknowledgement; `rpo`: ConRPT/ConRPL.

mod ack_queue;
mod capture_driver;
pub mod command;
pub mod config;
pub mod connection;
mod driver;
pub mod error;
mod mirror_run;
mod rpo;
mod session;
mod shared;
pub mod status;

pub use command::{MirrorCommand, MirrorKind};
pub use config::{SourceConfig, SourceJob, DEFAULT_WINDOW_BYTES, MAX_AUTO_REMIRROR};
pub use connection::SourceConnection;
pub use error::SourceError;
pub use shared::DataStateSink;
pub use status::{ConnectionStatus, MirrorStatus, ReplicationStatus, TargetStatus, TransmitMode};
