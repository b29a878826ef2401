//! [`Capture`]: the real-time capture of one replication set, from start to each batch.

use std::collections::BTreeSet;
use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rustix::fs::{Mode, OFlags};

use super::blocks::BlockHashes;
use super::error::CaptureError;
use super::event::{CaptureCounters, CaptureEvent};
use super::event_queue::EventQueue;
use super::options::CaptureOptions;
use super::pending::PendingSyncs;
use super::shadow::{file_meta, Entry, FileId, Node, Shadow};
use super::watch_table::{WatchOutcome, WatchTable};
use crate::replication::{Operation, RelPath};
use crate::repset::ReplicationSet;

/// Captures the changes to a replication set's paths as [`Operation`]s, with inotify.
///
/// Blocking: [`Capture::next_batch`] waits on the inotify descriptor, so the engine
/// runs a capture on a thread of its own (or in `spawn_blocking`).
#[derive(Debug)]
pub struct Capture {
    pub(super) set: ReplicationSet,
    pub(super) options: CaptureOptions,
    pub(super) queue: EventQueue,
    pub(super) watches: WatchTable,
    /// The parents of the set's top paths: watched so that a top's creation, removal
    /// and renames are seen like any other entry's.
    anchors: BTreeSet<PathBuf>,
    pub(super) shadow: Shadow,
    pub(super) pending: PendingSyncs,
    batch: Vec<CaptureEvent>,
    pub(super) batch_bytes: usize,
    counters: CaptureCounters,
    /// Files taken as they were at start whose block hashes are not computed yet
    /// (see [`Capture::hash_pending`]).
    unhashed: Vec<PathBuf>,
}

impl Capture {
    /// Watches every directory of `set` (and the parent of each top path) and hashes
    /// its files: from then on every change is captured. Directories that cannot be
    /// watched make the first batch start with a [`CaptureEvent::MirrorRequired`].
    pub fn start(set: &ReplicationSet, options: CaptureOptions) -> Result<Capture, CaptureError> {
        let options = options.checked()?;
        let queue = EventQueue::new().map_err(CaptureError::Init)?;
        let watches = WatchTable::new(queue.watches(), options.max_watches);
        let mut capture = Capture {
            set: set.clone(),
            options,
            queue,
            watches,
            anchors: BTreeSet::new(),
            shadow: Shadow::default(),
            pending: PendingSyncs::default(),
            batch: Vec::new(),
            batch_bytes: 0,
            counters: CaptureCounters::default(),
            unhashed: Vec::new(),
        };
        capture.rebuild();
        Ok(capture)
    }

    /// Waits up to `timeout` for changes and returns what they became, in order; empty
    /// when nothing changed in time. A batch carries at most about
    /// [`CaptureOptions::max_batch_bytes`] of file data; the rest follows in the next.
    pub fn next_batch(&mut self, timeout: Duration) -> Result<Vec<CaptureEvent>, CaptureError> {
        let start = Instant::now();
        // A timeout past what an Instant can hold waits for a year at a time.
        let deadline = start
            .checked_add(timeout)
            .unwrap_or_else(|| start + Duration::from_secs(365 * 24 * 3600));
        loop {
            self.queue.fill().map_err(CaptureError::Read)?;
            self.handle_events()?;
            self.run_due_syncs(Instant::now());
            let now = Instant::now();
            if !self.batch.is_empty() || now >= deadline {
                self.batch_bytes = 0;
                return Ok(std::mem::take(&mut self.batch));
            }
            let wake = self
                .pending
                .next_due()
                .map_or(deadline, |due| due.min(deadline));
            self.queue
                .wait(wake.saturating_duration_since(now))
                .map_err(CaptureError::Read)?;
        }
    }

    /// Computes the block hashes of files taken at start (or after an overflow) and
    /// not hashed yet, up to about `byte_budget` bytes of them; returns whether some
    /// are left. Until a file is hashed, its next change sends it whole; a file that
    /// changed before its turn is left to that change. Starting does not hash, so a
    /// large set starts at once; the engine hashes when nothing else is going on.
    pub fn hash_pending(&mut self, byte_budget: u64) -> bool {
        let mut spent = 0u64;
        while spent < byte_budget {
            let Some(path) = self.unhashed.pop() else {
                break;
            };
            let Some(node) = self.shadow.get(&path) else {
                continue;
            };
            let Entry::File(held) = &node.entry else {
                continue;
            };
            if !held.is_unhashed() {
                continue;
            }
            let (expected, len) = ((node.id, node.meta.mtime_ns), held.len());
            // Hashed only if it is still the file taken at start, before and after
            // the read (a write meanwhile is the sync's to send).
            let unchanged = |metadata: &fs::Metadata| {
                (FileId::of(metadata), file_meta(metadata).mtime_ns) == expected
                    && metadata.len() == len
            };
            let Ok(file) = open_regular(&path) else {
                continue;
            };
            if !file.metadata().is_ok_and(|m| unchanged(&m)) {
                continue;
            }
            let Ok(hashes) = BlockHashes::of_file(&file, self.options.block_size) else {
                continue;
            };
            spent = spent.saturating_add(len);
            if !file.metadata().is_ok_and(|m| unchanged(&m)) {
                continue;
            }
            if let Some(node) = self.shadow.get_mut(&path) {
                node.entry = Entry::File(hashes);
            }
        }
        !self.unhashed.is_empty()
    }

    /// The total length of the set's regular files as the capture holds them: right
    /// after [`start`](Capture::start), what its walk of the set found (the bytes a size
    /// calculation finds).
    pub fn set_bytes(&self) -> u64 {
        self.shadow.file_bytes()
    }

    /// How many files taken at start still wait for their hashes.
    pub fn unhashed_files(&self) -> usize {
        self.unhashed.len()
    }

    /// What the capture has produced since it started.
    pub fn counters(&self) -> &CaptureCounters {
        &self.counters
    }

    /// How many directories are watched now.
    pub fn watched_directories(&self) -> usize {
        self.watches.len()
    }

    /// Queues an overflow after the events read so far, exactly as the kernel reports
    /// IN_Q_OVERFLOW: the next batch ends with [`CaptureEvent::MirrorRequired`] and the
    /// capture starts over from the file system. (Tests use it; the kernel's queue
    /// length, max_queued_events, is system-wide.)
    pub fn inject_queue_overflow(&mut self) {
        self.queue.push_overflow();
    }

    /// Whether `dir` is the parent of a top path, watched for the top's sake.
    pub(super) fn is_anchor(&self, dir: &Path) -> bool {
        self.anchors.contains(dir)
    }

    /// Adds `op` on `source` to the batch, counted as generated; nothing for `/`,
    /// which has no replica path.
    pub(super) fn emit(&mut self, source: &Path, op: impl FnOnce(RelPath) -> Operation) {
        if let Some(rel) = RelPath::of_source_in(&self.options.source_root, source) {
            self.push_op(source, op(rel));
        }
    }

    /// Adds a rename from `from` to `to` to the batch.
    pub(super) fn emit_rename(&mut self, from: &Path, to: &Path) {
        if let (Some(rel_from), Some(rel_to)) = (
            RelPath::of_source_in(&self.options.source_root, from),
            RelPath::of_source_in(&self.options.source_root, to),
        ) {
            self.push_op(
                to,
                Operation::Rename {
                    from: rel_from,
                    to: rel_to,
                },
            );
        }
    }

    fn push_op(&mut self, source: &Path, op: Operation) {
        let data = op.data_len();
        self.counters.rep_ops_generated += 1;
        self.counters.rep_bytes_generated += data;
        if self.counters.last_file_touched.as_deref() != Some(source) {
            self.counters.last_file_touched = Some(source.to_path_buf());
        }
        self.batch_bytes = self
            .batch_bytes
            .saturating_add(usize::try_from(data).unwrap_or(usize::MAX));
        self.batch.push(CaptureEvent::Op(op));
    }

    /// Adds a [`CaptureEvent::MirrorRequired`] to the batch (once per batch).
    pub(super) fn mirror_required(&mut self, reason: String) {
        if !self
            .batch
            .iter()
            .any(|event| matches!(event, CaptureEvent::MirrorRequired { .. }))
        {
            self.batch.push(CaptureEvent::MirrorRequired { reason });
        }
    }

    /// Changes were lost: asks for a mirror, drops what is queued, and starts over from
    /// the file system as it is (the mirror brings the target there).
    pub(super) fn resync(&mut self, reason: String) -> Result<(), CaptureError> {
        self.mirror_required(reason);
        self.queue.discard().map_err(CaptureError::Read)?;
        self.rebuild();
        Ok(())
    }

    /// Watches the set afresh and takes the files as they are now as what the target
    /// holds, reusing the hashes of files whose inode, size and modification time did
    /// not change (what a difference mirror leaves alone).
    fn rebuild(&mut self) {
        self.watches.clear();
        self.anchors.clear();
        self.pending.clear();
        self.unhashed.clear();
        let mut old = self.shadow.take();
        let mut found = Vec::new();
        for top in self.set.non_overlapping_paths() {
            if let Some(parent) = top.parent() {
                match self.watches.watch(parent) {
                    WatchOutcome::Watched => {
                        self.anchors.insert(parent.to_path_buf());
                    }
                    WatchOutcome::Failed(reason) => self.mirror_required(reason),
                    WatchOutcome::Gone => {}
                }
            }
            self.walk(&top, &mut old, &mut found);
        }
        self.shadow = Shadow::from_entries(found);
    }

    /// Watches `top` and everything below it that the set may include, and adds their
    /// shadow entries to `found`, in path order (each directory's entries sorted).
    fn walk(&mut self, top: &Path, old: &mut Shadow, found: &mut Vec<(PathBuf, Node)>) {
        // An entry of a directory listing is looked at relative to its open directory,
        // not by its whole path.
        let mut stack: Vec<(PathBuf, Option<fs::DirEntry>)> = vec![(top.to_path_buf(), None)];
        while let Some((path, entry)) = stack.pop() {
            let looked = entry.map_or_else(|| fs::symlink_metadata(&path), |e| e.metadata());
            let Ok(metadata) = looked else {
                continue;
            };
            let included = self.set.includes(&path);
            let kind = metadata.file_type();
            let node = |entry| Node {
                id: FileId::of(&metadata),
                meta: file_meta(&metadata),
                entry,
            };
            if kind.is_dir() {
                let below = self.set.may_include_below(&path);
                if below {
                    match self.watches.watch(&path) {
                        WatchOutcome::Watched => {}
                        WatchOutcome::Failed(reason) => self.mirror_required(reason),
                        WatchOutcome::Gone => continue,
                    }
                }
                if included {
                    found.push((path.clone(), node(Entry::Directory)));
                }
                if below {
                    if let Ok(entries) = fs::read_dir(&path) {
                        let from = stack.len();
                        stack.extend(entries.flatten().map(|e| (e.path(), Some(e))));
                        // Reversed, so they come off the stack in name order.
                        stack[from..].sort_unstable_by(|a, b| b.0.as_os_str().cmp(a.0.as_os_str()));
                    }
                }
            } else if included && kind.is_file() {
                let kept = old.remove(&path).filter(|known| {
                    known.id == FileId::of(&metadata)
                        && known.meta.mtime_ns == file_meta(&metadata).mtime_ns
                        && matches!(&known.entry, Entry::File(h) if h.len() == metadata.len())
                });
                let known = match kept {
                    Some(known) => known,
                    None => {
                        self.unhashed.push(path.clone());
                        node(Entry::File(BlockHashes::unhashed(metadata.len())))
                    }
                };
                found.push((path, known));
            } else if included && kind.is_symlink() {
                found.push((path, node(Entry::Symlink)));
            }
        }
    }
}

/// Pushes the entries of directory `dir` on `stack` (none if it cannot be read).
pub(super) fn push_entries(dir: &Path, stack: &mut Vec<PathBuf>) {
    if let Ok(entries) = fs::read_dir(dir) {
        stack.extend(entries.flatten().map(|entry| entry.path()));
    }
}

/// Opens `path` for reading without following a symbolic link or blocking on a FIFO
/// that took a file's place.
pub(super) fn open_regular(path: &Path) -> io::Result<File> {
    let fd = rustix::fs::open(
        path,
        OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC,
        Mode::empty(),
    )?;
    Ok(File::from(fd))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_capture_can_move_to_its_own_thread() {
        fn is_send<T: Send>() {}
        is_send::<Capture>();
    }

    #[test]
    fn bad_options_are_refused_before_anything_is_watched() {
        let set = ReplicationSet::new("s", Vec::new(), chrono::Utc::now()).unwrap();
        let options = CaptureOptions {
            block_size: 0,
            ..CaptureOptions::default()
        };
        assert!(matches!(
            Capture::start(&set, options),
            Err(CaptureError::InvalidOptions(_))
        ));
        let idle = Capture::start(&set, CaptureOptions::default()).unwrap();
        assert_eq!(idle.watched_directories(), 0);
    }
}
