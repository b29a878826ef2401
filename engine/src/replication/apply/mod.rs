//! The target's applier (guide chapter 3: "the target applies each operation"): every
//! [`SequencedOp`](crate::replication::SequencedOp) of a connection is carried out on
//! the replica under the job's target path exactly once and in order, then
//! acknowledged.
//!
//! # Exactly once across crashes
//! The [`Applier`] keeps the last applied sequence number of each connection key
//! (replication set and source) in a record file of the state directory. Operations
//! at or below it are skipped ([`Applied::Duplicate`]); one above the next is a gap
//! ([`ApplyError::Gap`]): the source resends from [`Applier::last_applied`] + 1.
//!
//! The number is recorded *after* an operation is carried out, once per run of
//! operations on one path (an operation, then the Writes, Truncates and SetMetas on its
//! path that follow it: a mirrored file's Create, data and SetMeta), before the next
//! run starts and before every Ack. A crash can therefore fall only inside one run or
//! between it and its record; after the restart the source resends the run, and it
//! runs again on the replica that it itself left — never after any later operation.
//! So no operation needs to be idempotent in general, only to give the same replica
//! when its run is carried out twice in a row or after its own partial run, and each
//! run does (see [`Replica`]): its first operation finds only its own path changed
//! (Rename finds its source gone and its destination present, Delete and Rmdir find
//! nothing, Mkdir and Symlink find what they made, Create empties the file), and the
//! others put the same bytes at the same offsets (an append is a write at the old end,
//! so it cannot append twice), set the same length and the same metadata. Create in
//! particular cannot lose data: the Writes of its run that it empties run again after
//! it, and the record moves past the run before any later operation runs.
//!
//! The record survives the engine's crash or SIGKILL at any instant (each update is one
//! `pwrite`; see `applied_record`). Like the replica's own data, it is not flushed to
//! the disk per run, so a power failure may lose recent operations on the
//! replica; a remirror then restores it.
//!
//! # Safety
//! Paths are resolved under the target path with `openat2(RESOLVE_BENEATH |
//! RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS)` and `O_NOFOLLOW`: a symbolic link in
//! the replica is never followed, so no operation can act outside the target path.
//! Missing parent directories are made.
//!
//! # Failures
//! A failed operation is classified ([`FailureKind`]: 4110 disk full, 4111 sharing
//! violation, 4112 access denied, 4113 unknown) and returned as
//! [`ApplyError::Retry`]: the caller waits TGRetryLocked seconds and hands the same
//! operation in again. After TGExecutionRetryLimit retries (0: never) it is discarded
//! (4150, OpsDropped, [`Applied::Dropped`]); one that retrying cannot fix
//! ([`FailureKind::Diverged`]) is discarded at once. Success after retries logs 4120.

mod applied_record;
mod applier;
mod beneath;
mod counters;
mod error;
mod execute;
mod failure;
mod meta;
mod open_file;
mod parent_cache;
mod remove;
mod replica;
mod retry_policy;

pub use applier::{Applied, Applier};
pub use counters::ApplyCounters;
pub use error::ApplyError;
pub use execute::Execute;
pub use failure::FailureKind;
pub use replica::Replica;
pub use retry_policy::RetryPolicy;
