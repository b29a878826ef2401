//! Every Operation on real files: content, modes, times, owners (as root), symbolic
//! links, non-UTF-8 names, and the replace/remove rules.

use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{symlink, MetadataExt};
use std::path::Path;

use engine::replication::apply::{Applied, Applier};
use engine::replication::{FileMeta, OpOrigin, Operation, RelPath, SequencedOp};

fn rel(path: &[u8]) -> RelPath {
    RelPath::from_bytes(path).unwrap()
}

fn meta(mode: u32, mtime_s: i64) -> FileMeta {
    FileMeta {
        mode,
        uid: 0,
        gid: 0,
        mtime_ns: mtime_s * 1_000_000_000 + 250,
    }
}

/// A replica and its applier, fed operations numbered 1, 2, 3…
struct Target {
    root: tempfile::TempDir,
    _state: tempfile::TempDir,
    applier: Applier,
    seq: u64,
}

impl Target {
    fn new() -> Target {
        let root = tempfile::tempdir().unwrap();
        let state = tempfile::tempdir().unwrap();
        let applier = Applier::open(root.path(), state.path(), "set@source").unwrap();
        Target {
            root,
            _state: state,
            applier,
            seq: 0,
        }
    }

    fn apply(&mut self, op: Operation) -> Applied {
        self.seq += 1;
        let op = SequencedOp {
            seq: self.seq,
            origin: OpOrigin::Replication,
            op,
        };
        self.applier.apply(&op).unwrap()
    }

    fn ok(&mut self, op: Operation) {
        assert_eq!(self.apply(op), Applied::Done { retries: 0 });
    }

    fn path(&self, rel: &str) -> std::path::PathBuf {
        self.root.path().join(rel)
    }
}

fn write(path: &[u8], offset: u64, data: &[u8]) -> Operation {
    Operation::Write {
        path: rel(path),
        offset,
        data: data.to_vec().into(),
    }
}

#[test]
fn files_get_content_mode_and_time_and_missing_parents() {
    let mut t = Target::new();
    t.ok(Operation::Create {
        path: rel(b"srv/docs/a.txt"),
        meta: meta(0o640, 1_600_000_000),
    });
    let a = t.path("srv/docs/a.txt");
    assert_eq!(fs::read(&a).unwrap(), b"");
    assert_eq!(fs::metadata(&a).unwrap().mode() & 0o7777, 0o640);
    // The time waits for a Write (which moves it) or a SetMeta, at the latest until the
    // operation is recorded, before the target acknowledges it.
    t.applier.flush_record().unwrap();
    assert_eq!(fs::metadata(&a).unwrap().mtime(), 1_600_000_000);
    t.ok(write(b"srv/docs/a.txt", 0, b"hello"));
    t.ok(write(b"srv/docs/a.txt", 5, b" world"));
    t.ok(write(b"srv/docs/a.txt", 0, b"J"));
    assert_eq!(fs::read(&a).unwrap(), b"Jello world");
    t.ok(Operation::Truncate {
        path: rel(b"srv/docs/a.txt"),
        len: 5,
    });
    assert_eq!(fs::read(&a).unwrap(), b"Jello");
    t.ok(Operation::Truncate {
        path: rel(b"srv/docs/a.txt"),
        len: 8,
    });
    assert_eq!(fs::read(&a).unwrap(), b"Jello\0\0\0");
    t.ok(Operation::SetMeta {
        path: rel(b"srv/docs/a.txt"),
        meta: meta(0o6755, 1_700_000_000),
    });
    let m = fs::metadata(&a).unwrap();
    assert_eq!(m.mode() & 0o7777, 0o6755);
    assert_eq!((m.mtime(), m.mtime_nsec()), (1_700_000_000, 250));
    // Writes past the end leave a hole; Write and Truncate create missing files.
    t.ok(write(b"new/sparse", 4096, b"x"));
    assert_eq!(fs::metadata(t.path("new/sparse")).unwrap().len(), 4097);
    t.ok(Operation::Truncate {
        path: rel(b"other/t"),
        len: 3,
    });
    assert_eq!(fs::read(t.path("other/t")).unwrap(), b"\0\0\0");
    // Create empties an existing file.
    t.ok(Operation::Create {
        path: rel(b"srv/docs/a.txt"),
        meta: meta(0o600, 1_600_000_000),
    });
    assert_eq!(fs::read(&a).unwrap(), b"");
    assert_eq!(t.applier.counters().bytes_applied.get(), 5 + 6 + 1 + 1);
    assert_eq!(t.applier.counters().ops_applied.get(), 10);
}

#[test]
fn directories_get_mode_and_time_and_keep_their_content() {
    let mut t = Target::new();
    t.ok(Operation::Mkdir {
        path: rel(b"a/b/c"),
        meta: meta(0o2750, 1_500_000_000),
    });
    let c = fs::metadata(t.path("a/b/c")).unwrap();
    assert!(c.is_dir());
    assert_eq!(c.mode() & 0o7777, 0o2750);
    assert_eq!(c.mtime(), 1_500_000_000);
    t.ok(write(b"a/b/c/f", 0, b"kept"));
    t.ok(Operation::Mkdir {
        path: rel(b"a/b/c"),
        meta: meta(0o755, 1_400_000_000),
    });
    assert_eq!(fs::read(t.path("a/b/c/f")).unwrap(), b"kept");
    assert_eq!(
        fs::metadata(t.path("a/b/c")).unwrap().mode() & 0o7777,
        0o755
    );
    t.ok(Operation::SetMeta {
        path: rel(b"a"),
        meta: meta(0o711, 1_300_000_000),
    });
    let a = fs::metadata(t.path("a")).unwrap();
    assert_eq!((a.mode() & 0o7777, a.mtime()), (0o711, 1_300_000_000));
}

#[test]
fn symbolic_links_keep_their_text_and_are_never_followed() {
    let mut t = Target::new();
    let outside = tempfile::tempdir().unwrap();
    let victim = outside.path().join("victim");
    fs::write(&victim, b"untouched").unwrap();
    let before = fs::metadata(&victim).unwrap();
    t.ok(Operation::Symlink {
        path: rel(b"links/abs"),
        target: victim.as_os_str().as_bytes().to_vec(),
    });
    t.ok(Operation::Symlink {
        path: rel(b"links/dangling"),
        target: b"../nowhere/\xff".to_vec(),
    });
    assert_eq!(
        fs::read_link(t.path("links/abs")).unwrap(),
        victim.as_path()
    );
    assert_eq!(
        fs::read_link(t.path("links/dangling"))
            .unwrap()
            .as_os_str()
            .as_bytes(),
        b"../nowhere/\xff"
    );
    // SetMeta on a link sets the link's time, never the target's mode or time.
    t.ok(Operation::SetMeta {
        path: rel(b"links/abs"),
        meta: meta(0o777, 1_234_567_890),
    });
    assert_eq!(
        fs::symlink_metadata(t.path("links/abs")).unwrap().mtime(),
        1_234_567_890
    );
    let after = fs::metadata(&victim).unwrap();
    assert_eq!(after.mode(), before.mode());
    assert_eq!(after.mtime(), before.mtime());
    // A link replaces a link or a file; a Delete removes the link, not its target.
    t.ok(Operation::Symlink {
        path: rel(b"links/abs"),
        target: b"elsewhere".to_vec(),
    });
    assert_eq!(
        fs::read_link(t.path("links/abs")).unwrap(),
        Path::new("elsewhere")
    );
    t.ok(Operation::Delete {
        path: rel(b"links/abs"),
    });
    assert!(fs::symlink_metadata(t.path("links/abs")).is_err());
    assert_eq!(fs::read(&victim).unwrap(), b"untouched");
}

#[test]
fn non_utf8_and_non_ascii_names_travel_intact() {
    let mut t = Target::new();
    let names: [&[u8]; 3] = [
        b"d\xe9j\xe0/\xff\xfe",
        "日本/ファイル".as_bytes(),
        b"tab\tand\nnewline",
    ];
    for name in names {
        t.ok(write(name, 0, name));
    }
    for name in names {
        let path = t.root.path().join(std::ffi::OsStr::from_bytes(name));
        assert_eq!(fs::read(path).unwrap(), name);
    }
    t.ok(Operation::Rename {
        from: rel(b"d\xe9j\xe0/\xff\xfe"),
        to: rel(b"d\xe9j\xe0/\xfd"),
    });
    let renamed = t
        .root
        .path()
        .join(std::ffi::OsStr::from_bytes(b"d\xe9j\xe0/\xfd"));
    assert_eq!(fs::read(renamed).unwrap(), b"d\xe9j\xe0/\xff\xfe");
}

#[test]
fn rename_replaces_files_and_directories_and_moves_trees() {
    let mut t = Target::new();
    t.ok(write(b"a", 0, b"A"));
    t.ok(write(b"b", 0, b"B"));
    t.ok(Operation::Rename {
        from: rel(b"a"),
        to: rel(b"b"),
    });
    assert!(!t.path("a").exists());
    assert_eq!(fs::read(t.path("b")).unwrap(), b"A");
    // A directory over a non-empty directory.
    t.ok(write(b"d1/x/f", 0, b"new"));
    t.ok(write(b"d2/old/g", 0, b"old"));
    t.ok(Operation::Rename {
        from: rel(b"d1"),
        to: rel(b"d2"),
    });
    assert_eq!(fs::read(t.path("d2/x/f")).unwrap(), b"new");
    assert!(!t.path("d2/old").exists());
    assert!(!t.path("d1").exists());
    // A file over a directory, a directory over a file, into a missing parent.
    t.ok(Operation::Rename {
        from: rel(b"b"),
        to: rel(b"d2"),
    });
    assert_eq!(fs::read(t.path("d2")).unwrap(), b"A");
    t.ok(write(b"d3/h", 0, b"H"));
    t.ok(Operation::Rename {
        from: rel(b"d3"),
        to: rel(b"d2"),
    });
    assert_eq!(fs::read(t.path("d2/h")).unwrap(), b"H");
    t.ok(Operation::Rename {
        from: rel(b"d2"),
        to: rel(b"deep/er/d"),
    });
    assert_eq!(fs::read(t.path("deep/er/d/h")).unwrap(), b"H");
}

#[test]
fn create_mkdir_and_symlink_replace_other_kinds() {
    let mut t = Target::new();
    t.ok(write(b"p/inner/f", 0, b"x"));
    t.ok(Operation::Create {
        path: rel(b"p"),
        meta: meta(0o644, 1_000_000_000),
    });
    assert!(fs::metadata(t.path("p")).unwrap().is_file());
    t.ok(Operation::Mkdir {
        path: rel(b"p"),
        meta: meta(0o755, 1_000_000_000),
    });
    assert!(fs::metadata(t.path("p")).unwrap().is_dir());
    t.ok(Operation::Symlink {
        path: rel(b"p"),
        target: b"q".to_vec(),
    });
    assert!(fs::symlink_metadata(t.path("p"))
        .unwrap()
        .file_type()
        .is_symlink());
    t.ok(Operation::Mkdir {
        path: rel(b"p"),
        meta: meta(0o700, 1_000_000_000),
    });
    assert!(fs::symlink_metadata(t.path("p")).unwrap().is_dir());
}

#[test]
fn delete_and_rmdir_remove_trees_without_following_links_and_tolerate_missing() {
    let mut t = Target::new();
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("keep"), b"k").unwrap();
    t.ok(write(b"tree/a/b/f", 0, b"1"));
    t.ok(write(b"tree/g", 0, b"2"));
    symlink(outside.path(), t.path("tree/a/out")).unwrap();
    t.ok(Operation::Rmdir { path: rel(b"tree") });
    assert!(!t.path("tree").exists());
    assert!(outside.path().join("keep").exists());
    t.ok(Operation::Rmdir { path: rel(b"tree") });
    t.ok(Operation::Delete {
        path: rel(b"never/was/here"),
    });
    t.ok(write(b"f", 0, b"x"));
    t.ok(Operation::Delete { path: rel(b"f") });
    t.ok(Operation::Delete { path: rel(b"f") });
    assert!(!t.path("f").exists());
}

#[test]
fn owners_are_applied_when_running_as_root() {
    let mut t = Target::new();
    let owned = FileMeta {
        mode: 0o4755,
        uid: 1234,
        gid: 5678,
        mtime_ns: 1_000_000_000,
    };
    t.ok(Operation::Create {
        path: rel(b"f"),
        meta: owned,
    });
    t.ok(Operation::Mkdir {
        path: rel(b"d"),
        meta: owned,
    });
    t.ok(Operation::Symlink {
        path: rel(b"l"),
        target: b"f".to_vec(),
    });
    t.ok(Operation::SetMeta {
        path: rel(b"l"),
        meta: owned,
    });
    let root = rustix::process::geteuid().is_root();
    let me = (
        rustix::process::geteuid().as_raw(),
        rustix::process::getegid().as_raw(),
    );
    for name in ["f", "d", "l"] {
        let m = fs::symlink_metadata(t.path(name)).unwrap();
        let expected = if root { (1234, 5678) } else { me };
        assert_eq!((m.uid(), m.gid()), expected, "{name}");
    }
    // The owner is set before the mode, so set-ID bits survive.
    assert_eq!(fs::metadata(t.path("f")).unwrap().mode() & 0o7777, 0o4755);
}

#[test]
fn after_a_directory_moves_its_old_path_means_the_new_directory() {
    let mut t = Target::new();
    let write = |path: &[u8], data: &[u8]| Operation::Write {
        path: rel(path),
        offset: 0,
        data: data.to_vec().into(),
    };
    t.apply(Operation::Mkdir {
        path: rel(b"a"),
        meta: meta(0o755, 1),
    });
    t.apply(Operation::Create {
        path: rel(b"a/f"),
        meta: meta(0o644, 1),
    });
    t.apply(write(b"a/f", b"first"));
    t.apply(Operation::Rename {
        from: rel(b"a"),
        to: rel(b"b"),
    });
    // No Mkdir: the Create makes the missing `a` itself.
    t.apply(Operation::Create {
        path: rel(b"a/g"),
        meta: meta(0o644, 1),
    });
    t.apply(write(b"a/g", b"second"));
    let root = t.root.path();
    assert_eq!(fs::read(root.join("b/f")).unwrap(), b"first");
    assert_eq!(fs::read(root.join("a/g")).unwrap(), b"second");
    assert!(
        !root.join("b/g").exists(),
        "a write followed the moved directory"
    );
}

#[test]
fn a_run_of_operations_on_one_file_leaves_what_each_alone_would() {
    let mut t = Target::new();
    // Create, Writes and SetMeta in a row (the target keeps the file open through them):
    // content, a read-only mode set after the writes, set-ID bits, the last time.
    t.ok(Operation::Create {
        path: rel(b"d/f"),
        meta: meta(0o444, 1_500_000_000),
    });
    t.ok(write(b"d/f", 0, b"hello "));
    t.ok(write(b"d/f", 6, b"world"));
    t.ok(Operation::Truncate {
        path: rel(b"d/f"),
        len: 8,
    });
    t.ok(Operation::SetMeta {
        path: rel(b"d/f"),
        meta: meta(0o444, 1_600_000_000),
    });
    let f = t.path("d/f");
    assert_eq!(fs::read(&f).unwrap(), b"hello wo");
    let m = fs::metadata(&f).unwrap();
    assert_eq!(m.mode() & 0o7777, 0o444);
    assert_eq!((m.mtime(), m.mtime_nsec()), (1_600_000_000, 250));
    t.ok(Operation::Create {
        path: rel(b"d/s"),
        meta: meta(0o4755, 1_500_000_000),
    });
    t.ok(write(b"d/s", 0, b"x"));
    t.ok(Operation::SetMeta {
        path: rel(b"d/s"),
        meta: meta(0o4755, 1_600_000_000),
    });
    assert_eq!(fs::metadata(t.path("d/s")).unwrap().mode() & 0o7777, 0o4755);

    // A file renamed away between writes: the next Write to its old path makes a new
    // file there, and the renamed one keeps its content.
    t.ok(Operation::Create {
        path: rel(b"d/g"),
        meta: meta(0o644, 1_500_000_000),
    });
    t.ok(write(b"d/g", 0, b"first"));
    t.ok(Operation::Rename {
        from: rel(b"d/g"),
        to: rel(b"d/h"),
    });
    t.ok(write(b"d/g", 0, b"second"));
    assert_eq!(fs::read(t.path("d/h")).unwrap(), b"first");
    assert_eq!(fs::read(t.path("d/g")).unwrap(), b"second");

    // A Create over a file written just before empties it.
    t.ok(Operation::Create {
        path: rel(b"d/g"),
        meta: meta(0o600, 1_500_000_000),
    });
    t.ok(write(b"d/h", 0, b"FIRST"));
    assert_eq!(fs::read(t.path("d/g")).unwrap(), b"");
    assert_eq!(fs::read(t.path("d/h")).unwrap(), b"FIRST");
    let g = fs::metadata(t.path("d/g")).unwrap();
    assert_eq!((g.mode() & 0o7777, g.mtime()), (0o600, 1_500_000_000));
}

#[test]
fn created_files_get_the_bits_a_umask_strips_and_set_id_bits() {
    let mut t = Target::new();
    for (name, mode) in [("open", 0o666), ("setuid", 0o4755), ("none", 0o000)] {
        t.ok(Operation::Create {
            path: rel(name.as_bytes()),
            meta: meta(mode, 1_600_000_000),
        });
        let created = fs::metadata(t.path(name)).unwrap().mode() & 0o7777;
        assert_eq!(created, mode, "{name}");
        t.ok(write(
            name.as_bytes(),
            0,
            b"written through the created file",
        ));
    }
    assert_eq!(
        fs::read(t.path("none")).unwrap(),
        b"written through the created file"
    );
}
