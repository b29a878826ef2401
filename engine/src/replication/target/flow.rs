//! [`MirrorFlow`]: the target queue's mirror flow control (TGMirrorCapacityHigh/Low):
//! `PauseMirror` when the queued bytes reach the high mark, `ResumeMirror` once they
//! fall to the low mark.

use crate::replication::protocol::Message;

/// The high and low marks of one queue, and whether the source's mirror is held now.
#[derive(Debug, Clone)]
pub(super) struct MirrorFlow {
    high: u64,
    low: u64,
    held: bool,
}

impl MirrorFlow {
    /// Marks at `high_percent` and `low_percent` (at most the high one) of `capacity`.
    pub(super) fn new(capacity: u64, high_percent: u8, low_percent: u8) -> MirrorFlow {
        let share = |percent: u8| (u128::from(capacity) * u128::from(percent) / 100) as u64;
        MirrorFlow {
            high: share(high_percent),
            low: share(low_percent.min(high_percent)),
            held: false,
        }
    }

    /// The message to send now that `bytes` are queued, if the state changes.
    pub(super) fn update(&mut self, bytes: u64) -> Option<Message> {
        if !self.held && bytes >= self.high && bytes > 0 {
            self.held = true;
            Some(Message::PauseMirror)
        } else if self.held && bytes <= self.low {
            self.held = false;
            Some(Message::ResumeMirror)
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pauses_at_the_high_mark_and_resumes_at_the_low_one() {
        let mut flow = MirrorFlow::new(1000, 20, 15);
        assert_eq!(flow.update(199), None);
        assert_eq!(flow.update(200), Some(Message::PauseMirror));
        assert_eq!(flow.update(900), None);
        assert_eq!(flow.update(151), None);
        assert_eq!(flow.update(150), Some(Message::ResumeMirror));
        assert_eq!(flow.update(100), None);
        assert_eq!(flow.update(0), None);
        assert_eq!(flow.update(250), Some(Message::PauseMirror));
        assert_eq!(flow.update(0), Some(Message::ResumeMirror));
    }

    #[test]
    fn a_low_mark_above_the_high_one_is_lowered_and_huge_capacities_do_not_overflow() {
        let mut flow = MirrorFlow::new(100, 10, 50);
        assert_eq!(flow.update(10), Some(Message::PauseMirror));
        assert_eq!(flow.update(11), None);
        assert_eq!(flow.update(10), Some(Message::ResumeMirror));
        let mut huge = MirrorFlow::new(u64::MAX, 75, 1);
        assert_eq!(huge.update(u64::MAX / 2), None);
        assert_eq!(huge.update(u64::MAX), Some(Message::PauseMirror));
    }
}
