//! [`Segment`]: one journal file, written at its end and read from its start with
//! positional I/O (no shared file cursor).

use std::fs::{File, OpenOptions};
use std::os::unix::fs::{FileExt, OpenOptionsExt};
use std::path::PathBuf;

use super::error::QueueError;
use super::journal_name::remove_file;

/// One journal file and how much of it is written.
#[derive(Debug)]
pub(super) struct Segment {
    path: PathBuf,
    file: File,
    /// Bytes appended, written to the file or still in the journal's write buffer.
    len: u64,
    /// Bytes written to the file.
    written: u64,
}

impl Segment {
    /// Creates (or empties) the journal file at `path`, readable by its owner only.
    pub(super) fn create(path: PathBuf) -> Result<Segment, QueueError> {
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(true)
            .mode(0o600)
            .open(&path)
            .map_err(QueueError::io(&path))?;
        Ok(Segment {
            path,
            file,
            len: 0,
            written: 0,
        })
    }

    /// The file's path.
    pub(super) fn path(&self) -> &PathBuf {
        &self.path
    }

    /// Bytes appended so far.
    pub(super) fn len(&self) -> u64 {
        self.len
    }

    /// Bytes appended but not yet written to the file.
    pub(super) fn unwritten(&self) -> u64 {
        self.len - self.written
    }

    /// Counts `bytes` more appended (the journal keeps them in its write buffer).
    pub(super) fn appended(&mut self, bytes: u64) {
        self.len += bytes;
    }

    /// Writes `buf`, the segment's unwritten bytes, to the file. On an error nothing
    /// counts as written (the same bytes go to the same place on the next try).
    pub(super) fn write(&mut self, buf: &[u8]) -> Result<(), QueueError> {
        debug_assert_eq!(buf.len() as u64, self.unwritten());
        self.file
            .write_all_at(buf, self.written)
            .map_err(QueueError::io(&self.path))?;
        self.written += buf.len() as u64;
        Ok(())
    }

    /// Appends the file's written bytes from `offset` to `out`, at most `want` of them;
    /// returns how many (fewer when the file ends, or was cut short behind the queue).
    pub(super) fn read_into(
        &self,
        offset: u64,
        out: &mut Vec<u8>,
        want: usize,
    ) -> Result<usize, QueueError> {
        let start = out.len();
        let end = offset.saturating_add(want as u64).min(self.written);
        out.resize(start + end.saturating_sub(offset) as usize, 0);
        let mut filled = start;
        while filled < out.len() {
            let at = offset + (filled - start) as u64;
            match self.file.read_at(&mut out[filled..], at) {
                Ok(0) => break,
                Ok(n) => filled += n,
                Err(err) if err.kind() == std::io::ErrorKind::Interrupted => {}
                Err(err) => {
                    out.truncate(start);
                    return Err(QueueError::io(&self.path)(err));
                }
            }
        }
        out.truncate(filled);
        Ok(filled - start)
    }

    /// Closes and removes the file.
    pub(super) fn remove(self) -> Result<(), QueueError> {
        let Segment { path, file, .. } = self;
        drop(file);
        remove_file(&path)
    }
}
