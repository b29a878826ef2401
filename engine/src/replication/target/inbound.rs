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
