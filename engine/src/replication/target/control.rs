//! [`TargetControl`]: the user's handle on a running target — pause, resume, and the
//! list of live sessions (one per connection key).

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use tokio::sync::watch;

use super::listing::TargetSession;
use super::session_entry::SessionEntry;
use crate::event_log::EventLog;

/// Event 4026: the target paused by the user.
const TARGET_PAUSED: u32 = 4026;
/// Event 4027: the target resumed by the user.
const TARGET_RESUMED: u32 = 4027;

struct Inner {
    paused_flag: Arc<AtomicBool>,
    paused: watch::Sender<bool>,
    sessions: Mutex<HashMap<String, Arc<SessionEntry>>>,
    next_id: AtomicU64,
    log: EventLog,
}

/// A cloneable handle on the target: pause, resume, sessions.
#[derive(Clone)]
pub struct TargetControl {
    inner: Arc<Inner>,
}

impl TargetControl {
    /// A running, unpaused target with no sessions.
    pub(super) fn new(log: EventLog) -> TargetControl {
        TargetControl {
            inner: Arc::new(Inner {
                paused_flag: Arc::new(AtomicBool::new(false)),
                paused: watch::Sender::new(false),
                sessions: Mutex::new(HashMap::new()),
                next_id: AtomicU64::new(1),
                log,
            }),
        }
    }

    /// Pauses the target (event 4026; `TargetPaused` to every session, now and on
    /// connecting): nothing is applied until [`TargetControl::resume`]. False when it
    /// was paused already.
    pub fn pause(&self) -> bool {
        self.set_paused(true, TARGET_PAUSED)
    }

    /// Resumes a paused target (event 4027; `TargetResumed` to every session). False
    /// when it was not paused.
    pub fn resume(&self) -> bool {
        self.set_paused(false, TARGET_RESUMED)
    }

    /// Whether the user has paused the target.
    pub fn is_paused(&self) -> bool {
        *self.inner.paused.borrow()
    }

    /// The live sessions, by Connection ID.
    pub fn sessions(&self) -> Vec<TargetSession> {
        let paused = self.is_paused();
        let mut rows: Vec<TargetSession> = self
            .lock()
            .values()
            .map(|entry| TargetSession::of(entry, paused))
            .collect();
        rows.sort_by(|a, b| {
            (a.connection_id, &a.source_host).cmp(&(b.connection_id, &b.source_host))
        });
        rows
    }

    fn set_paused(&self, paused: bool, event: u32) -> bool {
        let flag = &self.inner.paused_flag;
        let changed = self.inner.paused.send_if_modified(|now| {
            if *now == paused {
                return false;
            }
            *now = paused;
            flag.store(paused, Ordering::Release);
            true
        });
        if changed {
            self.inner.log.record(event, &[]);
            for entry in self.lock().values() {
                entry.queue.wake();
            }
        }
        changed
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<String, Arc<SessionEntry>>> {
        self.inner
            .sessions
            .lock()
            .unwrap_or_else(|e| e.into_inner())
    }

    /// The flag every session's queue reads before handing out an item.
    pub(super) fn paused_flag(&self) -> Arc<AtomicBool> {
        Arc::clone(&self.inner.paused_flag)
    }

    /// Where a session follows the pause state.
    pub(super) fn paused_watch(&self) -> watch::Receiver<bool> {
        self.inner.paused.subscribe()
    }

    /// A new session's unique number.
    pub(super) fn next_session_id(&self) -> u64 {
        self.inner.next_id.fetch_add(1, Ordering::Relaxed)
    }

    /// Registers `entry` under its key; returns the session it replaces, if any.
    pub(super) fn register(&self, entry: Arc<SessionEntry>) -> Option<Arc<SessionEntry>> {
        self.lock().insert(entry.key.clone(), entry)
    }

    /// Removes `entry`, unless another session has replaced it.
    pub(super) fn remove(&self, entry: &SessionEntry) {
        let mut sessions = self.lock();
        if sessions.get(&entry.key).is_some_and(|e| e.id == entry.id) {
            sessions.remove(&entry.key);
        }
    }
}
