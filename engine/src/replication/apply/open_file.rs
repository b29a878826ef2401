//! [`OpenFile`]: the regular file the last operation created or wrote, kept open.

use std::cell::RefCell;
use std::fs::File;

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
    /// The kept file if it is `path`'s; any other is closed.
    pub(super) fn take(&self, path: &RelPath) -> Option<KeptFile> {
        let kept = self.kept.borrow_mut().take()?;
        (kept.path == *path).then_some(kept)
    }

    /// Keeps `file` open for the next operation.
    pub(super) fn keep(&self, file: KeptFile) {
        *self.kept.borrow_mut() = Some(file);
    }

    /// Closes the kept file.
    pub(super) fn close(&self) {
        self.kept.borrow_mut().take();
    }
}
