//! Replication between a source engine and a target engine (guide chapters 3–4): what
//! travels, how the target applies it, and how the source finds it.
//!
//! # Layout
//! - [`rel_path`]: [`RelPath`], a path inside the replica that can never leave it.
//! - [`operation`]: [`Operation`], one file-system change, as the mirror and
//!   replication send it, and [`SequencedOp`] with its sequence number.
//! - [`mirror`]: the source side of a full or difference mirror: a replication set as
//!   the ordered operations that recreate it, and the target's manifest.
//! - [`apply`]: the target side: each operation applied once, in order, beneath the
//!   target path, with the guide's retries.
//! - [`protocol`]: the frames and messages between source and target engines.
//! - [`capture`]: [`capture::Capture`], real-time capture of a set's changes with inotify.
//! - [`queue`]: [`queue::OpQueue`], the source's FIFO of operations, spilling from memory
//!   to journal files.
//! - [`source`]: [`source::SourceConnection`], one source connection: capture, queue,
//!   mirrors, sending, acknowledgements and reconnection.
//! - [`target`]: the target engine's replication port: sessions, apply, acks, pause.

pub mod apply;
pub mod capture;
pub mod mirror;
pub mod operation;
pub mod protocol;
pub mod queue;
pub mod rel_path;
pub mod source;
pub mod target;

pub use operation::{FileMeta, OpOrigin, Operation, SequencedOp};
pub use rel_path::{RelPath, RelPathError};
