//! The engine's writer: appends records to the series and rotates as the guide describes.

use std::collections::VecDeque;
use std::fs::{self, File, OpenOptions};
use std::io;
use std::path::PathBuf;

use chrono::{NaiveDateTime, Timelike};

use super::line_writer::LineWriter;
use super::series::LogSeries;
use super::settings::{AppenderConfig, LogMessageLevel, Severity, MAX_SERIES_NUMBER};

/// Writes `.dtl` records for the engine.
///
/// Rules (guide chapters 2 and 12):
/// - Opening continues in the newest file of the series and numbers records after the
///   highest sequence number found. If that file ends in a torn line (a crash mid-write)
///   a `\n` is added first, so the fragment stays visible as a line of its own.
/// - A line is never split across files: if writing it would take the current, non-empty
///   file past `max_file_size`, logging moves to the next number (999 wraps to 1). An
///   existing file of that number is deleted and created anew, so a reader that still
///   has the old one open reads it to its end. A number whose old file cannot be deleted
///   is passed over.
/// - After a file is created, while more than `max_files` files exist the oldest is
///   deleted. If that deletion fails the file stays on the list and each later rotation
///   tries the oldest again (the product's documented behaviour), so the count may exceed
///   `max_files` meanwhile.
/// - Each line goes to the kernel in one write on an unbuffered file opened for append,
///   so readers only ever see a torn *last* line.
#[derive(Debug)]
pub struct Appender {
    config: AppenderConfig,
    series: LogSeries,
    writer: LineWriter,
    number: u16,
    /// Numbers of the series' files, oldest first; the last one is being written.
    files: VecDeque<u16>,
}

impl Appender {
    /// Opens the series in `config.dir` (creating the directory if needed).
    ///
    /// Fails with [`io::ErrorKind::InvalidInput`] if `max_files` is not 1 to 999.
    pub fn open(config: AppenderConfig) -> io::Result<Appender> {
        if !(1..=MAX_SERIES_NUMBER).contains(&config.max_files) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "MaxNumberofLogFiles must be 1 to {MAX_SERIES_NUMBER}, not {}",
                    config.max_files
                ),
            ));
        }
        fs::create_dir_all(&config.dir)?;
        let series = LogSeries::new(&config.dir, &config.base_name);
        let listed = series.files()?;
        let next_seq = series.last_seq()?.map_or(1, |seq| seq.saturating_add(1));
        let (number, file) = match listed.last() {
            Some(newest) => (
                newest.number,
                OpenOptions::new()
                    .read(true)
                    .append(true)
                    .open(&newest.path)?,
            ),
            None => (1, create(&series.path_of(1))?),
        };
        let writer = LineWriter::continue_file(file, next_seq)?;
        let mut files: VecDeque<u16> = listed.iter().map(|f| f.number).collect();
        if files.is_empty() {
            files.push_back(number);
        }
        Ok(Appender {
            config,
            series,
            writer,
            number,
            files,
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
        if !self.config.message_level.logs(severity) {
            return Ok(None);
        }
        let len = self.writer.prepare(timestamp, severity, id, tid, text)?;
        if self.writer.would_exceed(len, self.config.max_file_size) {
            self.rotate()?;
        }
        self.writer.commit().map(Some)
    }

    /// Uses `pid` in the process ID column instead of this process's ID.
    pub fn set_pid(&mut self, pid: u32) {
        self.writer.set_pid(pid);
    }

    /// Changes `LogMessageLevel` (the guide applies it without a restart).
    pub fn set_message_level(&mut self, level: LogMessageLevel) {
        self.config.message_level = level;
    }

    /// The sequence number the next record will get.
    pub fn next_seq(&self) -> u64 {
        self.writer.next_seq()
    }

    /// The number of the file being written.
    pub fn current_number(&self) -> u16 {
        self.number
    }

    /// The path of the file being written.
    pub fn current_path(&self) -> PathBuf {
        self.series.path_of(self.number)
    }

    /// The series written to.
    pub fn series(&self) -> &LogSeries {
        &self.series
    }

    /// Moves to the next series number and enforces `max_files`.
    fn rotate(&mut self) -> io::Result<()> {
        let mut number = self.number;
        for _ in 0..MAX_SERIES_NUMBER {
            number = if number >= MAX_SERIES_NUMBER {
                1
            } else {
                number + 1
            };
            let path = self.series.path_of(number);
            match fs::remove_file(&path) {
                Ok(()) => {}
                Err(err) if err.kind() == io::ErrorKind::NotFound => {}
                // An old file of this number that cannot be deleted keeps its place on
                // the list; pass over its number.
                Err(_) => continue,
            }
            self.writer.switch_to(create(&path)?);
            self.number = number;
            self.files.retain(|&n| n != number);
            self.files.push_back(number);
            self.delete_oldest();
            return Ok(());
        }
        Err(io::Error::other(format!(
            "no series number is free for a new {} file in {}",
            self.config.base_name,
            self.config.dir.display()
        )))
    }

    /// Deletes the oldest files while more than `max_files` exist; stops at a failure.
    fn delete_oldest(&mut self) {
        while self.files.len() > usize::from(self.config.max_files) {
            let Some(&oldest) = self.files.front() else {
                break;
            };
            if oldest == self.number {
                break;
            }
            match fs::remove_file(self.series.path_of(oldest)) {
                Ok(()) => {}
                Err(err) if err.kind() == io::ErrorKind::NotFound => {}
                Err(_) => break,
            }
            self.files.pop_front();
        }
    }
}

/// Creates a new, empty file for appending (and reading back its last byte).
pub(crate) fn create(path: &std::path::Path) -> io::Result<File> {
    OpenOptions::new()
        .read(true)
        .append(true)
        .create_new(true)
        .open(path)
}

/// The local time now, truncated to milliseconds as the file records it.
pub(crate) fn local_now() -> NaiveDateTime {
    let now = chrono::Local::now().naive_local();
    let millis = (now.nanosecond() % 1_000_000_000) / 1_000_000;
    now.with_nanosecond(millis * 1_000_000).unwrap_or(now)
}
