//! [`JobEventSink`]: where a job's events go (its job log), and [`MemoryJobLog`] for tests.

use std::io;
use std::sync::Mutex;

use logparse::catalog::{EventLevel, LinuxJobEvent};

use super::JobId;

/// The receiver of job events: one line per event in the job's log.
pub trait JobEventSink: Send + Sync {
    /// Records `event` (its ID, catalogue level and text) in `job`'s log.
    fn job_event(&self, job: &JobId, event: &LinuxJobEvent) -> io::Result<()>;
}

/// One event as a [`MemoryJobLog`] keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoggedJobEvent {
    /// The job whose log it went to.
    pub job: JobId,
    /// The event ID, 5700–5718.
    pub id: u32,
    /// The catalogue level.
    pub level: EventLevel,
    /// The catalogue text.
    pub text: String,
}

/// A job event sink that keeps every event in memory, in order (for tests).
#[derive(Debug, Default)]
pub struct MemoryJobLog {
    events: Mutex<Vec<LoggedJobEvent>>,
}

impl MemoryJobLog {
    /// An empty log.
    pub fn new() -> MemoryJobLog {
        MemoryJobLog::default()
    }

    /// Every event so far, oldest first.
    pub fn events(&self) -> Vec<LoggedJobEvent> {
        self.events
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// The IDs of `job`'s events so far, oldest first.
    pub fn ids(&self, job: &JobId) -> Vec<u32> {
        self.events()
            .into_iter()
            .filter(|event| event.job == *job)
            .map(|event| event.id)
            .collect()
    }

    /// Forgets every event so far.
    pub fn clear(&self) {
        self.events
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }
}

impl JobEventSink for MemoryJobLog {
    fn job_event(&self, job: &JobId, event: &LinuxJobEvent) -> io::Result<()> {
        self.events
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(LoggedJobEvent {
                job: *job,
                id: event.id.0,
                level: event.level,
                text: event.message.to_string(),
            });
        Ok(())
    }
}
