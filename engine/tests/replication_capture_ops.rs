//! Capture on real inotify: each kind of change becomes the operations it should, and
//! applying them to a copy of the tree keeps it equal to the source.

mod replication_capture_support;

use std::fs::{self, OpenOptions};
use std::os::unix::fs::{FileExt, PermissionsExt};

use engine::replication::capture::{Capture, CaptureEvent, CaptureOptions};
use engine::replication::Operation;
use replication_capture_support::*;

/// A fixture whose set is all of `src`, mirrored to the replica, and its capture.
fn protected(setup: impl FnOnce(&Fixture)) -> (Fixture, engine::repset::ReplicationSet, Capture) {
    let fx = Fixture::new();
    setup(&fx);
    let set = set_of(&[(&fx.src, true, true)]);
    fx.mirror(&set);
    let capture = start(&set);
    (fx, set, capture)
}

/// Drains `capture`, applies what it sent to the replica and checks the replica.
fn settle(
    fx: &Fixture,
    set: &engine::repset::ReplicationSet,
    capture: &mut Capture,
) -> Vec<Operation> {
    let ops = apply_all(&fx.replica_root, drain(capture));
    assert_replica_equal(set, &fx.src, &fx.replica_src());
    ops
}

fn writes(ops: &[Operation]) -> Vec<(u64, usize)> {
    ops.iter()
        .filter_map(|op| match op {
            Operation::Write { offset, data, .. } => Some((*offset, data.len())),
            _ => None,
        })
        .collect()
}

#[test]
fn a_new_file_is_created_then_written() {
    let (fx, set, mut capture) = protected(|_| {});
    let content: Vec<u8> = (0..150_000u32).map(|i| (i % 251) as u8).collect();
    fs::write(fx.path("new.bin"), &content).unwrap();
    let ops = settle(&fx, &set, &mut capture);
    assert!(matches!(&ops[0], Operation::Create { path, .. } if *path == rel(&fx.path("new.bin"))));
    assert_eq!(
        writes(&ops).iter().map(|w| w.1).sum::<usize>(),
        content.len()
    );
    assert!(matches!(ops.last(), Some(Operation::SetMeta { .. })));
    let counters = capture.counters();
    assert_eq!(counters.rep_ops_generated, ops.len() as u64);
    assert_eq!(counters.rep_bytes_generated, content.len() as u64);
    assert_eq!(
        counters.last_file_touched.as_deref(),
        Some(fx.path("new.bin").as_path())
    );
}

#[test]
fn an_append_sends_only_the_new_bytes() {
    let (fx, set, mut capture) =
        protected(|fx| fs::write(fx.path("log"), vec![b'a'; 100_000]).unwrap());
    let mut file = OpenOptions::new()
        .append(true)
        .open(fx.path("log"))
        .unwrap();
    std::io::Write::write_all(&mut file, b"0123456789").unwrap();
    drop(file);
    let ops = settle(&fx, &set, &mut capture);
    assert_eq!(writes(&ops), vec![(100_000, 10)]);
}

#[test]
fn an_overwrite_sends_the_changed_block_only() {
    let (fx, set, mut capture) =
        protected(|fx| fs::write(fx.path("db"), vec![0u8; 300_000]).unwrap());
    let file = OpenOptions::new().write(true).open(fx.path("db")).unwrap();
    file.write_all_at(b"XXXXX", 70_000).unwrap();
    drop(file);
    let ops = settle(&fx, &set, &mut capture);
    assert_eq!(writes(&ops), vec![(65_536, 65_536)]);
}

#[test]
fn a_truncate_is_sent_as_a_truncate() {
    let (fx, set, mut capture) =
        protected(|fx| fs::write(fx.path("big"), vec![7u8; 200_000]).unwrap());
    OpenOptions::new()
        .write(true)
        .open(fx.path("big"))
        .unwrap()
        .set_len(131_072)
        .unwrap();
    let ops = settle(&fx, &set, &mut capture);
    assert!(ops
        .iter()
        .any(|op| matches!(op, Operation::Truncate { len: 131_072, .. })));
    assert_eq!(writes(&ops), Vec::new());
}

#[test]
fn renames_of_files_and_directories_are_renames() {
    let (fx, set, mut capture) = protected(|fx| {
        fs::create_dir_all(fx.path("d/e")).unwrap();
        fs::write(fx.path("d/e/f"), b"deep").unwrap();
        fs::write(fx.path("a"), b"file a").unwrap();
    });
    fs::rename(fx.path("a"), fx.path("b")).unwrap();
    fs::rename(fx.path("d"), fx.path("d2")).unwrap();
    // The renamed directory is still watched under its new name.
    fs::write(fx.path("d2/e/g"), b"after").unwrap();
    let ops = settle(&fx, &set, &mut capture);
    assert_eq!(
        ops[..2],
        [
            Operation::Rename {
                from: rel(&fx.path("a")),
                to: rel(&fx.path("b"))
            },
            Operation::Rename {
                from: rel(&fx.path("d")),
                to: rel(&fx.path("d2"))
            },
        ]
    );
    assert!(ops.iter().any(
        |op| matches!(op, Operation::Create { path, .. } if *path == rel(&fx.path("d2/e/g")))
    ));
}

#[test]
fn a_rename_over_an_existing_file_replaces_it() {
    let (fx, set, mut capture) = protected(|fx| {
        fs::write(fx.path("conf"), b"old").unwrap();
    });
    // An editor's save: write a temporary file, rename it over the original.
    fs::write(fx.path(".conf.swp"), b"new content").unwrap();
    settle(&fx, &set, &mut capture);
    fs::rename(fx.path(".conf.swp"), fx.path("conf")).unwrap();
    let ops = settle(&fx, &set, &mut capture);
    assert_eq!(
        ops,
        vec![Operation::Rename {
            from: rel(&fx.path(".conf.swp")),
            to: rel(&fx.path("conf"))
        }]
    );
}

#[test]
fn a_file_renamed_before_its_creation_is_read_arrives_under_its_new_name() {
    let (fx, set, mut capture) = protected(|fx| {
        fs::write(fx.path("conf"), b"old").unwrap();
    });
    // Both happen before the capture reads the first event: when it handles the
    // creation, the temporary name is already gone.
    fs::write(fx.path(".conf.swp"), b"new content").unwrap();
    fs::rename(fx.path(".conf.swp"), fx.path("conf")).unwrap();
    let ops = settle(&fx, &set, &mut capture);
    assert!(
        ops.iter().all(|op| *op.path() == rel(&fx.path("conf"))),
        "{ops:?}"
    );
}

#[test]
fn deletes_and_directory_removals() {
    let (fx, set, mut capture) = protected(|fx| {
        fs::create_dir_all(fx.path("tree/sub")).unwrap();
        fs::write(fx.path("tree/sub/x"), b"x").unwrap();
        fs::write(fx.path("gone"), b"g").unwrap();
    });
    let watched = capture.watched_directories();
    fs::remove_file(fx.path("gone")).unwrap();
    fs::remove_dir_all(fx.path("tree")).unwrap();
    let ops = settle(&fx, &set, &mut capture);
    assert!(ops.contains(&Operation::Delete {
        path: rel(&fx.path("gone"))
    }));
    assert!(ops.contains(&Operation::Rmdir {
        path: rel(&fx.path("tree"))
    }));
    assert_eq!(capture.watched_directories(), watched - 2);
}

#[test]
fn mkdir_and_rmdir() {
    let (fx, set, mut capture) = protected(|_| {});
    fs::create_dir(fx.path("empty")).unwrap();
    fs::set_permissions(fx.path("empty"), fs::Permissions::from_mode(0o750)).unwrap();
    let ops = settle(&fx, &set, &mut capture);
    assert!(matches!(&ops[0], Operation::Mkdir { path, .. } if *path == rel(&fx.path("empty"))));
    fs::remove_dir(fx.path("empty")).unwrap();
    let ops = settle(&fx, &set, &mut capture);
    assert_eq!(
        ops,
        vec![Operation::Rmdir {
            path: rel(&fx.path("empty"))
        }]
    );
}

#[test]
fn a_chmod_is_a_metadata_change_only() {
    let (fx, set, mut capture) =
        protected(|fx| fs::write(fx.path("script"), b"#!/bin/sh\n").unwrap());
    fs::set_permissions(fx.path("script"), fs::Permissions::from_mode(0o751)).unwrap();
    let ops = settle(&fx, &set, &mut capture);
    assert_eq!(ops.len(), 1, "{ops:?}");
    assert!(matches!(&ops[0], Operation::SetMeta { meta, .. } if meta.mode == 0o751));
}

#[test]
fn symlinks_are_sent_as_symlinks() {
    let (fx, set, mut capture) = protected(|_| {});
    std::os::unix::fs::symlink("../elsewhere/target", fx.path("link")).unwrap();
    let ops = settle(&fx, &set, &mut capture);
    assert_eq!(
        ops,
        vec![Operation::Symlink {
            path: rel(&fx.path("link")),
            target: b"../elsewhere/target".to_vec()
        }]
    );
}

#[test]
fn excluded_paths_produce_nothing() {
    let fx = Fixture::new();
    fs::create_dir(fx.path("cache")).unwrap();
    let set = set_of(&[(&fx.src, true, true), (&fx.path("cache"), false, true)]);
    fx.mirror(&set);
    let mut capture = start(&set);
    fs::write(fx.path("cache/tmp1"), b"scratch").unwrap();
    fs::create_dir_all(fx.path("cache/deep/er")).unwrap();
    fs::write(fx.path("cache/deep/er/x"), b"x").unwrap();
    fs::rename(fx.path("cache/tmp1"), fx.path("cache/tmp2")).unwrap();
    fs::write(fx.path("kept"), b"kept").unwrap();
    let ops = ops_of(drain(&mut capture));
    let cache = rel(&fx.path("cache"));
    assert!(
        ops.iter()
            .all(|op| !op.path().as_path().starts_with(cache.as_path())),
        "{ops:?}"
    );
    assert!(ops.iter().any(|op| *op.path() == rel(&fx.path("kept"))));
}

#[test]
fn nested_directories_created_quickly_are_all_captured() {
    let (fx, set, mut capture) = protected(|_| {});
    for top in ["p", "q"] {
        let deep = fx.path(&format!("{top}/a/b/c/d/e"));
        fs::create_dir_all(&deep).unwrap();
        let mut dir = deep.clone();
        while dir != fx.src {
            fs::write(dir.join("file"), dir.to_str().unwrap()).unwrap();
            dir.pop();
        }
    }
    let ops = settle(&fx, &set, &mut capture);
    let mkdirs = ops
        .iter()
        .filter(|op| matches!(op, Operation::Mkdir { .. }))
        .count();
    assert_eq!(mkdirs, 12);
    // Every new directory is watched: a file created deep down later is seen.
    fs::write(fx.path("q/a/b/c/d/e/later"), b"later").unwrap();
    let ops = settle(&fx, &set, &mut capture);
    assert!(ops
        .iter()
        .any(|op| *op.path() == rel(&fx.path("q/a/b/c/d/e/later"))));
}

#[test]
fn moves_into_the_set_are_creates_and_moves_out_are_removals() {
    let (fx, set, mut capture) = protected(|fx| {
        fs::create_dir(fx.path("leaving")).unwrap();
        fs::write(fx.path("leaving/l"), b"l").unwrap();
        fs::write(fx.path("single"), b"s").unwrap();
    });
    fs::create_dir_all(fx.outside.join("arriving/sub")).unwrap();
    fs::write(fx.outside.join("arriving/sub/data"), vec![9u8; 70_000]).unwrap();
    std::os::unix::fs::symlink("data", fx.outside.join("arriving/sub/link")).unwrap();
    let watched = capture.watched_directories();
    fs::rename(fx.outside.join("arriving"), fx.path("arrived")).unwrap();
    let ops = settle(&fx, &set, &mut capture);
    assert!(ops.iter().any(
        |op| matches!(op, Operation::Mkdir { path, .. } if *path == rel(&fx.path("arrived/sub")))
    ));
    assert_eq!(writes(&ops).iter().map(|w| w.1).sum::<usize>(), 70_000);
    assert_eq!(capture.watched_directories(), watched + 2);

    fs::rename(fx.path("leaving"), fx.outside.join("left")).unwrap();
    fs::rename(fx.path("single"), fx.outside.join("single")).unwrap();
    // Changes in the directory that left are no longer captured.
    fs::write(fx.outside.join("left/after"), b"not replicated").unwrap();
    let ops = settle(&fx, &set, &mut capture);
    assert_eq!(
        ops,
        vec![
            Operation::Rmdir {
                path: rel(&fx.path("leaving"))
            },
            Operation::Delete {
                path: rel(&fx.path("single"))
            }
        ]
    );
    assert_eq!(capture.watched_directories(), watched + 1);
}

#[test]
fn a_directory_renamed_where_the_rules_differ_is_sent_again() {
    let fx = Fixture::new();
    fs::create_dir_all(fx.path("d/e")).unwrap();
    fs::write(fx.path("d/e/f"), b"f").unwrap();
    fs::write(fx.path("d/g"), b"g").unwrap();
    fs::create_dir(fx.path("flat")).unwrap();
    // Immediate children of `flat` are excluded, deeper paths are not.
    let set = set_of(&[(&fx.src, true, true), (&fx.path("flat"), false, false)]);
    fx.mirror(&set);
    let mut capture = start(&set);
    fs::rename(fx.path("d"), fx.path("flat/d")).unwrap();
    let ops = apply_all(&fx.replica_root, drain(&mut capture));
    assert_eq!(
        ops[0],
        Operation::Rmdir {
            path: rel(&fx.path("d"))
        }
    );
    assert!(!ops.iter().any(|op| matches!(op, Operation::Rename { .. })));
    assert_replica_equal(&set, &fx.src, &fx.replica_src());
}

#[test]
fn an_injected_overflow_requires_a_mirror_and_capture_goes_on() {
    let (fx, set, mut capture) = protected(|_| {});
    fs::write(fx.path("before"), b"b").unwrap();
    capture.inject_queue_overflow();
    let events = drain(&mut capture);
    assert!(
        matches!(events.last(), Some(CaptureEvent::MirrorRequired { reason }) if reason.contains("overflow")),
        "{events:?}"
    );
    // The mirror brings the replica to the source; capture then goes on from there.
    fx.mirror(&set);
    fs::write(fx.path("after"), b"a").unwrap();
    fs::create_dir(fx.path("newdir")).unwrap();
    fs::write(fx.path("newdir/x"), b"x").unwrap();
    settle(&fx, &set, &mut capture);
}

#[test]
fn a_real_queue_overflow_requires_a_mirror() {
    let max_queued: usize = fs::read_to_string("/proc/sys/fs/inotify/max_queued_events")
        .ok()
        .and_then(|text| text.trim().parse().ok())
        .unwrap_or(usize::MAX);
    if max_queued > 20_000 {
        eprintln!("max_queued_events is {max_queued}: too many events to provoke an overflow");
        return;
    }
    let (fx, _set, mut capture) = protected(|_| {});
    // Each file gives IN_CREATE, IN_MODIFY, IN_CLOSE_WRITE and IN_ATTRIB.
    for i in 0..max_queued / 4 + 100 {
        let path = fx.path(&format!("f{i}"));
        fs::write(&path, b"x").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
    }
    let events = drain(&mut capture);
    assert!(
        events
            .iter()
            .any(|e| matches!(e, CaptureEvent::MirrorRequired { .. })),
        "no MirrorRequired among {} events",
        events.len()
    );
}

#[test]
fn a_directory_that_cannot_be_watched_requires_a_mirror() {
    let fx = Fixture::new();
    fs::create_dir_all(fx.path("a/b/c")).unwrap();
    let set = set_of(&[(&fx.src, true, true)]);
    let options = CaptureOptions {
        max_watches: Some(3),
        ..CaptureOptions::default()
    };
    let mut capture = Capture::start(&set, options).unwrap();
    let first = capture
        .next_batch(std::time::Duration::from_millis(10))
        .unwrap();
    assert!(
        matches!(&first[..], [CaptureEvent::MirrorRequired { reason }] if reason.contains("limit of 3 watches")),
        "{first:?}"
    );
    assert_eq!(capture.watched_directories(), 3);
}

#[test]
fn a_file_larger_than_a_batch_goes_in_several() {
    let fx = Fixture::new();
    let set = set_of(&[(&fx.src, true, true)]);
    fx.mirror(&set);
    let options = CaptureOptions {
        max_batch_bytes: 100_000,
        ..CaptureOptions::default()
    };
    let mut capture = Capture::start(&set, options).unwrap();
    fs::write(fx.path("large"), vec![5u8; 1_000_000]).unwrap();
    let mut batches = 0;
    let mut ops = Vec::new();
    loop {
        let batch = capture
            .next_batch(std::time::Duration::from_millis(200))
            .unwrap();
        if batch.is_empty() {
            break;
        }
        batches += 1;
        let bytes: u64 = batch
            .iter()
            .map(|e| match e {
                CaptureEvent::Op(op) => op.data_len(),
                CaptureEvent::MirrorRequired { .. } => 0,
            })
            .sum();
        assert!(bytes <= 100_000 + 65_536, "{bytes}");
        ops.extend(ops_of(batch));
    }
    assert!(batches >= 7, "{batches}");
    for op in &ops {
        apply(&fx.replica_root, op);
    }
    assert_replica_equal(&set, &fx.src, &fx.replica_src());
}

#[test]
fn a_rule_on_a_single_file_protects_that_file_only() {
    let fx = Fixture::new();
    fs::write(fx.path("only.txt"), b"v1").unwrap();
    fs::write(fx.path("other.txt"), b"o1").unwrap();
    let set = set_of(&[(&fx.path("only.txt"), true, false)]);
    fx.mirror(&set);
    let mut capture = start(&set);
    fs::write(fx.path("other.txt"), b"o2").unwrap();
    fs::write(fx.path("only.txt"), b"v2 longer").unwrap();
    let ops = apply_all(&fx.replica_root, drain(&mut capture));
    assert!(
        ops.iter().all(|op| *op.path() == rel(&fx.path("only.txt"))),
        "{ops:?}"
    );
    assert_replica_equal(&set, &fx.src, &fx.replica_src());
    // An editor's save replaces the file by a rename from a name outside the set.
    fs::write(fx.path("only.txt.new"), b"v3").unwrap();
    fs::rename(fx.path("only.txt.new"), fx.path("only.txt")).unwrap();
    apply_all(&fx.replica_root, drain(&mut capture));
    assert_replica_equal(&set, &fx.src, &fx.replica_src());
}

#[test]
fn names_that_are_not_utf8_travel_intact() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let (fx, set, mut capture) = protected(|_| {});
    let name = OsStr::from_bytes(b"caf\xe9 \xff");
    fs::create_dir(fx.src.join(name)).unwrap();
    fs::write(fx.src.join(name).join(name), b"bytes").unwrap();
    let ops = settle(&fx, &set, &mut capture);
    assert!(
        matches!(&ops[0], Operation::Mkdir { path, .. } if path.as_bytes().ends_with(b"/caf\xe9 \xff")),
        "{ops:?}"
    );
}

#[test]
fn a_removed_top_path_is_removed_and_its_return_captured() {
    let (fx, set, mut capture) = protected(|fx| fs::write(fx.path("f"), b"f").unwrap());
    fs::remove_dir_all(&fx.src).unwrap();
    let ops = apply_all(&fx.replica_root, drain(&mut capture));
    assert_eq!(ops.last(), Some(&Operation::Rmdir { path: rel(&fx.src) }));
    fs::create_dir(&fx.src).unwrap();
    fs::write(fx.path("back"), b"back").unwrap();
    settle(&fx, &set, &mut capture);
}

#[test]
fn below_a_source_root_paths_are_named_from_that_root() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("replica");
    fs::create_dir_all(root.join("srv")).unwrap();
    let set = set_of(&[(&root.join("srv"), true, true)]);
    let options = CaptureOptions {
        source_root: root.clone(),
        ..CaptureOptions::default()
    };
    let mut capture = Capture::start(&set, options).unwrap();
    fs::write(root.join("srv/new.txt"), b"x").unwrap();
    fs::rename(root.join("srv/new.txt"), root.join("srv/moved.txt")).unwrap();
    let ops = ops_of(drain(&mut capture));
    let paths: Vec<String> = ops.iter().map(|op| op.path().to_string()).collect();
    assert!(paths.contains(&"srv/moved.txt".to_string()), "{paths:?}");
    assert!(paths.iter().all(|p| p.starts_with("srv/")), "{paths:?}");
}

#[test]
fn a_file_changed_before_it_is_hashed_is_sent_whole_then_by_blocks() {
    let fx = Fixture::new();
    fs::write(fx.path("big"), vec![1u8; 300_000]).unwrap();
    let set = set_of(&[(&fx.src, true, true)]);
    fx.mirror(&set);
    let mut capture = Capture::start(&set, CaptureOptions::default()).unwrap();
    assert_eq!(capture.unhashed_files(), 1, "start does not read the files");
    let file = OpenOptions::new().write(true).open(fx.path("big")).unwrap();
    file.write_all_at(&[2], 1000).unwrap();
    let ops = settle(&fx, &set, &mut capture);
    let sent: usize = writes(&ops).iter().map(|(_, len)| len).sum();
    assert_eq!(sent, 300_000, "no hashes yet: the whole file goes");
    // The changed file is not hashed again from the start-time picture.
    assert!(!capture.hash_pending(u64::MAX));
    file.write_all_at(&[3], 200_000).unwrap();
    let ops = settle(&fx, &set, &mut capture);
    assert_eq!(
        writes(&ops),
        [(196_608, 65_536)],
        "now only the changed block"
    );
}

#[test]
fn hashing_in_slices_leaves_the_rest_for_later() {
    let fx = Fixture::new();
    for i in 0..4 {
        fs::write(fx.path(&format!("f{i}")), vec![i as u8; 100_000]).unwrap();
    }
    let set = set_of(&[(&fx.src, true, true)]);
    fx.mirror(&set);
    let mut capture = Capture::start(&set, CaptureOptions::default()).unwrap();
    assert_eq!(capture.unhashed_files(), 4);
    assert!(capture.hash_pending(150_000), "two files fit the budget");
    assert_eq!(capture.unhashed_files(), 2);
    assert!(!capture.hash_pending(u64::MAX));
    let file = OpenOptions::new().write(true).open(fx.path("f0")).unwrap();
    file.write_all_at(&[9], 70_000).unwrap();
    let ops = settle(&fx, &set, &mut capture);
    assert_eq!(writes(&ops), [(65_536, 34_464)], "only the changed block");
}
