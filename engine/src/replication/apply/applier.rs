//! [`Applier`]: applies a connection's operations to the replica exactly once and in
//! order, retrying or discarding those that fail as the target's settings say.

use std::io;
use std::path::Path;
use std::sync::Arc;

use logparse::dtl::Severity;

use super::applied_record::AppliedRecord;
use super::counters::ApplyCounters;
use super::error::ApplyError;
use super::execute::Execute;
use super::failure::FailureKind;
use super::replica::Replica;
use super::retry_policy::RetryPolicy;
use crate::event_log::EventLog;
use crate::replication::{Operation, RelPath, SequencedOp};

/// Event 4120: a write succeeded after retries.
const SUCCEEDED_AFTER_RETRIES: u32 = 4120;
/// Event 4150: a write failed after retries and is discarded.
const DISCARDED: u32 = 4150;

/// What became of an operation handed to [`Applier::apply`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Applied {
    /// Carried out on the replica, after `retries` failed attempts.
    Done {
        /// Failed attempts before this one.
        retries: u32,
    },
    /// Already applied before (a resend): skipped.
    Duplicate,
    /// Failed and discarded (event 4150, OpsDropped): the replica needs a remirror.
    Dropped {
        /// Why it failed last.
        kind: FailureKind,
        /// Failed attempts after the first.
        retries: u32,
        /// The system's error, as text.
        reason: String,
    },
}

/// An operation that has failed and waits for its retry.
#[derive(Debug, Clone, Copy)]
struct Pending {
    seq: u64,
    failures: u32,
    kind: FailureKind,
}

/// The target side of one connection key (replication set and source): applies its
/// operations to the replica in sequence order, each once.
///
/// # The record, and a crash
/// The last applied number is written to the record once per run of operations on one
/// path, not once per operation: an operation, then the `Write`s, `Truncate`s and
/// `SetMeta`s on the same path that follow it (a mirrored file's `Create`, data and
/// `SetMeta`) are recorded together, before the next operation (or an `Ack`, see
/// [`flush_record`](Applier::flush_record)). A process killed inside a run has applied
/// part of it and recorded none of it; the source resends the run, which leaves the
/// replica as the run did the first time: its first operation finds only its own path
/// changed (as a crash between it and its record always could), and the others set
/// bytes, a length or metadata of that path to what they set before.
#[derive(Debug)]
pub struct Applier<E: Execute = Replica> {
    /// (Dropped before the record, which writes what was noted as it drops.)
    executor: E,
    record: AppliedRecord,
    /// The path of the run applied since the record was last written.
    unrecorded: Option<RelPath>,
    pending: Option<Pending>,
    policy: RetryPolicy,
    counters: Arc<ApplyCounters>,
    log: Option<EventLog>,
}

impl Applier<Replica> {
    /// Opens the replica under `target_root` (made if missing) and the record of the
    /// last operation applied for `key` in `state_dir`.
    pub fn open(target_root: &Path, state_dir: &Path, key: &str) -> Result<Applier, ApplyError> {
        let replica = Replica::open(target_root).map_err(|source| ApplyError::TargetPath {
            path: target_root.to_path_buf(),
            source,
        })?;
        Applier::with_executor(replica, state_dir, key)
    }
}

impl<E: Execute> Applier<E> {
    /// An applier that carries operations out through `executor`.
    pub fn with_executor(executor: E, state_dir: &Path, key: &str) -> Result<Self, ApplyError> {
        Ok(Applier {
            executor,
            record: AppliedRecord::open(state_dir, key)?,
            unrecorded: None,
            pending: None,
            policy: RetryPolicy::default(),
            counters: Arc::default(),
            log: None,
        })
    }

    /// Uses `policy` instead of the guide's defaults.
    pub fn with_policy(mut self, policy: RetryPolicy) -> Self {
        self.policy = policy;
        self
    }

    /// Logs failures, retries and discards (4110–4113, 4120, 4150) to `log`.
    pub fn with_event_log(mut self, log: EventLog) -> Self {
        self.log = Some(log);
        self
    }

    /// Counts into `counters` (shared, e.g. by every connection of one source).
    pub fn with_counters(mut self, counters: Arc<ApplyCounters>) -> Self {
        self.counters = counters;
        self
    }

    /// The counters this applier adds to.
    pub fn counters(&self) -> &Arc<ApplyCounters> {
        &self.counters
    }

    /// The last sequence number applied (or discarded): the source resends from the
    /// next one. The record has it after [`flush_record`](Self::flush_record).
    pub fn last_applied(&self) -> u64 {
        self.record.last()
    }

    /// Writes [`last_applied`](Self::last_applied) to the record, so that it survives
    /// a crash: before an `Ack`, since the source forgets what is acknowledged.
    pub fn flush_record(&mut self) -> Result<(), ApplyError> {
        self.unrecorded = None;
        if !self.record.is_dirty() {
            return Ok(());
        }
        self.executor
            .settle()
            .map_err(|source| ApplyError::TargetPath {
                path: self.executor.root().to_path_buf(),
                source,
            })?;
        self.record.flush().map_err(|source| ApplyError::Record {
            path: self.record.path().to_path_buf(),
            source,
        })
    }

    /// Starts the key over as a new stream: the next operation expected is 1.
    pub fn restart(&mut self) -> Result<(), ApplyError> {
        self.pending = None;
        self.unrecorded = None;
        self.record.reset().map_err(|source| ApplyError::Record {
            path: self.record.path().to_path_buf(),
            source,
        })
    }

    /// Applies `op` if it is the next in sequence; skips it if it was applied before.
    ///
    /// On [`ApplyError::Retry`], wait its `delay` and hand the same operation in again;
    /// on [`ApplyError::Gap`], have the source resend from the expected number.
    pub fn apply(&mut self, op: &SequencedOp) -> Result<Applied, ApplyError> {
        let expected = self.record.last() + 1;
        if op.seq < expected {
            self.counters.duplicates.inc();
            return Ok(Applied::Duplicate);
        }
        if op.seq > expected {
            return Err(ApplyError::Gap {
                expected,
                got: op.seq,
            });
        }
        let earlier = self.pending.filter(|pending| pending.seq == op.seq);
        let retries = earlier.map_or(0, |pending| pending.failures);
        if earlier.is_some() {
            self.counters.retries.inc();
        }
        if !self.continues_run(&op.op) {
            self.flush_record()?;
        }
        match self.executor.execute(&op.op) {
            Ok(()) => {
                self.record.note(op.seq);
                self.pending = None;
                if self.unrecorded.is_none() {
                    self.unrecorded = Some(op.op.path().clone());
                }
                self.counters.ops_applied.inc();
                self.counters.bytes_applied.add(op.op.data_len());
                if retries > 0 {
                    let retries = retries.to_string();
                    self.event(SUCCEEDED_AFTER_RETRIES, &[&self.shown(&op.op), &retries]);
                }
                Ok(Applied::Done { retries })
            }
            Err(err) => self.failed(op, earlier.map(|pending| pending.kind), retries, err),
        }
    }

    /// Handles attempt `retries + 1` of `op` failing with `err`: a retry or a discard.
    fn failed(
        &mut self,
        op: &SequencedOp,
        kind_before: Option<FailureKind>,
        retries: u32,
        err: io::Error,
    ) -> Result<Applied, ApplyError> {
        let kind = FailureKind::of(&err);
        let path = self.shown(&op.op);
        if kind_before != Some(kind) {
            if let Some(id) = kind.event_id() {
                self.event(id, &[&path, &self.policy.retry_limit.to_string()]);
                self.detail(&format!("Target write to {path} failed: {err}"));
            }
        }
        if !kind.is_retried() || self.policy.gives_up_after(retries) {
            self.record_applied(op.seq)?;
            self.counters.ops_dropped.inc();
            self.event(DISCARDED, &[&path, &retries.to_string()]);
            self.detail(&format!("Target write to {path} discarded ({kind}): {err}"));
            return Ok(Applied::Dropped {
                kind,
                retries,
                reason: err.to_string(),
            });
        }
        let failures = retries + 1;
        self.pending = Some(Pending {
            seq: op.seq,
            failures,
            kind,
        });
        Err(ApplyError::Retry {
            path,
            kind,
            failures,
            delay: self.policy.retry_delay,
            retrying_status: self.policy.shows_retrying(retries),
            source: err,
        })
    }

    /// Whether `op` joins the unrecorded run: a `Write`, `Truncate` or `SetMeta` on
    /// its path.
    fn continues_run(&self, op: &Operation) -> bool {
        let on_a_file = matches!(
            op,
            Operation::Write { .. } | Operation::Truncate { .. } | Operation::SetMeta { .. }
        );
        on_a_file && self.unrecorded.as_ref() == Some(op.path())
    }

    fn record_applied(&mut self, seq: u64) -> Result<(), ApplyError> {
        self.record.note(seq);
        self.flush_record()?;
        self.pending = None;
        Ok(())
    }

    /// The replica path `op` writes, as the events show it.
    fn shown(&self, op: &Operation) -> String {
        op.path().under(self.executor.root()).display().to_string()
    }

    fn event(&self, id: u32, args: &[&str]) {
        if let Some(log) = &self.log {
            log.record(id, args);
        }
    }

    fn detail(&self, text: &str) {
        if let Some(log) = &self.log {
            if let Err(err) = log.message(Severity::Alert, 0, text) {
                eprintln!("dtengine: cannot write to the engine log: {err}");
            }
        }
    }
}
