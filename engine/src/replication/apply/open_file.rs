//! [`OpenFile`]: the regular file the last operation created or wrote, kept open.

use std::cell::RefCell;
use std::fs::File;
use std::io;
use std::os::fd::AsFd;

use super::meta;
use crate::replication::{FileMeta, RelPath};

/// A regular file of the replica, open for writing.
#[derive(Debug)]
pub(super) struct KeptFile {
    /// Its path.
    pub path: RelPath,
    /// The file.
    pub file: File,
    /// The metadata its `Create` applied through it, if it was created here.
    pub created_with: Option<FileMeta>,
    /// Whether its `Create`'s modification time is still to be set: it is left until
    /// the file is closed, since a `Write` or `Truncate` after it would move the time
    /// again (then it is dropped) and a `SetMeta` sets it anyway.
    pub time_pending: bool,
}

impl KeptFile {
    /// Sets the modification time its `Create` left pending, if any.
    fn finish(&mut self) -> io::Result<()> {
        match self.created_with {
            Some(meta) if self.time_pending => {
                self.time_pending = false;
                meta::set_time(self.file.as_fd(), &meta)
            }
            _ => Ok(()),
        }
    }
}

impl Drop for KeptFile {
    /// Sets a pending time on a file that is dropped unfinished (the replica is
    /// closed); an error cannot be reported any more and leaves the time of the
    /// file's creation, which the next difference mirror corrects.
    fn drop(&mut self) {
        let _ = self.finish();
    }
}

/// The file of the last operation, kept open. The mirror sends a file's `Create`, its
/// `Write`s and its `SetMeta` in a row, so they all act on one descriptor instead of
/// resolving and opening the path once per operation.
///
/// Only a run of operations on the same path uses it: any operation on another path,
/// or one that is not a `Write`, `Truncate` or `SetMeta`, closes it first, so the
/// descriptor is always the file that now has its path (as far as this replica's
/// operations go).
#[derive(Debug, Default)]
pub(super) struct OpenFile {
    kept: RefCell<Option<KeptFile>>,
}

impl OpenFile {
    /// The kept file if it is `path`'s; any other is closed (and its pending time
    /// set: an error is that of setting it).
    pub(super) fn take(&self, path: &RelPath) -> io::Result<Option<KeptFile>> {
        let Some(mut kept) = self.kept.borrow_mut().take() else {
            return Ok(None);
        };
        if kept.path == *path {
            return Ok(Some(kept));
        }
        kept.finish()?;
        Ok(None)
    }

    /// Keeps `file` open for the next operation.
    pub(super) fn keep(&self, file: KeptFile) {
        *self.kept.borrow_mut() = Some(file);
    }

    /// Closes the kept file, setting its pending time.
    pub(super) fn close(&self) -> io::Result<()> {
        match self.kept.borrow_mut().take() {
            Some(mut kept) => kept.finish(),
            None => Ok(()),
        }
    }
}
