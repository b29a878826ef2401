//! Mirrors of generated trees: the plan's operations are applied by a small applier
//! (plain std calls under a temp root, as a target would) and the replica is compared
//! with the source, path by path, for the paths the replication set includes.

use std::collections::HashSet;
use std::ffi::OsStr;
use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{symlink, FileExt, FileTypeExt, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, UNIX_EPOCH};

use engine::replication::mirror::{
    manifest_of, manifest_roots, Manifest, MirrorCounters, MirrorMode, MirrorOptions, MirrorPlan,
    MirrorProgress, RemapLink,
};
use engine::replication::{Operation, RelPath};
use engine::repset::{calculate_size, Inclusion, ReplicationSet, Rule, RuleAttributes};

/// A chunk size small enough that the test's big file takes several.
const CHUNK: u64 = 16 * 1024;

/// Applies mirror operations under `root` as a target would: directories and files are
/// created writable by their owner and get their final metadata from SetMeta.
struct Applier {
    root: PathBuf,
}

impl Applier {
    fn apply(&self, op: &Operation) {
        let at = |path: &RelPath| path.under(&self.root);
        let writable = |path: &RelPath| OpenOptions::new().write(true).open(at(path)).unwrap();
        match op {
            Operation::Mkdir { path, meta } => {
                fs::create_dir_all(at(path)).unwrap();
                fs::set_permissions(at(path), fs::Permissions::from_mode(meta.mode | 0o700))
                    .unwrap();
            }
            Operation::Create { path, meta } => {
                let file = OpenOptions::new()
                    .write(true)
                    .create(true)
                    .truncate(true)
                    .open(at(path))
                    .unwrap();
                file.set_permissions(fs::Permissions::from_mode(meta.mode | 0o600))
                    .unwrap();
            }
            Operation::Write { path, offset, data } => {
                writable(path).write_all_at(data, *offset).unwrap();
            }
            Operation::Truncate { path, len } => writable(path).set_len(*len).unwrap(),
            Operation::Symlink { path, target } => {
                if fs::symlink_metadata(at(path)).is_ok() {
                    fs::remove_file(at(path)).unwrap();
                }
                symlink(OsStr::from_bytes(target), at(path)).unwrap();
            }
            Operation::SetMeta { path, meta } => {
                if rustix::process::geteuid().is_root() {
                    std::os::unix::fs::chown(at(path), Some(meta.uid), Some(meta.gid)).unwrap();
                }
                fs::set_permissions(at(path), fs::Permissions::from_mode(meta.mode)).unwrap();
                let mtime = UNIX_EPOCH + Duration::from_nanos(meta.mtime_ns as u64);
                File::open(at(path)).unwrap().set_modified(mtime).unwrap();
            }
            Operation::Delete { path } => fs::remove_file(at(path)).unwrap(),
            Operation::Rmdir { path } => fs::remove_dir_all(at(path)).unwrap(),
            Operation::Rename { .. } => panic!("a mirror never renames"),
        }
    }
}

/// Deterministic bytes that do not compress into a pattern a bug could hide in.
fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut state = seed | 1;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as u8
        })
        .collect()
}

fn rule(path: &Path, inclusion: Inclusion, recursive: bool) -> Rule {
    Rule::new(
        path,
        RuleAttributes {
            inclusion,
            recursive,
        },
    )
    .unwrap()
}

/// A source tree, its replication set and an empty replica root.
struct Tree {
    _dir: tempfile::TempDir,
    src: PathBuf,
    dst: PathBuf,
    set: ReplicationSet,
}

impl Tree {
    /// Nested directories, empty, small, multi-chunk and sparse files, symlinks in and
    /// out of the set, non-ASCII and non-UTF-8 names, odd permissions, a FIFO, and two
    /// excluded subtrees with included paths inside.
    fn generate() -> Tree {
        let dir = tempfile::tempdir().unwrap();
        let src = dir.path().join("src");
        let dst = dir.path().join("dst");
        fs::create_dir(&dst).unwrap();
        let file = |rel: &[u8], data: &[u8]| {
            let path = src.join(OsStr::from_bytes(rel));
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(&path, data).unwrap();
            path
        };
        file(b"a/empty", b"");
        file(b"a/small.txt", b"hello, mirror\n");
        file(b"a/big.bin", &noise(5 * CHUNK as usize + 1234, 7));
        file(b"a/nested/deeper/deepest/leaf.txt", b"leaf");
        let sparse = file(b"a/sparse.img", b"");
        let handle = OpenOptions::new().write(true).open(&sparse).unwrap();
        handle.write_all_at(&noise(50_000, 3), 1 << 20).unwrap();
        handle.write_all_at(&noise(70_000, 4), 5 << 20).unwrap();
        handle.set_len(8 << 20).unwrap();
        handle.sync_all().unwrap();
        symlink("small.txt", src.join("a/link_rel")).unwrap();
        symlink(src.join("a/small.txt"), src.join("a/link_abs")).unwrap();
        symlink("/etc/hostname", src.join("a/link_out")).unwrap();
        symlink(src.join("cache/junk.bin"), src.join("a/link_excluded")).unwrap();
        symlink("nowhere", src.join("a/dangling")).unwrap();
        rustix::fs::mknodat(
            rustix::fs::CWD,
            src.join("a/fifo"),
            rustix::fs::FileType::Fifo,
            rustix::fs::Mode::from_raw_mode(0o644),
            0,
        )
        .unwrap();
        file("café/naïve résumé.txt".as_bytes(), "déjà vu".as_bytes());
        file(b"b\xff\xfe/f\x80\x81.bin", &noise(3000, 9));
        let ro = file(b"odd/ro.txt", b"read only");
        let suid = file(b"odd/suid.sh", b"#!/bin/sh\n");
        let group = file(b"odd/group.txt", b"group");
        let inside = file(b"odd/locked/inside.txt", b"in a read-only directory");
        fs::create_dir_all(src.join("odd/sticky")).unwrap();
        file(b"cache/junk.bin", &noise(10_000, 5));
        file(b"cache/sub/junk2", b"junk");
        file(b"cache/keep/kept.txt", b"kept despite the cache rule");
        file(b"logs/direct.log", b"excluded by a non-recursive rule");
        file(b"logs/sub/kept.log", b"below the non-recursive rule");
        let mode = |path: &Path, mode: u32| {
            fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap()
        };
        mode(&ro, 0o444);
        mode(&suid, 0o4755);
        mode(&group, 0o640);
        mode(&src.join("a"), 0o750);
        mode(&src.join("odd/sticky"), 0o1777);
        mode(&inside, 0o600);
        mode(inside.parent().unwrap(), 0o555);
        set_old_mtimes(&src);
        let set = ReplicationSet::new(
            "tree",
            vec![
                rule(&src, Inclusion::Include, true),
                rule(&src.join("cache"), Inclusion::Exclude, true),
                rule(&src.join("cache/keep"), Inclusion::Include, true),
                rule(&src.join("logs"), Inclusion::Exclude, false),
            ],
            chrono::Utc::now(),
        )
        .unwrap();
        Tree {
            _dir: dir,
            src,
            dst,
            set,
        }
    }

    /// Where source path `path` lands in the replica.
    fn replica(&self, path: &Path) -> PathBuf {
        self.dst.join(path.strip_prefix("/").unwrap())
    }

    /// A mirror of the tree: its operations (applied to the replica) and its counters.
    fn mirror(&self, mode: MirrorMode, options: MirrorOptions) -> (Vec<Operation>, MirrorProgress) {
        let counters = Arc::new(MirrorCounters::default());
        let set = self.set.with_size(calculate_size(&self.set).size);
        let plan = MirrorPlan::new(&set, options, mode, Arc::clone(&counters));
        let ops: Vec<Operation> = plan.map(|op| op.unwrap()).collect();
        let applier = Applier {
            root: self.dst.clone(),
        };
        ops.iter().for_each(|op| applier.apply(op));
        (ops, counters.progress())
    }

    fn options(&self) -> MirrorOptions {
        let mut options = MirrorOptions::new(&self.dst);
        options.chunk_size = CHUNK;
        options.small_file_threshold = CHUNK;
        options
    }

    /// The target's manifest, streamed from its walk.
    fn manifest(&self) -> MirrorMode {
        let roots = manifest_roots(&self.set).unwrap();
        MirrorMode::Difference(Manifest::new(
            manifest_of(&self.dst, &roots).map(|entry| entry.unwrap()),
        ))
    }

    /// The bytes of the regular files the set includes.
    fn included_bytes(&self) -> u64 {
        every_path(&self.src)
            .iter()
            .filter(|p| self.set.includes(p))
            .map(|p| fs::symlink_metadata(p).unwrap())
            .filter(|m| m.is_file())
            .map(|m| m.len())
            .sum()
    }

    /// Checks that the replica holds exactly the included paths, equal to the source in
    /// content, mode, owner, mtime and link text; `orphans` are ignored.
    fn assert_replica_equal(&self, remap: RemapLink, orphans: &[PathBuf]) {
        for path in every_path(&self.src) {
            let source = fs::symlink_metadata(&path).unwrap();
            let replica = self.replica(&path);
            let copy = fs::symlink_metadata(&replica);
            if source.file_type().is_fifo() || !self.set.includes(&path) {
                if let Ok(copy) = copy {
                    assert!(
                        source.is_dir() && copy.is_dir(),
                        "{} is excluded yet in the replica",
                        path.display()
                    );
                }
                continue;
            }
            let copy = copy.unwrap_or_else(|e| panic!("{} not mirrored: {e}", path.display()));
            assert_eq!(copy.file_type(), source.file_type(), "{}", path.display());
            if source.is_symlink() {
                let text = fs::read_link(&path).unwrap();
                let expected = match remap {
                    RemapLink::Remap if text.is_absolute() && self.set.includes(&text) => {
                        self.replica(&text)
                    }
                    _ => text,
                };
                assert_eq!(fs::read_link(&replica).unwrap(), expected);
                continue;
            }
            let what = path.display();
            assert_eq!(copy.mode(), source.mode(), "mode of {what}");
            assert_eq!(
                (copy.uid(), copy.gid()),
                (source.uid(), source.gid()),
                "{what}"
            );
            assert_eq!(
                (copy.mtime(), copy.mtime_nsec()),
                (source.mtime(), source.mtime_nsec()),
                "mtime of {what}"
            );
            if source.is_file() {
                assert!(
                    fs::read(&replica).unwrap() == fs::read(&path).unwrap(),
                    "{what}"
                );
            }
        }
        for copy in every_path(&self.replica(&self.src)) {
            let source = Path::new("/").join(copy.strip_prefix(&self.dst).unwrap());
            if !orphans.contains(&copy) {
                assert!(fs::symlink_metadata(&source).is_ok(), "{}", copy.display());
            }
        }
    }
}

/// `root` and everything below it, by a plain walk.
fn every_path(root: &Path) -> Vec<PathBuf> {
    let mut all = vec![root.to_path_buf()];
    let mut i = 0;
    while i < all.len() {
        if fs::symlink_metadata(&all[i]).unwrap().is_dir() {
            let mut entries: Vec<PathBuf> = fs::read_dir(&all[i])
                .unwrap()
                .map(|e| e.unwrap().path())
                .collect();
            entries.sort();
            all.extend(entries);
        }
        i += 1;
    }
    all
}

/// Gives every file and directory under `root` a distinct old mtime, deepest first.
fn set_old_mtimes(root: &Path) {
    for (i, path) in every_path(root).iter().enumerate().rev() {
        let metadata = fs::symlink_metadata(path).unwrap();
        if metadata.is_file() || metadata.is_dir() {
            let mtime = UNIX_EPOCH + Duration::new(1_500_000_000 + i as u64 * 61, 123_456_789);
            File::open(path).unwrap().set_modified(mtime).unwrap();
        }
    }
}

fn rel(path: &Path) -> RelPath {
    RelPath::of_source(path).unwrap()
}

fn ops_on<'a>(ops: &'a [Operation], path: &Path) -> Vec<&'a Operation> {
    let path = rel(path);
    ops.iter().filter(|op| op.path() == &path).collect()
}

/// Checks the order a target relies on: a directory's Mkdir before anything in it, a
/// file's Create before its data, and nothing on a path or below it after its SetMeta;
/// every Mkdir and Create of a path in the set ends with a SetMeta (a directory outside
/// the set is only made to hold what is in it).
fn assert_ordered(ops: &[Operation], set: &ReplicationSet, top: &RelPath) {
    let mut made = HashSet::new();
    let mut created = HashSet::new();
    let mut finished: HashSet<RelPath> = HashSet::new();
    for op in ops {
        let path = op.path();
        let mut ancestor = Some(path.clone());
        while let Some(a) = ancestor {
            assert!(!finished.contains(&a), "{op:?} after the SetMeta of {a:?}");
            ancestor = a.parent();
        }
        if path != top {
            let parent = path.parent().unwrap();
            if matches!(
                op,
                Operation::Mkdir { .. } | Operation::Create { .. } | Operation::Symlink { .. }
            ) {
                assert!(
                    made.contains(&parent),
                    "{op:?} before the Mkdir of its parent"
                );
            }
        }
        match op {
            Operation::Mkdir { .. } => assert!(made.insert(path.clone())),
            Operation::Create { .. } => assert!(created.insert(path.clone())),
            Operation::Write { .. } | Operation::Truncate { .. } => {
                assert!(created.contains(path), "{op:?} before its Create")
            }
            Operation::SetMeta { .. } => assert!(finished.insert(path.clone())),
            _ => {}
        }
    }
    for path in made.iter().chain(&created) {
        let source = Path::new("/").join(path.as_path());
        assert_eq!(
            finished.contains(path),
            set.includes(&source),
            "{path:?}: SetMeta exactly for what the set includes"
        );
    }
}

#[test]
fn a_full_mirror_rebuilds_the_included_tree() {
    let tree = Tree::generate();
    let (ops, progress) = tree.mirror(MirrorMode::Full, tree.options());
    tree.assert_replica_equal(RemapLink::Remap, &[]);
    assert_ordered(&ops, &tree.set, &rel(&tree.src));

    let a = tree.src.join("a");
    assert_eq!(
        ops_on(&ops, &a.join("empty")).len(),
        2,
        "Create and SetMeta"
    );
    let small = ops_on(&ops, &a.join("small.txt"));
    assert!(matches!(
        small[..],
        [
            Operation::Create { .. },
            Operation::Write { .. },
            Operation::SetMeta { .. }
        ]
    ));
    let big_len = fs::metadata(a.join("big.bin")).unwrap().len();
    let big: Vec<u64> = ops_on(&ops, &a.join("big.bin"))
        .iter()
        .map(|op| op.data_len())
        .collect();
    assert_eq!(big.len(), 2 + big_len.div_ceil(CHUNK) as usize);
    assert!(big.iter().all(|&n| n <= CHUNK));
    let sparse = ops_on(&ops, &a.join("sparse.img"));
    let sent: u64 = sparse.iter().map(|op| op.data_len()).sum();
    if fs::metadata(a.join("sparse.img")).unwrap().blocks() * 512 < 8 << 20 {
        assert!(
            sent < 1 << 20,
            "only the data ranges travel, not {sent} bytes"
        );
        assert!(sparse.contains(&&Operation::Truncate {
            path: rel(&a.join("sparse.img")),
            len: 8 << 20
        }));
    }
    for excluded in ["cache/junk.bin", "cache/sub", "logs/direct.log", "a/fifo"] {
        assert!(
            ops_on(&ops, &tree.src.join(excluded)).is_empty(),
            "{excluded}"
        );
    }

    let data: u64 = ops.iter().map(Operation::data_len).sum();
    assert_eq!(progress.ops_generated, ops.len() as u64);
    assert!(progress.bytes_generated > data);
    assert_eq!(progress.bytes_planned, Some(tree.included_bytes()));
    assert_eq!(progress.bytes_done, tree.included_bytes());
    assert_eq!((progress.bytes_skipped, progress.read_failures), (0, 0));
    assert_eq!(progress.percent(), Some(100.0));
    assert_eq!(progress.bytes_remaining(), Some(0));
}

#[test]
fn remap_link_zero_keeps_absolute_link_texts() {
    let tree = Tree::generate();
    let mut options = tree.options();
    options.remap_link = RemapLink::Retain;
    let (ops, _) = tree.mirror(MirrorMode::Full, options);
    tree.assert_replica_equal(RemapLink::Retain, &[]);
    let link = ops_on(&ops, &tree.src.join("a/link_abs"));
    let expected = tree.src.join("a/small.txt");
    assert!(
        matches!(link[..], [Operation::Symlink { target, .. }] if target == expected.as_os_str().as_bytes())
    );
}

#[test]
fn a_difference_mirror_of_an_unchanged_tree_sends_nothing() {
    let tree = Tree::generate();
    tree.mirror(MirrorMode::Full, tree.options());
    let (ops, progress) = tree.mirror(tree.manifest(), tree.options());
    assert_eq!(ops, Vec::new());
    assert_eq!(progress.bytes_skipped, tree.included_bytes());
    assert_eq!((progress.ops_generated, progress.bytes_done), (0, 0));
    assert_eq!(progress.percent(), Some(100.0));
    tree.assert_replica_equal(RemapLink::Remap, &[]);
}

#[test]
fn a_difference_mirror_sends_only_the_changed_files() {
    let tree = Tree::generate();
    tree.mirror(MirrorMode::Full, tree.options());
    let same_size = tree.src.join("a/small.txt");
    let longer = tree.src.join("a/big.bin");
    let touched = tree.src.join(OsStr::from_bytes(b"b\xff\xfe/f\x80\x81.bin"));
    fs::write(&same_size, b"HELLO, MIRROR\n").unwrap();
    OpenOptions::new()
        .append(true)
        .open(&longer)
        .unwrap()
        .write_all(b"more")
        .unwrap();
    File::open(&touched)
        .unwrap()
        .set_modified(UNIX_EPOCH + Duration::from_secs(1_700_000_000))
        .unwrap();
    let changed: Vec<RelPath> = [&same_size, &longer, &touched].map(|p| rel(p)).to_vec();
    let changed_bytes: u64 = [&same_size, &longer, &touched]
        .iter()
        .map(|p| fs::metadata(p).unwrap().len())
        .sum();

    let (ops, progress) = tree.mirror(tree.manifest(), tree.options());
    let mut written: Vec<RelPath> = ops
        .iter()
        .filter(|op| matches!(op, Operation::Create { .. }))
        .map(|op| op.path().clone())
        .collect();
    written.sort();
    let mut expected = changed.clone();
    expected.sort();
    assert_eq!(written, expected);
    for op in &ops {
        let path = op.path();
        match op {
            Operation::Write { .. } | Operation::Create { .. } => assert!(changed.contains(path)),
            Operation::SetMeta { .. } => assert!(
                changed.contains(path) || changed.iter().any(|c| c.parent().as_ref() == Some(path)),
                "{op:?}"
            ),
            other => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!(
        progress.bytes_skipped,
        tree.included_bytes() - changed_bytes
    );
    assert_eq!(progress.bytes_done, changed_bytes);
    tree.assert_replica_equal(RemapLink::Remap, &[]);
}

#[test]
fn a_difference_mirror_replaces_other_kinds_and_leaves_orphans() {
    let tree = Tree::generate();
    tree.mirror(MirrorMode::Full, tree.options());
    let orphan = tree.replica(&tree.src.join("a/orphan.txt"));
    fs::write(&orphan, b"only on the target").unwrap();
    let file_now_dir = tree.replica(&tree.src.join("a/small.txt"));
    fs::remove_file(&file_now_dir).unwrap();
    fs::create_dir_all(file_now_dir.join("x")).unwrap();
    let dir_now_file = tree.replica(&tree.src.join("a/nested/deeper"));
    fs::remove_dir_all(&dir_now_file).unwrap();
    fs::write(&dir_now_file, b"in the way").unwrap();
    let link_now_file = tree.replica(&tree.src.join("a/link_rel"));
    fs::remove_file(&link_now_file).unwrap();
    fs::write(&link_now_file, b"not a link").unwrap();

    let (ops, _) = tree.mirror(tree.manifest(), tree.options());
    assert!(ops.contains(&Operation::Rmdir {
        path: rel(&tree.src.join("a/small.txt"))
    }));
    assert!(ops.contains(&Operation::Delete {
        path: rel(&tree.src.join("a/nested/deeper"))
    }));
    assert!(ops.contains(&Operation::Delete {
        path: rel(&tree.src.join("a/link_rel"))
    }));
    assert!(ops_on(&ops, &tree.src.join("a/orphan.txt")).is_empty());
    assert!(orphan.exists());
    tree.assert_replica_equal(RemapLink::Remap, &[orphan]);
}

#[test]
fn a_rule_on_a_single_file_makes_its_parent() {
    let tree = Tree::generate();
    let file = tree.src.join("logs/direct.log");
    let set = ReplicationSet::new(
        "one file",
        vec![rule(&file, Inclusion::Include, true)],
        chrono::Utc::now(),
    )
    .unwrap();
    let counters = Arc::new(MirrorCounters::default());
    let plan = MirrorPlan::new(&set, tree.options(), MirrorMode::Full, counters);
    let ops: Vec<Operation> = plan.map(|op| op.unwrap()).collect();
    assert!(
        matches!(&ops[0], Operation::Mkdir { path, .. } if *path == rel(file.parent().unwrap()))
    );
    let applier = Applier {
        root: tree.dst.clone(),
    };
    ops.iter().for_each(|op| applier.apply(op));
    assert_eq!(
        fs::read(tree.replica(&file)).unwrap(),
        fs::read(&file).unwrap()
    );
}

#[test]
fn a_big_file_streams_one_chunk_at_a_time() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("big");
    let dst = dir.path().join("replica");
    fs::create_dir_all(&src).unwrap();
    let file = src.join("20MB.bin");
    let len: u64 = 20 << 20;
    {
        let out = File::create(&file).unwrap();
        for i in 0..(len / (1 << 20)) {
            out.write_all_at(&noise(1 << 20, i + 1), i << 20).unwrap();
        }
    }
    let set = ReplicationSet::new(
        "big",
        vec![rule(&src, Inclusion::Include, true)],
        chrono::Utc::now(),
    )
    .unwrap();
    let set = set.with_size(calculate_size(&set).size);
    let counters = Arc::new(MirrorCounters::default());
    let options = MirrorOptions::new(&dst);
    let chunk = options.chunk_size;
    let plan = MirrorPlan::new(&set, options, MirrorMode::Full, Arc::clone(&counters));
    let applier = Applier { root: dst.clone() };
    let (mut next_offset, mut percents) = (0, Vec::new());
    for op in plan {
        let op = op.unwrap();
        if let Operation::Write { offset, data, .. } = &op {
            assert!(data.len() as u64 <= chunk);
            assert_eq!(*offset, next_offset, "in order, no gap");
            next_offset += data.len() as u64;
            // The plan has read only what it has handed out.
            assert_eq!(counters.progress().bytes_done, next_offset);
            percents.push(counters.progress().percent().unwrap());
        }
        applier.apply(&op);
    }
    assert_eq!(next_offset, len);
    assert_eq!(percents.len() as u64, len / chunk);
    assert!(percents.windows(2).all(|w| w[0] < w[1]));
    assert!(percents[0] < 1.0 && percents[percents.len() - 1] == 100.0);
    let copy = File::open(dst.join(file.strip_prefix("/").unwrap())).unwrap();
    let original = File::open(&file).unwrap();
    let (mut a, mut b) = (vec![0; 1 << 20], vec![0; 1 << 20]);
    for i in 0..(len >> 20) {
        original.read_exact_at(&mut a, i << 20).unwrap();
        copy.read_exact_at(&mut b, i << 20).unwrap();
        assert!(a == b, "MiB {i} differs");
    }
}

#[test]
fn a_mirror_below_a_source_root_names_paths_from_that_root() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("replica");
    let data = root.join("srv/www");
    fs::create_dir_all(&data).unwrap();
    fs::write(data.join("index.html"), b"hello").unwrap();
    let rule = Rule::new(root.join("srv"), RuleAttributes::INCLUDE_RECURSIVE).unwrap();
    let set = ReplicationSet::new("reversed", vec![rule], chrono::Utc::now()).unwrap();
    let mut options = MirrorOptions::new("/");
    options.source_root = root.clone();
    let plan = MirrorPlan::new(
        &set,
        options,
        MirrorMode::Full,
        Arc::new(MirrorCounters::default()),
    );
    let paths: Vec<String> = plan.map(|op| op.unwrap().path().to_string()).collect();
    assert!(
        paths.contains(&"srv/www/index.html".to_string()),
        "{paths:?}"
    );
    assert!(paths.iter().all(|p| p.starts_with("srv")), "{paths:?}");
    assert_eq!(
        engine::replication::mirror::manifest_roots_in(&set, &root).unwrap(),
        [RelPath::from_bytes(b"srv").unwrap()]
    );
}

/// A full mirror makes a directory's subdirectories right after the directory, before
/// its files (ext4 then places them together, as it does rsync's), and each once.
#[test]
fn a_full_mirror_makes_subdirectories_before_the_files_beside_them() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    for name in ["0.txt", "a/1.txt", "b/2.txt", "b/c/3.txt", "z.txt"] {
        let path = src.join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, name).unwrap();
    }
    let set = ReplicationSet::new(
        "order",
        vec![rule(&src, Inclusion::Include, true)],
        chrono::Utc::now(),
    )
    .unwrap();
    let options = MirrorOptions::new(dir.path().join("dst"));
    let plan = MirrorPlan::new(&set, options, MirrorMode::Full, Arc::default());
    let made: Vec<(&str, RelPath)> = plan
        .map(|op| op.unwrap())
        .filter_map(|op| match op {
            Operation::Mkdir { path, .. } => Some(("mkdir", path)),
            Operation::Create { path, .. } => Some(("create", path)),
            _ => None,
        })
        .collect();
    let expected: Vec<(&str, RelPath)> = [
        ("mkdir", ""),
        ("mkdir", "a"),
        ("mkdir", "b"),
        ("create", "0.txt"),
        ("create", "a/1.txt"),
        ("mkdir", "b/c"),
        ("create", "b/2.txt"),
        ("create", "b/c/3.txt"),
        ("create", "z.txt"),
    ]
    .into_iter()
    .map(|(kind, name)| (kind, rel(&src.join(name))))
    .collect();
    assert_eq!(made, expected);
}
