//! [`Message`]: everything the source and the target say to each other.

use serde::{Deserialize, Serialize};

use super::handshake::{Hello, Refused, Welcome};
use crate::replication::mirror::ManifestEntry;
use crate::replication::{RelPath, SequencedOp};

/// One message of the replication protocol; each travels in one frame.
///
/// The order of the variants is the wire format (postcard writes the variant's index):
/// new messages are appended and raise the minor [`ProtocolVersion`](super::ProtocolVersion).
///
/// Conversation: the source sends [`Hello`]; the target answers [`Welcome`] or
/// [`Refused`] (then closes). After a welcome the source sends operations in sequence
/// order and the target acknowledges them; either side may send keep-alives, the
/// target's pause notices, and a final [`Message::Goodbye`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Message {
    /// Source → target: open (or resume) a connection.
    Hello(Hello),
    /// Target → source: the connection is accepted.
    Welcome(Welcome),
    /// Target → source: the connection is refused, with the guide's error code.
    Refused(Refused),
    /// Source → target: one operation to apply, in sequence order.
    Op(SequencedOp),
    /// Target → source: every operation up to and including `up_to_seq` is applied.
    /// Cumulative: the target acknowledges in batches, not one message per operation.
    Ack {
        /// The highest sequence number applied, with all before it.
        up_to_seq: u64,
    },
    /// Either way: sent after NetworkTimeout/6 of sending nothing (see
    /// [`KeepAlive`](super::KeepAlive)); the peer answers [`Message::KeepAliveAck`].
    KeepAlive,
    /// Either way: the answer to a [`Message::KeepAlive`].
    KeepAliveAck,
    /// Target → source: the user paused the target (event 4026): it queues operations
    /// without applying them; the source shows Target Status "Paused".
    TargetPaused,
    /// Target → source: the user resumed the target (event 4027).
    TargetResumed,
    /// Target → source: the target's queue reached TGMirrorCapacityHigh; the source stops
    /// sending mirror operations (replication operations still flow).
    PauseMirror,
    /// Target → source: the target's queue fell to TGMirrorCapacityLow; the mirror goes on.
    ResumeMirror,
    /// Either way: the sender is closing the connection, and why.
    Goodbye {
        /// Why, in words for the log.
        reason: String,
    },
    /// Source → target: list the replica at or below `roots` for a difference mirror.
    /// It travels in sequence with the operations: the target lists the replica once
    /// every operation sent before it is applied, and answers with
    /// [`Message::ReplicaEntries`] batches ended by one [`Message::ReplicaListed`].
    ListReplica {
        /// Replica paths, in walk order (see `mirror::manifest_roots`).
        roots: Vec<RelPath>,
    },
    /// Target → source: the next entries of the replica listing, in walk order.
    ReplicaEntries(Vec<ManifestEntry>),
    /// Target → source: the replica listing is complete.
    ReplicaListed,
    /// Target → source: operation `seq` failed and was discarded (event 4150,
    /// OpsDropped); it still counts as applied in [`Message::Ack`]. The replica now
    /// differs from the source: Target Data State "Mirror Required".
    OpDropped {
        /// The discarded operation's sequence number.
        seq: u64,
        /// Why, in words for the log.
        reason: String,
    },
}

/// How many message types protocol 1.0 knows: a first payload varint at or above this is
/// a message type from a newer peer.
pub const MESSAGE_TYPES: u32 = 16;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_variant_has_the_last_type_number() {
        let bytes = postcard::to_allocvec(&Message::OpDropped {
            seq: 1,
            reason: String::new(),
        })
        .unwrap();
        assert_eq!(bytes, [(MESSAGE_TYPES - 1) as u8, 1, 0]);
    }
}
