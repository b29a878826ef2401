//! What the target does with each message a source sends after the handshake.

use std::sync::atomic::Ordering;

use super::queue::Item;
use super::session_entry::SessionEntry;
use crate::replication::protocol::Message;
use crate::replication::OpOrigin;
use crate::stats::TargetCounters;

/// The next step for one received message.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Inbound {
    /// Queue it for the applier thread.
    Queue(Item),
    /// Answer it at once.
    Reply(Message),
    /// Nothing more to do.
    Nothing,
    /// The source said goodbye.
    Goodbye(String),
    /// The source broke the protocol.
    Unexpected(String),
}

/// Sorts `message` out, counting received operations in the session's `entry` and the
/// peer's `counters` (Ops Received, Mirror Ops Received).
pub(super) fn receive(
    message: Message,
    entry: &SessionEntry,
    counters: &TargetCounters,
) -> Inbound {
    match message {
        Message::Op(op) => {
            counters.ops_received.inc();
            if op.origin == OpOrigin::Mirror {
                counters.mirror_ops_received.inc();
            }
            entry.ops_received.fetch_add(1, Ordering::Relaxed);
            Inbound::Queue(Item::Op(op))
        }
        Message::ListReplica { roots } => Inbound::Queue(Item::List(roots)),
        Message::KeepAlive => Inbound::Reply(Message::KeepAliveAck),
        Message::KeepAliveAck => Inbound::Nothing,
        Message::Goodbye { reason } => Inbound::Goodbye(reason),
        other => Inbound::Unexpected(format!(
            "a source may not send {} after the handshake",
            name(&other)
        )),
    }
}

/// The message's name, as the protocol document gives it.
fn name(message: &Message) -> &'static str {
    match message {
        Message::Hello(_) => "Hello",
        Message::Welcome(_) => "Welcome",
        Message::Refused(_) => "Refused",
        Message::Op(_) => "Op",
        Message::Ack { .. } => "Ack",
        Message::KeepAlive => "KeepAlive",
        Message::KeepAliveAck => "KeepAliveAck",
        Message::TargetPaused => "TargetPaused",
        Message::TargetResumed => "TargetResumed",
        Message::PauseMirror => "PauseMirror",
        Message::ResumeMirror => "ResumeMirror",
        Message::Goodbye { .. } => "Goodbye",
        Message::ListReplica { .. } => "ListReplica",
        Message::ReplicaEntries(_) => "ReplicaEntries",
        Message::ReplicaListed => "ReplicaListed",
        Message::OpDropped { .. } => "OpDropped",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::replication::protocol::{Hello, ProtocolVersion};
    use crate::replication::target::queue::TargetQueue;
    use crate::replication::{Operation, RelPath, SequencedOp};
    use std::net::{IpAddr, Ipv4Addr};
    use std::sync::atomic::AtomicBool;
    use std::sync::Arc;

    fn entry(counters: &Arc<TargetCounters>) -> SessionEntry {
        let hello = Hello {
            protocol_version: ProtocolVersion::CURRENT,
            connection_id: 4,
            replication_set: "docs".into(),
            target_path: "/replica".into(),
            source_host: "alpha".into(),
            resume: false,
        };
        let queue = TargetQueue::new(
            100,
            (20, 15),
            Arc::new(AtomicBool::new(false)),
            Arc::clone(counters),
            Box::new(|_| {}),
        );
        SessionEntry::new(
            1,
            &hello,
            "127.0.0.1:9".parse().unwrap(),
            "alpha/docs".into(),
            Arc::new(queue),
        )
    }

    #[test]
    fn operations_are_queued_and_counted_by_origin() {
        let counters = Arc::new(TargetCounters::new(IpAddr::V4(Ipv4Addr::LOCALHOST)));
        let entry = entry(&counters);
        let path = RelPath::from_bytes(b"f").unwrap();
        for origin in [OpOrigin::Mirror, OpOrigin::Replication] {
            let op = SequencedOp {
                seq: 1,
                origin,
                op: Operation::Delete { path: path.clone() },
            };
            assert_eq!(
                receive(Message::Op(op.clone()), &entry, &counters),
                Inbound::Queue(Item::Op(op))
            );
        }
        assert_eq!(counters.ops_received.get(), 2);
        assert_eq!(counters.mirror_ops_received.get(), 1);
        assert_eq!(entry.ops_received.load(Ordering::Relaxed), 2);
        assert_eq!(
            receive(
                Message::ListReplica {
                    roots: vec![path.clone()]
                },
                &entry,
                &counters
            ),
            Inbound::Queue(Item::List(vec![path]))
        );
    }

    #[test]
    fn keep_alives_are_answered_and_target_messages_refused() {
        let counters = Arc::new(TargetCounters::new(IpAddr::V4(Ipv4Addr::LOCALHOST)));
        let entry = entry(&counters);
        let got = |m| receive(m, &entry, &counters);
        assert_eq!(
            got(Message::KeepAlive),
            Inbound::Reply(Message::KeepAliveAck)
        );
        assert_eq!(got(Message::KeepAliveAck), Inbound::Nothing);
        assert_eq!(
            got(Message::Goodbye {
                reason: "bye".into()
            }),
            Inbound::Goodbye("bye".into())
        );
        match got(Message::Ack { up_to_seq: 1 }) {
            Inbound::Unexpected(detail) => assert!(detail.contains("Ack"), "{detail}"),
            other => panic!("{other:?}"),
        }
    }
}
