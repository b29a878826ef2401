//! Job logs written as the engine writes them: `logparse`'s rolled appender.

use std::path::Path;

use logparse::catalog::{linux_job_event, EventId, EventLevel};
use logparse::dtl::{JobLogDir, RolledAppender, Severity};

/// Some job GUIDs.
pub const GUIDS: [&str; 3] = [
    "a6cbf990-ba67-403d-855f-5bb44c18e1d6",
    "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0",
    "11111111-2222-3333-4444-555555555555",
];

/// One job's log, open for appending.
pub struct JobLog {
    appender: RolledAppender,
}

impl JobLog {
    /// Opens (creates) job `guid`'s log in `dir`.
    pub fn open(dir: &Path, guid: &str) -> JobLog {
        JobLog {
            appender: JobLogDir::new(dir).appender(guid).expect("job log opens"),
        }
    }

    /// Logs event `id` with the guide's message; returns its sequence number.
    pub fn event(&mut self, id: u32) -> u64 {
        let known = linux_job_event(EventId(id)).expect("a Linux job event");
        let severity = match known.level {
            EventLevel::Error | EventLevel::Warning => Severity::Alert,
            _ => Severity::Release,
        };
        self.appender
            .append(severity, id, 1, known.message)
            .expect("append")
            .expect("written at the default message level")
    }
}
