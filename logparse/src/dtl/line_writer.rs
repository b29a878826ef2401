//! What both appenders ([`Appender`](super::Appender) and
//! [`RolledAppender`](super::RolledAppender)) share: the file being written, its size,
//! the next sequence number, the process ID, and turning a message into one line
//! written with one call.

use std::fs::File;
use std::io::{self, Write};
use std::os::unix::fs::FileExt;

use chrono::NaiveDateTime;

use super::record::Record;
use super::settings::Severity;

/// The line-writing state of an appender.
#[derive(Debug)]
pub(crate) struct LineWriter {
    file: File,
    size: u64,
    next_seq: u64,
    pid: u32,
    /// The prepared line, reused between messages.
    line: Vec<u8>,
}

impl LineWriter {
    /// Continues `file` (opened for reading and appending) with sequence number
    /// `next_seq`; a torn last line (a crash mid-write) gets a `\n` first, so the
    /// fragment stays visible as a line of its own.
    pub(crate) fn continue_file(mut file: File, next_seq: u64) -> io::Result<LineWriter> {
        let mut size = file.metadata()?.len();
        if size > 0 {
            let mut last = [0u8];
            file.read_exact_at(&mut last, size - 1)?;
            if last != *b"\n" {
                file.write_all(b"\n")?;
                size += 1;
            }
        }
        Ok(LineWriter {
            file,
            size,
            next_seq,
            pid: std::process::id(),
            line: Vec::with_capacity(256),
        })
    }

    /// Encodes the next record into the line buffer and returns the line's length.
    pub(crate) fn prepare(
        &mut self,
        timestamp: NaiveDateTime,
        severity: Severity,
        id: u32,
        tid: u32,
        text: &str,
    ) -> io::Result<u64> {
        let record = Record {
            timestamp,
            pid: self.pid,
            tid,
            seq: self.next_seq,
            level: severity.level(),
            id,
            text: text.to_owned(),
        };
        record.check_writable()?;
        self.line.clear();
        record.encode(&mut self.line);
        Ok(self.line.len() as u64)
    }

    /// Whether a line of `len` bytes would take the current, non-empty file past `max`.
    pub(crate) fn would_exceed(&self, len: u64, max: u64) -> bool {
        self.size > 0 && self.size.saturating_add(len) > max
    }

    /// Writes the prepared line in one call and returns its sequence number.
    pub(crate) fn commit(&mut self) -> io::Result<u64> {
        if let Err(err) = self.file.write_all(&self.line) {
            // Part of the line may have reached the file.
            self.size = self.file.metadata().map_or(self.size, |m| m.len());
            return Err(err);
        }
        self.size += self.line.len() as u64;
        let seq = self.next_seq;
        self.next_seq = self.next_seq.saturating_add(1);
        Ok(seq)
    }

    /// Goes on in `file`, newly created and empty.
    pub(crate) fn switch_to(&mut self, file: File) {
        self.file = file;
        self.size = 0;
    }

    /// Uses `pid` in the process ID column.
    pub(crate) fn set_pid(&mut self, pid: u32) {
        self.pid = pid;
    }

    /// The sequence number the next record will get.
    pub(crate) fn next_seq(&self) -> u64 {
        self.next_seq
    }
}
