//! The target engine's replication port (guide chapter 3, "the target"): it accepts
//! sources, applies their operations to the replica with [`Applier`](super::apply::Applier),
//! and acknowledges them.
//!
//! Each accepted connection is a session: after the handshake (`Hello` within
//! NetworkTimeout; another major version refused with 157, an empty set name with
//! 101, a relative target path with 225) the target opens the applier of the key
//! `"{source_host}/{replication_set}"` — a new stream (`resume == false`) starts its
//! record over, a resumed one keeps it — and answers `Welcome { last_applied_seq }`.
//! A newer session of the same key replaces a live one, which says `Goodbye` and
//! releases its applier record first.
//!
//! A session is three parties joined by channels, so no party's wait stalls another:
//! the session task reads frames into a bounded queue (QMemoryBufferMax), the applier
//! thread drains it in order (retrying, dropping with `OpDropped`, listing the replica
//! for `ListReplica`, acknowledging in batches), and the writer task sends the answers,
//! notices and keep-alives. The queue pauses the source's mirror at
//! TGMirrorCapacityHigh and resumes it at TGMirrorCapacityLow; when it is full the
//! session stops reading the socket (TCP backpressure), and that silence is not held
//! against the source. The user's pause (4026/4027) stops every applier and is told to
//! every source.
//!
//! # Layout
//! - [`config`]: [`TargetConfig`], from DT.conf.
//! - [`server`]: [`TargetServer`], the listening port.
//! - [`control`]: [`TargetControl`], pause, resume and the session list.
//! - [`listing`]: [`TargetSession`], one row of that list.
//! - `session`: one session, from handshake to end; `session_end`: why it ended.
//! - `handshake`: the `Hello` checked and the connection key.
//! - `inbound`: what each received message becomes.
//! - `queue`: the bounded queue between reader and applier; `flow`: its mirror marks.
//! - `apply_loop`: the applier thread; `ack_batch`: when it acknowledges.
//! - `writer`: the writer task, with the keep-alives.
//! - `session_entry`: a live session as the control sees it.

mod ack_batch;
mod apply_loop;
pub mod config;
pub mod control;
mod flow;
mod handshake;
mod inbound;
pub mod listing;
mod queue;
pub mod server;
mod session;
mod session_end;
mod session_entry;
mod writer;

pub use ack_batch::{ACK_EVERY_BYTES, ACK_EVERY_OPS};
pub use apply_loop::REPLICA_ENTRIES_PER_MESSAGE;
pub use config::TargetConfig;
pub use control::TargetControl;
pub use listing::TargetSession;
pub use server::TargetServer;
