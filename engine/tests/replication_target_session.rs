//! The target's sessions over real TCP: handshake and refusals, operations applied and
//! acknowledged in batches, resume after a re-bind with duplicates skipped, a new
//! stream starting over, and a session replaced by a newer one of the same key.

mod replication_target_support;

use std::fs;
use std::time::Duration;

use engine::replication::protocol::{Message, ProtocolVersion};
use engine::replication::target::ACK_EVERY_OPS;
use replication_target_support::*;

#[tokio::test]
async fn refuses_bad_hellos_with_the_guides_codes() {
    let dirs = Dirs::new();
    let target = Target::start(&dirs, config(&dirs)).await;
    let mut other_major = hello("docs", &dirs.root(), false);
    other_major.protocol_version = ProtocolVersion { major: 2, minor: 0 };
    let mut no_set = hello("", &dirs.root(), false);
    no_set.connection_id = 2;
    let relative = hello("docs", "replica".as_ref(), false);
    for (bad, code) in [(other_major, 157), (no_set, 101), (relative, 225)] {
        let (mut source, answer) = Source::handshake(target.addr, bad).await;
        match answer {
            Message::Refused(refused) => assert_eq!(refused.code, code, "{refused:?}"),
            other => panic!("expected Refused {code}, got {other:?}"),
        }
        assert_eq!(source.rest().await, []);
    }
    assert!(target.control.sessions().is_empty());
    target.stop().await;
}

#[tokio::test]
async fn a_silent_or_confused_peer_is_closed_before_the_handshake() {
    let dirs = Dirs::new();
    let mut short = config(&dirs);
    short.network_timeout = Duration::from_millis(300);
    let target = Target::start(&dirs, short).await;
    let mut silent = Source::connect(target.addr).await;
    assert_eq!(silent.rest().await, []);
    let mut confused = Source::connect(target.addr).await;
    confused.send(Message::Ack { up_to_seq: 1 }).await;
    assert_eq!(confused.rest().await, []);
    assert!(dirs
        .lines()
        .iter()
        .any(|line| line.contains("no Hello within")));
    target.stop().await;
}

#[tokio::test]
async fn operations_are_applied_acknowledged_in_batches_and_counted() {
    let dirs = Dirs::new();
    let target = Target::start(&dirs, config(&dirs)).await;
    let (mut source, welcome) = Source::welcomed(target.addr, &dirs, "docs", false).await;
    assert_eq!(welcome.last_applied_seq, 0);
    assert_eq!(welcome.protocol_version, ProtocolVersion::CURRENT);

    let count = 2 * ACK_EVERY_OPS + 10;
    let mut ops = vec![mkdir("d"), create("d/log")];
    ops.extend((0..count - 2).map(|i| write("d/log", i, b"x")));
    source.send_ops(1, ops).await;
    let mut acks = Vec::new();
    loop {
        match source.recv().await {
            Some(Message::Ack { up_to_seq }) => {
                acks.push(up_to_seq);
                if up_to_seq == count {
                    break;
                }
            }
            other => panic!("expected acks, got {other:?}"),
        }
    }
    assert!(acks.windows(2).all(|w| w[0] < w[1]), "{acks:?}");
    assert!(acks.len() < count as usize / 10, "one ack per op: {acks:?}");
    assert_eq!(
        fs::read(dirs.root().join("d/log")).unwrap(),
        vec![b'x'; count as usize - 2]
    );

    let counters = target.stats.target("127.0.0.1".parse().unwrap());
    assert_eq!(counters.ops_received.get(), count);
    assert_eq!(counters.mirror_ops_received.get(), 0);
    assert_eq!(counters.ops_remaining.get(), 0);
    assert_eq!(
        counters.snapshot().local_address,
        "127.0.0.1".parse::<std::net::IpAddr>().unwrap()
    );
    let sessions = target.control.sessions();
    assert_eq!(sessions.len(), 1);
    assert_eq!(sessions[0].last_applied, count);
    assert_eq!(sessions[0].ops_received, count);
    assert_eq!(sessions[0].status, "OK");
    assert_eq!(sessions[0].replication_set, "docs");
    assert_eq!(sessions[0].source_host, "alpha");

    source
        .send(Message::Goodbye {
            reason: "done".into(),
        })
        .await;
    assert_eq!(source.rest().await, []);
    target.stop().await;
    assert!(dirs
        .lines()
        .iter()
        .any(|l| l.contains("Target accepted connection 1")));
    assert!(dirs
        .lines()
        .iter()
        .any(|l| l.contains("source said goodbye: done")));
}

#[tokio::test]
async fn a_resumed_stream_continues_after_a_rebind_and_skips_resends() {
    let dirs = Dirs::new();
    let target = Target::start(&dirs, config(&dirs)).await;
    let (mut source, _) = Source::welcomed(target.addr, &dirs, "docs", false).await;
    source
        .send_ops(1, vec![create("f"), write("f", 0, b"abc")])
        .await;
    source.until_acked(2).await;
    drop(source);
    target.stop().await;

    let target = Target::start(&dirs, config(&dirs)).await;
    let (mut source, welcome) = Source::welcomed(target.addr, &dirs, "docs", true).await;
    assert_eq!(welcome.last_applied_seq, 2);
    // A resend of the Create would empty the file if it ran again.
    source
        .send_ops(
            1,
            vec![create("f"), write("f", 0, b"abc"), write("f", 3, b"def")],
        )
        .await;
    source.until_acked(3).await;
    assert_eq!(fs::read(dirs.root().join("f")).unwrap(), b"abcdef");
    drop(source);

    let (_source, welcome) = Source::welcomed(target.addr, &dirs, "docs", false).await;
    assert_eq!(welcome.last_applied_seq, 0, "a new stream starts over");
    target.stop().await;
}

#[tokio::test]
async fn a_gap_ends_the_session_and_the_source_resends_from_welcome() {
    let dirs = Dirs::new();
    let target = Target::start(&dirs, config(&dirs)).await;
    let (mut source, _) = Source::welcomed(target.addr, &dirs, "docs", false).await;
    source.send_ops(1, vec![create("f")]).await;
    source.send_ops(3, vec![write("f", 0, b"late")]).await;
    let rest = source.rest().await;
    assert!(
        matches!(rest.last(), Some(Message::Goodbye { reason }) if reason.contains("resend from 2")),
        "{rest:?}"
    );
    let (mut source, welcome) = Source::welcomed(target.addr, &dirs, "docs", true).await;
    assert_eq!(welcome.last_applied_seq, 1);
    source.send_ops(2, vec![write("f", 0, b"ok")]).await;
    source.until_acked(2).await;
    assert_eq!(fs::read(dirs.root().join("f")).unwrap(), b"ok");
    target.stop().await;
}

#[tokio::test]
async fn a_newer_session_of_the_same_key_replaces_the_live_one() {
    let dirs = Dirs::new();
    let target = Target::start(&dirs, config(&dirs)).await;
    let (mut old, _) = Source::welcomed(target.addr, &dirs, "docs", false).await;
    old.send_ops(1, vec![create("f"), write("f", 0, b"1")])
        .await;
    old.until_acked(2).await;
    let (mut other_set, _) = Source::welcomed(target.addr, &dirs, "music", false).await;

    let (mut new, welcome) = Source::welcomed(target.addr, &dirs, "docs", true).await;
    assert_eq!(welcome.last_applied_seq, 2);
    let rest = old.rest().await;
    assert!(
        matches!(rest.last(), Some(Message::Goodbye { reason }) if reason.contains("replaced")),
        "{rest:?}"
    );
    new.send_ops(3, vec![write("f", 1, b"2")]).await;
    new.until_acked(3).await;
    assert_eq!(fs::read(dirs.root().join("f")).unwrap(), b"12");
    let sets: Vec<String> = target
        .control
        .sessions()
        .into_iter()
        .map(|s| s.replication_set)
        .collect();
    assert_eq!(sets.len(), 2);
    assert!(sets.contains(&"docs".to_owned()) && sets.contains(&"music".to_owned()));
    assert!(other_set.round_trip().await.is_empty());

    target.stop().await;
    for source in [&mut new, &mut other_set] {
        let rest = source.rest().await;
        assert!(
            matches!(rest.last(), Some(Message::Goodbye { reason }) if reason.contains("shutting down")),
            "{rest:?}"
        );
    }
}
