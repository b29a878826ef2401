//! [`MirrorRun`]: one full or difference mirror, planned lazily on a thread of its own
//! and handed to the connection task a few operations at a time.

use std::io;
use std::sync::mpsc as std_mpsc;
use std::sync::Arc;

use tokio::sync::mpsc;

use super::command::MirrorKind;
use super::shared::Shared;
use crate::replication::mirror::{
    manifest_roots_in, Manifest, ManifestEntry, MirrorMode, MirrorPlan,
};
use crate::replication::{Operation, RelPath};

/// Operations planned ahead of the sender (at most this many chunks in memory).
const PLANNED_AHEAD: usize = 16;

/// What the running mirror has next.
pub(super) enum Next {
    /// An operation to send.
    Op(Operation),
    /// Nothing yet: the plan is reading or waits for the replica's listing.
    Empty,
    /// The plan is complete.
    Finished,
}

/// A mirror in progress.
pub(super) struct MirrorRun {
    ops: mpsc::Receiver<Operation>,
    /// Feeds the replica's listing to a difference plan; `None` once it is complete.
    manifest: Option<std_mpsc::Sender<ManifestEntry>>,
}

impl MirrorRun {
    /// Starts planning a `kind` mirror of the set on its own thread; a difference
    /// mirror also returns the roots the target must list (`ListReplica`), to be sent
    /// before anything else of the mirror. A set whose roots cannot be read runs a
    /// full mirror instead.
    pub fn start(
        shared: &Arc<Shared>,
        kind: MirrorKind,
    ) -> io::Result<(MirrorRun, Option<Vec<RelPath>>)> {
        let roots = match kind {
            MirrorKind::Full => None,
            MirrorKind::Difference => {
                match manifest_roots_in(&shared.config.set, &shared.config.mirror.source_root) {
                    Ok(roots) => Some(roots),
                    Err(err) => {
                        shared.warn(&format!(
                        "Replication Set {}: cannot list the set's roots ({err}); running a full mirror",
                        shared.config.set.name()
                    ));
                        None
                    }
                }
            }
        };
        let (manifest, mode) = if roots.is_some() {
            let (tx, rx) = std_mpsc::channel();
            (Some(tx), MirrorMode::Difference(Manifest::new(rx)))
        } else {
            (None, MirrorMode::Full)
        };
        let (tx, ops) = mpsc::channel(PLANNED_AHEAD);
        let plan = MirrorPlan::new(
            &shared.config.set,
            shared.config.mirror.clone(),
            mode,
            Arc::clone(&shared.mirror_counters),
        );
        let thread_shared = Arc::clone(shared);
        std::thread::Builder::new()
            .name(format!("dt-mirror-{}", shared.config.connection_id))
            .spawn(move || plan_thread(&thread_shared, plan, tx))?;
        Ok((MirrorRun { ops, manifest }, roots))
    }

    /// The next planned operation, if one is ready.
    pub fn next(&mut self) -> Next {
        match self.ops.try_recv() {
            Ok(op) => Next::Op(op),
            Err(mpsc::error::TryRecvError::Empty) => Next::Empty,
            Err(mpsc::error::TryRecvError::Disconnected) => Next::Finished,
        }
    }

    /// Hands the plan the next entries of the replica's listing.
    pub fn replica_entries(&self, entries: Vec<ManifestEntry>) {
        if let Some(manifest) = &self.manifest {
            for entry in entries {
                if manifest.send(entry).is_err() {
                    break;
                }
            }
        }
    }

    /// The listing is complete (`ReplicaListed`), or will not come: the connection was
    /// lost, and what was not listed yet counts as absent from the replica (sent whole).
    pub fn listing_ended(&mut self) {
        self.manifest = None;
    }
}

/// Drains `plan` into `tx` until it ends or the run is dropped.
fn plan_thread(shared: &Shared, plan: MirrorPlan, tx: mpsc::Sender<Operation>) {
    for item in plan {
        match item {
            Ok(op) => {
                if tx.blocking_send(op).is_err() {
                    return;
                }
                shared.wake.notify_one();
            }
            Err(err) => shared.warn(&format!(
                "Replication Set {}: mirror skipped a path: {err}",
                shared.config.set.name()
            )),
        }
    }
    drop(tx);
    shared.wake.notify_one();
}
