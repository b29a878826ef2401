//! A source connection against an in-process target: full mirror, replication of a
//! churn, difference mirror, and the statistics that count them.

mod replication_source_support;

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{symlink, PermissionsExt};
use std::time::{Duration, UNIX_EPOCH};

use engine::jobs::TargetDataState;
use engine::replication::source::{
    MirrorCommand, MirrorKind, MirrorStatus, TargetStatus, TransmitMode,
};
use replication_source_support::target_support::config as target_config;
use replication_source_support::{wait_for, Rig, Target};

/// A tree with nested and empty directories, empty files, a large file, a symlink,
/// non-ASCII names, odd modes and old modification times.
fn make_tree(rig: &Rig) {
    let src = &rig.fixture.src;
    fs::create_dir_all(src.join("a/b/c")).unwrap();
    fs::create_dir_all(src.join("empty-dir")).unwrap();
    fs::write(src.join("a/b/c/deep.txt"), b"deep down").unwrap();
    File::create(src.join("empty")).unwrap();
    fs::create_dir_all(src.join("ünïcødé")).unwrap();
    fs::write(src.join("ünïcødé/файл.txt"), "привет".as_bytes()).unwrap();
    let big: Vec<u8> = (0..300_000u32).map(|i| (i % 251) as u8).collect();
    fs::write(src.join("a/big.bin"), big).unwrap();
    fs::write(src.join("run.sh"), b"#!/bin/sh\n").unwrap();
    fs::set_permissions(src.join("run.sh"), fs::Permissions::from_mode(0o750)).unwrap();
    fs::write(src.join("read-only"), b"do not touch").unwrap();
    fs::set_permissions(src.join("read-only"), fs::Permissions::from_mode(0o444)).unwrap();
    fs::set_permissions(src.join("a/b"), fs::Permissions::from_mode(0o710)).unwrap();
    symlink("a/b/c/deep.txt", src.join("link")).unwrap();
    let old = UNIX_EPOCH + Duration::from_secs(1_000_000_000);
    File::options()
        .write(true)
        .open(src.join("a/b/c/deep.txt"))
        .unwrap()
        .set_modified(old)
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn full_mirror_then_replication_then_difference_mirror() {
    let rig = Rig::new();
    make_tree(&rig);
    let target = Target::start(&rig.dirs, target_config(&rig.dirs)).await;
    let connection = rig.start(rig.config(target.addr), Some(MirrorKind::Full));

    rig.converge(&connection).await;
    wait_for("the mirror to complete", || {
        rig.states().last() == Some(&TargetDataState::Ok)
    })
    .await;
    assert_eq!(
        rig.states(),
        vec![TargetDataState::Mirroring, TargetDataState::Ok]
    );
    let status = connection.status();
    assert_eq!(status.mirror_status, MirrorStatus::Idle);
    assert_eq!(status.transmit_mode, TransmitMode::Active);
    assert_eq!(status.con_state, 1);
    assert_eq!(status.mirror_percent, 100.0);
    assert!(rig.stats.kernel.mir_ops_generated.get() > 0);
    for id in [4016, 4019, 4023] {
        assert_eq!(rig.count(id), 1, "event {id} once in {:?}", rig.events());
    }

    // Replication of a churn: create, append, overwrite, truncate, rename, delete.
    let src = rig.fixture.src.clone();
    fs::write(src.join("new.txt"), b"fresh").unwrap();
    let mut log = OpenOptions::new()
        .append(true)
        .open(src.join("a/b/c/deep.txt"))
        .unwrap();
    log.write_all(b" and more").unwrap();
    drop(log);
    fs::write(src.join("run.sh"), b"#!/bin/sh\necho changed\n").unwrap();
    OpenOptions::new()
        .write(true)
        .open(src.join("a/big.bin"))
        .unwrap()
        .set_len(1000)
        .unwrap();
    fs::rename(src.join("ünïcødé"), src.join("renamed-dir")).unwrap();
    fs::rename(src.join("new.txt"), src.join("a/moved.txt")).unwrap();
    fs::remove_file(src.join("empty")).unwrap();
    fs::remove_dir(src.join("empty-dir")).unwrap();
    for i in 0..50 {
        fs::write(src.join(format!("a/many-{i}")), format!("file {i}")).unwrap();
    }
    rig.converge(&connection).await;
    assert!(rig.stats.kernel.rep_ops_generated.get() > 0);

    // Statistics: every operation sent reached the target, nothing was resent.
    let received = target
        .stats
        .target("127.0.0.1".parse().unwrap())
        .ops_received
        .get();
    let status = connection.status();
    assert_eq!(status.ops_tx, received);
    assert_eq!(status.resent_ops, 0);
    let counters = rig
        .stats
        .connection(1)
        .expect("the connection is registered");
    assert_eq!(counters.con_ops_tx.get(), received);
    assert_eq!(counters.con_ops_in_ack_queue.get(), 0);
    assert!(counters.con_bytes_tx.get() > 300_000);

    // A difference mirror of a partly changed tree skips what the target has.
    fs::write(src.join("a/b/c/deep.txt"), b"changed once more").unwrap();
    rig.converge(&connection).await;
    let skipped_before = counters.con_bytes_skipped.get();
    connection
        .mirror(MirrorCommand::Start(MirrorKind::Difference))
        .unwrap();
    wait_for("the difference mirror to complete", || rig.count(4023) == 2).await;
    rig.assert_equal();
    assert!(
        counters.con_bytes_skipped.get() > skipped_before,
        "the unchanged files count as skipped"
    );
    assert_eq!(rig.count(4019), 2);
    assert_eq!(rig.states().last(), Some(&TargetDataState::Ok));

    connection.stop().await;
    assert!(rig.count(4017) >= 1);
    assert!(
        rig.stats.connection(1).is_none(),
        "stop unregisters the statistics"
    );
    assert_eq!(
        fs::read_dir(rig.journal.path()).unwrap().count(),
        0,
        "no journal file is left"
    );
    target.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mirror_commands_are_checked_and_logged() {
    let rig = Rig::new();
    for i in 0..100 {
        fs::write(rig.path(&format!("f{i}")), vec![b'x'; 8192]).unwrap();
    }
    let target = Target::start(&rig.dirs, target_config(&rig.dirs)).await;
    let mut config = rig.config(target.addr);
    config.window_bytes = 16 * 1024;
    let connection = rig.start(config, None);
    assert_eq!(
        connection.mirror(MirrorCommand::Resume).unwrap_err().code,
        117
    );
    assert_eq!(
        connection.mirror(MirrorCommand::Pause).unwrap_err().code,
        121
    );
    assert_eq!(
        connection.mirror(MirrorCommand::Stop).unwrap_err().code,
        121
    );
    assert_eq!(connection.resume_transmission().unwrap_err().code, 118);

    // With the target paused nothing is acknowledged, so the small window holds the
    // mirror in progress.
    assert!(target.control.pause());
    connection
        .mirror(MirrorCommand::Start(MirrorKind::Full))
        .unwrap();
    assert_eq!(
        connection
            .mirror(MirrorCommand::Start(MirrorKind::Full))
            .unwrap_err()
            .code,
        113
    );
    wait_for("the target's pause notice", || {
        connection.status().target_status == TargetStatus::Paused
    })
    .await;
    wait_for("the mirror to start", || {
        connection.status().mirror_status == MirrorStatus::InProgress
    })
    .await;
    connection.mirror(MirrorCommand::Pause).unwrap();
    assert_eq!(connection.status().mirror_status, MirrorStatus::Paused);
    assert_eq!(rig.count(4020), 1);
    connection.mirror(MirrorCommand::Resume).unwrap();
    assert_eq!(rig.count(4021), 1);
    assert!(target.control.resume());
    rig.converge(&connection).await;
    wait_for("the mirror to complete", || rig.count(4023) == 1).await;
    assert_eq!(connection.status().target_status, TargetStatus::Ok);

    // A stopped mirror leaves the target's data needing a mirror.
    assert!(target.control.pause());
    connection
        .mirror(MirrorCommand::Start(MirrorKind::Full))
        .unwrap();
    wait_for("the second mirror to start", || {
        connection.status().mirror_status == MirrorStatus::InProgress
    })
    .await;
    connection.mirror(MirrorCommand::Stop).unwrap();
    wait_for("the mirror to stop", || {
        connection.status().mirror_status == MirrorStatus::Stopped
    })
    .await;
    assert_eq!(rig.count(4022), 1);
    assert_eq!(rig.states().last(), Some(&TargetDataState::MirrorRequired));
    assert!(target.control.resume());
    connection
        .mirror(MirrorCommand::Start(MirrorKind::Difference))
        .unwrap();
    wait_for("the difference mirror to complete", || rig.count(4023) == 2).await;
    rig.assert_equal();
    assert_eq!(rig.states().last(), Some(&TargetDataState::Ok));
    connection.stop().await;
    target.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_operation_the_target_drops_requires_a_mirror() {
    let rig = Rig::new();
    fs::write(rig.path("victim"), b"original").unwrap();
    let target = Target::start(&rig.dirs, target_config(&rig.dirs)).await;
    let connection = rig.start(rig.config(target.addr), Some(MirrorKind::Full));
    rig.converge(&connection).await;
    wait_for("the mirror to complete", || rig.count(4023) == 1).await;

    // Someone puts a directory in the file's place on the target: the next write to
    // it cannot be applied and is discarded.
    let replica_victim = rig.replica_src().join("victim");
    fs::remove_file(&replica_victim).unwrap();
    fs::create_dir(&replica_victim).unwrap();
    let mut file = OpenOptions::new()
        .append(true)
        .open(rig.path("victim"))
        .unwrap();
    file.write_all(b" plus").unwrap();
    drop(file);
    wait_for("Mirror Required", || {
        rig.states().last() == Some(&TargetDataState::MirrorRequired)
    })
    .await;
    assert!(rig
        .lines()
        .iter()
        .any(|line| line.contains("the target discarded operation")));

    // A difference mirror removes the directory and sends the file.
    connection
        .mirror(MirrorCommand::Start(MirrorKind::Difference))
        .unwrap();
    wait_for("the remirror to complete", || rig.count(4023) == 2).await;
    rig.converge(&connection).await;
    assert_eq!(rig.states().last(), Some(&TargetDataState::Ok));
    connection.stop().await;
    target.stop().await;
}
