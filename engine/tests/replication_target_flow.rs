//! The target's flow over real TCP: the user's pause and resume, `ListReplica` in
//! sequence, mirror flow control with a tiny queue, dropped operations, and the
//! keep-alive clock.

mod replication_target_support;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::process::Command;
use std::time::Duration;

use engine::replication::mirror::ManifestKind;
use engine::replication::protocol::Message;
use engine::replication::target::REPLICA_ENTRIES_PER_MESSAGE;
use engine::replication::Operation;
use replication_target_support::*;

#[tokio::test]
async fn nothing_is_applied_while_the_target_is_paused() {
    let dirs = Dirs::new();
    let target = Target::start(&dirs, config(&dirs)).await;
    let (mut early, _) = Source::welcomed(target.addr, &dirs, "docs", false).await;
    assert!(target.control.pause());
    assert!(!target.control.pause(), "already paused");
    assert!(target.control.is_paused());
    assert_eq!(early.round_trip().await, [Message::TargetPaused]);

    let (mut late, _) = Source::welcomed(target.addr, &dirs, "music", false).await;
    assert_eq!(late.round_trip().await, [Message::TargetPaused]);
    late.send_ops(1, vec![create("f"), write("f", 0, b"paused")])
        .await;
    assert!(late.round_trip().await.is_empty(), "no ack while paused");
    assert!(!dirs.root().join("f").exists());
    let music = target
        .control
        .sessions()
        .into_iter()
        .find(|s| s.replication_set == "music")
        .unwrap();
    assert_eq!((music.status.as_str(), music.ops_remaining), ("Paused", 2));

    assert!(target.control.resume());
    assert!(!target.control.resume(), "not paused any more");
    let seen = late.until_acked(2).await;
    assert_eq!(seen, [Message::TargetResumed]);
    assert_eq!(fs::read(dirs.root().join("f")).unwrap(), b"paused");
    assert_eq!(early.round_trip().await, [Message::TargetResumed]);
    assert!(target.control.sessions().iter().all(|s| s.status == "OK"));
    target.stop().await;
    let events = dirs.events();
    assert_eq!(
        events.iter().filter(|id| [4026, 4027].contains(id)).count(),
        2,
        "{events:?}"
    );
}

#[tokio::test]
async fn the_replica_is_listed_after_every_earlier_operation_in_batches() {
    let dirs = Dirs::new();
    let target = Target::start(&dirs, config(&dirs)).await;
    let (mut source, _) = Source::welcomed(target.addr, &dirs, "docs", false).await;
    let files = REPLICA_ENTRIES_PER_MESSAGE + 5;
    let mut ops = vec![mkdir("d"), mkdir("other")];
    ops.extend((0..files).map(|i| create(&format!("d/f{i:05}"))));
    ops.push(write("d/f00000", 0, b"hello"));
    source.send_ops(1, ops).await;
    source
        .send(Message::ListReplica {
            roots: vec![rel("d")],
        })
        .await;
    let mut batches = Vec::new();
    loop {
        match source.recv().await {
            Some(Message::ReplicaEntries(entries)) => batches.push(entries),
            Some(Message::ReplicaListed) => break,
            Some(Message::Ack { .. }) => {}
            other => panic!("unexpected {other:?}"),
        }
    }
    assert!(batches.len() >= 2, "batches of at most 1000 entries");
    assert!(batches
        .iter()
        .all(|b| b.len() <= REPLICA_ENTRIES_PER_MESSAGE));
    let entries: Vec<_> = batches.concat();
    assert_eq!(entries.len(), files + 1, "d and its files, not other/");
    assert_eq!(entries[0].path, rel("d"));
    assert_eq!(entries[0].kind, ManifestKind::Directory);
    let first = entries.iter().find(|e| e.path == rel("d/f00000")).unwrap();
    assert_eq!(first.kind, ManifestKind::File { size: 5 });
    target.stop().await;
}

#[tokio::test]
async fn a_full_queue_pauses_the_mirror_and_a_drained_one_resumes_it() {
    let dirs = Dirs::new();
    let mut tiny = config(&dirs);
    tiny.queue_bytes = 2000;
    tiny.mirror_capacity_high = 50;
    tiny.mirror_capacity_low = 10;
    let target = Target::start(&dirs, tiny).await;
    let (mut source, _) = Source::welcomed(target.addr, &dirs, "docs", false).await;
    target.control.pause();
    assert_eq!(source.round_trip().await, [Message::TargetPaused]);
    let count = 60u64;
    let mut ops = vec![create("f")];
    ops.extend((1..count).map(|i| write("f", (i - 1) * 100, &[b'm'; 100])));
    source.send_ops(1, ops).await;
    // The queue holds at most its 2000 bytes; the rest waits in the socket.
    let mut seen = Vec::new();
    while !seen.contains(&Message::PauseMirror) {
        seen.push(source.recv().await.expect("PauseMirror"));
    }
    let remaining = target.control.sessions()[0].ops_remaining;
    assert!(remaining > 0 && remaining < count, "{remaining}");

    target.control.resume();
    let seen = source.until_acked(count).await;
    assert!(seen.contains(&Message::TargetResumed), "{seen:?}");
    assert!(seen.contains(&Message::ResumeMirror), "{seen:?}");
    assert_eq!(
        fs::read(dirs.root().join("f")).unwrap(),
        vec![b'm'; 100 * (count as usize - 1)]
    );
    let counters = target.stats.target("127.0.0.1".parse().unwrap());
    assert_eq!(counters.ops_remaining.get(), 0);
    assert_eq!(counters.bytes_in_target_queue.get(), 0);
    target.stop().await;
}

#[tokio::test]
async fn operations_that_cannot_be_applied_are_retried_then_reported_dropped_and_acked() {
    let dirs = Dirs::new();
    let mut twice = config(&dirs);
    twice.retry.retry_limit = 2;
    twice.retry.retry_delay = Duration::from_millis(5);
    let target = Target::start(&dirs, twice).await;
    let (mut source, _) = Source::welcomed(target.addr, &dirs, "docs", false).await;
    // A running program cannot be written to (ETXTBSY, even as root): retried, then dropped.
    let busy = dirs.root().join("busy");
    fs::copy("/bin/sleep", &busy).unwrap();
    fs::set_permissions(&busy, fs::Permissions::from_mode(0o755)).unwrap();
    let mut running = Command::new(&busy).arg("30").spawn().unwrap();
    let ops = vec![
        Operation::Rename {
            from: rel("missing"),
            to: rel("there"),
        },
        write("busy", 0, b"x"),
        create("fine"),
    ];
    source.send_ops(1, ops).await;
    let seen = source.until_acked(3).await;
    running.kill().unwrap();
    running.wait().unwrap();
    let dropped: Vec<u64> = seen
        .iter()
        .filter_map(|m| match m {
            Message::OpDropped { seq, reason } => {
                assert!(!reason.is_empty());
                Some(*seq)
            }
            _ => None,
        })
        .collect();
    assert_eq!(dropped, [1, 2], "{seen:?}");
    assert!(dirs.root().join("fine").exists());
    let counters = target.stats.target("127.0.0.1".parse().unwrap());
    assert_eq!(counters.retries.get(), 2);
    assert_eq!(counters.ops_dropped.get(), 2);
    assert_eq!(target.control.sessions()[0].status, "OK");
    target.stop().await;
    let events = dirs.events();
    assert!(events.contains(&4111), "{events:?}");
    assert_eq!(events.iter().filter(|id| **id == 4150).count(), 2);
}

#[tokio::test]
async fn keep_alives_flow_both_ways_and_silence_ends_the_session() {
    let dirs = Dirs::new();
    let mut short = config(&dirs);
    short.network_timeout = Duration::from_millis(600);
    let target = Target::start(&dirs, short).await;
    let (mut source, _) = Source::welcomed(target.addr, &dirs, "docs", false).await;
    source.send(Message::KeepAlive).await;
    let mut keep_alives = 0;
    let mut answered = false;
    let end = loop {
        // Read raw: the helper would answer the target's keep-alives.
        match tokio::time::timeout(PATIENCE, source.reader.read()).await {
            Ok(Ok(Some(Message::KeepAlive))) => keep_alives += 1,
            Ok(Ok(Some(Message::KeepAliveAck))) => answered = true,
            Ok(Ok(Some(other))) => break Some(other),
            Ok(Ok(None)) | Ok(Err(_)) => break None,
            Err(_) => panic!("the silent session was not closed"),
        }
    };
    assert!(answered, "KeepAlive is answered");
    assert!(keep_alives >= 1, "the target keeps the link alive");
    assert!(
        matches!(&end, Some(Message::Goodbye { reason }) if reason.contains("nothing heard")),
        "{end:?}"
    );
    target.stop().await;
    assert!(dirs
        .lines()
        .iter()
        .any(|l| l.contains("Target ended connection") && l.contains("nothing heard")));
}
