//! Following a live series like `tail -F`, across rotation, wrap and deletion.

use std::collections::HashSet;
use std::fs::File;
use std::io::{self, Seek, SeekFrom};
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use thiserror::Error;

use super::cursor::{Cursor, FilePosition};
use super::diagnostic::{Diagnostic, DiagnosticReason};
use super::dir_wakeup::DirWakeup;
use super::polling::{poll_deferring, wait_for_items};
use super::reader::{Item, LogReader};
use super::record::Record;
use super::series::{FileId, LogFile, LogSeries};
use super::settings::MAX_SERIES_NUMBER;

/// What [`Follower::poll`] hands out, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FollowItem {
    /// A record not delivered before.
    Record(Record),
    /// A bad line (or an incomplete last line in a file the engine has left).
    Diagnostic(Diagnostic),
    /// Records deleted by rotation before the follower could read them.
    Missing(MissingRecords),
}

/// A range of sequence numbers that can no longer be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Error)]
#[error("records {first_seq} to {last_seq} were deleted before they could be read")]
pub struct MissingRecords {
    /// First missing sequence number.
    pub first_seq: u64,
    /// Last missing sequence number.
    pub last_seq: u64,
}

/// Polls a [`LogSeries`] for records completed since the last poll.
///
/// - The file being read is kept open, so rotation deleting it loses nothing: it is read
///   to its end, then the follower moves to the next file of the series.
/// - Records with a sequence number not above the last one delivered are skipped, so a
///   record is never delivered twice, even when a restart has to re-read a file.
/// - A restart from a saved [`Cursor`] resumes at the saved offset if that file (same
///   number and device/inode) still holds the records before it; otherwise it starts at
///   the file holding the record after `last_seq`. Records deleted meanwhile are reported
///   as [`FollowItem::Missing`] once the next surviving record is read.
/// - Sequence numbers are assumed to increase along the series, as the
///   [`Appender`](super::Appender) guarantees while any file of the series remains.
#[derive(Debug)]
pub struct Follower {
    series: LogSeries,
    current: Option<Current>,
    /// Where to reopen when no file is open (from a cursor, or after a read error).
    resume: Option<FilePosition>,
    last_seq: u64,
    /// The files listed when the writer was last found still on the current file. While
    /// the directory holds no other file the writer cannot have moved on, so polls skip
    /// the costlier full listing.
    settled: Option<HashSet<FileId>>,
    /// An error met after items were already collected; returned by the next poll.
    deferred: Option<io::Error>,
    /// The directory's watch, from the first [`wait`](Self::wait) on.
    wakeup: Option<DirWakeup>,
}

#[derive(Debug)]
struct Current {
    reader: LogReader<File>,
    number: u16,
    file_id: FileId,
    /// No record has been delivered from this file since it was opened.
    fresh: bool,
}

/// How many times a poll re-lists the directory when files vanish under it.
const OPEN_ATTEMPTS: usize = 8;

impl Follower {
    /// Follows `series` from `cursor`, or from the start of its oldest file if `None`.
    pub fn new(series: LogSeries, cursor: Option<Cursor>) -> Follower {
        let cursor = cursor.unwrap_or_default();
        Follower {
            series,
            current: None,
            resume: cursor.file,
            last_seq: cursor.last_seq,
            settled: None,
            deferred: None,
            wakeup: None,
        }
    }

    /// Follows `series` from its current end: only records written from now on.
    pub fn at_end(series: LogSeries) -> io::Result<Follower> {
        let mut follower = Follower::new(series, None);
        let files = follower.series.files()?;
        follower.last_seq = follower.series.last_seq()?.unwrap_or(0);
        if let Some(newest) = files.last() {
            if let Some(mut current) = open(newest, 0, 0)? {
                while let Some(item) = current.reader.next_item() {
                    if let Item::Record(item) = item {
                        follower.last_seq = follower.last_seq.max(item.record.seq);
                    }
                }
                follower.current = Some(current);
            }
        }
        Ok(follower)
    }

    /// Every record completed since the last poll, with diagnostics, in order.
    ///
    /// If an I/O error interrupts a poll that already collected items, the items are
    /// returned and the error is returned by the next poll.
    pub fn poll(&mut self) -> io::Result<Vec<FollowItem>> {
        let mut deferred = self.deferred.take();
        let items = poll_deferring(&mut deferred, |out| self.poll_into(out));
        self.deferred = deferred;
        items
    }

    /// Polls when the directory changes (at least every `poll_interval`) until something
    /// arrives or `stop` is set.
    ///
    /// Returns what the last poll found (empty only when stopped).
    pub fn wait(
        &mut self,
        poll_interval: Duration,
        stop: &AtomicBool,
    ) -> io::Result<Vec<FollowItem>> {
        let dir = self.series.dir.clone();
        let mut wakeup = self.wakeup.take();
        let items = wait_for_items(|| self.poll(), &mut wakeup, &dir, poll_interval, stop);
        self.wakeup = wakeup;
        items
    }

    /// The position right after the last item returned.
    pub fn cursor(&self) -> Cursor {
        Cursor {
            file: self.current.as_ref().map(Current::position).or(self.resume),
            last_seq: self.last_seq,
        }
    }

    fn poll_into(&mut self, out: &mut Vec<FollowItem>) -> io::Result<()> {
        if self.current.is_none() && !self.open_start()? {
            return Ok(());
        }
        let mut vanished = 0;
        // A series never holds more files than this, so after as many moves every file
        // that existed when the poll began has been read; the bound only matters against
        // a writer that rotates faster than the follower reads.
        for _ in 0..MAX_SERIES_NUMBER {
            self.drain(out)?;
            if self.is_settled()? {
                return Ok(());
            }
            let files = self.series.files()?;
            let Some(next) = self.successor(&files)? else {
                self.settled = Some(files.iter().map(|f| f.file_id).collect());
                return Ok(());
            };
            // The writer only creates the next file after its last write to this one,
            // but that write may have landed between the drain and the listing.
            self.drain(out)?;
            let Some(opened) = open(&next, 0, 0)? else {
                vanished += 1;
                if vanished == OPEN_ATTEMPTS {
                    return Ok(());
                }
                continue;
            };
            self.settled = None;
            if let Some(previous) = self.current.replace(opened) {
                let pending = previous.reader.pending_bytes();
                if pending > 0 {
                    out.push(FollowItem::Diagnostic(Diagnostic {
                        path: previous.reader.path().map(Into::into),
                        line_no: previous.reader.line_no() + 1,
                        offset: previous.reader.offset(),
                        reason: DiagnosticReason::TornLine { len: pending },
                    }));
                }
            }
        }
        Ok(())
    }

    /// Whether the directory still holds only files seen when no successor existed.
    fn is_settled(&self) -> io::Result<bool> {
        match &self.settled {
            Some(known) => Ok(self.series.file_ids()?.iter().all(|id| known.contains(id))),
            None => Ok(false),
        }
    }

    /// Opens the file to start from; `false` if the series has none.
    fn open_start(&mut self) -> io::Result<bool> {
        self.settled = None;
        for _ in 0..OPEN_ATTEMPTS {
            let files = self.series.files()?;
            if let Some(position) = self.resume {
                let last_seq = self.last_seq;
                // The same file, not shortened, and (if we are past its start) still
                // holding the delivered records: a re-created file starts with newer ones.
                let same = files.iter().find(|f| {
                    f.number == position.file_number
                        && f.file_id == position.file_id
                        && f.len >= position.offset
                        && (position.offset == 0 || f.first_seq.is_some_and(|s| s <= last_seq))
                });
                if let Some(file) = same {
                    if let Some(current) = open(file, position.offset, position.line_no)? {
                        if current.file_id == position.file_id {
                            self.current = Some(current);
                            self.resume = None;
                            return Ok(true);
                        }
                    }
                }
            }
            let after = self.last_seq.saturating_add(1);
            let start = files
                .iter()
                .rposition(|f| f.first_seq.is_some_and(|s| s <= after))
                .unwrap_or(0);
            for file in files.get(start..).unwrap_or_default() {
                if let Some(current) = open(file, 0, 0)? {
                    self.current = Some(current);
                    self.resume = None;
                    return Ok(true);
                }
            }
            if files.is_empty() {
                return Ok(false);
            }
        }
        Ok(false)
    }

    /// Delivers everything complete in the current file.
    fn drain(&mut self, out: &mut Vec<FollowItem>) -> io::Result<()> {
        let Some(current) = self.current.as_mut() else {
            return Ok(());
        };
        let mut failed = None;
        while let Some(item) = current.reader.next_item() {
            match item {
                Item::Record(item) => {
                    let seq = item.record.seq;
                    if seq <= self.last_seq {
                        continue;
                    }
                    if current.fresh && self.last_seq > 0 && seq > self.last_seq + 1 {
                        out.push(FollowItem::Missing(MissingRecords {
                            first_seq: self.last_seq + 1,
                            last_seq: seq - 1,
                        }));
                    }
                    current.fresh = false;
                    self.last_seq = seq;
                    out.push(FollowItem::Record(item.record.to_record()));
                }
                Item::Diagnostic(diagnostic) => match diagnostic.reason {
                    DiagnosticReason::Io { kind, message } => {
                        failed = Some(io::Error::new(kind, message));
                        break;
                    }
                    _ => out.push(FollowItem::Diagnostic(diagnostic)),
                },
            }
        }
        match failed {
            None => Ok(()),
            Some(err) => {
                // The reader is finished; reopen at the same place on the next poll.
                self.resume = Some(current.position());
                self.current = None;
                self.settled = None;
                Err(err)
            }
        }
    }

    /// The file after the current one, if the writer has moved on.
    fn successor(&self, files: &[LogFile]) -> io::Result<Option<LogFile>> {
        let Some(current) = self.current.as_ref() else {
            return Ok(None);
        };
        if let Some(at) = files.iter().position(|f| f.file_id == current.file_id) {
            return Ok(files.get(at + 1).cloned());
        }
        // The current file was deleted (or its name re-created): the next one is the
        // first holding newer records, or a newer file without records yet.
        let modified = current.reader.get_ref().metadata()?.modified()?;
        Ok(files
            .iter()
            .find(|f| match f.first_seq {
                Some(seq) => seq > self.last_seq,
                None => f.modified >= modified,
            })
            .cloned())
    }
}

impl Current {
    fn position(&self) -> FilePosition {
        FilePosition {
            file_number: self.number,
            file_id: self.file_id,
            offset: self.reader.offset(),
            line_no: self.reader.line_no(),
        }
    }
}

/// Opens `file` at `offset` (after `line_no` lines); `None` if it has disappeared.
fn open(file: &LogFile, offset: u64, line_no: u64) -> io::Result<Option<Current>> {
    let mut handle = match File::open(&file.path) {
        Ok(handle) => handle,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(err) => return Err(err),
    };
    let file_id = FileId::of(&handle.metadata()?);
    if offset > 0 {
        handle.seek(SeekFrom::Start(offset))?;
    }
    Ok(Some(Current {
        reader: LogReader::new(handle)
            .with_path(&file.path)
            .with_position(offset, line_no),
        number: file.number,
        file_id,
        fresh: true,
    }))
}
