//! [`ParentCache`]: the directory of the last operation, kept open.

use std::cell::RefCell;
use std::io;
use std::os::fd::{BorrowedFd, OwnedFd};
use std::sync::Arc;

use super::beneath::{parent, split, Parent};
use crate::replication::RelPath;

/// The directory the last operation's path was in, kept open. The mirror sends a
/// directory's files one after the other and a file's Create, Writes and SetMeta in a
/// row, so most operations find their directory here instead of resolving its path
/// again beneath the replica's root, component by component.
///
/// The cached directory was resolved with the same rules (beneath the root, no
/// symbolic link); an operation that may move or remove a directory must
/// [`forget`](ParentCache::forget) it first, so no operation reaches a directory that is
/// no longer at its path.
#[derive(Debug, Default)]
pub(super) struct ParentCache {
    entry: RefCell<Option<(Vec<u8>, Arc<OwnedFd>)>>,
}

impl ParentCache {
    /// The parent of `path` below `root` (see [`parent`]), from the cache when it holds
    /// that directory.
    pub(super) fn parent(
        &self,
        root: BorrowedFd<'_>,
        path: &RelPath,
        make: bool,
    ) -> io::Result<Parent> {
        let (dir_path, name) = split(path)?;
        if let Some((cached, dir)) = &*self.entry.borrow() {
            if cached == dir_path {
                return Ok(Parent {
                    dir: Arc::clone(dir),
                    name,
                });
            }
        }
        let found = parent(root, path, make)?;
        *self.entry.borrow_mut() = Some((dir_path.to_vec(), Arc::clone(&found.dir)));
        Ok(found)
    }

    /// Drops the cached directory.
    pub(super) fn forget(&self) {
        *self.entry.borrow_mut() = None;
    }
}
