//! A stats-port client's queue: one encoded snapshot waiting to be sent, newest wins.
//!
//! The snapshot being written to the socket is the second one a client can hold; a
//! snapshot taken while another is still waiting replaces it (coalescing), so a slow
//! client costs at most two records of memory and never holds up anyone.

use std::sync::Mutex;

use tokio::sync::Notify;

/// The waiting snapshot of one client, shared by the task that takes snapshots and the
/// task that writes them.
#[derive(Debug, Default)]
pub(super) struct SnapshotSlot {
    state: Mutex<SlotState>,
    ready: Notify,
}

#[derive(Debug, Default)]
struct SlotState {
    frame: Option<Vec<u8>>,
    closed: bool,
}

impl SnapshotSlot {
    /// Puts `frame` in the slot; returns `true` if it replaced one that was never sent.
    pub(super) fn put(&self, frame: Vec<u8>) -> bool {
        let replaced = self.lock().frame.replace(frame).is_some();
        self.ready.notify_one();
        replaced
    }

    /// Waits for the next frame; `None` once the slot is closed.
    pub(super) async fn take(&self) -> Option<Vec<u8>> {
        loop {
            {
                let mut state = self.lock();
                if state.closed {
                    return None;
                }
                if let Some(frame) = state.frame.take() {
                    return Some(frame);
                }
            }
            // `notify_one` leaves a permit when nobody waits yet, so a `put` between the
            // check above and this await is not missed.
            self.ready.notified().await;
        }
    }

    /// Ends the stream: [`SnapshotSlot::take`] returns `None` from now on.
    pub(super) fn close(&self) {
        self.lock().closed = true;
        self.ready.notify_one();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, SlotState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn newest_frame_wins_and_replacements_are_reported() {
        let slot = SnapshotSlot::default();
        assert!(!slot.put(vec![1]));
        assert!(slot.put(vec![2]));
        assert!(slot.put(vec![3]));
        assert_eq!(slot.take().await, Some(vec![3]));
        assert!(!slot.put(vec![4]));
        assert_eq!(slot.take().await, Some(vec![4]));
        slot.close();
        assert_eq!(slot.take().await, None);
    }

    #[tokio::test]
    async fn a_waiting_taker_is_woken_by_put_and_by_close() {
        let slot = std::sync::Arc::new(SnapshotSlot::default());
        let taker = tokio::spawn({
            let slot = slot.clone();
            async move { (slot.take().await, slot.take().await) }
        });
        tokio::task::yield_now().await;
        slot.put(vec![9]);
        tokio::task::yield_now().await;
        slot.close();
        assert_eq!(taker.await.unwrap(), (Some(vec![9]), None));
    }
}
