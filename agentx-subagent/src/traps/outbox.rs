//! The trap feed shared between the task that polls the LogDir and the sender (the
//! AgentX session or the standalone trap sender), with a wake-up when something waits.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use tokio::sync::Notify;

use super::error::TrapError;
use super::feed::TrapFeed;
use super::notification::Notification;
use crate::mib_view::MibView;

/// A [`TrapFeed`] behind a lock, cloned into its poller and its sender.
#[derive(Debug, Clone)]
pub struct Outbox {
    feed: Arc<Mutex<TrapFeed>>,
    waiting: Arc<Notify>,
}

impl Outbox {
    /// Shares `feed`.
    pub fn new(feed: TrapFeed) -> Self {
        Outbox {
            feed: Arc::new(Mutex::new(feed)),
            waiting: Arc::new(Notify::new()),
        }
    }

    fn lock(&self) -> MutexGuard<'_, TrapFeed> {
        self.feed.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Polls the LogDir (see [`TrapFeed::poll`]) and wakes the sender if anything waits.
    pub fn poll(&self, up_time: u32, view: Option<&MibView>) -> Result<usize, TrapError> {
        let mut feed = self.lock();
        let queued = feed.poll(up_time, view)?;
        if !feed.is_empty() {
            self.waiting.notify_one();
        }
        Ok(queued)
    }

    /// Queues a notification the sub-agent raises itself (see [`TrapFeed::announce`])
    /// and wakes the sender; `false` when the queue is full.
    pub fn announce(&self, notification: Notification) -> bool {
        let queued = self.lock().announce(notification);
        if queued {
            self.waiting.notify_one();
        }
        queued
    }

    /// The oldest notification not yet handed over.
    pub fn front(&self) -> Option<Notification> {
        self.lock().front().cloned()
    }

    /// Marks the front notification handed over and saves the cursor after it.
    pub fn handed_over(&self) -> Result<Option<Notification>, TrapError> {
        self.lock().handed_over()
    }

    /// Completes once a poll has left something waiting (at once if one did since the
    /// last wait).
    pub async fn waiting(&self) {
        self.waiting.notified().await;
    }
}
