//! [`AckQueue`]: the operations sent to the target and not yet acknowledged
//! (conOpsInAckQueue), kept for a resend after a reconnection.

use std::collections::VecDeque;

use crate::replication::protocol::Message;
use crate::replication::{OpOrigin, SequencedOp};

/// One operation awaiting its acknowledgement.
#[derive(Debug)]
pub struct Unacked {
    /// `Message::Op`, kept as sent so a resend encodes it again without a copy.
    pub message: Message,
    /// Its sequence number.
    pub seq: u64,
    /// Mirror or replication.
    pub origin: OpOrigin,
    /// Its frame's length on the wire (0 until first written).
    pub frame_len: u64,
}

/// What an acknowledgement released.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Released {
    /// Replication operations released.
    pub replication: u64,
    /// Mirror operations released.
    pub mirror: u64,
}

/// Operations in sequence order; the first `sent` of them went out on the current
/// connection, the rest wait to be (re)sent.
#[derive(Debug, Default)]
pub(super) struct AckQueue {
    entries: VecDeque<Unacked>,
    /// How many entries at the front were sent on the current connection.
    sent: usize,
    /// Frame bytes of the entries sent on the current connection.
    in_flight: u64,
    /// The highest sequence number given out.
    last_seq: u64,
}

impl AckQueue {
    /// Numbers `op` with the next sequence number and appends it (not yet sent).
    pub fn push(&mut self, origin: OpOrigin, op: crate::replication::Operation) -> u64 {
        self.last_seq += 1;
        let seq = self.last_seq;
        self.entries.push_back(Unacked {
            message: Message::Op(SequencedOp { seq, origin, op }),
            seq,
            origin,
            frame_len: 0,
        });
        seq
    }

    /// The first entry not yet sent on this connection.
    pub fn next_unsent(&self) -> Option<&Unacked> {
        self.entries.get(self.sent)
    }

    /// Marks [`next_unsent`](Self::next_unsent) as sent in a frame of `frame_len`
    /// bytes; returns whether it had been sent before (a resend).
    pub fn mark_sent(&mut self, frame_len: u64) -> bool {
        let Some(entry) = self.entries.get_mut(self.sent) else {
            return false;
        };
        let resend = entry.frame_len != 0;
        entry.frame_len = frame_len;
        self.sent += 1;
        self.in_flight += frame_len;
        resend
    }

    /// Drops every entry up to and including `up_to_seq`.
    pub fn acknowledge(&mut self, up_to_seq: u64) -> Released {
        let mut released = Released::default();
        while self.entries.front().is_some_and(|e| e.seq <= up_to_seq) {
            let Some(entry) = self.entries.pop_front() else {
                break;
            };
            if self.sent > 0 {
                self.sent -= 1;
                self.in_flight = self.in_flight.saturating_sub(entry.frame_len);
            }
            match entry.origin {
                OpOrigin::Mirror => released.mirror += 1,
                OpOrigin::Replication => released.replication += 1,
            }
        }
        released
    }

    /// A new connection: everything kept goes out again.
    pub fn rewind(&mut self) {
        self.sent = 0;
        self.in_flight = 0;
    }

    /// Frame bytes sent on this connection and not yet acknowledged.
    pub fn in_flight(&self) -> u64 {
        self.in_flight
    }

    /// Operations kept (conOpsInAckQueue).
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// The highest sequence number given out so far.
    pub fn last_seq(&self) -> u64 {
        self.last_seq
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::replication::{Operation, RelPath};

    fn delete(name: &str) -> Operation {
        Operation::Delete {
            path: RelPath::from_bytes(name.as_bytes()).unwrap(),
        }
    }

    #[test]
    fn acks_release_in_order_and_a_rewind_resends_the_rest() {
        let mut queue = AckQueue::default();
        for (i, origin) in [OpOrigin::Mirror, OpOrigin::Mirror, OpOrigin::Replication]
            .into_iter()
            .enumerate()
        {
            assert_eq!(queue.push(origin, delete(&format!("f{i}"))), i as u64 + 1);
        }
        assert_eq!(queue.next_unsent().map(|e| e.seq), Some(1));
        assert!(!queue.mark_sent(10));
        assert!(!queue.mark_sent(20));
        assert_eq!(queue.in_flight(), 30);
        assert_eq!(queue.next_unsent().map(|e| e.seq), Some(3));
        let released = queue.acknowledge(1);
        assert_eq!(
            released,
            Released {
                mirror: 1,
                replication: 0
            }
        );
        assert_eq!(queue.in_flight(), 20);
        queue.rewind();
        assert_eq!(queue.in_flight(), 0);
        assert_eq!(queue.next_unsent().map(|e| e.seq), Some(2));
        assert!(queue.mark_sent(20), "seq 2 went out before: a resend");
        assert!(!queue.mark_sent(5), "seq 3 never went out");
        assert!(queue.next_unsent().is_none());
        let released = queue.acknowledge(3);
        assert_eq!(
            released,
            Released {
                mirror: 1,
                replication: 1
            }
        );
        assert_eq!(queue.len(), 0);
        assert_eq!(queue.in_flight(), 0);
        assert_eq!(queue.last_seq(), 3);
    }

    #[test]
    fn an_ack_of_unsent_entries_after_a_rewind_keeps_the_books_straight() {
        let mut queue = AckQueue::default();
        queue.push(OpOrigin::Replication, delete("a"));
        queue.push(OpOrigin::Replication, delete("b"));
        queue.mark_sent(7);
        queue.mark_sent(7);
        queue.rewind();
        // The target had applied both: Welcome says so.
        assert_eq!(queue.acknowledge(2).replication, 2);
        assert_eq!(queue.in_flight(), 0);
        assert!(queue.next_unsent().is_none());
    }
}
