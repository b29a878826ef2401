//! [`OpQueue`]: the FIFO of operations, in memory up to its limit and in journal files
//! beyond it.

use std::collections::VecDeque;

use super::error::QueueError;
use super::journal::Journal;
use super::journal_name::JournalName;
use super::limits::QueueLimits;
use super::record;
use crate::replication::Operation;

/// Most bytes moved from the journal to memory at a time, so that one pop never reads
/// for long (the caller holds the queue's lock).
const REFILL_BYTES: u64 = 4 * 1024 * 1024;

/// A FIFO of operations that spills to disk and never loses or reorders one.
///
/// Synchronous with a single owner (the caller wraps it in a `Mutex`). Dropping it
/// removes its journal files.
#[derive(Debug)]
pub struct OpQueue {
    memory_limit: u64,
    /// The oldest operations, each with its record size.
    memory: VecDeque<(Operation, u64)>,
    memory_bytes: u64,
    /// Everything after `memory`.
    journal: Journal,
}

impl OpQueue {
    /// An empty queue named `name` (its journal files are `<name>-<n>.dtq` in
    /// `limits.journal_dir`); journal files of that name left by an earlier run are
    /// removed. The directory is made when the queue first spills.
    pub fn open(limits: QueueLimits, name: &str) -> Result<OpQueue, QueueError> {
        let name = JournalName::new(name)?;
        name.remove_stale(&limits.journal_dir)?;
        Ok(OpQueue {
            memory_limit: limits.memory_bytes,
            memory: VecDeque::new(),
            memory_bytes: 0,
            journal: Journal::new(
                limits.journal_dir,
                name,
                limits.journal_file_bytes,
                limits.disk_bytes,
            ),
        })
    }

    /// Adds `op` at the end: in memory while nothing is on disk and it fits, else in
    /// the journal. On any error `op` is not queued; [`QueueError::Full`] (the disk
    /// limit is reached) hands it back.
    pub fn push(&mut self, op: Operation) -> Result<(), QueueError> {
        let size = record::record_len(&op)?;
        if self.journal.len() == 0 && self.memory_bytes.saturating_add(size) <= self.memory_limit {
            self.memory.push_back((op, size));
            self.memory_bytes += size;
            return Ok(());
        }
        self.journal.push(op, size)
    }

    /// Takes the oldest operation; `None` when the queue is empty. Memory is refilled
    /// from the journal, in order, when it runs empty.
    pub fn pop(&mut self) -> Result<Option<Operation>, QueueError> {
        if self.memory.is_empty() {
            self.refill()?;
        }
        Ok(self.memory.pop_front().map(|(op, size)| {
            self.memory_bytes -= size;
            op
        }))
    }

    /// Operations queued.
    pub fn len(&self) -> u64 {
        self.memory.len() as u64 + self.journal.len()
    }

    /// Whether no operation is queued.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The size of every queued operation, in memory and on disk (conBytesInRepQueue).
    /// An operation's size is the length of its journal record.
    pub fn bytes(&self) -> u64 {
        self.memory_bytes + self.journal.bytes()
    }

    /// The size of the operations in memory: at most the memory limit, plus one
    /// operation after a refill from disk.
    pub fn memory_bytes(&self) -> u64 {
        self.memory_bytes
    }

    /// The size of the operations in the journal files (conBytesInDiskQueue).
    pub fn disk_bytes(&self) -> u64 {
        self.journal.bytes()
    }

    /// Empties the queue and removes its journal files (a remirror replaces it).
    pub fn clear(&mut self) -> Result<(), QueueError> {
        self.memory.clear();
        self.memory_bytes = 0;
        self.journal.clear()
    }

    /// Moves the journal's oldest operations to memory: up to the memory limit (and
    /// [`REFILL_BYTES`]), at least one. An error after some have moved waits for the
    /// next refill, so those are not held back.
    fn refill(&mut self) -> Result<(), QueueError> {
        let budget = self.memory_limit.min(REFILL_BYTES);
        while self.memory.is_empty() || self.memory_bytes < budget {
            match self.journal.pop() {
                Ok(Some((op, size))) => {
                    self.memory.push_back((op, size));
                    self.memory_bytes += size;
                }
                Ok(None) => break,
                Err(_) if !self.memory.is_empty() => break,
                Err(err) => return Err(err),
            }
        }
        Ok(())
    }
}
