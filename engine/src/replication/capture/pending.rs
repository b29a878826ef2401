//! [`PendingSyncs`]: paths to read again and compare with the shadow, and when.
//!
//! Rapid modifications of one file are gathered for a short window and the file is
//! read once. This never reorders anything: a sync reads the file as it is at that
//! moment, a rename carries the path's pending sync along, and a removal drops it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use super::subtree::{move_subtree, take_subtree};

/// When a pending sync runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Due {
    /// At this moment or after.
    At(Instant),
    /// When a rename moves the path: the sync found another inode (or nothing) there,
    /// so the file went away by a rename or removal whose event is still to come.
    Parked,
}

/// A sync waiting for its path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Pending {
    /// When it runs.
    pub(super) due: Due,
    /// The content must be compared too, not only the metadata.
    pub(super) content: bool,
    /// Where a content comparison cut short by the batch budget goes on.
    pub(super) from_block: u64,
    /// The content sent changed the target's copy: its metadata must be sent again.
    pub(super) touched: bool,
    /// Something was reported at the path that was gone when looked at: if the target
    /// holds nothing there when this runs, look again (a rename of a directory above
    /// it may have carried it along).
    pub(super) find: bool,
}

/// The pending syncs, by absolute source path.
#[derive(Debug, Default)]
pub(super) struct PendingSyncs {
    by_path: BTreeMap<PathBuf, Pending>,
}

impl PendingSyncs {
    /// Asks for a sync of `path` by `due` (an earlier request keeps its earlier time,
    /// which bounds how long a busy file waits); with `content`, its data too.
    pub(super) fn request(&mut self, path: &Path, content: bool, due: Instant) {
        let pending = self.by_path.entry(path.to_path_buf()).or_insert(Pending {
            due: Due::At(due),
            content,
            from_block: 0,
            touched: false,
            find: false,
        });
        pending.due = match pending.due {
            Due::At(at) => Due::At(at.min(due)),
            Due::Parked => Due::At(due),
        };
        if content {
            // Changes may be anywhere: compare from the start.
            pending.content = true;
            pending.from_block = 0;
        }
    }

    /// Makes `path`'s sync, if it waits for content, due at `now` (its writer closed it).
    pub(super) fn hurry(&mut self, path: &Path, now: Instant) {
        if let Some(pending) = self.by_path.get_mut(path) {
            if pending.content {
                pending.due = Due::At(now);
            }
        }
    }

    /// Remembers that something reported at `path` was already gone: a rename of a
    /// directory above it wakes the search at the new place; its removal drops it.
    pub(super) fn await_arrival(&mut self, path: &Path) {
        let pending = self.by_path.entry(path.to_path_buf()).or_insert(Pending {
            due: Due::Parked,
            content: false,
            from_block: 0,
            touched: false,
            find: true,
        });
        pending.find = true;
    }

    /// Puts back a sync that could not finish.
    pub(super) fn put_back(&mut self, path: PathBuf, pending: Pending) {
        self.by_path.insert(path, pending);
    }

    /// Takes the syncs due at `now`, in path order.
    pub(super) fn take_due(&mut self, now: Instant) -> Vec<(PathBuf, Pending)> {
        let due: Vec<PathBuf> = self
            .by_path
            .iter()
            .filter(|(_, p)| matches!(p.due, Due::At(at) if at <= now))
            .map(|(path, _)| path.clone())
            .collect();
        due.into_iter()
            .filter_map(|path| self.by_path.remove_entry(&path))
            .collect()
    }

    /// When the next sync is due, if any is.
    pub(super) fn next_due(&self) -> Option<Instant> {
        self.by_path
            .values()
            .filter_map(|p| match p.due {
                Due::At(at) => Some(at),
                Due::Parked => None,
            })
            .min()
    }

    /// Drops the syncs of `root` and below (removed from the target).
    pub(super) fn drop_subtree(&mut self, root: &Path) {
        take_subtree(&mut self.by_path, root);
    }

    /// Moves the syncs of `from` and below to `to`; parked ones are due at `now`.
    pub(super) fn renamed(&mut self, from: &Path, to: &Path, now: Instant) {
        move_subtree(&mut self.by_path, from, to, |_, pending| {
            if pending.due == Due::Parked {
                pending.due = Due::At(now);
            }
        });
    }

    /// Drops every sync.
    pub(super) fn clear(&mut self) {
        self.by_path.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn requests_gather_until_the_earliest_due_time() {
        let t0 = Instant::now();
        let mut syncs = PendingSyncs::default();
        syncs.request(Path::new("/s/f"), false, t0 + Duration::from_millis(5));
        syncs.request(Path::new("/s/f"), true, t0 + Duration::from_millis(9));
        assert_eq!(syncs.next_due(), Some(t0 + Duration::from_millis(5)));
        assert!(syncs.take_due(t0).is_empty());
        let due = syncs.take_due(t0 + Duration::from_millis(5));
        assert_eq!(due.len(), 1);
        assert!(due[0].1.content);
        assert_eq!(syncs.next_due(), None);
    }

    #[test]
    fn a_close_hurries_only_a_content_sync() {
        let t0 = Instant::now();
        let later = t0 + Duration::from_secs(1);
        let mut syncs = PendingSyncs::default();
        syncs.request(Path::new("/s/meta"), false, later);
        syncs.request(Path::new("/s/data"), true, later);
        syncs.hurry(Path::new("/s/meta"), t0);
        syncs.hurry(Path::new("/s/data"), t0);
        syncs.hurry(Path::new("/s/none"), t0);
        let due = syncs.take_due(t0);
        assert_eq!(due.len(), 1);
        assert_eq!(due[0].0, PathBuf::from("/s/data"));
    }

    #[test]
    fn parked_syncs_wake_when_renamed_and_vanish_when_removed() {
        let t0 = Instant::now();
        let mut syncs = PendingSyncs::default();
        let parked = Pending {
            due: Due::Parked,
            content: true,
            from_block: 3,
            touched: true,
            find: false,
        };
        syncs.put_back("/s/d/f".into(), parked);
        syncs.put_back("/s/g".into(), parked);
        assert_eq!(syncs.next_due(), None);
        syncs.renamed(Path::new("/s/d"), Path::new("/s/e"), t0);
        syncs.drop_subtree(Path::new("/s/g"));
        let due = syncs.take_due(t0);
        assert_eq!(due.len(), 1);
        assert_eq!(due[0].0, PathBuf::from("/s/e/f"));
        assert_eq!(due[0].1.from_block, 3);
        syncs.await_arrival(Path::new("/s/d/lost"));
        assert_eq!(syncs.next_due(), None);
        syncs.renamed(Path::new("/s/d"), Path::new("/s/f"), t0);
        let due = syncs.take_due(t0);
        assert_eq!(due[0].0, PathBuf::from("/s/f/lost"));
        assert!(due[0].1.find);
        syncs.request(Path::new("/s/x"), true, t0);
        syncs.clear();
        assert_eq!(syncs.next_due(), None);
    }
}
