//! Symbolic links in the replica never take an operation outside the target path.

use std::fs;
use std::os::unix::fs::{symlink, MetadataExt};
use std::path::Path;

use engine::replication::apply::{Applied, Applier, FailureKind};
use engine::replication::{FileMeta, OpOrigin, Operation, RelPath, SequencedOp};

fn rel(path: &str) -> RelPath {
    RelPath::from_bytes(path.as_bytes()).unwrap()
}

const META: FileMeta = FileMeta {
    mode: 0o777,
    uid: 4321,
    gid: 4321,
    mtime_ns: 0,
};

/// Everything in `dir` with its mode, size and modification time.
fn listing(dir: &Path) -> Vec<(std::path::PathBuf, u32, u64, i64)> {
    let mut out: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|entry| {
            let path = entry.unwrap().path();
            let m = fs::symlink_metadata(&path).unwrap();
            (path, m.mode(), m.len(), m.mtime())
        })
        .collect();
    out.sort();
    out
}

#[test]
fn no_operation_goes_through_a_link_to_outside() {
    let root = tempfile::tempdir().unwrap();
    let state = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    fs::create_dir(outside.path().join("sub")).unwrap();
    fs::write(outside.path().join("file"), b"precious").unwrap();
    fs::write(outside.path().join("sub/inner"), b"precious").unwrap();
    let before = listing(outside.path());
    let before_sub = listing(&outside.path().join("sub"));
    symlink(outside.path(), root.path().join("out")).unwrap();
    fs::create_dir(root.path().join("real")).unwrap();
    symlink("../out", root.path().join("real/via")).unwrap();
    let mut applier = Applier::open(root.path(), state.path(), "k").unwrap();
    let attempts = [
        Operation::Write {
            path: rel("out/file"),
            offset: 0,
            data: b"pwned".to_vec().into(),
        },
        Operation::Write {
            path: rel("real/via/new"),
            offset: 0,
            data: b"pwned".to_vec().into(),
        },
        Operation::Truncate {
            path: rel("out/file"),
            len: 0,
        },
        Operation::Create {
            path: rel("out/created"),
            meta: META,
        },
        Operation::Mkdir {
            path: rel("out/sub/made"),
            meta: META,
        },
        Operation::Symlink {
            path: rel("out/link"),
            target: b"/".to_vec(),
        },
        Operation::SetMeta {
            path: rel("out/file"),
            meta: META,
        },
        Operation::SetMeta {
            path: rel("out/sub"),
            meta: META,
        },
        Operation::Delete {
            path: rel("out/file"),
        },
        Operation::Rmdir {
            path: rel("out/sub"),
        },
        Operation::Rename {
            from: rel("out/file"),
            to: rel("stolen"),
        },
        Operation::Rename {
            from: rel("real"),
            to: rel("out/sub/inner"),
        },
    ];
    for (op, seq) in attempts.into_iter().zip(1..) {
        let shown = format!("{op:?}");
        let applied = applier
            .apply(&SequencedOp {
                seq,
                origin: OpOrigin::Replication,
                op,
            })
            .unwrap();
        assert!(
            matches!(
                applied,
                Applied::Dropped {
                    kind: FailureKind::Diverged,
                    retries: 0,
                    ..
                }
            ),
            "{shown}: {applied:?}"
        );
    }
    assert_eq!(listing(outside.path()), before);
    assert_eq!(listing(&outside.path().join("sub")), before_sub);
    assert_eq!(fs::read(outside.path().join("file")).unwrap(), b"precious");
    assert!(!root.path().join("stolen").exists());
    assert_eq!(applier.counters().ops_dropped.get(), 12);
    assert_eq!(applier.last_applied(), 12);
}

#[test]
fn a_link_to_etc_cannot_land_a_write_in_etc() {
    let root = tempfile::tempdir().unwrap();
    let state = tempfile::tempdir().unwrap();
    symlink("/etc", root.path().join("etc")).unwrap();
    let name = format!("dtsuite-apply-escape-{}", std::process::id());
    let mut applier = Applier::open(root.path(), state.path(), "k").unwrap();
    let applied = applier
        .apply(&SequencedOp {
            seq: 1,
            origin: OpOrigin::Replication,
            op: Operation::Write {
                path: rel(&format!("etc/{name}")),
                offset: 0,
                data: b"pwned".to_vec().into(),
            },
        })
        .unwrap();
    let landed = Path::new("/etc").join(&name);
    let escaped = landed.exists();
    if escaped {
        fs::remove_file(&landed).unwrap();
    }
    assert!(!escaped, "a write landed in {}", landed.display());
    assert!(matches!(applied, Applied::Dropped { .. }), "{applied:?}");
    // The link itself is replica content: a Delete removes it, and /etc stays.
    applier
        .apply(&SequencedOp {
            seq: 2,
            origin: OpOrigin::Replication,
            op: Operation::Rmdir { path: rel("etc") },
        })
        .unwrap();
    assert!(fs::symlink_metadata(root.path().join("etc")).is_err());
    assert!(Path::new("/etc").is_dir());
}
