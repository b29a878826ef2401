//! Shared by the capture tests: a source tree in a temp dir, draining a capture, a
//! tiny std-fs applier of operations, and tree snapshots to compare.

#![allow(dead_code)]

use std::fs::{self, File, OpenOptions};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{FileExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::{Duration, UNIX_EPOCH};

use chrono::Utc;
use engine::replication::capture::{Capture, CaptureEvent, CaptureOptions};
use engine::replication::{FileMeta, Operation, RelPath};
use engine::repset::{Inclusion, ReplicationSet, Rule, RuleAttributes};

#[path = "../support/tree.rs"]
mod tree;

pub use tree::{snapshot, summary, Item};

/// A temp dir holding the protected tree `src`, a place outside the set, and a replica root.
pub struct Fixture {
    _dir: tempfile::TempDir,
    /// The set's top path.
    pub src: PathBuf,
    /// A sibling of `src`, outside the set.
    pub outside: PathBuf,
    /// Where operations are applied (`replica/<src without the leading />`).
    pub replica_root: PathBuf,
}

impl Fixture {
    /// Empty `src` and `outside` directories.
    pub fn new() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        let src = root.join("src");
        let outside = root.join("outside");
        let replica_root = root.join("replica");
        for d in [&src, &outside, &replica_root] {
            fs::create_dir(d).unwrap();
        }
        Fixture {
            _dir: dir,
            src,
            outside,
            replica_root,
        }
    }

    /// `src/<rel>`.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.src.join(rel)
    }

    /// The replica's copy of `src`.
    pub fn replica_src(&self) -> PathBuf {
        replica_path(&self.replica_root, &self.src)
    }

    /// Copies what `set` includes of `src`, as it is, to the replica (what a mirror
    /// would have done).
    pub fn mirror(&self, set: &ReplicationSet) {
        let src = &self.src;
        copy_tree(src, &self.replica_src(), &|relative| {
            set.includes(&src.join(relative))
        });
    }
}

/// Where source path `source` lands below `replica_root`.
pub fn replica_path(replica_root: &Path, source: &Path) -> PathBuf {
    RelPath::of_source(source).unwrap().under(replica_root)
}

/// A set of `rules` (path, Inc?, Rec?).
pub fn set_of(rules: &[(&Path, bool, bool)]) -> ReplicationSet {
    let rules = rules
        .iter()
        .map(|(path, include, recursive)| {
            Rule::new(
                path,
                RuleAttributes {
                    inclusion: if *include {
                        Inclusion::Include
                    } else {
                        Inclusion::Exclude
                    },
                    recursive: *recursive,
                },
            )
            .unwrap()
        })
        .collect();
    ReplicationSet::new("capture-test", rules, Utc::now()).unwrap()
}

/// A capture of `set` with the default options, every file hashed (as the engine
/// does once the first mirror is over).
pub fn start(set: &ReplicationSet) -> Capture {
    let mut capture = Capture::start(set, CaptureOptions::default()).unwrap();
    assert!(!capture.hash_pending(u64::MAX));
    capture
}

/// Every event until a batch comes back empty (nothing more within 200 ms).
pub fn drain(capture: &mut Capture) -> Vec<CaptureEvent> {
    let mut all = Vec::new();
    for _ in 0..10_000 {
        let batch = capture.next_batch(Duration::from_millis(200)).unwrap();
        if batch.is_empty() {
            return all;
        }
        all.extend(batch);
    }
    panic!("the capture never went quiet");
}

/// The operations among `events`; fails on a MirrorRequired.
pub fn ops_of(events: Vec<CaptureEvent>) -> Vec<Operation> {
    events
        .into_iter()
        .map(|event| match event {
            CaptureEvent::Op(op) => op,
            CaptureEvent::MirrorRequired { reason } => panic!("mirror required: {reason}"),
        })
        .collect()
}

/// The replica path of source path `path`.
pub fn rel(path: &Path) -> RelPath {
    RelPath::of_source(path).unwrap()
}

/// Applies `op` below `root` with plain std calls, failing the test on any error:
/// every operation must make sense for the replica as the earlier ones left it.
pub fn apply(root: &Path, op: &Operation) {
    let at = |path: &RelPath| path.under(root);
    let result = match op {
        Operation::Mkdir { path, meta } => {
            fs::create_dir_all(at(path)).and_then(|()| set_mode(&at(path), meta))
        }
        Operation::Create { path, meta } => make_parent(&at(path))
            .and_then(|()| File::create(at(path)))
            .and_then(|_| set_meta(&at(path), meta)),
        Operation::Write { path, offset, data } => OpenOptions::new()
            .write(true)
            .open(at(path))
            .and_then(|f| f.write_all_at(data, *offset)),
        Operation::Truncate { path, len } => OpenOptions::new()
            .write(true)
            .open(at(path))
            .and_then(|f| f.set_len(*len)),
        Operation::Symlink { path, target } => make_parent(&at(path)).and_then(|()| {
            std::os::unix::fs::symlink(std::ffi::OsStr::from_bytes(target), at(path))
        }),
        Operation::SetMeta { path, meta } => set_meta(&at(path), meta),
        Operation::Rename { from, to } => {
            make_parent(&at(to)).and_then(|()| fs::rename(at(from), at(to)))
        }
        Operation::Delete { path } => fs::remove_file(at(path)),
        Operation::Rmdir { path } => fs::remove_dir_all(at(path)),
    };
    if let Err(err) = result {
        panic!("cannot apply {op:?}: {err}");
    }
}

/// Creates `path`'s missing parents (a rule may include a file but not its parent).
fn make_parent(path: &Path) -> std::io::Result<()> {
    fs::create_dir_all(path.parent().unwrap())
}

fn set_mode(path: &Path, meta: &FileMeta) -> std::io::Result<()> {
    fs::set_permissions(path, fs::Permissions::from_mode(meta.mode))
}

fn set_meta(path: &Path, meta: &FileMeta) -> std::io::Result<()> {
    set_mode(path, meta)?;
    if fs::symlink_metadata(path)?.is_file() {
        let mtime = UNIX_EPOCH + Duration::from_nanos(meta.mtime_ns as u64);
        File::open(path)?.set_modified(mtime)?;
    }
    Ok(())
}

/// Applies every operation of `events` (which must hold no MirrorRequired).
pub fn apply_all(root: &Path, events: Vec<CaptureEvent>) -> Vec<Operation> {
    let ops = ops_of(events);
    for op in &ops {
        apply(root, op);
    }
    ops
}

/// Copies what `keep` accepts of `from` to `to` (created), with modes and file
/// modification times.
pub fn copy_tree(from: &Path, to: &Path, keep: &dyn Fn(&Path) -> bool) {
    fs::create_dir_all(to).unwrap();
    for (relative, item) in snapshot(from, keep) {
        let dest = to.join(&relative);
        match item {
            Item::Dir(mode) => {
                fs::create_dir_all(&dest).unwrap();
                fs::set_permissions(&dest, fs::Permissions::from_mode(mode)).unwrap();
            }
            Item::File(mode, mtime, content) => {
                fs::create_dir_all(dest.parent().unwrap()).unwrap();
                fs::write(&dest, content).unwrap();
                fs::set_permissions(&dest, fs::Permissions::from_mode(mode)).unwrap();
                let mtime = UNIX_EPOCH + Duration::from_nanos(mtime as u64);
                File::open(&dest).unwrap().set_modified(mtime).unwrap();
            }
            Item::Symlink(target) => {
                fs::create_dir_all(dest.parent().unwrap()).unwrap();
                std::os::unix::fs::symlink(std::ffi::OsStr::from_bytes(&target), &dest).unwrap();
            }
        }
    }
}

/// Asserts that the replica's copy of `src` equals `src` on every path `set` includes,
/// and holds nothing else but directories.
pub fn assert_replica_equal(set: &ReplicationSet, src: &Path, replica_src: &Path) {
    let included = |relative: &Path| set.includes(&src.join(relative));
    let source = snapshot(src, &included);
    let replica = snapshot(replica_src, &included);
    let missing: Vec<&PathBuf> = source
        .keys()
        .filter(|p| !replica.contains_key(*p))
        .collect();
    let extra: Vec<&PathBuf> = replica
        .keys()
        .filter(|p| !source.contains_key(*p))
        .collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "the replica lacks {missing:?} and has {extra:?} too"
    );
    for (path, item) in &source {
        let copy = &replica[path];
        assert!(
            copy == item,
            "{} differs: source {}, replica {}",
            path.display(),
            summary(item),
            summary(copy)
        );
    }
    for (path, item) in snapshot(replica_src, &|relative| !included(relative)) {
        assert!(
            matches!(item, Item::Dir(_)),
            "the replica holds {} outside the set",
            path.display()
        );
    }
}
