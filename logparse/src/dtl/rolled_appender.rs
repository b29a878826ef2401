//! The writer of a rolled series: appends to `NAME.log` and rolls it by renaming.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;

use super::appender::{create, local_now};
use super::record::Record;
use super::rolled_series::RolledSeries;
use super::settings::{LogMessageLevel, Severity, DEFAULT_LOG_MESSAGE_LEVEL};

/// Writes `.dtl`-format records to a [`RolledSeries`] (Linux job logs, guide chapter 2).
///
/// Rules:
/// - Opening continues the live file `NAME.log` (created if missing) and numbers records
///   after the highest sequence number of the live file, or of `NAME.log.1` if the live
///   file has none. A torn last line (a crash mid-write) gets a `\n` first.
/// - A line is never split across files: if writing it would take the non-empty live file
///   past `max_size`, the series rolls first: `NAME.log.keep-1` → `NAME.log.keep` (the
///   oldest is replaced), …, `NAME.log.1` → `NAME.log.2`, `NAME.log` → `NAME.log.1`, and a
///   new `NAME.log` is created. Older files beyond `keep` (left by a larger setting) are
///   deleted. With `keep` 0 the full file is deleted instead.
/// - Each line goes to the kernel in one write on an unbuffered file opened for append,
///   so readers only ever see a torn *last* line.
#[derive(Debug)]
pub struct RolledAppender {
    series: RolledSeries,
    max_size: u64,
    keep: u16,
    message_level: LogMessageLevel,
    file: File,
    size: u64,
    /// The file held has already been renamed away but its successor could not be
    /// created: the next roll only creates the live file.
    rolled_away: bool,
    next_seq: u64,
    pid: u32,
    line: Vec<u8>,
}

impl RolledAppender {
    /// Opens the series `name` in `dir` (creating the directory if needed), rolling at
    /// `max_size` bytes and keeping `keep` older files, with the default `LogMessageLevel`.
    pub fn open(
        dir: impl Into<PathBuf>,
        name: &str,
        max_size: u64,
        keep: u16,
    ) -> io::Result<RolledAppender> {
        let series = RolledSeries::new(dir, name);
        fs::create_dir_all(&series.dir)?;
        let next_seq = series.last_seq()?.map_or(1, |seq| seq.saturating_add(1));
        let mut file = OpenOptions::new()
            .read(true)
            .append(true)
            .create(true)
            .open(series.live_path())?;
        let mut size = file.metadata()?.len();
        if size > 0 {
            let mut last = [0u8];
            file.read_exact_at(&mut last, size - 1)?;
            if last != *b"\n" {
                file.write_all(b"\n")?;
                size += 1;
            }
        }
        Ok(RolledAppender {
            series,
            max_size,
            keep,
            message_level: DEFAULT_LOG_MESSAGE_LEVEL,
            file,
            size,
            rolled_away: false,
            next_seq,
            pid: std::process::id(),
            line: Vec::with_capacity(256),
        })
    }

    /// Logs `text` now (local time) from thread `tid` with message ID `id`.
    ///
    /// Returns the sequence number written, or `None` if `LogMessageLevel` filters
    /// `severity` out.
    pub fn append(
        &mut self,
        severity: Severity,
        id: u32,
        tid: u32,
        text: &str,
    ) -> io::Result<Option<u64>> {
        self.append_at(local_now(), severity, id, tid, text)
    }

    /// Like [`append`](Self::append) with an explicit timestamp (milliseconds are kept).
    pub fn append_at(
        &mut self,
        timestamp: NaiveDateTime,
        severity: Severity,
        id: u32,
        tid: u32,
        text: &str,
    ) -> io::Result<Option<u64>> {
        if !self.message_level.logs(severity) {
            return Ok(None);
        }
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
        let len = self.line.len() as u64;
        if self.rolled_away || (self.size > 0 && self.size.saturating_add(len) > self.max_size) {
            self.roll()?;
        }
        if let Err(err) = self.file.write_all(&self.line) {
            self.size = self.file.metadata().map_or(self.size, |m| m.len());
            return Err(err);
        }
        self.size += len;
        self.next_seq = self.next_seq.saturating_add(1);
        Ok(Some(record.seq))
    }

    /// Uses `pid` in the process ID column instead of this process's ID.
    pub fn set_pid(&mut self, pid: u32) {
        self.pid = pid;
    }

    /// Changes `LogMessageLevel` (applied from the next message).
    pub fn set_message_level(&mut self, level: LogMessageLevel) {
        self.message_level = level;
    }

    /// The sequence number the next record will get.
    pub fn next_seq(&self) -> u64 {
        self.next_seq
    }

    /// The series written to.
    pub fn series(&self) -> &RolledSeries {
        &self.series
    }

    /// Shifts the older files up one generation and starts a new live file.
    fn roll(&mut self) -> io::Result<()> {
        if !self.rolled_away {
            for generation in self.series.generations()? {
                if generation > self.keep {
                    remove_if_present(&self.series.path_of(generation))?;
                }
            }
            for generation in (1..self.keep).rev() {
                rename_if_present(
                    &self.series.path_of(generation),
                    &self.series.path_of(generation + 1),
                )?;
            }
            let live = self.series.live_path();
            if self.keep == 0 {
                remove_if_present(&live)?;
            } else {
                rename_if_present(&live, &self.series.path_of(1))?;
            }
            self.rolled_away = true;
        }
        self.file = create(&self.series.live_path())?;
        self.rolled_away = false;
        self.size = 0;
        Ok(())
    }
}

/// Renames `from` to `to`, replacing `to`; nothing to do if `from` does not exist.
fn rename_if_present(from: &Path, to: &Path) -> io::Result<()> {
    match fs::rename(from, to) {
        Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(()),
        other => other,
    }
}

/// Deletes `path`; nothing to do if it does not exist.
fn remove_if_present(path: &Path) -> io::Result<()> {
    match fs::remove_file(path) {
        Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(()),
        other => other,
    }
}
