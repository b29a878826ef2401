//! [`ApplyLoop`]: a session's applier thread. It takes the queue's items in order,
//! applies operations (waiting and retrying as the applier says), lists the replica for
//! `ListReplica`, and hands its answers (`Ack`, `OpDropped`, `ReplicaEntries`,
//! `ReplicaListed`) to the session's writer in that same order.

use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::Arc;

use tokio::sync::mpsc;

use super::ack_batch::AckBatch;
use super::queue::{Item, Taken, TargetQueue};
use super::session_entry::SessionEntry;
use crate::replication::apply::{Applied, Applier, ApplyError};
use crate::replication::mirror::manifest_of;
use crate::replication::protocol::Message;
use crate::replication::{RelPath, SequencedOp};
use crate::stats::TargetCounters;

/// Entries per `ReplicaEntries` message.
pub const REPLICA_ENTRIES_PER_MESSAGE: usize = 1000;

/// Why an applier thread stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum ApplyEnd {
    /// The session is ending.
    Closed,
    /// An operation arrived out of sequence: the source must resend from Welcome.
    Gap(String),
    /// The applied-sequence record cannot be kept: nothing more can be applied.
    Failed(String),
    /// The session's writer is gone.
    WriterGone,
}

/// The work of one session's applier thread.
pub(super) struct ApplyLoop {
    /// Applies the operations.
    pub(super) applier: Applier,
    /// Where the items come from.
    pub(super) queue: Arc<TargetQueue>,
    /// Where the answers go (bounded: a slow source slows the applier, never the reader).
    pub(super) answers: mpsc::Sender<Message>,
    /// The replica, for `ListReplica`.
    pub(super) target_root: PathBuf,
    /// The session's shared progress.
    pub(super) entry: Arc<SessionEntry>,
    /// The peer's Target statistics.
    pub(super) counters: Arc<TargetCounters>,
}

impl ApplyLoop {
    /// Runs until the session ends; the applier (and its record's lock) is released on
    /// return.
    pub(super) fn run(mut self) -> ApplyEnd {
        let mut batch = AckBatch::new(self.applier.last_applied());
        let mut counted = (0, 0);
        loop {
            let item = match self.queue.take(false) {
                Taken::Item(item) => item,
                Taken::Closed => return ApplyEnd::Closed,
                Taken::Idle => {
                    if let Err(end) = self.acknowledge(&mut batch) {
                        return end;
                    }
                    match self.queue.take(true) {
                        Taken::Item(item) => item,
                        Taken::Closed | Taken::Idle => return ApplyEnd::Closed,
                    }
                }
            };
            let outcome = match item {
                Item::Op(op) => {
                    let outcome = self.apply(&op);
                    counted = self.count(counted);
                    outcome.map(|()| batch.applied(op.op.data_len()))
                }
                Item::List(roots) => self.list(&roots).map(|()| false),
            };
            match outcome {
                Ok(true) => {
                    if let Err(end) = self.acknowledge(&mut batch) {
                        return end;
                    }
                }
                Ok(false) => {}
                Err(end) => return end,
            }
        }
    }

    /// Sends the `Ack` `batch` has due, once the record holds everything it
    /// acknowledges (the source forgets what is acknowledged).
    fn acknowledge(&mut self, batch: &mut AckBatch) -> Result<(), ApplyEnd> {
        self.applier
            .flush_record()
            .map_err(|err| ApplyEnd::Failed(err.to_string()))?;
        match batch.take(self.applier.last_applied()) {
            Some(ack) => self.send(ack).then_some(()).ok_or(ApplyEnd::WriterGone),
            None => Ok(()),
        }
    }

    /// Applies `op`, retrying as told, until it is applied, skipped or dropped.
    fn apply(&mut self, op: &SequencedOp) -> Result<(), ApplyEnd> {
        loop {
            if !self.queue.wait_while_paused() {
                return Err(ApplyEnd::Closed);
            }
            match self.applier.apply(op) {
                Ok(Applied::Done { .. }) | Ok(Applied::Duplicate) => break,
                Ok(Applied::Dropped { reason, .. }) => {
                    let dropped = Message::OpDropped {
                        seq: op.seq,
                        reason,
                    };
                    if !self.send(dropped) {
                        return Err(ApplyEnd::WriterGone);
                    }
                    break;
                }
                Err(ApplyError::Retry {
                    delay,
                    retrying_status,
                    ..
                }) => {
                    self.entry
                        .retrying
                        .store(retrying_status, Ordering::Relaxed);
                    if !self.queue.wait_retry(delay) {
                        return Err(ApplyEnd::Closed);
                    }
                }
                Err(err @ ApplyError::Gap { .. }) => return Err(ApplyEnd::Gap(err.to_string())),
                Err(err) => return Err(ApplyEnd::Failed(err.to_string())),
            }
        }
        self.entry.retrying.store(false, Ordering::Relaxed);
        self.entry
            .last_applied
            .store(self.applier.last_applied(), Ordering::Relaxed);
        Ok(())
    }

    /// Streams the replica's entries at or below `roots`, then `ReplicaListed`. A path
    /// that cannot be read is left out: the source sends it again.
    fn list(&self, roots: &[RelPath]) -> Result<(), ApplyEnd> {
        let mut batch = Vec::with_capacity(REPLICA_ENTRIES_PER_MESSAGE);
        for entry in manifest_of(&self.target_root, roots).flatten() {
            batch.push(entry);
            if batch.len() == REPLICA_ENTRIES_PER_MESSAGE {
                let full =
                    std::mem::replace(&mut batch, Vec::with_capacity(REPLICA_ENTRIES_PER_MESSAGE));
                if !self.send(Message::ReplicaEntries(full)) {
                    return Err(ApplyEnd::WriterGone);
                }
            }
        }
        if !batch.is_empty() && !self.send(Message::ReplicaEntries(batch)) {
            return Err(ApplyEnd::WriterGone);
        }
        if !self.send(Message::ReplicaListed) {
            return Err(ApplyEnd::WriterGone);
        }
        Ok(())
    }

    /// Adds the applier's new retries and drops to the Target statistics; returns the
    /// totals counted so far.
    fn count(&self, (retries, dropped): (u64, u64)) -> (u64, u64) {
        let counters = self.applier.counters();
        let (now_retries, now_dropped) = (counters.retries.get(), counters.ops_dropped.get());
        self.counters.retries.add(now_retries.wrapping_sub(retries));
        self.counters
            .ops_dropped
            .add(now_dropped.wrapping_sub(dropped));
        (now_retries, now_dropped)
    }

    /// Hands `message` to the writer; false when the writer is gone.
    fn send(&self, message: Message) -> bool {
        self.answers.blocking_send(message).is_ok()
    }
}
