//! The writer of a rolled series: appends to `NAME.log` and rolls it by renaming.

use std::fs::{self, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;

use super::appender::{create, local_now};
use super::line_writer::LineWriter;
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
    writer: LineWriter,
    /// The file held has already been renamed away but its successor could not be
    /// created: the next roll only creates the live file.
    rolled_away: bool,
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
        let file = OpenOptions::new()
            .read(true)
            .append(true)
            .create(true)
            .open(series.live_path())?;
        let writer = LineWriter::continue_file(file, next_seq)?;
        Ok(RolledAppender {
            series,
            max_size,
            keep,
            message_level: DEFAULT_LOG_MESSAGE_LEVEL,
            writer,
            rolled_away: false,
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
        let len = self.writer.prepare(timestamp, severity, id, tid, text)?;
        if self.rolled_away || self.writer.would_exceed(len, self.max_size) {
            self.roll()?;
        }
        self.writer.commit().map(Some)
    }

    /// Uses `pid` in the process ID column instead of this process's ID.
    pub fn set_pid(&mut self, pid: u32) {
        self.writer.set_pid(pid);
    }

    /// Changes `LogMessageLevel` (applied from the next message).
    pub fn set_message_level(&mut self, level: LogMessageLevel) {
        self.message_level = level;
    }

    /// The sequence number the next record will get.
    pub fn next_seq(&self) -> u64 {
        self.writer.next_seq()
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
        self.writer.switch_to(create(&self.series.live_path())?);
        self.rolled_away = false;
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
