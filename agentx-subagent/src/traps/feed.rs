//! Following the LogDir into a bounded queue of notifications, with the cursor saved
//! as each one is handed over.

use std::collections::VecDeque;
use std::io::ErrorKind;
use std::path::Path;

use logparse::dtl::{Cursor, FollowItem, Follower, LogSeries};

use super::cursor_store::CursorStore;
use super::error::TrapError;
use super::notification::{notifications_for, Notification};
use crate::mib_view::MibView;

/// The queue length used when the caller has no better idea.
pub const DEFAULT_QUEUE_CAPACITY: usize = 1_000;

/// A queued notification and the cursor to save once it is handed over.
#[derive(Debug)]
struct Queued {
    notification: Notification,
    after: Cursor,
}

/// Turns the engine log into notifications, at most `capacity` held at a time.
///
/// The log is the durable store: when the queue is full (no session takes
/// notifications) the rest of a poll is dropped and the follower rewinds to just after
/// the last queued record, so those records are read again once there is room. After
/// each [`handed_over`](Self::handed_over) the cursor just after that notification is
/// saved, so a restart resumes with the next one: none repeated, none lost.
#[derive(Debug)]
pub struct TrapFeed {
    series: LogSeries,
    follower: Follower,
    store: CursorStore,
    /// The cursor last saved: a poll that moved nothing writes nothing.
    saved: Cursor,
    queue: VecDeque<Queued>,
    capacity: usize,
}

impl TrapFeed {
    /// Follows `series` from the cursor saved in `state_dir`. With none saved (a first
    /// start) it follows from the series' current end, so the existing log is not
    /// replayed, and saves that cursor at once. A LogDir that does not exist yet (the
    /// engine never ran) is an empty series: every record logged in it will be new, and
    /// the cursor is first saved once the follower has read some.
    pub fn open(series: LogSeries, state_dir: &Path, capacity: usize) -> Result<Self, TrapError> {
        let store = CursorStore::new(state_dir);
        let (follower, saved) = match store.load()? {
            Some(cursor) => (Follower::new(series.clone(), Some(cursor)), cursor),
            None => match Follower::at_end(series.clone()) {
                Ok(follower) => {
                    let cursor = follower.cursor();
                    store.save(&cursor)?;
                    (follower, cursor)
                }
                Err(err) if err.kind() == ErrorKind::NotFound => {
                    (Follower::new(series.clone(), None), Cursor::default())
                }
                Err(err) => return Err(TrapError::Log(err)),
            },
        };
        Ok(TrapFeed {
            follower,
            series,
            store,
            saved,
            queue: VecDeque::new(),
            capacity: capacity.max(1),
        })
    }

    /// Reads the records logged since the last poll and queues the notifications they
    /// raise; returns how many were queued. `up_time` and `view` are as for
    /// [`notifications_for`].
    ///
    /// The cursor saved for a queued notification keeps the file position the poll began
    /// at, even when the poll went on into later files: a position at or before the
    /// record is what a restart needs, as the follower skips every record up to
    /// `last_seq` and moves on to the next file by itself.
    pub fn poll(&mut self, up_time: u32, view: Option<&MibView>) -> Result<usize, TrapError> {
        let start = self.follower.cursor();
        let items = self.follower.poll().map_err(TrapError::Log)?;
        let mut queued = 0;
        for item in items {
            let FollowItem::Record(record) = item else {
                continue;
            };
            let raised = notifications_for(&record, up_time, view);
            if self.queue.len() + raised.len() > self.capacity {
                // Resume just before this record once the queue has room.
                let rewind = Cursor {
                    file: start.file,
                    last_seq: record.seq.saturating_sub(1),
                };
                self.follower = Follower::new(self.series.clone(), Some(rewind));
                return Ok(queued);
            }
            let count = raised.len();
            for (at, notification) in raised.into_iter().enumerate() {
                // A record raising several traps is only passed once its last is handed over.
                let last_seq = if at + 1 == count {
                    record.seq
                } else {
                    record.seq.saturating_sub(1)
                };
                self.queue.push_back(Queued {
                    notification,
                    after: Cursor {
                        file: start.file,
                        last_seq,
                    },
                });
                queued += 1;
            }
        }
        if self.queue.is_empty() {
            self.save(self.follower.cursor())?;
        }
        Ok(queued)
    }

    /// Queues a notification the sub-agent raises itself (not from the log), after those
    /// waiting; `false` (not queued) when the queue is full.
    pub fn announce(&mut self, notification: Notification) -> bool {
        if self.queue.len() >= self.capacity {
            return false;
        }
        // Handing it over saves what handing over the one before it would have saved.
        let after = self
            .queue
            .back()
            .map_or_else(|| self.follower.cursor(), |queued| queued.after);
        self.queue.push_back(Queued {
            notification,
            after,
        });
        true
    }

    /// The oldest notification not yet handed over.
    pub fn front(&self) -> Option<&Notification> {
        self.queue.front().map(|queued| &queued.notification)
    }

    /// How many notifications wait.
    pub fn len(&self) -> usize {
        self.queue.len()
    }

    /// Whether no notification waits.
    pub fn is_empty(&self) -> bool {
        self.queue.is_empty()
    }

    /// Saves `cursor` unless it is the one saved last.
    fn save(&mut self, cursor: Cursor) -> Result<(), TrapError> {
        if cursor != self.saved {
            self.store.save(&cursor)?;
            self.saved = cursor;
        }
        Ok(())
    }

    /// Marks the front notification as handed over (sent, or given to the master) and
    /// saves the cursor just after it; returns it, or `None` when the queue is empty.
    pub fn handed_over(&mut self) -> Result<Option<Notification>, TrapError> {
        let Some(queued) = self.queue.pop_front() else {
            return Ok(None);
        };
        let cursor = if self.queue.is_empty() {
            self.follower.cursor()
        } else {
            queued.after
        };
        self.save(cursor)?;
        Ok(Some(queued.notification))
    }
}
