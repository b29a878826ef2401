//! The source side of mirroring (guide chapter 3): a replication set turned into the
//! ordered operations a full or difference mirror sends, with the counters the guide
//! shows for it.
//!
//! A mirror is a [`MirrorPlan`], an iterator of [`Operation`](super::Operation)s that
//! walks the set and reads files as it is drained, so it holds one directory listing
//! per level and one chunk of data at a time (run it on a blocking thread). A
//! difference mirror pairs the walk with the target's [`Manifest`], which the target
//! lists with [`manifest_of`] in the same order. Progress against the set's calculated
//! size is read from [`MirrorCounters`] while the plan runs.
//!
//! # Layout
//! - [`options`]: [`MirrorOptions`] (MirrorChunkSize, SmallFileThreshold, RemapLink).
//! - [`plan`]: [`MirrorPlan`] and [`MirrorMode`], the order of operations.
//! - [`manifest`]: [`ManifestEntry`], [`manifest_of`] on the target, [`Manifest`] on
//!   the source.
//! - `walk`: the walk both sides share and its [`walk_order`].
//! - `content`: one file's data as Writes, sparse-aware.
//! - [`remap`]: the RemapLink rule for symbolic links.
//! - [`counters`]: [`MirrorCounters`] and [`MirrorProgress`].
//! - [`error`]: [`MirrorError`], a path skipped.

mod content;
pub mod counters;
pub mod error;
pub mod manifest;
pub mod options;
pub mod plan;
pub mod remap;
mod walk;

pub use counters::{MirrorCounters, MirrorProgress};
pub use error::MirrorError;
pub use manifest::{
    manifest_of, manifest_roots, manifest_roots_in, Manifest, ManifestEntry, ManifestKind,
    ManifestWalk,
};
pub use options::{
    MirrorOptions, RemapLink, DEFAULT_MIRROR_CHUNK_SIZE, DEFAULT_SMALL_FILE_THRESHOLD,
    MAX_MIRROR_CHUNK_SIZE,
};
pub use plan::{MirrorMode, MirrorPlan};
pub use remap::remapped_link_text;
pub use walk::walk_order;
