//! Replication between a source engine and a target engine (guide chapters 3–4): what
//! travels, how the target applies it, and how the source finds it.
//!
//! # Layout
//! - [`capture`]: [`capture::Capture`], real-time capture of a set's changes with inotify.
//! - [`rel_path`]: [`RelPath`], a path inside the replica that can never leave it.
//! - [`operation`]: [`Operation`], one file-system change, as the mirror and
//!   replication send it, and [`SequencedOp`] with its sequence number.

pub mod capture;
pub mod operation;
pub mod rel_path;

pub use operation::{FileMeta, OpOrigin, Operation, SequencedOp};
pub use rel_path::{RelPath, RelPathError};
