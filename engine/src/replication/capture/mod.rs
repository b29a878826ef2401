//! Real-time change capture on the source (guide chapter 3, "Replication"): inotify
//! watches every directory of a replication set, and what changes in the paths the
//! set's Inc/Exc/Rec rules include becomes [`Operation`](crate::replication::Operation)s.
//!
//! # How
//! - [`Capture::start`] watches each directory below the set's non-overlapping paths
//!   that [`may_include_below`](crate::repset::ReplicationSet::may_include_below)
//!   allows, plus each top path's parent (so a top's creation, removal and renames are
//!   seen), and records every included file without reading it.
//!   [`Capture::hash_pending`] then hashes those files in 64 KiB blocks (xxh3-64, crate
//!   `xxhash-rust`) a slice at a time, when the engine has nothing else to do (after
//!   the first mirror); a file that changes before it is hashed is sent whole once. A
//!   new directory is watched as it appears, then listed, so what was put in it before
//!   the watch existed is sent too.
//! - [`Capture::next_batch`] turns events into operations. Creation (Create / Mkdir /
//!   Symlink), removal (Delete / Rmdir) and rename go out at once, in queue order;
//!   IN_MODIFY, IN_CLOSE_WRITE and IN_ATTRIB become a pending sync of the path, run
//!   after [`CaptureOptions::coalesce_window`] (at once after a close): the file is
//!   read, the blocks whose hash changed go as Writes (only the new bytes when a short
//!   last block grew), a shrink as a Truncate, then SetMeta.
//! - Renames are paired by cookie. A rename within the set is a Rename; a move out
//!   of it a Delete / Rmdir; a move in a scan of the moved tree (creates and writes);
//!   a directory moved where the rules treat its contents differently is removed and
//!   scanned again.
//! - Events are read after the fact, so each operation is computed from the file
//!   system as it is when handled, against a shadow of what the target holds
//!   (inode, metadata, block hashes), kept in `shadow`. A rename is sent as a rename
//!   only when the inode the target's copy came from is at the new name now. Operations
//!   on one path keep their order; a rename carries the path's pending sync along, and
//!   something reported but already gone is looked for again when a rename of a
//!   directory above it is read.
//! - IN_Q_OVERFLOW, a directory that cannot be watched (ENOSPC at max_user_watches or
//!   [`CaptureOptions::max_watches`]) and the removal of a top path's parent give
//!   [`CaptureEvent::MirrorRequired`]; after an overflow the capture starts over from
//!   the file system, taking it as what the target will hold after the mirror.
//!
//! # Limitations
//! - Content is compared by block hashes, not by the writes made: a block changed and
//!   changed back between two reads sends nothing (the target already holds those
//!   bytes); a hash collision (2^-64 per changed block) would miss a change.
//! - Every sync of a modified file re-reads and re-hashes the whole file, so frequent
//!   writes to a large file cost its full read each time (gathered per coalescing
//!   window); every file of the set is read once after start (`hash_pending`). Memory: about 16 bytes per
//!   64 KiB of data plus one entry per path.
//! - A shrink that cuts a block resends that block's remaining bytes (its hash is
//!   gone); a file grown sparse travels as zeros.
//! - inotify does not report writes through a shared mmap, nor through another hard
//!   link outside a watched directory; directory modification times are not sent
//!   (they change with every entry); special files (FIFOs, sockets, devices) are not
//!   replicated.
//! - The top path's parent must exist at start; a rename of a directory above it is
//!   not seen. A directory reachable at two paths (bind mount) is watched under the
//!   path it was last found at.
//! - When events are read late, a rename whose result changed again before it was
//!   read is sent as a removal and a fresh copy (correct, but more data).
//!
//! # Layout
//! - [`options`]: [`CaptureOptions`]; [`event`]: [`CaptureEvent`], [`CaptureCounters`];
//!   [`error`]: [`CaptureError`].
//! - [`session`]: [`Capture`]: start, batches, counters, starting over.
//! - `translate`: events to operations; `sync`: reading changed paths.
//! - `blocks`: per-file block hashes; `shadow`: what the target holds.
//! - `event_queue`, `watch_table`, `pending`, `subtree`: the inotify instance, its
//!   watches, the pending syncs, and path-keyed subtrees.

mod blocks;
pub mod error;
pub mod event;
mod event_queue;
pub mod options;
mod pending;
pub mod session;
mod shadow;
mod subtree;
mod sync;
mod translate;
mod watch_table;

pub use error::CaptureError;
pub use event::{CaptureCounters, CaptureEvent};
pub use options::{
    CaptureOptions, DEFAULT_BLOCK_SIZE, DEFAULT_COALESCE_WINDOW, DEFAULT_MAX_BATCH_BYTES,
    DEFAULT_MOVE_PAIR_WAIT, MAX_BLOCK_SIZE, MAX_WAIT,
};
pub use session::Capture;
