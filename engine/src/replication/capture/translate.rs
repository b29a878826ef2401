//! From inotify events to operations: creations, removals and renames go out at once,
//! in queue order; content and metadata changes become pending syncs.

use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::time::Instant;

use inotify::EventMask;

use super::blocks::BlockHashes;
use super::error::CaptureError;
use super::event_queue::RawEvent;
use super::session::{push_entries, Capture};
use super::shadow::{file_meta, Entry, FileId, Node};
use super::watch_table::WatchOutcome;
use crate::replication::Operation;

impl Capture {
    /// Handles every event read so far.
    pub(super) fn handle_events(&mut self) -> Result<(), CaptureError> {
        while let Some(event) = self.queue.pop() {
            self.handle(event)?;
        }
        Ok(())
    }

    fn handle(&mut self, event: RawEvent) -> Result<(), CaptureError> {
        let mask = event.mask;
        if mask.contains(EventMask::Q_OVERFLOW) {
            return self.resync("the inotify event queue overflowed: changes were lost".into());
        }
        if mask.contains(EventMask::IGNORED) {
            self.watches.dropped(event.wd);
            return Ok(());
        }
        let Some(dir) = self.watches.path_of(event.wd).map(Path::to_path_buf) else {
            // A watch already given up: what it reported is covered by the scan or
            // removal that gave it up.
            return Ok(());
        };
        if mask.contains(EventMask::UNMOUNT) {
            return self.resync(format!(
                "the file system of {} was unmounted",
                dir.display()
            ));
        }
        if mask.intersects(EventMask::DELETE_SELF | EventMask::MOVE_SELF) {
            // A directory's own removal or rename is handled through its parent's
            // watch, except for the parents of the top paths, which nothing watches.
            if self.is_anchor(&dir) {
                return self.resync(format!(
                    "{}, the parent of a replication set path, was moved or removed",
                    dir.display()
                ));
            }
            return Ok(());
        }
        let now = Instant::now();
        let window = now + self.options.coalesce_window;
        let Some(name) = event.name else {
            if mask.contains(EventMask::ATTRIB) {
                self.request_sync(&dir, false, window);
            }
            return Ok(());
        };
        let path = dir.join(&name);
        if mask.contains(EventMask::MOVED_FROM) {
            self.moved_from(path, event.cookie)?;
        } else if mask.contains(EventMask::MOVED_TO) {
            self.discover(&path, now, Arrival::MovedIn);
        } else if mask.contains(EventMask::CREATE) {
            self.discover(&path, window, Arrival::Created);
        } else if mask.contains(EventMask::DELETE) {
            self.remove(&path);
        } else if mask.contains(EventMask::MODIFY) {
            self.request_sync(&path, true, window);
        } else if mask.contains(EventMask::CLOSE_WRITE) {
            self.pending.hurry(&path, now);
        } else if mask.contains(EventMask::ATTRIB) {
            self.request_sync(&path, false, window);
        }
        Ok(())
    }

    /// The first half of a rename: pairs it with its IN_MOVED_TO by cookie, waiting
    /// briefly for it, or takes it as a move out of the watched directories.
    fn moved_from(&mut self, from: PathBuf, cookie: u32) -> Result<(), CaptureError> {
        if !self.shadow.has_subtree(&from) && !self.watches.watches_subtree(&from) {
            // Nothing the target holds or the capture watches: the IN_MOVED_TO, if
            // it comes, is handled as a move in, and nothing is awaited here any more.
            self.pending.drop_subtree(&from);
            return Ok(());
        }
        let mut partner = self.queue.take_moved_to(cookie);
        let give_up = Instant::now() + self.options.move_pair_wait;
        while partner.is_none() {
            let now = Instant::now();
            if now >= give_up {
                break;
            }
            self.queue.wait(give_up - now).map_err(CaptureError::Read)?;
            self.queue.fill().map_err(CaptureError::Read)?;
            partner = self.queue.take_moved_to(cookie);
        }
        let to = partner.and_then(|event| {
            let dir = self.watches.path_of(event.wd)?;
            Some(dir.join(event.name?))
        });
        match to {
            Some(to) => self.renamed(&from, &to),
            None => self.remove(&from),
        }
        Ok(())
    }

    /// `from` was renamed `to`: a rename on the target when what the target holds at
    /// `from` is what is at `to` now and the set treats both places alike; otherwise
    /// the old place is removed and the new one scanned.
    fn renamed(&mut self, from: &Path, to: &Path) {
        let now = Instant::now();
        let alike = self.shadow.get(from).is_some_and(|node| {
            // An entry found at `from` by an earlier, later-looking scan may not be what
            // this rename moved: only the inode at `to` tells. And what a scan already
            // found below `to` would stand in the rename's way on the target.
            self.set.includes(to)
                && fs::symlink_metadata(to).is_ok_and(|m| FileId::of(&m) == node.id)
                && !self.shadow.has_below(to)
                && (node.entry != Entry::Directory || self.rules_alike_below(from, to))
        });
        if !alike {
            self.remove(from);
            self.discover(to, now, Arrival::MovedIn);
            return;
        }
        // The rename replaces what the target holds at `to` (an empty directory at most).
        self.shadow.remove_subtree(to);
        self.emit_rename(from, to);
        self.shadow.rename(from, to);
        self.watches.renamed(from, to);
        self.pending.renamed(from, to, now);
    }

    /// Whether every path below directory `from` is in the set exactly when the same
    /// path below `to` is, so that a rename keeps the target's copy right.
    fn rules_alike_below(&self, from: &Path, to: &Path) -> bool {
        let strictly_below = |rule: &Path, dir: &Path| rule != dir && rule.starts_with(dir);
        if self
            .set
            .rules()
            .iter()
            .any(|rule| strictly_below(&rule.path, from) || strictly_below(&rule.path, to))
        {
            return false;
        }
        // With no rule below either, one child and one grandchild stand for all.
        let probe = |dir: &Path| {
            let child = dir.join("child");
            let grandchild = child.join("grandchild");
            (
                self.set.includes(&child),
                self.set.includes(&grandchild),
                self.set.may_include_below(dir),
                self.set.may_include_below(&child),
            )
        };
        probe(from) == probe(to)
    }

    /// `path` is gone: the target removes what it holds there, and its watches go.
    pub(super) fn remove(&mut self, path: &Path) {
        for (gone, is_dir) in self.shadow.remove_subtree(path) {
            self.emit(&gone, |rel| {
                if is_dir {
                    Operation::Rmdir { path: rel }
                } else {
                    Operation::Delete { path: rel }
                }
            });
        }
        self.watches.unwatch_subtree(path);
        self.pending.drop_subtree(path);
    }

    /// Something appeared at `path`: sends what the set includes of it and below it,
    /// watches its directories, and reads its files by `due`.
    pub(super) fn discover(&mut self, path: &Path, due: Instant, arrival: Arrival) {
        if arrival == Arrival::MovedIn
            && self.shadow.get(path).is_some()
            && fs::symlink_metadata(path).is_err()
        {
            // The move replaced what the target holds there, and what was moved in is
            // already gone again.
            self.remove(path);
        }
        let mut stack = vec![path.to_path_buf()];
        while let Some(path) = stack.pop() {
            self.discover_one(&path, due, &mut stack);
        }
    }

    fn discover_one(&mut self, path: &Path, due: Instant, stack: &mut Vec<PathBuf>) {
        let included = self.set.includes(path);
        let below = self.set.may_include_below(path);
        if !included && !below && self.shadow.get(path).is_none() {
            return;
        }
        let Ok(metadata) = fs::symlink_metadata(path) else {
            // Already gone again: the event that took it away is still to come, or a
            // directory above it was renamed since (that rename looks again).
            self.pending.await_arrival(path);
            return;
        };
        if let Some(known) = self.shadow.get(path) {
            if known.id == FileId::of(&metadata) && same_kind(&known.entry, &metadata) {
                if matches!(known.entry, Entry::File(_)) {
                    self.pending.request(path, true, due);
                }
                return;
            }
            // Something else took its place: the target's old entry goes first.
            self.remove(path);
        }
        let kind = metadata.file_type();
        if kind.is_dir() {
            if below {
                match self.watches.watch(path) {
                    WatchOutcome::Watched => {}
                    WatchOutcome::Gone => {
                        self.pending.await_arrival(path);
                        return;
                    }
                    WatchOutcome::Failed(reason) => self.mirror_required(reason),
                }
            }
            // Read again now that it is watched: what appears in it from here on is
            // reported, what was there before is listed below.
            let Some(metadata) = fs::symlink_metadata(path).ok().filter(|m| m.is_dir()) else {
                self.pending.await_arrival(path);
                return;
            };
            if included {
                let meta = file_meta(&metadata);
                self.emit(path, |rel| Operation::Mkdir { path: rel, meta });
                self.shadow.insert(
                    path.to_path_buf(),
                    Node {
                        id: FileId::of(&metadata),
                        meta,
                        entry: Entry::Directory,
                    },
                );
            }
            if below {
                push_entries(path, stack);
            }
        } else if included && kind.is_file() {
            let meta = file_meta(&metadata);
            self.emit(path, |rel| Operation::Create { path: rel, meta });
            self.shadow.insert(
                path.to_path_buf(),
                Node {
                    id: FileId::of(&metadata),
                    meta,
                    entry: Entry::File(BlockHashes::default()),
                },
            );
            self.pending.request(path, true, due);
        } else if included && kind.is_symlink() {
            let Ok(target) = fs::read_link(path) else {
                return;
            };
            let target = target.as_os_str().as_bytes().to_vec();
            self.emit(path, |rel| Operation::Symlink { path: rel, target });
            self.shadow.insert(
                path.to_path_buf(),
                Node {
                    id: FileId::of(&metadata),
                    meta: file_meta(&metadata),
                    entry: Entry::Symlink,
                },
            );
        }
    }

    /// `path`'s content (with `content`) or metadata changed: read it by `due`.
    fn request_sync(&mut self, path: &Path, content: bool, due: Instant) {
        match self.shadow.get(path).map(|node| &node.entry) {
            Some(Entry::File(_)) => self.pending.request(path, content, due),
            Some(Entry::Directory) => self.pending.request(path, false, due),
            Some(Entry::Symlink) => {}
            None if self.set.includes(path) => self.discover(path, due, Arrival::Created),
            None => {}
        }
    }
}

/// How something came to a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Arrival {
    /// Created there (IN_CREATE), or found there.
    Created,
    /// Renamed there (IN_MOVED_TO), replacing what was there.
    MovedIn,
}

/// Whether `entry` and `metadata` are the same kind of thing.
fn same_kind(entry: &Entry, metadata: &fs::Metadata) -> bool {
    match entry {
        Entry::Directory => metadata.is_dir(),
        Entry::File(_) => metadata.is_file(),
        Entry::Symlink => metadata.file_type().is_symlink(),
    }
}
