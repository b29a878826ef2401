//! [`Shadow`]: the capture's picture of what the target holds, path by path.
//!
//! Events are read after the fact, so what they name may have changed again since.
//! The capture therefore never trusts an event's details: it reads the file system as
//! it is now and compares it with the shadow, and every operation it sends is one the
//! target can apply to what the shadow says it holds. The shadow also keeps each
//! entry's inode, so a path that now holds another file is not taken for the old one.

use std::collections::BTreeMap;
use std::fs::Metadata;
use std::ops::Bound;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use super::blocks::BlockHashes;
use super::subtree::{has_subtree, move_subtree, take_subtree};
use crate::replication::FileMeta;

/// An inode: the identity of what a path names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct FileId {
    dev: u64,
    ino: u64,
}

impl FileId {
    /// The identity of what `metadata` describes.
    pub(super) fn of(metadata: &Metadata) -> FileId {
        FileId {
            dev: metadata.dev(),
            ino: metadata.ino(),
        }
    }
}

/// The metadata sent for what `metadata` describes.
pub(super) fn file_meta(metadata: &Metadata) -> FileMeta {
    FileMeta {
        mode: metadata.mode() & 0o7777,
        uid: metadata.uid(),
        gid: metadata.gid(),
        mtime_ns: metadata
            .mtime()
            .saturating_mul(1_000_000_000)
            .saturating_add(metadata.mtime_nsec()),
    }
}

/// What kind of entry the target holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Entry {
    /// A directory.
    Directory,
    /// A regular file, with the hashes of its content.
    File(BlockHashes),
    /// A symbolic link.
    Symlink,
}

/// One path the target holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Node {
    /// The source inode it was taken from.
    pub(super) id: FileId,
    /// The metadata last sent.
    pub(super) meta: FileMeta,
    /// Its kind (and a file's content).
    pub(super) entry: Entry,
}

/// Every path of the set the target holds, by absolute source path.
#[derive(Debug, Default)]
pub(super) struct Shadow {
    nodes: BTreeMap<PathBuf, Node>,
}

impl Shadow {
    /// A shadow of `entries`, in any order (a later entry for a path replaces an earlier
    /// one). Built in one go: sorted, then laid out (one pass for entries in path order).
    pub(super) fn from_entries(entries: Vec<(PathBuf, Node)>) -> Shadow {
        Shadow {
            nodes: entries.into_iter().collect(),
        }
    }

    /// The total length of the regular files it holds.
    pub(super) fn file_bytes(&self) -> u64 {
        self.nodes
            .values()
            .map(|node| match &node.entry {
                Entry::File(held) => held.len(),
                Entry::Directory | Entry::Symlink => 0,
            })
            .sum()
    }

    /// What the target holds at `path`.
    pub(super) fn get(&self, path: &Path) -> Option<&Node> {
        self.nodes.get(path)
    }

    /// What the target holds at `path`, to update.
    pub(super) fn get_mut(&mut self, path: &Path) -> Option<&mut Node> {
        self.nodes.get_mut(path)
    }

    /// Records that the target holds `node` at `path`.
    pub(super) fn insert(&mut self, path: PathBuf, node: Node) {
        self.nodes.insert(path, node);
    }

    /// Forgets `path` alone, handing back what it held.
    pub(super) fn remove(&mut self, path: &Path) -> Option<Node> {
        self.nodes.remove(path)
    }

    /// Whether the target holds `path` or anything below it.
    pub(super) fn has_subtree(&self, path: &Path) -> bool {
        has_subtree(&self.nodes, path)
    }

    /// Whether the target holds anything strictly below `path`.
    pub(super) fn has_below(&self, path: &Path) -> bool {
        self.nodes
            .range::<Path, _>((Bound::Excluded(path), Bound::Unbounded))
            .next()
            .is_some_and(|(key, _)| key.starts_with(path))
    }

    /// Forgets `path` and everything below it; returns what the target must remove:
    /// the topmost entries, each with whether it is a directory.
    pub(super) fn remove_subtree(&mut self, path: &Path) -> Vec<(PathBuf, bool)> {
        let mut removals: Vec<(PathBuf, bool)> = Vec::new();
        for (path, node) in take_subtree(&mut self.nodes, path) {
            // In path order a directory comes before what is below it, and removing
            // the directory removes those.
            let below_removed_dir = removals
                .last()
                .is_some_and(|(dir, is_dir)| *is_dir && path.starts_with(dir));
            if !below_removed_dir {
                removals.push((path, node.entry == Entry::Directory));
            }
        }
        removals
    }

    /// Moves `from` and what is below it to `to`, as a rename on the target does.
    pub(super) fn rename(&mut self, from: &Path, to: &Path) {
        move_subtree(&mut self.nodes, from, to, |_, _| {});
    }

    /// Forgets everything, handing back the old picture.
    pub(super) fn take(&mut self) -> Shadow {
        std::mem::take(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(entry: Entry) -> Node {
        Node {
            id: FileId { dev: 1, ino: 1 },
            meta: FileMeta {
                mode: 0o644,
                uid: 0,
                gid: 0,
                mtime_ns: 0,
            },
            entry,
        }
    }

    #[test]
    fn removing_a_directory_removes_it_once() {
        let mut shadow = Shadow::default();
        shadow.insert("/s/d".into(), node(Entry::Directory));
        assert!(!shadow.has_below(Path::new("/s/d")));
        shadow.insert("/s/d/f".into(), node(Entry::File(BlockHashes::default())));
        assert!(shadow.has_below(Path::new("/s/d")));
        shadow.insert("/s/d/e".into(), node(Entry::Directory));
        shadow.insert("/s/d/e/l".into(), node(Entry::Symlink));
        shadow.insert("/s/g".into(), node(Entry::File(BlockHashes::default())));
        assert_eq!(
            shadow.remove_subtree(Path::new("/s/d")),
            vec![(PathBuf::from("/s/d"), true)]
        );
        assert!(!shadow.has_subtree(Path::new("/s/d")));
        assert!(!shadow.has_below(Path::new("/s/g")));
        assert!(shadow.get(Path::new("/s/g")).is_some());
    }

    #[test]
    fn entries_below_a_directory_the_target_lacks_are_removed_one_by_one() {
        let mut shadow = Shadow::default();
        shadow.insert("/s/x/a".into(), node(Entry::Directory));
        shadow.insert("/s/x/a/f".into(), node(Entry::Symlink));
        shadow.insert("/s/x/b".into(), node(Entry::Symlink));
        assert_eq!(
            shadow.remove_subtree(Path::new("/s/x")),
            vec![
                (PathBuf::from("/s/x/a"), true),
                (PathBuf::from("/s/x/b"), false)
            ]
        );
    }

    #[test]
    fn metadata_is_read_from_the_file_system() {
        let dir = tempfile::tempdir().unwrap();
        let md = std::fs::metadata(dir.path()).unwrap();
        let meta = file_meta(&md);
        assert_eq!(meta.mode, md.mode() & 0o7777);
        assert_eq!(meta.mtime_ns / 1_000_000_000, md.mtime());
        assert_eq!(FileId::of(&md), FileId::of(&md));
    }
}
