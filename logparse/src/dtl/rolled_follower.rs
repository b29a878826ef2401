//! Following a rolled series like `tail -F`, across the renames of every roll.

use std::fs::{self, File};
use std::io::{self, Seek, SeekFrom};
use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use super::diagnostic::{Diagnostic, DiagnosticReason};
use super::dir_wakeup::DirWakeup;
use super::follower::{FollowItem, MissingRecords};
use super::polling::{poll_deferring, wait_for_items};
use super::reader::{Item, LogReader};
use super::rolled_cursor::{RolledCursor, RolledPosition};
use super::rolled_series::{RolledFile, RolledSeries};
use super::series::FileId;

/// Polls a [`RolledSeries`] for records completed since the last poll.
///
/// - The file being read is kept open and known by its [`FileId`], so a roll renaming it
///   (or deleting it) loses nothing: once the live `NAME.log` is another file, the old
///   one is read to its end, then the follower moves to the file holding the next records.
/// - Records with a sequence number not above the last one delivered are skipped, so a
///   record is never delivered twice, even when a restart has to re-read a file.
/// - A restart from a saved [`RolledCursor`] resumes at the saved offset in the file with
///   the saved identity, under whatever name it has now. If that file is gone it starts at
///   the file holding the record after `last_seq`; records deleted meanwhile are reported
///   as [`FollowItem::Missing`] once the next surviving record is read.
/// - Sequence numbers are assumed to increase along the series without gaps, as the
///   [`RolledAppender`](super::RolledAppender) writes them.
/// - Diagnostics name a file as it was called when the follower opened it.
#[derive(Debug)]
pub struct RolledFollower {
    series: RolledSeries,
    current: Option<Current>,
    /// Where to reopen when no file is open (from a cursor, or after a read error).
    resume: Option<RolledPosition>,
    last_seq: u64,
    /// An error met after items were already collected; returned by the next poll.
    deferred: Option<io::Error>,
    /// The directory's watch, from the first [`wait`](Self::wait) on.
    wakeup: Option<DirWakeup>,
}

#[derive(Debug)]
struct Current {
    reader: LogReader<File>,
    file_id: FileId,
    /// No record has been delivered from this file since it was opened.
    fresh: bool,
    /// The highest sequence number read from this file, delivered or skipped.
    highest: Option<u64>,
}

/// How many directory listings a poll makes while rolls move files under them.
const LIST_ATTEMPTS: usize = 8;

/// How many files one poll moves through; the next poll goes on from there.
const MOVES_PER_POLL: usize = 64;

impl RolledFollower {
    /// Follows `series` from `cursor`, or from the start of its oldest file if `None`.
    pub fn new(series: RolledSeries, cursor: Option<RolledCursor>) -> RolledFollower {
        let cursor = cursor.unwrap_or_default();
        RolledFollower {
            series,
            current: None,
            resume: cursor.file,
            last_seq: cursor.last_seq,
            deferred: None,
            wakeup: None,
        }
    }

    /// Follows `series` from its current end: only records written from now on.
    pub fn at_end(series: RolledSeries) -> io::Result<RolledFollower> {
        let mut follower = RolledFollower::new(series, None);
        follower.last_seq = follower.series.last_seq()?.unwrap_or(0);
        if let Some(mut current) = open(&follower.series.live_path(), 0, 0)? {
            while let Some(item) = current.reader.next_item() {
                if let Item::Record(item) = item {
                    current.highest = current.highest.max(Some(item.record.seq));
                }
            }
            follower.last_seq = follower.last_seq.max(current.highest.unwrap_or(0));
            follower.current = Some(current);
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
    pub fn cursor(&self) -> RolledCursor {
        RolledCursor {
            file: self.current.as_ref().map(Current::position).or(self.resume),
            last_seq: self.last_seq,
        }
    }

    fn poll_into(&mut self, out: &mut Vec<FollowItem>) -> io::Result<()> {
        if self.current.is_none() && !self.open_start()? {
            return Ok(());
        }
        for _ in 0..MOVES_PER_POLL {
            self.drain(out)?;
            if self.current_is_live()? {
                return Ok(());
            }
            // The writer renames the live file only after its last write to it, but that
            // write may have landed between the drain and the check.
            self.drain(out)?;
            let Some(next) = self.successor()? else {
                return Ok(());
            };
            if let Some(previous) = self.current.replace(next) {
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

    /// Whether the file being read is still the live `NAME.log` (true if none is open).
    fn current_is_live(&self) -> io::Result<bool> {
        let Some(current) = self.current.as_ref() else {
            return Ok(true);
        };
        match fs::metadata(self.series.live_path()) {
            Ok(metadata) => Ok(FileId::of(&metadata) == current.file_id),
            Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(false),
            Err(err) => Err(err),
        }
    }

    /// Opens the file to start from; `false` if there is none (yet).
    fn open_start(&mut self) -> io::Result<bool> {
        for _ in 0..LIST_ATTEMPTS {
            let listing = self.series.list()?;
            if let Some(position) = self.resume {
                let last_seq = self.last_seq;
                // The same file, not shortened, and (if we are past its start) still
                // holding the delivered records: a file whose inode number was reused
                // starts with newer ones.
                let same = listing.files.iter().find(|f| {
                    f.file_id == position.file_id
                        && f.len >= position.offset
                        && (position.offset == 0 || f.first_seq.is_some_and(|s| s <= last_seq))
                });
                match same {
                    Some(file) => {
                        if self.start_at(file, position.offset, position.line_no)? {
                            return Ok(true);
                        }
                        continue;
                    }
                    // The listing may have missed it while a roll renamed it.
                    None if !listing.consistent => continue,
                    None => {}
                }
            }
            if listing.files.is_empty() && listing.consistent {
                return Ok(false);
            }
            // A file starting at or before the record after `last_seq` is the one holding
            // it or an older one, so it is a safe start even if the listing missed files.
            // Otherwise every file starts later: start at the oldest, if none was missed.
            let after = self.last_seq.saturating_add(1);
            let start = listing
                .files
                .iter()
                .rev()
                .find(|f| f.first_seq.is_some_and(|s| s <= after))
                .or(listing.files.first().filter(|_| listing.consistent));
            if let Some(file) = start {
                if self.start_at(file, 0, 0)? {
                    return Ok(true);
                }
            }
        }
        Ok(false)
    }

    /// Makes `file` the current one at `offset`; `false` if that name is now another file.
    fn start_at(&mut self, file: &RolledFile, offset: u64, line_no: u64) -> io::Result<bool> {
        match open(&file.path, offset, line_no)? {
            Some(current) if current.file_id == file.file_id => {
                self.current = Some(current);
                self.resume = None;
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    /// The file after the current one, opened; `None` if the writer has not started it.
    ///
    /// That is the file whose first record comes right after the current file's last, or,
    /// if that one was deleted, the oldest file with newer records.
    fn successor(&self) -> io::Result<Option<Current>> {
        let Some(current) = self.current.as_ref() else {
            return Ok(None);
        };
        let after = current.highest.unwrap_or(self.last_seq);
        for _ in 0..LIST_ATTEMPTS {
            let listing = self.series.list()?;
            let next = listing
                .files
                .iter()
                .filter(|f| f.file_id != current.file_id)
                .filter(|f| f.first_seq.is_some_and(|s| s > after))
                .min_by_key(|f| f.first_seq);
            // The file starting right after is certainly next; another one only if the
            // listing cannot have missed that one.
            let certain = next.is_some_and(|f| f.first_seq == Some(after.saturating_add(1)));
            if !certain && !listing.consistent {
                continue;
            }
            let Some(next) = next else {
                return Ok(None);
            };
            if let Some(opened) = open(&next.path, 0, 0)? {
                if opened.file_id == next.file_id {
                    return Ok(Some(opened));
                }
            }
        }
        Ok(None)
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
                    current.highest = current.highest.max(Some(seq));
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
                Err(err)
            }
        }
    }
}

impl Current {
    fn position(&self) -> RolledPosition {
        RolledPosition {
            file_id: self.file_id,
            offset: self.reader.offset(),
            line_no: self.reader.line_no(),
        }
    }
}

/// Opens `path` at `offset` (after `line_no` lines); `None` if it does not exist.
fn open(path: &Path, offset: u64, line_no: u64) -> io::Result<Option<Current>> {
    let mut handle = match File::open(path) {
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
            .with_path(path)
            .with_position(offset, line_no),
        file_id,
        fresh: true,
        highest: None,
    }))
}
