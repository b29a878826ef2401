//! The source's queue under pressure: spilling to disk while the target is paused,
//! transmission pause, and lost changes remirrored per AutoRemirror.

mod replication_source_support;

use std::fs;

use engine::jobs::TargetDataState;
use engine::replication::source::MirrorKind;
use replication_source_support::target_support::config as target_config;
use replication_source_support::{wait_for, Rig, Target};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_queue_spills_to_disk_while_the_target_is_paused() {
    let rig = Rig::new();
    let target = Target::start(&rig.dirs, target_config(&rig.dirs)).await;
    let mut config = rig.config(target.addr);
    config.window_bytes = 16 * 1024;
    config.queue.memory_bytes = 16 * 1024;
    let connection = rig.start(config, Some(MirrorKind::Full));
    rig.converge(&connection).await;

    assert!(target.control.pause());
    for i in 0..200 {
        fs::write(rig.path(&format!("f{i}")), vec![(i % 256) as u8; 4096]).unwrap();
    }
    wait_for("the queue to spill", || {
        connection.status().bytes_in_disk_queue > 0
    })
    .await;
    let counters = rig.stats.connection(1).unwrap();
    assert!(counters.con_bytes_in_disk_queue.get() > 0);
    assert!(counters.con_ops_in_rep_queue.get() > 0);
    assert!(counters.con_bytes_in_rep_queue.get() >= counters.con_bytes_in_disk_queue.get());
    assert!(!rig.equal());
    assert!(target.control.resume());
    rig.converge(&connection).await;
    let status = connection.status();
    assert_eq!(status.bytes_in_disk_queue, 0);
    assert_eq!(status.bytes_in_rep_queue, 0);
    assert_eq!(status.rpl_seconds, 0);
    assert_eq!(
        fs::read_dir(rig.journal.path()).unwrap().count(),
        0,
        "the journal files are gone once read"
    );
    connection.stop().await;
    target.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paused_transmission_sends_nothing_then_catches_up() {
    let rig = Rig::new();
    let target = Target::start(&rig.dirs, target_config(&rig.dirs)).await;
    let connection = rig.start(rig.config(target.addr), Some(MirrorKind::Full));
    rig.converge(&connection).await;

    let sent = connection.status().ops_tx;
    connection.pause_transmission().unwrap();
    assert_eq!(connection.status().con_state, 2);
    for i in 0..20 {
        fs::write(rig.path(&format!("p{i}")), format!("paused {i}")).unwrap();
    }
    wait_for("the changes to be queued", || {
        connection.status().ops_in_rep_queue >= 20
    })
    .await;
    assert_eq!(
        connection.status().ops_tx,
        sent,
        "nothing is sent while paused"
    );
    assert!(!rig.equal());
    connection.resume_transmission().unwrap();
    assert_eq!(connection.status().con_state, 1);
    rig.converge(&connection).await;
    assert!(connection.status().ops_tx >= sent + 20);
    assert_eq!(rig.count(4015), 1);
    assert_eq!(rig.count(4014), 1);
    connection.stop().await;
    target.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_capture_overflow_requires_a_mirror_and_auto_remirror_runs_one() {
    let rig = Rig::new();
    fs::create_dir(rig.path("dir")).unwrap();
    fs::write(rig.path("dir/kept"), b"unchanged").unwrap();
    fs::write(rig.path("changed"), b"before").unwrap();
    let target = Target::start(&rig.dirs, target_config(&rig.dirs)).await;
    let connection = rig.start(rig.config(target.addr), Some(MirrorKind::Full));
    rig.converge(&connection).await;
    wait_for("the first mirror to complete", || rig.count(4023) == 1).await;

    connection.inject_capture_overflow();
    fs::write(rig.path("changed"), b"after the overflow").unwrap();
    fs::write(rig.path("dir/new"), b"new").unwrap();
    wait_for("the difference remirror to complete", || {
        rig.count(4023) == 2
    })
    .await;
    rig.converge(&connection).await;
    let states = rig.states();
    assert_eq!(
        states,
        vec![
            TargetDataState::Mirroring,
            TargetDataState::Ok,
            TargetDataState::MirrorRequired,
            TargetDataState::Mirroring,
            TargetDataState::Ok
        ]
    );
    assert_eq!(rig.count(4019), 2);
    assert!(rig
        .lines()
        .iter()
        .any(|line| line.contains("a mirror is required")));
    connection.stop().await;
    target.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_auto_remirror_an_overflow_only_marks_the_data() {
    let rig = Rig::new();
    fs::write(rig.path("a"), b"a").unwrap();
    let target = Target::start(&rig.dirs, target_config(&rig.dirs)).await;
    let mut config = rig.config(target.addr);
    config.auto_remirror = 0;
    let connection = rig.start(config, Some(MirrorKind::Full));
    rig.converge(&connection).await;
    connection.inject_capture_overflow();
    fs::write(rig.path("b"), b"b").unwrap();
    wait_for("Mirror Required", || {
        rig.states().last() == Some(&TargetDataState::MirrorRequired)
    })
    .await;
    assert_eq!(rig.count(4019), 1, "no remirror");
    connection.stop().await;
    target.stop().await;
}
