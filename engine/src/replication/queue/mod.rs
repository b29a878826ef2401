//! The source's replication queue (guide: "queuing", QMemoryBufferMax, QJournalDir): a
//! FIFO of [`Operation`](crate::replication::Operation)s bounded in memory that spills
//! to journal files on disk and never loses or reorders one.
//!
//! # Order across the spill
//! While nothing is on disk, pushes stay in memory up to [`QueueLimits::memory_bytes`].
//! Once anything is on disk, every push goes to disk behind it; pops take memory
//! first, then move the journal's oldest operations back into memory, in order. So
//! memory always holds the oldest operations and the journal the newest.
//!
//! # Journal files
//! `<name>-<n>.dtq` in [`QueueLimits::journal_dir`], `n` counting up from 1, each about
//! [`QueueLimits::journal_file_bytes`]; a file is removed once read, and all of them
//! when the queue empties, is cleared or is dropped. Journals of the same name left by
//! an earlier run are removed on [`OpQueue::open`]: nothing in them can be trusted to
//! follow what the target has. A record is a `u32` little-endian payload length, the
//! postcard-encoded operation, and its CRC-32; a damaged one is
//! [`QueueError::Damaged`] naming the file and offset. Files are never flushed to the
//! device (no per-operation fsync): the journal outlives memory pressure, not a crash.
//!
//! # Limits
//! [`QueueLimits::disk_bytes`] (QJournalSpaceMax) bounds what the files take, and the
//! guide's 16,384 files bound their number; a push beyond either is
//! [`QueueError::Full`] with the operation handed back.
//!
//! # Layout
//! - [`limits`](QueueLimits): the bounds, from DT.conf.
//! - `op_queue`: [`OpQueue`], memory plus journal.
//! - `journal`: the disk FIFO over numbered files; `segment`: one file;
//!   `journal_name`: the files' names; `record`: a record's bytes.
//! - `error`: [`QueueError`].

mod error;
mod journal;
mod journal_name;
mod limits;
mod op_queue;
mod record;
mod segment;

pub use error::{Damage, DiskLimit, QueueError};
pub use limits::QueueLimits;
pub use op_queue::OpQueue;
