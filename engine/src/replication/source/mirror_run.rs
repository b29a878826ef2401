//! [`MirrorRun`]: one full or difference mirror, planned lazily on a thread of its own
//! and handed to the connection task a few operations at a time.

use std::collections::VecDeque;
use std::io;
use std::sync::atomic::Ordering;
use std::sync::mpsc as std_mpsc;
use std::sync::Arc;

use tokio::sync::mpsc;

use super::command::MirrorKind;
use super::shared::Shared;
use crate::replication::mirror::{
    manifest_roots_in, Manifest, ManifestEntry, MirrorMode, MirrorPlan,
};
use crate::replication::{Operation, RelPath};
use crate::repset::calculate_size;

/// Batches planned ahead of the sender.
const PLANNED_AHEAD: usize = 4;

/// The most operations in one batch handed to the sender: the plan thread wakes the
/// connection task once per batch, and the task sends a batch's frames together.
const BATCH_OPS: usize = 64;

/// A batch is handed over once its file data reaches this many bytes (so at most
/// [`PLANNED_AHEAD`] + 1 batches of about this size, plus one chunk, are in memory).
const BATCH_BYTES: u64 = 512 * 1024;

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
    batches: mpsc::Receiver<Vec<Operation>>,
    /// What is left of the batch being sent.
    current: VecDeque<Operation>,
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
                match manifest_roots_in(&shared.config.job.set, &shared.config.mirror.source_root) {
                    Ok(roots) => Some(roots),
                    Err(err) => {
                        shared.warn(&format!(
                        "Replication Set {}: cannot list the set's roots ({err}); running a full mirror",
                        shared.config.job.set.name()
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
        let (tx, batches) = mpsc::channel(PLANNED_AHEAD);
        let plan = MirrorPlan::new(
            &shared.config.job.set,
            shared.config.mirror.clone(),
            mode,
            Arc::clone(&shared.mirror_counters),
        );
        let thread_shared = Arc::clone(shared);
        std::thread::Builder::new()
            .name(format!("dt-mirror-{}", shared.config.job.connection_id))
            .spawn(move || plan_thread(&thread_shared, plan, tx))?;
        let run = MirrorRun {
            batches,
            current: VecDeque::new(),
            manifest,
        };
        Ok((run, roots))
    }

    /// The next planned operation, if one is ready.
    pub fn next(&mut self) -> Next {
        if let Some(op) = self.current.pop_front() {
            return Next::Op(op);
        }
        match self.batches.try_recv() {
            Ok(batch) => {
                self.current = batch.into();
                match self.current.pop_front() {
                    Some(op) => Next::Op(op),
                    None => Next::Empty,
                }
            }
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

/// Drains `plan` into `tx` in batches until it ends or the run is dropped. With
/// CalculateOnConnect (unless the set carries a size), conMirrorPercent and
/// conMirrorBytesRemaining measure against the set's size: for the connection's first
/// mirror, what the capture's walk found as the connection started; otherwise it is
/// calculated on a thread of its own meanwhile, so the mirror does not wait for a walk
/// of the whole set before its first operation, and the plan ends after the
/// calculation.
fn plan_thread(shared: &Arc<Shared>, plan: MirrorPlan, tx: mpsc::Sender<Vec<Operation>>) {
    let measured = shared.config.calculate_on_connect && shared.config.job.set.size().is_none();
    let walked = shared.lock().walked_size.take();
    if let Some(bytes) = walked.filter(|_| measured) {
        shared.mirror_counters.set_bytes_planned(Some(bytes));
    }
    let calculation = (measured && walked.is_none()).then(|| {
        shared.calculating.store(true, Ordering::Relaxed);
        let shared = Arc::clone(shared);
        std::thread::Builder::new()
            .name(format!("dt-size-{}", shared.config.job.connection_id))
            .spawn(move || {
                let report = calculate_size(&shared.config.job.set);
                shared
                    .mirror_counters
                    .set_bytes_planned(Some(report.size.bytes));
                shared.calculating.store(false, Ordering::Relaxed);
            })
    });
    let calculation = match calculation {
        Some(Ok(thread)) => Some(thread),
        Some(Err(err)) => {
            shared.calculating.store(false, Ordering::Relaxed);
            shared.warn(&format!(
                "Replication Set {}: cannot calculate the set's size: {err}",
                shared.config.job.set.name()
            ));
            None
        }
        None => None,
    };
    drain(shared, plan, &tx);
    if let Some(thread) = calculation {
        // A calculation that panicked leaves the size unknown.
        if thread.join().is_err() {
            shared.calculating.store(false, Ordering::Relaxed);
        }
    }
    drop(tx);
    shared.wake.notify_one();
}

/// Hands `plan`'s operations to `tx` in batches, until the plan ends or the run is
/// dropped.
fn drain(shared: &Shared, plan: MirrorPlan, tx: &mpsc::Sender<Vec<Operation>>) {
    let hand_over = |batch: Vec<Operation>| {
        let sent = tx.blocking_send(batch).is_ok();
        shared.wake.notify_one();
        sent
    };
    let mut batch = Vec::with_capacity(BATCH_OPS);
    let mut batch_bytes = 0;
    for item in plan {
        match item {
            Ok(op) => {
                batch_bytes += op.data_len();
                batch.push(op);
                if batch.len() == BATCH_OPS || batch_bytes >= BATCH_BYTES {
                    let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH_OPS));
                    batch_bytes = 0;
                    if !hand_over(full) {
                        return;
                    }
                }
            }
            Err(err) => shared.warn(&format!(
                "Replication Set {}: mirror skipped a path: {err}",
                shared.config.job.set.name()
            )),
        }
    }
    if !batch.is_empty() {
        hand_over(batch);
    }
}
