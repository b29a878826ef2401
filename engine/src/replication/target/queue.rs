//! [`TargetQueue`]: the operations a session has received and not yet applied,
//! bounded in bytes. The session's reader pushes (and stops reading the socket while
//! it is full: TCP backpressure); its applier thread takes in order.
//!
//! The queue also carries the mirror flow control: its `PauseMirror`/`ResumeMirror`
//! messages are handed on while the queue's lock is held, so they leave in the order
//! the queue's level crossed the marks even though the reader and the applier both
//! cross them.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use tokio::sync::Notify;

use super::flow::MirrorFlow;
use crate::replication::protocol::Message;
use crate::replication::{RelPath, SequencedOp};
use crate::stats::TargetCounters;

/// One thing for the applier thread, in the order it arrived.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Item {
    /// An operation to apply.
    Op(SequencedOp),
    /// A difference mirror's `ListReplica`: list these replica roots.
    List(Vec<RelPath>),
}

/// What [`TargetQueue::push`] did.
#[derive(Debug)]
pub(super) enum Pushed {
    /// Queued.
    Queued,
    /// The queue is full: wait for [`TargetQueue::space`], then push it again.
    Full(Item),
    /// The session is ending; the item was dropped.
    Closed,
}

/// What [`TargetQueue::take`] found.
#[derive(Debug)]
pub(super) enum Taken {
    /// The next item.
    Item(Item),
    /// Nothing to apply now (empty, or the target is paused).
    Idle,
    /// The session is ending.
    Closed,
}

struct State {
    items: VecDeque<(Item, u64)>,
    bytes: u64,
    flow: MirrorFlow,
    closed: bool,
    /// The applier thread waits in [`TargetQueue::take`] for an item: a push must wake
    /// it (otherwise a push makes no system call).
    taker_waiting: bool,
}

/// Sends a flow-control message to the source.
pub(super) type FlowSender = Box<dyn Fn(Message) + Send + Sync>;

/// A session's bounded queue of received, unapplied items.
pub(super) struct TargetQueue {
    state: Mutex<State>,
    ready: Condvar,
    space: Notify,
    capacity: u64,
    paused: Arc<AtomicBool>,
    counters: Arc<TargetCounters>,
    flow_sender: FlowSender,
}

impl TargetQueue {
    /// A queue of `capacity` bytes with its mirror marks (percentages of it); nothing
    /// is taken while `paused` is set; Ops Remaining and Bytes In Target Queue follow
    /// it in `counters`.
    pub(super) fn new(
        capacity: u64,
        (high_percent, low_percent): (u8, u8),
        paused: Arc<AtomicBool>,
        counters: Arc<TargetCounters>,
        flow_sender: FlowSender,
    ) -> TargetQueue {
        TargetQueue {
            state: Mutex::new(State {
                items: VecDeque::new(),
                bytes: 0,
                flow: MirrorFlow::new(capacity, high_percent, low_percent),
                closed: false,
                taker_waiting: false,
            }),
            ready: Condvar::new(),
            space: Notify::new(),
            capacity,
            paused,
            counters,
            flow_sender,
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Queues `item`, which takes `bytes`, unless the queue is full; an empty queue
    /// takes any item, however large.
    pub(super) fn push(&self, item: Item, bytes: u64) -> Pushed {
        let mut state = self.lock();
        if state.closed {
            return Pushed::Closed;
        }
        if !state.items.is_empty() && state.bytes.saturating_add(bytes) > self.capacity {
            return Pushed::Full(item);
        }
        state.items.push_back((item, bytes));
        state.bytes = state.bytes.saturating_add(bytes);
        self.counters.ops_remaining.add(1);
        self.counters.bytes_in_target_queue.add(bytes);
        let bytes_now = state.bytes;
        if let Some(message) = state.flow.update(bytes_now) {
            (self.flow_sender)(message);
        }
        if state.taker_waiting {
            self.ready.notify_one();
        }
        Pushed::Queued
    }

    /// Signalled when a full queue may take an item again.
    pub(super) fn space(&self) -> &Notify {
        &self.space
    }

    /// The next item; when `block`, waits for one (and for the target's resume)
    /// instead of answering [`Taken::Idle`].
    pub(super) fn take(&self, block: bool) -> Taken {
        let mut state = self.lock();
        loop {
            if state.closed {
                return Taken::Closed;
            }
            if !self.paused.load(Ordering::Acquire) {
                if let Some((item, bytes)) = state.items.pop_front() {
                    state.bytes -= bytes;
                    self.counters.ops_remaining.sub(1);
                    self.counters.bytes_in_target_queue.sub(bytes);
                    let bytes_now = state.bytes;
                    if let Some(message) = state.flow.update(bytes_now) {
                        (self.flow_sender)(message);
                    }
                    drop(state);
                    self.space.notify_one();
                    return Taken::Item(item);
                }
            }
            if !block {
                return Taken::Idle;
            }
            state.taker_waiting = true;
            state = self.ready.wait(state).unwrap_or_else(|e| e.into_inner());
            state.taker_waiting = false;
        }
    }

    /// Waits while the target is paused; false when the session is ending.
    pub(super) fn wait_while_paused(&self) -> bool {
        let mut state = self.lock();
        while !state.closed && self.paused.load(Ordering::Acquire) {
            state = self.ready.wait(state).unwrap_or_else(|e| e.into_inner());
        }
        !state.closed
    }

    /// Waits `delay` before a retry, cut short by a pause; false when the session is
    /// ending.
    pub(super) fn wait_retry(&self, delay: Duration) -> bool {
        let deadline = Instant::now() + delay;
        let mut state = self.lock();
        loop {
            if state.closed {
                return false;
            }
            let now = Instant::now();
            if now >= deadline || self.paused.load(Ordering::Acquire) {
                return true;
            }
            state = self
                .ready
                .wait_timeout(state, deadline - now)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }

    /// Wakes the applier thread to look at the pause flag again.
    pub(super) fn wake(&self) {
        let _state = self.lock();
        self.ready.notify_all();
    }

    /// Ends the queue: what it holds is dropped (the source resends it), every waiter
    /// wakes up.
    pub(super) fn close(&self) {
        let mut state = self.lock();
        state.closed = true;
        self.counters.ops_remaining.sub(state.items.len() as u64);
        self.counters.bytes_in_target_queue.sub(state.bytes);
        state.items.clear();
        state.bytes = 0;
        self.ready.notify_all();
        drop(state);
        self.space.notify_one();
    }

    /// Items waiting now.
    pub(super) fn len(&self) -> u64 {
        self.lock().items.len() as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::replication::{OpOrigin, Operation};
    use std::net::{IpAddr, Ipv4Addr};

    fn op(seq: u64) -> Item {
        Item::Op(SequencedOp {
            seq,
            origin: OpOrigin::Mirror,
            op: Operation::Delete {
                path: RelPath::from_bytes(b"f").unwrap(),
            },
        })
    }

    struct Setup {
        queue: Arc<TargetQueue>,
        paused: Arc<AtomicBool>,
        counters: Arc<TargetCounters>,
        sent: Arc<Mutex<Vec<Message>>>,
    }

    fn setup(capacity: u64) -> Setup {
        let paused = Arc::new(AtomicBool::new(false));
        let counters = Arc::new(TargetCounters::new(IpAddr::V4(Ipv4Addr::LOCALHOST)));
        let sent = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&sent);
        let queue = Arc::new(TargetQueue::new(
            capacity,
            (50, 20),
            Arc::clone(&paused),
            Arc::clone(&counters),
            Box::new(move |m| log.lock().unwrap().push(m)),
        ));
        Setup {
            queue,
            paused,
            counters,
            sent,
        }
    }

    #[test]
    fn keeps_order_bounds_bytes_and_signals_the_mirror_marks() {
        let s = setup(100);
        assert!(matches!(s.queue.push(op(1), 30), Pushed::Queued));
        assert!(s.sent.lock().unwrap().is_empty());
        assert!(matches!(s.queue.push(op(2), 30), Pushed::Queued));
        assert_eq!(*s.sent.lock().unwrap(), [Message::PauseMirror]);
        assert!(matches!(s.queue.push(op(3), 30), Pushed::Queued));
        assert!(matches!(s.queue.push(op(4), 30), Pushed::Full(item) if item == op(4)));
        assert_eq!(s.counters.ops_remaining.get(), 3);
        assert_eq!(s.counters.bytes_in_target_queue.get(), 90);
        for seq in 1..=3 {
            assert!(matches!(s.queue.take(false), Taken::Item(item) if item == op(seq)));
        }
        assert_eq!(
            *s.sent.lock().unwrap(),
            [Message::PauseMirror, Message::ResumeMirror]
        );
        assert!(matches!(s.queue.take(false), Taken::Idle));
        assert!(matches!(s.queue.push(op(5), 1000), Pushed::Queued));
        assert_eq!(s.queue.len(), 1);
    }

    #[test]
    fn nothing_is_taken_while_paused_and_a_resume_wakes_the_taker() {
        let s = setup(100);
        s.paused.store(true, Ordering::Release);
        assert!(matches!(s.queue.push(op(1), 1), Pushed::Queued));
        assert!(matches!(s.queue.take(false), Taken::Idle));
        let queue = Arc::clone(&s.queue);
        let taker = std::thread::spawn(move || matches!(queue.take(true), Taken::Item(_)));
        s.paused.store(false, Ordering::Release);
        s.queue.wake();
        assert!(taker.join().unwrap());
    }

    #[test]
    fn close_drops_the_items_and_releases_every_waiter() {
        let s = setup(100);
        assert!(matches!(s.queue.push(op(1), 10), Pushed::Queued));
        s.paused.store(true, Ordering::Release);
        let queue = Arc::clone(&s.queue);
        let waiter = std::thread::spawn(move || queue.wait_while_paused());
        s.queue.close();
        assert!(!waiter.join().unwrap());
        assert!(matches!(s.queue.take(true), Taken::Closed));
        assert!(matches!(s.queue.push(op(2), 1), Pushed::Closed));
        assert_eq!(s.counters.ops_remaining.get(), 0);
        assert_eq!(s.counters.bytes_in_target_queue.get(), 0);
    }

    #[test]
    fn close_ends_a_retry_wait() {
        let s = setup(100);
        let queue = Arc::clone(&s.queue);
        // Not paused, so only the close can end the wait before its delay.
        let retry = std::thread::spawn(move || queue.wait_retry(Duration::from_secs(600)));
        s.queue.close();
        assert!(!retry.join().unwrap());
    }

    #[test]
    fn a_retry_wait_ends_at_its_delay_or_at_a_pause() {
        let s = setup(100);
        assert!(s.queue.wait_retry(Duration::from_millis(1)));
        s.paused.store(true, Ordering::Release);
        assert!(s.queue.wait_retry(Duration::from_secs(600)));
    }
}
