//! [`WatchTable`]: which directory each inotify watch stands for.
//!
//! A watch follows its directory's inode, not its path: after a rename the kernel goes
//! on reporting under the same descriptor, so the table is updated when the capture
//! handles the rename, in queue order. When a directory is found (and watched) at a
//! path before the events that brought it there are read, or when those events were
//! never queued because its new parent was not watched yet, the path where it was
//! found wins: the file system as it is now is what the capture goes by.

use std::collections::{BTreeMap, HashMap};
use std::io;
use std::path::{Path, PathBuf};

use inotify::{WatchDescriptor, WatchMask, Watches};

use super::subtree::{has_subtree, rebase, take_subtree};

/// What each watched directory reports.
fn watch_mask() -> WatchMask {
    WatchMask::CREATE
        | WatchMask::DELETE
        | WatchMask::MODIFY
        | WatchMask::CLOSE_WRITE
        | WatchMask::ATTRIB
        | WatchMask::MOVED_FROM
        | WatchMask::MOVED_TO
        | WatchMask::DELETE_SELF
        | WatchMask::MOVE_SELF
        // Never watch what a symbolic link points to, nor a file put in a directory's place.
        | WatchMask::ONLYDIR
        | WatchMask::DONT_FOLLOW
        | WatchMask::EXCL_UNLINK
}

/// How adding a watch went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum WatchOutcome {
    /// The directory is watched (it may have been already, maybe under another path).
    Watched,
    /// Nothing is there any more, or it is no longer a directory.
    Gone,
    /// It cannot be watched (max_user_watches, the capture's own limit, permission).
    Failed(String),
}

/// The watches of one inotify instance, by path and by descriptor number.
#[derive(Debug)]
pub(super) struct WatchTable {
    watches: Watches,
    by_path: BTreeMap<PathBuf, WatchDescriptor>,
    by_id: HashMap<i32, PathBuf>,
    limit: Option<usize>,
}

impl WatchTable {
    /// An empty table over `watches`, holding at most `limit` watches.
    pub(super) fn new(watches: Watches, limit: Option<usize>) -> WatchTable {
        WatchTable {
            watches,
            by_path: BTreeMap::new(),
            by_id: HashMap::new(),
            limit,
        }
    }

    /// Watches directory `dir` (the one there now).
    pub(super) fn watch(&mut self, dir: &Path) -> WatchOutcome {
        if !self.by_path.contains_key(dir)
            && self.limit.is_some_and(|limit| self.by_id.len() >= limit)
        {
            return WatchOutcome::Failed(format!(
                "cannot watch {}: the capture's limit of {} watches is reached",
                dir.display(),
                self.by_id.len()
            ));
        }
        match self.watches.add(dir, watch_mask()) {
            Ok(wd) => {
                self.map(dir.to_path_buf(), wd);
                WatchOutcome::Watched
            }
            Err(err)
                if matches!(
                    err.kind(),
                    io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
                ) || err.raw_os_error() == Some(rustix::io::Errno::LOOP.raw_os_error()) =>
            {
                WatchOutcome::Gone
            }
            Err(err) if err.raw_os_error() == Some(rustix::io::Errno::NOSPC.raw_os_error()) => {
                WatchOutcome::Failed(format!(
                    "cannot watch {}: {err} (fs.inotify.max_user_watches is reached)",
                    dir.display()
                ))
            }
            Err(err) => WatchOutcome::Failed(format!("cannot watch {}: {err}", dir.display())),
        }
    }

    /// Records that `wd` watches the directory at `path`: a path it had before is
    /// forgotten, and a watch that stood for `path` before (another directory, now
    /// elsewhere, whose events would be misread) is removed.
    fn map(&mut self, path: PathBuf, wd: WatchDescriptor) {
        let id = wd.get_watch_descriptor_id();
        if let Some(old_path) = self.by_id.insert(id, path.clone()) {
            if old_path != path
                && self
                    .by_path
                    .get(&old_path)
                    .is_some_and(|old| old.get_watch_descriptor_id() == id)
            {
                self.by_path.remove(&old_path);
            }
        }
        if let Some(replaced) = self.by_path.insert(path, wd) {
            let replaced_id = replaced.get_watch_descriptor_id();
            if replaced_id != id {
                self.by_id.remove(&replaced_id);
                let _ = self.watches.remove(replaced);
            }
        }
    }

    /// The directory watch `id` stands for.
    pub(super) fn path_of(&self, id: i32) -> Option<&Path> {
        self.by_id.get(&id).map(PathBuf::as_path)
    }

    /// Whether `root` or a directory below it is watched.
    pub(super) fn watches_subtree(&self, root: &Path) -> bool {
        has_subtree(&self.by_path, root)
    }

    /// Stops watching `root` and every directory below it (they were removed or left
    /// the set; a directory moved elsewhere would otherwise go on reporting).
    pub(super) fn unwatch_subtree(&mut self, root: &Path) {
        for (_, wd) in take_subtree(&mut self.by_path, root) {
            self.by_id.remove(&wd.get_watch_descriptor_id());
            // A removed directory's watch is already gone: nothing to undo then.
            let _ = self.watches.remove(wd);
        }
    }

    /// Records that directory `from` (and what is below it) is now `to`. Watches
    /// already under `to` stay: they were found there, so they are right.
    pub(super) fn renamed(&mut self, from: &Path, to: &Path) {
        for (path, wd) in take_subtree(&mut self.by_path, from) {
            self.map(rebase(&path, from, to), wd);
        }
    }

    /// The kernel dropped watch `id` (its directory is gone): forget it.
    pub(super) fn dropped(&mut self, id: i32) {
        if let Some(path) = self.by_id.remove(&id) {
            if self
                .by_path
                .get(&path)
                .is_some_and(|wd| wd.get_watch_descriptor_id() == id)
            {
                self.by_path.remove(&path);
            }
        }
    }

    /// Removes every watch.
    pub(super) fn clear(&mut self) {
        for (_, wd) in std::mem::take(&mut self.by_path) {
            let _ = self.watches.remove(wd);
        }
        self.by_id.clear();
    }

    /// How many directories are watched.
    pub(super) fn len(&self) -> usize {
        self.by_id.len()
    }
}
