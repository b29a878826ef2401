//! [`MirrorPlan`]: a replication set turned into the ordered operations of a full or
//! difference mirror, produced one at a time as the set is walked and read.

use std::collections::VecDeque;
use std::fs;
use std::os::unix::ffi::OsStringExt;
use std::sync::Arc;

use crate::replication::{FileMeta, Operation, RelPath};
use crate::repset::ReplicationSet;

use super::content::FileContent;
use super::counters::MirrorCounters;
use super::error::MirrorError;
use super::manifest::{Manifest, ManifestEntry, ManifestKind};
use super::options::MirrorOptions;
use super::remap::remapped_link_text;
use super::walk::{walk_order, Node, Root, TreeWalk, Visit};

/// Which mirror to plan.
#[derive(Debug)]
pub enum MirrorMode {
    /// Send everything in the set.
    Full,
    /// Send what differs from the target's manifest: a regular file whose size or
    /// modification time differs, or that the target lacks, is sent whole; the others
    /// are skipped (their bytes count in conBytesSkipped).
    Difference(Manifest),
}

/// A directory the plan is inside.
#[derive(Debug)]
struct DirState {
    rel: RelPath,
    meta: FileMeta,
    included: bool,
    /// Whether the target has it: the plan sent its Mkdir, or the manifest lists it.
    present: bool,
    /// Whether the plan sent its Mkdir.
    created: bool,
    /// Whether the manifest lists a non-directory in its place.
    obstructed: bool,
    /// The target's mode and mtime, when the manifest lists it.
    on_target: Option<(u32, i64)>,
    /// Whether an entry in it was created, replaced or removed (its mtime moved).
    changed: bool,
    /// Its subdirectories the plan made ahead of its files (full mirror), in reverse
    /// walk order: the next one the walk enters is last.
    made_ahead: Vec<RelPath>,
}

/// A regular file whose content is being sent.
struct Sending {
    content: FileContent,
    rel: RelPath,
    meta: FileMeta,
}

/// The operations of one mirror of a replication set, in the order the target applies
/// them; an iterator that walks and reads as it goes.
///
/// # Order
/// - A directory in the set: `Mkdir` (with its metadata) before anything in it, and a
///   `SetMeta` after everything in it, so its modification time ends right. A full
///   mirror makes a directory's subdirectories (their `Mkdir`s) right after entering
///   it, before its files, and enters them later.
/// - A regular file: `Create`, then its data as `Write`s (one for a file under the
///   small-file threshold, MirrorChunkSize pieces otherwise, only the data ranges of
///   a sparse file, plus a `Truncate` to the length after a final hole), then
///   `SetMeta`. An empty file is `Create` and `SetMeta`.
/// - A symbolic link: `Symlink` with its text (see [`RemapLink`](super::RemapLink));
///   its own times and owner are not carried.
/// - Devices, FIFOs and sockets are not mirrored.
///
/// The metadata in `Mkdir` and `Create` is what to create with; the final word is the
/// `SetMeta` after the content (an applier may create with owner write permission and
/// apply a read-only mode there). A directory outside the set that holds something in
/// it is made with a `Mkdir` but its metadata is not kept up. A hard-linked file is
/// sent once per path.
///
/// # Difference mirror
/// Files and links the target already has are not sent; a directory is not made again
/// and gets its `SetMeta` only when something in it changed or its mode or time
/// differs; where the target has another kind of thing in a path's place, a `Delete`
/// or `Rmdir` goes first. Comparison is by size and modification time (and mode, sent
/// alone as a `SetMeta`), not by content or owner. Paths the target has and the source
/// does not are left alone: removing orphans (the guide's RemoveOrphans and
/// MoveOrphanedFiles, events 4048–4052) is a separate task.
///
/// # Errors and memory
/// An `Err` item is a path that could not be read (count it in FailedMirrorCount); the
/// plan goes on with the next path. A file failing half way has been sent in part and
/// without its `SetMeta`, so the next difference mirror sends it again. The plan
/// holds one directory listing per level of depth and at most one chunk of data.
pub struct MirrorPlan {
    set: ReplicationSet,
    options: MirrorOptions,
    manifest: Option<Manifest>,
    counters: Arc<MirrorCounters>,
    walk: TreeWalk<ReplicationSet>,
    dirs: Vec<DirState>,
    ready: VecDeque<Operation>,
    sending: Option<Sending>,
}

impl MirrorPlan {
    /// A plan of `mode` for `set`, restarting `counters` against the set's calculated
    /// size (see [`calculate_size`](crate::repset::calculate_size)).
    pub fn new(
        set: &ReplicationSet,
        options: MirrorOptions,
        mode: MirrorMode,
        counters: Arc<MirrorCounters>,
    ) -> MirrorPlan {
        counters.restart(set.size().map(|size| size.bytes));
        let roots: Vec<Root> = set
            .non_overlapping_paths()
            .into_iter()
            .filter_map(
                |path| match RelPath::of_source_in(&options.source_root, &path) {
                    Some(rel) => Some((path, Some(rel))),
                    None => (path == options.source_root).then_some((path, None)),
                },
            )
            .collect();
        MirrorPlan {
            set: set.clone(),
            options,
            manifest: match mode {
                MirrorMode::Full => None,
                MirrorMode::Difference(manifest) => Some(manifest),
            },
            counters,
            walk: TreeWalk::new(set.clone(), roots),
            dirs: Vec::new(),
            ready: VecDeque::new(),
            sending: None,
        }
    }

    /// Counts `op` as generated.
    fn generated(&self, op: Operation) -> Operation {
        let bytes =
            postcard::experimental::serialized_size(&op).map_or(op.data_len(), |size| size as u64);
        self.counters.generated(bytes);
        op
    }

    /// The target's entry for `rel` in a difference mirror.
    fn on_target(&mut self, rel: &RelPath) -> Option<ManifestEntry> {
        self.manifest.as_mut()?.take(rel)
    }

    /// Queues the operations for one step of the walk.
    fn plan(&mut self, visit: Visit) -> Result<(), MirrorError> {
        match visit {
            Visit::Enter { node, included } => {
                let entry = self.on_target(&node.rel);
                let is_dir = |e: &ManifestEntry| e.kind == ManifestKind::Directory;
                let made = self.made_ahead(&node.rel);
                self.dirs.push(DirState {
                    meta: node.meta(),
                    rel: node.rel,
                    included,
                    present: made || entry.as_ref().is_some_and(is_dir),
                    created: made,
                    obstructed: entry.as_ref().is_some_and(|e| !is_dir(e)),
                    on_target: entry.filter(is_dir).map(|e| (e.mode, e.mtime_ns)),
                    changed: false,
                    made_ahead: Vec::new(),
                });
                if included {
                    let index = self.dirs.len() - 1;
                    self.make_dir(index);
                    if self.manifest.is_none() {
                        self.make_directories_ahead(index);
                    }
                }
                Ok(())
            }
            Visit::Leaf(node) => {
                let file_type = node.metadata.file_type();
                if file_type.is_file() {
                    self.plan_file(node)
                } else if file_type.is_symlink() {
                    self.plan_symlink(node)
                } else {
                    Ok(())
                }
            }
            Visit::Leave => {
                if let Some(dir) = self.dirs.pop() {
                    let differs = dir.on_target != Some((dir.meta.mode, dir.meta.mtime_ns));
                    if dir.included && (dir.created || dir.changed || differs) {
                        self.ready.push_back(Operation::SetMeta {
                            path: dir.rel,
                            meta: dir.meta,
                        });
                    }
                }
                Ok(())
            }
        }
    }

    /// Makes sure the target has the directory at `index` of the stack, and its parents.
    fn make_dir(&mut self, index: usize) {
        if self.dirs[index].present {
            return;
        }
        if let Some(parent) = index.checked_sub(1) {
            self.make_dir(parent);
            self.dirs[parent].changed = true;
        }
        let dir = &mut self.dirs[index];
        if dir.obstructed {
            self.ready.push_back(Operation::Delete {
                path: dir.rel.clone(),
            });
        }
        self.ready.push_back(Operation::Mkdir {
            path: dir.rel.clone(),
            meta: dir.meta,
        });
        dir.present = true;
        dir.created = true;
    }

    /// Full mirror: makes the subdirectories of the directory at `index` of the stack
    /// (just entered) before any of its files, as `rsync` does. A file system places a
    /// directory's files near the directory, and directories made together get room
    /// together; made one at a time between other directories' files, they land where
    /// those files left only inodes freed a moment ago, which ext4 without a journal
    /// passes over one by one for every new file.
    fn make_directories_ahead(&mut self, index: usize) {
        let ahead = self.walk.directories_ahead();
        if ahead.is_empty() {
            return;
        }
        self.dirs[index].changed = true;
        for node in &ahead {
            self.ready.push_back(Operation::Mkdir {
                path: node.rel.clone(),
                meta: node.meta(),
            });
        }
        self.dirs[index].made_ahead = ahead.into_iter().rev().map(|node| node.rel).collect();
    }

    /// Whether the directory `rel`, just entered, was made ahead (forgetting any made
    /// ahead before it that the walk did not enter).
    fn made_ahead(&mut self, rel: &RelPath) -> bool {
        let Some(parent) = self.dirs.last_mut() else {
            return false;
        };
        while let Some(next) = parent.made_ahead.last() {
            match walk_order(next, rel) {
                std::cmp::Ordering::Less => {
                    parent.made_ahead.pop();
                }
                std::cmp::Ordering::Equal => {
                    parent.made_ahead.pop();
                    return true;
                }
                std::cmp::Ordering::Greater => return false,
            }
        }
        false
    }

    /// Makes sure the target has the directory `node` goes in, before `node` is
    /// created, replaced or removed.
    fn make_parent(&mut self, node: &Node) {
        if let Some(top) = self.dirs.len().checked_sub(1) {
            self.make_dir(top);
            self.dirs[top].changed = true;
            return;
        }
        // A root that is not a directory: its parent is outside the set.
        let (Some(parent), Some(abs_parent)) = (node.rel.parent(), node.abs.parent()) else {
            return;
        };
        if let Ok(metadata) = fs::symlink_metadata(abs_parent) {
            let meta = Node {
                abs: abs_parent.to_path_buf(),
                rel: parent.clone(),
                metadata,
                dir: None,
            }
            .meta();
            self.ready
                .push_back(Operation::Mkdir { path: parent, meta });
        }
    }

    /// Queues the removal of what the target has in `entry`'s place.
    fn remove(&mut self, entry: ManifestEntry) {
        self.ready.push_back(match entry.kind {
            ManifestKind::Directory => Operation::Rmdir { path: entry.path },
            _ => Operation::Delete { path: entry.path },
        });
    }

    fn plan_file(&mut self, node: Node) -> Result<(), MirrorError> {
        let meta = node.meta();
        let len = node.metadata.len();
        let entry = self.on_target(&node.rel);
        if let Some(entry) = &entry {
            if entry.kind == (ManifestKind::File { size: len }) && entry.mtime_ns == meta.mtime_ns {
                self.counters.skipped(len);
                if entry.mode != meta.mode {
                    self.ready.push_back(Operation::SetMeta {
                        path: node.rel,
                        meta,
                    });
                }
                return Ok(());
            }
        }
        let content = FileContent::open(
            node.abs.clone(),
            node.dir.as_deref(),
            node.rel.clone(),
            &node.metadata,
            &self.options,
        )?;
        self.make_parent(&node);
        if let Some(entry) = entry.filter(|e| !matches!(e.kind, ManifestKind::File { .. })) {
            self.remove(entry);
        }
        self.ready.push_back(Operation::Create {
            path: node.rel.clone(),
            meta,
        });
        self.sending = Some(Sending {
            content,
            rel: node.rel,
            meta,
        });
        Ok(())
    }

    fn plan_symlink(&mut self, node: Node) -> Result<(), MirrorError> {
        let text = match fs::read_link(&node.abs) {
            Ok(text) => text.into_os_string().into_vec(),
            Err(err) => return Err(MirrorError::read(node.abs, err)),
        };
        let target = remapped_link_text(
            &text,
            &self.set,
            self.options.remap_link,
            &self.options.target_path,
        );
        let entry = self.on_target(&node.rel);
        if entry.as_ref().is_some_and(|e| match &e.kind {
            ManifestKind::Symlink { target: there } => *there == target,
            _ => false,
        }) {
            return Ok(());
        }
        self.make_parent(&node);
        if let Some(entry) = entry {
            self.remove(entry);
        }
        self.ready.push_back(Operation::Symlink {
            path: node.rel,
            target,
        });
        Ok(())
    }
}

impl Iterator for MirrorPlan {
    type Item = Result<Operation, MirrorError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(op) = self.ready.pop_front() {
                return Some(Ok(self.generated(op)));
            }
            if let Some(sending) = &mut self.sending {
                match sending.content.next_op(&self.counters) {
                    Some(Ok(op)) => return Some(Ok(self.generated(op))),
                    Some(Err(err)) => {
                        self.sending = None;
                        self.counters.read_failed();
                        return Some(Err(err));
                    }
                    None => {
                        if let Some(Sending { rel, meta, .. }) = self.sending.take() {
                            self.ready.push_back(Operation::SetMeta { path: rel, meta });
                        }
                        continue;
                    }
                }
            }
            let planned = match self.walk.next() {
                None => {
                    self.counters.finish();
                    return None;
                }
                Some(visit) => visit.and_then(|visit| self.plan(visit)),
            };
            if let Err(err) = planned {
                self.counters.read_failed();
                return Some(Err(err));
            }
        }
    }
}
