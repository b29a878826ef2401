//! [`Journal`]: the disk part of the queue, a FIFO of records over numbered journal
//! files. Appends are buffered and written in large pieces; reads take large pieces and
//! write out the buffer first when they reach into it. Nothing is flushed to the disk
//! device: the journal only has to outlive memory pressure, not a crash (a restarted
//! engine removes stale journals and remirrors).

use std::collections::VecDeque;
use std::path::PathBuf;

use super::error::{Damage, DiskLimit, QueueError};
use super::journal_name::JournalName;
use super::record::{self, HEADER_LEN};
use super::segment::Segment;
use crate::replication::Operation;

/// Appended bytes kept before they are written to the file.
const WRITE_CHUNK: usize = 256 * 1024;

/// Bytes read from a file at a time.
const READ_CHUNK: usize = 256 * 1024;

/// The guide's cap: a queue keeps at most this many journal files.
pub(super) const MAX_FILES: usize = 16_384;

/// The disk FIFO of one queue.
#[derive(Debug)]
pub(super) struct Journal {
    dir: PathBuf,
    name: JournalName,
    file_bytes: u64,
    space_limit: Option<u64>,
    /// Oldest first; only the last one has bytes in `write_buf`.
    segments: VecDeque<Segment>,
    next_index: u64,
    write_buf: Vec<u8>,
    /// Bytes of the first segment from `read_start` on.
    read_buf: Vec<u8>,
    read_start: u64,
    /// Where the next record starts in the first segment.
    read_offset: u64,
    records: u64,
    record_bytes: u64,
    /// What the files take: every segment's length.
    space_used: u64,
}

impl Journal {
    /// An empty journal for the queue `name`, in files of `file_bytes` under `dir`
    /// taking at most `space_limit` bytes.
    pub(super) fn new(
        dir: PathBuf,
        name: JournalName,
        file_bytes: u64,
        space_limit: Option<u64>,
    ) -> Journal {
        Journal {
            dir,
            name,
            file_bytes,
            space_limit,
            segments: VecDeque::new(),
            next_index: 1,
            write_buf: Vec::new(),
            read_buf: Vec::new(),
            read_start: 0,
            read_offset: 0,
            records: 0,
            record_bytes: 0,
            space_used: 0,
        }
    }

    /// Operations in the journal.
    pub(super) fn len(&self) -> u64 {
        self.records
    }

    /// Their record bytes.
    pub(super) fn bytes(&self) -> u64 {
        self.record_bytes
    }

    /// Appends `op`, whose record is `size` bytes. On any error `op` is not queued
    /// ([`QueueError::Full`] hands it back).
    pub(super) fn push(&mut self, op: Operation, size: u64) -> Result<(), QueueError> {
        if let Some(bytes) = self.space_limit {
            if self.space_used.saturating_add(size) > bytes {
                return Err(QueueError::Full {
                    op: Box::new(op),
                    limit: DiskLimit::Space { bytes },
                });
            }
        }
        let rotate = match self.segments.back() {
            None => true,
            Some(last) => last.len() > 0 && last.len().saturating_add(size) > self.file_bytes,
        };
        if rotate && self.segments.len() >= MAX_FILES {
            return Err(QueueError::Full {
                op: Box::new(op),
                limit: DiskLimit::Files { count: MAX_FILES },
            });
        }
        if rotate || self.write_buf.len() >= WRITE_CHUNK {
            self.write_out()?;
        }
        if rotate {
            self.start_segment()?;
        }
        let len = record::encode(&op, &mut self.write_buf)?;
        if let Some(last) = self.segments.back_mut() {
            last.appended(len);
        }
        self.records += 1;
        self.record_bytes += len;
        self.space_used += len;
        Ok(())
    }

    /// Takes the oldest operation and its record size. A damaged record is reported
    /// again on every call (nothing past it can be found).
    pub(super) fn pop(&mut self) -> Result<Option<(Operation, u64)>, QueueError> {
        if self.records == 0 {
            return Ok(None);
        }
        let offset = self.read_offset;
        let header = self.bytes_at(offset, HEADER_LEN)?.first_chunk().copied();
        let Some(header) = header else {
            return Err(self.damaged(offset, HEADER_LEN as u64));
        };
        let len = record::announced_len(header);
        let record_bytes = usize::try_from(len)
            .ok()
            .filter(|_| len <= self.head_len().saturating_sub(offset));
        let Some(record_bytes) = record_bytes else {
            return Err(self.damaged(offset, len));
        };
        let decoded = record::decode(self.bytes_at(offset, record_bytes)?);
        let op = decoded.map_err(|damage| QueueError::Damaged {
            path: self.head_path(),
            offset,
            damage,
        })?;
        self.read_offset += len;
        self.records -= 1;
        self.record_bytes -= len;
        if self.records == 0 {
            self.discard_all();
        } else if self.read_offset == self.head_len() {
            self.discard_head();
        }
        Ok(Some((op, len)))
    }

    /// Empties the journal and removes its files.
    pub(super) fn clear(&mut self) -> Result<(), QueueError> {
        self.discard_all();
        self.name.remove_stale(&self.dir)
    }

    /// Writes the buffered appends to the last file.
    fn write_out(&mut self) -> Result<(), QueueError> {
        if self.write_buf.is_empty() {
            return Ok(());
        }
        if let Some(last) = self.segments.back_mut() {
            last.write(&self.write_buf)?;
        }
        self.write_buf.clear();
        if self.write_buf.capacity() > 4 * WRITE_CHUNK {
            self.write_buf.shrink_to(WRITE_CHUNK);
        }
        Ok(())
    }

    fn start_segment(&mut self) -> Result<(), QueueError> {
        if self.segments.is_empty() {
            std::fs::create_dir_all(&self.dir).map_err(QueueError::io(&self.dir))?;
        }
        let segment = Segment::create(self.name.file(&self.dir, self.next_index))?;
        self.next_index += 1;
        self.segments.push_back(segment);
        Ok(())
    }

    /// `n` bytes of the first file from `offset` (fewer when the file was cut short).
    fn bytes_at(&mut self, offset: u64, n: usize) -> Result<&[u8], QueueError> {
        let end = offset.saturating_add(n as u64);
        if self.segments.len() == 1 {
            if let Some(head) = self.segments.front() {
                if end > head.len() - head.unwritten() {
                    self.write_out()?;
                }
            }
        }
        let buf_end = self.read_start + self.read_buf.len() as u64;
        if offset < self.read_start || end > buf_end {
            if (self.read_start..=buf_end).contains(&offset) {
                self.read_buf.drain(..(offset - self.read_start) as usize);
            } else {
                self.read_buf.clear();
            }
            self.read_start = offset;
            let have = self.read_buf.len();
            if let Some(head) = self.segments.front() {
                let want = n.max(READ_CHUNK) - have;
                head.read_into(offset + have as u64, &mut self.read_buf, want)?;
            }
        }
        let from = (offset - self.read_start) as usize;
        let to = (from + n).min(self.read_buf.len());
        Ok(&self.read_buf[from..to])
    }

    fn head_len(&self) -> u64 {
        self.segments.front().map_or(0, Segment::len)
    }

    fn head_path(&self) -> PathBuf {
        self.segments
            .front()
            .map_or_else(|| self.dir.clone(), |head| head.path().clone())
    }

    fn damaged(&self, offset: u64, needed: u64) -> QueueError {
        QueueError::Damaged {
            path: self.head_path(),
            offset,
            damage: Damage::Truncated {
                needed,
                available: self.head_len().saturating_sub(offset),
            },
        }
    }

    /// Drops the fully read first file. Its removal is best effort here: a file that
    /// stays is removed by [`Journal::clear`] or on drop.
    fn discard_head(&mut self) {
        if let Some(head) = self.segments.pop_front() {
            self.space_used -= head.len();
            let _ = head.remove();
        }
        self.reset_reading();
    }

    /// Drops every file (best effort, as [`Journal::discard_head`]) and the buffers.
    fn discard_all(&mut self) {
        for segment in self.segments.drain(..) {
            let _ = segment.remove();
        }
        self.write_buf.clear();
        self.reset_reading();
        self.records = 0;
        self.record_bytes = 0;
        self.space_used = 0;
    }

    fn reset_reading(&mut self) {
        self.read_buf.clear();
        if self.read_buf.capacity() > 4 * READ_CHUNK {
            self.read_buf.shrink_to(READ_CHUNK);
        }
        self.read_start = 0;
        self.read_offset = 0;
    }
}

impl Drop for Journal {
    fn drop(&mut self) {
        if self.next_index > 1 {
            let _ = self.clear();
        }
    }
}
