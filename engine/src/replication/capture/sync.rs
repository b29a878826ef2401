//! Pending syncs: reading a changed file or directory and sending what differs from
//! what the target holds (changed blocks, a truncate, the metadata).

use std::fs;
use std::path::PathBuf;
use std::time::Instant;

use super::blocks::{Change, Progress};
use super::pending::{Due, Pending};
use super::session::{open_regular, Capture};
use super::shadow::{file_meta, Entry, FileId};
use super::translate::Arrival;
use crate::replication::Operation;

impl Capture {
    /// Runs the syncs due at `now` while the batch has room for more file data.
    pub(super) fn run_due_syncs(&mut self, now: Instant) {
        for (path, pending) in self.pending.take_due(now) {
            if self.batch_bytes >= self.options.max_batch_bytes {
                self.pending.put_back(path, pending);
            } else {
                self.sync(path, pending, now);
            }
        }
    }

    fn sync(&mut self, path: PathBuf, pending: Pending, now: Instant) {
        match self.shadow.get(&path).map(|node| &node.entry) {
            Some(Entry::Directory) => self.sync_directory(path, pending),
            Some(Entry::File(_)) => self.sync_file(path, pending, now),
            Some(Entry::Symlink) => {}
            None if pending.find => self.discover(&path, now, Arrival::Created),
            None => {}
        }
    }

    /// Another inode (or nothing) is at `path`: the file moved or went, and the event
    /// saying so is still to come. A rename wakes the sync at the new path.
    fn park(&mut self, path: PathBuf, pending: Pending) {
        self.pending.put_back(
            path,
            Pending {
                due: Due::Parked,
                ..pending
            },
        );
    }

    fn sync_directory(&mut self, path: PathBuf, pending: Pending) {
        let metadata = fs::symlink_metadata(&path).ok();
        let Some(node) = self.shadow.get_mut(&path) else {
            return;
        };
        let Some(metadata) = metadata.filter(|m| FileId::of(m) == node.id) else {
            self.park(path, pending);
            return;
        };
        let meta = file_meta(&metadata);
        if meta != node.meta {
            node.meta = meta;
            self.emit(&path, |rel| Operation::SetMeta { path: rel, meta });
        }
    }

    fn sync_file(&mut self, path: PathBuf, mut pending: Pending, now: Instant) {
        let opened = open_regular(&path).and_then(|file| {
            let metadata = file.metadata()?;
            Ok((file, metadata))
        });
        let Some(node) = self.shadow.get_mut(&path) else {
            return;
        };
        let (file, metadata) = match opened {
            Ok((file, metadata)) if metadata.is_file() && FileId::of(&metadata) == node.id => {
                (file, metadata)
            }
            _ => {
                self.park(path, pending);
                return;
            }
        };
        if pending.content {
            let Entry::File(hashes) = &mut node.entry else {
                return;
            };
            let budget = self
                .options
                .max_batch_bytes
                .saturating_sub(self.batch_bytes)
                .max(1);
            let mut changes = Vec::new();
            let progress = hashes.update(
                &file,
                metadata.len(),
                self.options.block_size,
                pending.from_block,
                budget,
                &mut |change| changes.push(change),
            );
            pending.touched |= !changes.is_empty();
            for change in changes {
                self.emit(&path, |rel| match change {
                    Change::Truncate { len } => Operation::Truncate { path: rel, len },
                    Change::Write { offset, data } => Operation::Write {
                        path: rel,
                        offset,
                        data: data.into(),
                    },
                });
            }
            match progress {
                Ok(Progress::Done) => {}
                Ok(Progress::Paused { next_block }) => {
                    pending.from_block = next_block;
                    pending.due = Due::At(now);
                    self.pending.put_back(path, pending);
                    return;
                }
                Err(_) => {
                    // Unreadable now (an I/O error): the next change tries again.
                    return;
                }
            }
        }
        let meta = file_meta(&metadata);
        let Some(node) = self.shadow.get_mut(&path) else {
            return;
        };
        if pending.touched || meta != node.meta {
            node.meta = meta;
            self.emit(&path, |rel| Operation::SetMeta { path: rel, meta });
        }
    }
}
