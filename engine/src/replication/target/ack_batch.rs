//! [`AckBatch`]: when the target acknowledges — cumulatively, after a run of
//! operations and whenever it has nothing more to apply, never once per operation.

use crate::replication::protocol::Message;

/// Operations applied since the last ack that make the next one due.
pub const ACK_EVERY_OPS: u64 = 256;
/// File-data bytes applied since the last ack that make the next one due: an eighth of
/// the source's 8 MiB window, so the window never waits for an ack while a large file's
/// chunks cost one ack per megabyte, not one per chunk.
pub const ACK_EVERY_BYTES: u64 = 1024 * 1024;

/// What has been applied since the last `Ack`.
#[derive(Debug, Clone)]
pub(super) struct AckBatch {
    acked: u64,
    ops: u64,
    bytes: u64,
}

impl AckBatch {
    /// A batch whose source already knows that everything up to `acked` is applied.
    pub(super) fn new(acked: u64) -> AckBatch {
        AckBatch {
            acked,
            ops: 0,
            bytes: 0,
        }
    }

    /// Counts one operation of `bytes` applied; true when an ack is due.
    pub(super) fn applied(&mut self, bytes: u64) -> bool {
        self.ops += 1;
        self.bytes = self.bytes.saturating_add(bytes);
        self.ops >= ACK_EVERY_OPS || self.bytes >= ACK_EVERY_BYTES
    }

    /// The `Ack` up to `last_applied`, unless the source has it already.
    pub(super) fn take(&mut self, last_applied: u64) -> Option<Message> {
        self.ops = 0;
        self.bytes = 0;
        if last_applied <= self.acked {
            return None;
        }
        self.acked = last_applied;
        Some(Message::Ack {
            up_to_seq: last_applied,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn due_after_a_run_of_operations_or_bytes() {
        let mut batch = AckBatch::new(0);
        for _ in 1..ACK_EVERY_OPS {
            assert!(!batch.applied(10));
        }
        assert!(batch.applied(10));
        assert_eq!(batch.take(256), Some(Message::Ack { up_to_seq: 256 }));
        assert!(!batch.applied(ACK_EVERY_BYTES - 1));
        assert!(batch.applied(1));
    }

    #[test]
    fn nothing_new_is_not_acked_again() {
        let mut batch = AckBatch::new(40);
        assert_eq!(batch.take(40), None);
        assert_eq!(batch.take(41), Some(Message::Ack { up_to_seq: 41 }));
        assert_eq!(batch.take(41), None);
    }
}
