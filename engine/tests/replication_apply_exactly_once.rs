//! Exactly once, in order, across crashes: a replica that crashed at any point and got
//! operations resent from an earlier number ends identical to one that applied each
//! operation once — no lost and no duplicated data.

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

use engine::replication::apply::{Applied, Applier, ApplyError, Replica};
use engine::replication::{FileMeta, OpOrigin, Operation, RelPath, SequencedOp};

fn rel(path: &str) -> RelPath {
    RelPath::from_bytes(path.as_bytes()).unwrap()
}

fn meta(mode: u32, n: i64) -> FileMeta {
    FileMeta {
        mode,
        uid: 0,
        gid: 0,
        mtime_ns: 1_600_000_000_000_000_000 + n,
    }
}

fn append(path: &str, offset: u64, data: &str) -> Operation {
    Operation::Write {
        path: rel(path),
        offset,
        data: data.as_bytes().to_vec().into(),
    }
}

/// A churn workload: appends, overwrites, creates after writes, truncates, renames of
/// files and directories over existing ones, links, deletes; then the final metadata
/// of everything left, as a mirror would send it.
fn workload() -> Vec<SequencedOp> {
    let ops = vec![
        Operation::Mkdir {
            path: rel("d"),
            meta: meta(0o755, 1),
        },
        Operation::Create {
            path: rel("d/log"),
            meta: meta(0o644, 2),
        },
        append("d/log", 0, "one\n"),
        append("d/log", 4, "two\n"),
        append("d/log", 8, "three\n"),
        Operation::Create {
            path: rel("d/log2"),
            meta: meta(0o600, 3),
        },
        append("d/log2", 0, "first"),
        Operation::Create {
            path: rel("d/log2"),
            meta: meta(0o600, 4),
        },
        append("d/log2", 0, "second"),
        append("d/log", 14, "four\n"),
        Operation::Truncate {
            path: rel("d/log2"),
            len: 3,
        },
        Operation::Rename {
            from: rel("d/log2"),
            to: rel("d/sec"),
        },
        append("d/sec", 3, "+more"),
        Operation::Mkdir {
            path: rel("e/f"),
            meta: meta(0o750, 5),
        },
        append("e/f/g", 0, "gg"),
        append("x/y", 0, "old tree"),
        Operation::Rename {
            from: rel("e"),
            to: rel("x"),
        },
        Operation::Symlink {
            path: rel("x/link"),
            target: b"../d/log".to_vec(),
        },
        append("tmp/a", 0, "temp"),
        Operation::Rename {
            from: rel("tmp/a"),
            to: rel("d/log"),
        },
        append("d/log", 4, "-appended"),
        Operation::Delete { path: rel("d/sec") },
        Operation::Rmdir { path: rel("tmp") },
        Operation::Create {
            path: rel("d/sec"),
            meta: meta(0o640, 6),
        },
        append("d/sec", 0, "reborn"),
        Operation::Rename {
            from: rel("x/f"),
            to: rel("x/h"),
        },
        append("x/h/g", 2, "!"),
        Operation::SetMeta {
            path: rel("d/log"),
            meta: meta(0o444, 7),
        },
        Operation::SetMeta {
            path: rel("d/sec"),
            meta: meta(0o640, 8),
        },
        Operation::SetMeta {
            path: rel("x/h/g"),
            meta: meta(0o600, 9),
        },
        Operation::SetMeta {
            path: rel("x/link"),
            meta: meta(0o777, 10),
        },
        Operation::SetMeta {
            path: rel("x/h"),
            meta: meta(0o700, 11),
        },
        Operation::SetMeta {
            path: rel("x"),
            meta: meta(0o711, 12),
        },
        Operation::SetMeta {
            path: rel("d"),
            meta: meta(0o755, 13),
        },
    ];
    ops.into_iter()
        .zip(1..)
        .map(|(op, seq)| SequencedOp {
            seq,
            origin: OpOrigin::Replication,
            op,
        })
        .collect()
}

/// One entry of a tree: kind (`f`, `d`, `l`), bytes or link text, mode, modification
/// time (seconds, nanoseconds).
type Entry = (char, Vec<u8>, u32, i64, i64);

/// What a tree holds, by relative path.
fn snapshot(root: &Path) -> BTreeMap<Vec<u8>, Entry> {
    let mut out = BTreeMap::new();
    let mut dirs = vec![root.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let m = fs::symlink_metadata(&path).unwrap();
            let (kind, bytes) = if m.file_type().is_symlink() {
                (
                    'l',
                    fs::read_link(&path)
                        .unwrap()
                        .as_os_str()
                        .as_bytes()
                        .to_vec(),
                )
            } else if m.is_dir() {
                dirs.push(path.clone());
                ('d', Vec::new())
            } else {
                ('f', fs::read(&path).unwrap())
            };
            let name = path
                .strip_prefix(root)
                .unwrap()
                .as_os_str()
                .as_bytes()
                .to_vec();
            out.insert(name, (kind, bytes, m.mode(), m.mtime(), m.mtime_nsec()));
        }
    }
    out
}

fn apply_all(applier: &mut Applier, ops: &[SequencedOp]) {
    for op in ops {
        assert!(matches!(
            applier.apply(op).unwrap(),
            Applied::Done { .. } | Applied::Duplicate
        ));
    }
}

fn reference() -> BTreeMap<Vec<u8>, Entry> {
    let root = tempfile::tempdir().unwrap();
    let state = tempfile::tempdir().unwrap();
    let mut applier = Applier::open(root.path(), state.path(), "k").unwrap();
    apply_all(&mut applier, &workload());
    assert_eq!(applier.last_applied(), workload().len() as u64);
    snapshot(root.path())
}

#[test]
fn the_workload_applied_once_gives_the_expected_replica() {
    let tree = reference();
    let file = |name: &str| tree[name.as_bytes()].1.clone();
    assert_eq!(file("d/log"), b"temp-appended");
    assert_eq!(file("d/sec"), b"reborn");
    assert_eq!(file("x/h/g"), b"gg!");
    assert_eq!(file("x/link"), b"../d/log");
    assert!(!tree.contains_key(b"x/y".as_slice()));
    assert!(!tree.contains_key(b"tmp".as_slice()));
    assert_eq!(tree[b"d/log".as_slice()].2 & 0o7777, 0o444);
}

/// A crash after each operation was carried out but before it was recorded: the
/// replica is one operation ahead of the record. The source resends everything from
/// 1; the result must be the reference, byte for byte.
#[test]
fn a_crash_between_apply_and_record_at_every_step_changes_nothing() {
    let expected = reference();
    let ops = workload();
    for crash_at in 0..ops.len() {
        let root = tempfile::tempdir().unwrap();
        let state = tempfile::tempdir().unwrap();
        {
            let mut applier = Applier::open(root.path(), state.path(), "k").unwrap();
            apply_all(&mut applier, &ops[..crash_at]);
            // Carried out on the replica, but the process dies before the record.
            Replica::open(root.path())
                .unwrap()
                .apply(&ops[crash_at].op)
                .unwrap();
        }
        let mut applier = Applier::open(root.path(), state.path(), "k").unwrap();
        assert_eq!(applier.last_applied(), crash_at as u64);
        apply_all(&mut applier, &ops);
        assert_eq!(
            applier.counters().duplicates.get(),
            crash_at as u64,
            "crash at {crash_at}"
        );
        assert_eq!(snapshot(root.path()), expected, "crash at {}", crash_at + 1);
    }
}

/// A process killed after any operation, writing nothing on its way out: its record
/// may lag the replica by a run of operations on one path (it is written once per
/// run), and the resend from the recorded number ends in the reference all the same.
#[test]
fn a_kill_after_every_step_changes_nothing() {
    let expected = reference();
    let ops = workload();
    for kill_at in 1..=ops.len() {
        let root = tempfile::tempdir().unwrap();
        let state = tempfile::tempdir().unwrap();
        let restarted_state = tempfile::tempdir().unwrap();
        let mut applier = Applier::open(root.path(), state.path(), "k").unwrap();
        apply_all(&mut applier, &ops[..kill_at]);
        // What the killed process leaves: the record file as it is now.
        for entry in fs::read_dir(state.path()).unwrap() {
            let entry = entry.unwrap();
            fs::copy(entry.path(), restarted_state.path().join(entry.file_name())).unwrap();
        }
        std::mem::forget(applier);
        let mut applier = Applier::open(root.path(), restarted_state.path(), "k").unwrap();
        let recorded = applier.last_applied();
        assert!(recorded <= kill_at as u64, "kill after {kill_at}");
        apply_all(&mut applier, &ops[recorded as usize..]);
        assert_eq!(snapshot(root.path()), expected, "kill after {kill_at}");
    }
}

/// Stopping after any operation and getting a resend from some earlier number skips
/// what was applied and counts it.
#[test]
fn resends_from_earlier_numbers_are_skipped_and_counted() {
    let expected = reference();
    let ops = workload();
    let root = tempfile::tempdir().unwrap();
    let state = tempfile::tempdir().unwrap();
    let mut skipped = 0;
    for stop in 1..=ops.len() {
        let mut applier = Applier::open(root.path(), state.path(), "k").unwrap();
        let from = applier.last_applied().saturating_sub(3) as usize;
        for op in &ops[from..stop] {
            if applier.apply(op).unwrap() == Applied::Duplicate {
                skipped += 1;
            }
        }
        assert_eq!(applier.last_applied(), stop as u64);
    }
    assert!(skipped > 0);
    assert_eq!(snapshot(root.path()), expected);
}

/// Operations interrupted half-way (the crash fell inside them) finish on the resend.
#[test]
fn partial_operations_finish_on_the_resend() {
    let root = tempfile::tempdir().unwrap();
    let state = tempfile::tempdir().unwrap();
    let mut applier = Applier::open(root.path(), state.path(), "k").unwrap();
    let setup = [
        append("src/f", 0, "moved"),
        append("dst/old", 0, "replaced"),
        append("gone/a/b", 0, "x"),
        append("gone/c", 0, "y"),
        append("big", 0, "0123456789"),
    ];
    let mut ops: Vec<SequencedOp> = setup
        .into_iter()
        .zip(1..)
        .map(|(op, seq)| SequencedOp {
            seq,
            origin: OpOrigin::Mirror,
            op,
        })
        .collect();
    apply_all(&mut applier, &ops);
    drop(applier);
    // A directory rename over a directory stopped after removing the destination; an
    // Rmdir stopped half-way; a write stopped after some of its bytes.
    fs::remove_dir_all(root.path().join("dst")).unwrap();
    fs::remove_dir_all(root.path().join("gone/a")).unwrap();
    fs::write(root.path().join("big"), "01234ABC89").unwrap();
    let next = [
        Operation::Rename {
            from: rel("src"),
            to: rel("dst"),
        },
        Operation::Rmdir { path: rel("gone") },
        append("big", 0, "0123456789"),
    ];
    // Replays the same three operations after the "crash".
    for (op, seq) in next.into_iter().zip(6..) {
        ops.push(SequencedOp {
            seq,
            origin: OpOrigin::Replication,
            op,
        });
    }
    let mut applier = Applier::open(root.path(), state.path(), "k").unwrap();
    apply_all(&mut applier, &ops);
    assert_eq!(fs::read(root.path().join("dst/f")).unwrap(), b"moved");
    assert!(!root.path().join("src").exists());
    assert!(!root.path().join("gone").exists());
    assert_eq!(fs::read(root.path().join("big")).unwrap(), b"0123456789");
}

#[test]
fn a_gap_asks_for_a_resend_and_applies_nothing() {
    let root = tempfile::tempdir().unwrap();
    let state = tempfile::tempdir().unwrap();
    let mut applier = Applier::open(root.path(), state.path(), "k").unwrap();
    let ops = workload();
    applier.apply(&ops[0]).unwrap();
    match applier.apply(&ops[2]) {
        Err(ApplyError::Gap { expected, got }) => assert_eq!((expected, got), (2, 3)),
        other => panic!("expected a gap, got {other:?}"),
    }
    assert_eq!(applier.last_applied(), 1);
    assert!(!root.path().join("d/log").exists());
    assert_eq!(
        applier.apply(&ops[1]).unwrap(),
        Applied::Done { retries: 0 }
    );
}

#[test]
fn connection_keys_are_numbered_apart_and_one_applier_per_key() {
    let root = tempfile::tempdir().unwrap();
    let state = tempfile::tempdir().unwrap();
    let ops = workload();
    let mut a = Applier::open(root.path(), state.path(), "set@10.0.0.1").unwrap();
    apply_all(&mut a, &ops[..3]);
    assert!(matches!(
        Applier::open(root.path(), state.path(), "set@10.0.0.1"),
        Err(ApplyError::InUse { .. })
    ));
    let b = Applier::open(root.path(), state.path(), "set@10.0.0.2").unwrap();
    assert_eq!(b.last_applied(), 0);
    drop(a);
    let a = Applier::open(root.path(), state.path(), "set@10.0.0.1").unwrap();
    assert_eq!(a.last_applied(), 3);
}
